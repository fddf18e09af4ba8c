"""Watches: saved queries delivering their new events once, to a real local webhook, through the CLI."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from eventline.cli.watch import watch_app
from schemas import SHANGHAI, Event, EventDate, EventType, Mention, Participant, Region
from store.sqlite import SQLiteStore
from tests.api.api_sample import sample_articles, sample_events


class Hook:
    """A webhook receiver on 127.0.0.1 that records each JSON body and answers `status`."""

    def __init__(self) -> None:
        self.bodies: list[dict] = []
        self.status = 200
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                hook.bodies.append(json.loads(self.rfile.read(length)))
                self.send_response(hook.status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def hook() -> Iterator[Hook]:
    receiver = Hook()
    yield receiver
    receiver.server.shutdown()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "store.sqlite3"
    with SQLiteStore(path) as store:
        store.upsert_articles(sample_articles())
        store.upsert_events(sample_events())
    return {"EVENTLINE_STORE": "sqlite", "EVENTLINE_SQLITE_PATH": str(path), "EVENTLINE_DATA_DIR": str(tmp_path)}


def _cli() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(watch_app, name="watch")
    return app


def _invoke(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(_cli(), ["watch", *args], env=env)
    return result.exit_code, result.stdout + result.stderr


def _approval(city: str, province: str, day: int) -> Event:
    sentence = f"5月{day}日，工信部批复{city}建设国家级工业互联网示范区。"
    return Event(
        type=EventType.approval,
        date=EventDate(value=date(2023, 5, day), precision="day", expression=f"5月{day}日"),
        region=Region(province=province, city=city),
        participants=[Participant(name="工信部", normalized="工业和信息化部")],
        object=f"{city}国家级工业互联网示范区",
        headline=f"工信部批复{city}建设国家级工业互联网示范区",
        mentions=[Mention(article_id=f"a-{city}", source="新华网", url=f"https://news.example.cn/{day}.html",
                          published_at=datetime(2023, 5, day, 9, tzinfo=SHANGHAI), sentence=sentence, start=0,
                          end=len(sentence))],
    )


def test_watch_delivers_a_new_matching_event_once(env: dict[str, str], hook: Hook) -> None:
    code, out = _invoke(
        env, "add", "hubei-approvals", "--type", "approval", "--province", "湖北", "--webhook", hook.url
    )
    assert code == 0, out
    assert "3 events match it now" in out and "/events.atom?type=approval&province=" in out

    code, out = _invoke(env, "run")
    assert (code, hook.bodies) == (0, [])  # what matched when the watch was saved is not news
    assert "nothing new" in out

    wuhan, hangzhou = _approval("宜昌市", "湖北省", 8), _approval("杭州市", "浙江省", 9)
    with SQLiteStore(env["EVENTLINE_SQLITE_PATH"]) as store:
        store.upsert_events([wuhan, hangzhou])
    code, out = _invoke(env, "run")
    assert code == 0, out
    assert [[e["id"] for e in body["events"]] for body in hook.bodies] == [[wuhan.id]]
    assert hook.bodies[0]["watch"] == "hubei-approvals"

    code, _ = _invoke(env, "run")
    assert code == 0 and len(hook.bodies) == 1  # never the same event twice


def test_watch_failed_delivery_is_an_error_and_retried(env: dict[str, str], hook: Hook) -> None:
    assert _invoke(env, "add", "miit", "--org", "工信部", "--webhook", hook.url)[0] == 0
    new = _approval("宜昌市", "湖北省", 10)
    with SQLiteStore(env["EVENTLINE_SQLITE_PATH"]) as store:
        store.upsert_events([new])
    hook.status = 500
    code, out = _invoke(env, "run")
    assert code == 1 and "delivery failed" in out

    hook.status = 200
    code, _ = _invoke(env, "run")
    assert code == 0
    assert [[e["id"] for e in body["events"]] for body in hook.bodies] == [[new.id], [new.id]]  # failed, then sent
    assert _invoke(env, "run")[0] == 0 and len(hook.bodies) == 2


def test_watch_email_without_smtp_is_a_failure(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTLINE_SMTP_URL", raising=False)
    assert _invoke(env, "add", "mail", "--province", "广东", "--email", "analyst@example.org")[0] == 0
    with SQLiteStore(env["EVENTLINE_SQLITE_PATH"]) as store:
        store.upsert_events([_approval("深圳市", "广东省", 11)])
    code, out = _invoke(env, "run")
    assert code == 1 and "no SMTP connection configured" in out


def test_watch_list_remove_and_bad_input(env: dict[str, str], hook: Hook) -> None:
    assert _invoke(env, "add", "a", "--q", "人工智能", "--webhook", hook.url)[0] == 0
    code, out = _invoke(env, "add", "a", "--q", "区块链", "--webhook", hook.url)
    assert code == 1 and "exists" in out
    code, out = _invoke(env, "add", "b", "--q", "区块链")
    assert code == 2 and "webhook URL or an e-mail address" in out
    code, out = _invoke(env, "add", "c", "--place", "火星基地", "--webhook", hook.url)
    assert code == 2 and "火星基地" in out
    code, out = _invoke(env, "list")
    assert code == 0 and out.startswith("a\twebhook http://127.0.0.1")
    assert _invoke(env, "remove", "a")[0] == 0
    code, out = _invoke(env, "remove", "a")
    assert code == 1 and "no watch named 'a'" in out
