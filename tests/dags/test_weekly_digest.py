"""`weekly_digest` under `dag.test()`: the scheduled path builds the week as the CLI does and mails only on approval.

A temporary SQLite store holds a week with an overrides file (one item dropped, one headline
rewritten); the SMTP server is a stand-in that records messages (tasks run in this process).
The editor's answer to the `approve` task is given through Airflow's own response handler
(the one behind the *Required actions* page), from a thread, while `dag.test()` waits.
"""

from __future__ import annotations

import email
import threading
import time
from collections.abc import Callable
from email.policy import default
from pathlib import Path
from typing import Any, ClassVar

import pendulum
import pytest

from eventline.config import load_settings
from tests.eventline.digest_week import DROPPED, EDITED, KEPT, WEEK, store_week

pytestmark = pytest.mark.airflow

MONDAY = pendulum.datetime(2026, 7, 27, 8, 0, tz="Asia/Shanghai")  # the Monday after WEEK
EMPTY_MONDAY = pendulum.datetime(2026, 1, 12, 8, 0, tz="Asia/Shanghai")  # after 2026-W02, which holds nothing


class RecordingSMTP:
    sent: ClassVar[list[Any]] = []

    def __init__(self, host: str, port: int, timeout: float) -> None:
        pass

    def __enter__(self) -> RecordingSMTP:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def send_message(self, message: Any) -> None:
        RecordingSMTP.sent.append(message)


@pytest.fixture()
def stored_week(eventline_env: Path) -> Path:
    store_week(load_settings())
    return eventline_env


@pytest.fixture()
def smtp(monkeypatch: pytest.MonkeyPatch) -> type[RecordingSMTP]:
    import smtplib

    monkeypatch.setattr(smtplib, "SMTP", RecordingSMTP)
    monkeypatch.setenv("EVENTLINE_SMTP_URL", "smtp://mail.example:2525")
    monkeypatch.setenv("EVENTLINE_DIGEST_TO", "editors@example.org")
    RecordingSMTP.sent = []
    return RecordingSMTP


def _editor_answers(option: str, stop: threading.Event) -> threading.Thread:
    """Answer the first waiting approval of weekly_digest with `option`, as the Required actions page does."""

    def answer() -> None:
        from airflow.api_fastapi.core_api.datamodels.hitl import UpdateHITLDetailPayload
        from airflow.api_fastapi.core_api.routes.public.hitl import update_hitl_detail
        from airflow.models.hitl import HITLDetail
        from airflow.models.taskinstance import TaskInstance
        from airflow.utils.session import create_session
        from airflow.utils.state import TaskInstanceState
        from sqlalchemy import select

        class Editor:
            def get_id(self) -> str:
                return "editor"

            def get_name(self) -> str:
                return "editor"

        while not stop.is_set():
            with create_session() as session:
                ti = session.scalar(select(TaskInstance).join(HITLDetail, HITLDetail.ti_id == TaskInstance.id).where(
                    TaskInstance.dag_id == "weekly_digest", TaskInstance.task_id == "approve",
                    TaskInstance.state == TaskInstanceState.AWAITING_INPUT))
                if ti is not None:
                    update_hitl_detail("weekly_digest", ti.run_id, "approve",
                                       UpdateHITLDetailPayload(chosen_options=[option], params_input={}),
                                       user=Editor(), session=session)
                    return
            time.sleep(0.5)

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    return thread


def test_weekly_digest_drafts_with_the_overrides_and_mails_nothing_without_smtp(
    load_dags: Callable[[], Any], run_dag: Callable[..., Any], stored_week: Path,
) -> None:
    run = run_dag(load_dags().dags["weekly_digest"], logical_date=MONDAY)
    assert run.state == "success", run
    assert run.tasks == {"draft": "success", "review": "success", "approve": "skipped", "send": "skipped"}
    files = run.returns["draft"]
    assert (files["week"], files["items"]) == (WEEK, 2)
    markdown = Path(files["md"]).read_text(encoding="utf-8")
    assert DROPPED not in markdown and f"**{EDITED}**" in markdown and KEPT in markdown
    draft = email.message_from_bytes(Path(files["eml"]).read_bytes(), policy=default)
    assert draft["X-Unsent"] == "1" and draft["Subject"].startswith(f"产业区块链一周动态丨{EDITED}")


def test_weekly_digest_never_mails_an_empty_week(
    load_dags: Callable[[], Any], run_dag: Callable[..., Any], stored_week: Path, smtp: Any,
) -> None:
    run = run_dag(load_dags().dags["weekly_digest"], logical_date=EMPTY_MONDAY)
    assert run.state == "success", run
    assert run.returns["draft"]["items"] == 0
    assert run.tasks == {"draft": "success", "review": "success", "approve": "skipped", "send": "skipped"}
    assert smtp.sent == []


@pytest.mark.parametrize(("answer", "mailed"), [("Approve", True), ("Reject", False)])
def test_weekly_digest_mails_only_what_an_editor_approves(
    load_dags: Callable[[], Any], run_dag: Callable[..., Any], stored_week: Path, smtp: Any,
    answer: str, mailed: bool,
) -> None:
    stop = threading.Event()
    editor = _editor_answers(answer, stop)
    try:
        run = run_dag(load_dags().dags["weekly_digest"], logical_date=MONDAY)
    finally:
        stop.set()
        editor.join(timeout=10)
    assert run.state == "success", run
    assert run.tasks["approve"] == "success"
    if not mailed:
        assert run.tasks["send"] == "skipped" and smtp.sent == []
        return
    assert run.tasks["send"] == "success"
    (message,) = smtp.sent
    assert message["To"] == "editors@example.org" and message["X-Unsent"] is None
    body = message.get_body(("plain",)).get_content()
    assert DROPPED not in body and EDITED in body
