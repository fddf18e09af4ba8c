"""`weekly_digest`: Mondays 08:00 Asia/Shanghai, drafts last ISO week's digest for the editors.

Writes Markdown, HTML and a .eml into the digests directory, and sends the e-mail only when
an SMTP connection (`EVENTLINE_SMTP_CONN_ID`, default `smtp_default`) is configured in
Airflow; without one the files are the deliverable.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import CronTriggerTimetable, dag, task


@dag(
    dag_id="weekly_digest",
    schedule=CronTriggerTimetable("0 8 * * 1", timezone="Asia/Shanghai"),
    start_date=pendulum.datetime(2026, 1, 5, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    tags=["eventline", "digest"],
    doc_md=__doc__,
    default_args={"owner": "eventline-editors", "retries": 2, "retry_delay": timedelta(minutes=5)},
)
def weekly_digest() -> None:
    @task(execution_timeout=timedelta(minutes=30))
    def build(logical_date: pendulum.DateTime | None = None) -> dict:
        from eventline.config import load_settings
        from eventline.digesting import last_iso_week, write_week_digest
        from eventline.stores import open_store

        settings = load_settings()
        today = (logical_date or pendulum.now("Asia/Shanghai")).in_timezone("Asia/Shanghai").date()
        week = last_iso_week(today)
        with open_store(settings) as store:
            files = write_week_digest(week, store=store, out_dir=settings.digests_dir)
        return files.model_dump(mode="json")

    @task
    def send(files: dict) -> str:
        from eventline.mailing import send_digest_if_configured

        return send_digest_if_configured(files["eml"])

    send(build())


weekly_digest()
