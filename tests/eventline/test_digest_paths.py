"""One digest path: the CLI, the API and the sending step build a week the same way, overrides applied.

The scheduled path (the `weekly_digest` DAG) is run with `dag.test()` in `tests/dags/`.
A real SQLite store and the real `eventline` CLI / FastAPI app; only the SMTP server is a
stand-in recording what would have been sent.
"""

from __future__ import annotations

import email
from email.policy import default
from pathlib import Path
from typing import Any, ClassVar

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from eventline.cli import app
from eventline.config import Settings, load_settings
from eventline.stores import open_store
from tests.eventline.digest_week import DROPPED, EDITED, KEPT, REWRITTEN, WEEK, store_week

runner = CliRunner()


class RecordingSMTP:
    sent: ClassVar[list[Any]] = []

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host = host

    def __enter__(self) -> RecordingSMTP:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def send_message(self, message: Any) -> None:
        RecordingSMTP.sent.append(message)


@pytest.fixture()
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name in ("EVENTLINE_SMTP_URL", "EVENTLINE_DIGEST_TO", "EVENTLINE_DIGEST_TOPIC", "EVENTLINE_SQLITE_PATH",
                 "EVENTLINE_STORE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EVENTLINE_DATA_DIR", str(tmp_path / "data"))
    settings = load_settings()
    store_week(settings)
    return settings


@pytest.fixture()
def smtp(monkeypatch: pytest.MonkeyPatch) -> type[RecordingSMTP]:
    import smtplib

    monkeypatch.setattr(smtplib, "SMTP", RecordingSMTP)
    monkeypatch.setenv("EVENTLINE_SMTP_URL", "smtp://mail.example:2525")
    monkeypatch.setenv("EVENTLINE_DIGEST_TO", "editors@example.org")
    RecordingSMTP.sent = []
    return RecordingSMTP


def _assert_edited(text: str) -> None:
    assert DROPPED not in text and REWRITTEN not in text
    assert EDITED in text and KEPT in text


def test_an_override_reaches_the_cli_digest(settings: Settings) -> None:
    result = runner.invoke(app, ["digest", "--week", WEEK])
    assert result.exit_code == 0, result.output
    _assert_edited(result.stdout)
    _assert_edited((settings.digests_dir / f"{WEEK}.md").read_text(encoding="utf-8"))


def test_an_override_reaches_the_api_digest(settings: Settings) -> None:
    with TestClient(create_app(lambda: open_store(settings))) as client:
        markdown = client.get(f"/digests/{WEEK}")
        html = client.get(f"/digests/{WEEK}", params={"format": "html"})
    assert markdown.status_code == 200 and html.status_code == 200
    _assert_edited(markdown.text)
    _assert_edited(html.text)
    cli = runner.invoke(app, ["digest", "--week", WEEK])
    assert markdown.text == cli.stdout  # the same digest, whichever door


def test_the_configured_topic_names_the_digest(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTLINE_DIGEST_TOPIC", "数字经济")
    result = runner.invoke(app, ["digest", "--week", WEEK, "--format", "md"])
    assert result.stdout.startswith(f"# 数字经济一周动态丨{EDITED}")


def test_digest_send_mails_the_reviewed_week_with_its_overrides(settings: Settings, smtp: Any) -> None:
    drafted = runner.invoke(app, ["digest", "--week", WEEK])
    assert drafted.exit_code == 0 and smtp.sent == []  # drafting never mails
    draft = email.message_from_bytes((settings.digests_dir / f"{WEEK}.eml").read_bytes(), policy=default)
    assert (draft["X-Unsent"], draft["To"]) == ("1", "editors@example.org")
    sent = runner.invoke(app, ["digest", "send", "--week", WEEK])
    assert sent.exit_code == 0, sent.output
    (message,) = smtp.sent
    assert message["X-Unsent"] is None and message["To"] == "editors@example.org"
    assert message["Date"] != draft["Date"]  # the time of sending replaces the issue date of the draft
    _assert_edited(message.get_body(("plain",)).get_content())


def test_digest_send_never_mails_an_empty_week_or_without_smtp(
    settings: Settings, smtp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = runner.invoke(app, ["digest", "send", "--week", "2026-W02"])
    assert empty.exit_code == 1 and "an empty week is never mailed" in empty.output
    monkeypatch.delenv("EVENTLINE_SMTP_URL")
    unconfigured = runner.invoke(app, ["digest", "send", "--week", WEEK])
    assert unconfigured.exit_code == 1 and "no SMTP connection configured" in unconfigured.output
    assert smtp.sent == []
