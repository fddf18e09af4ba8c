"""`weekly_digest`: Mondays 08:00 Asia/Shanghai, drafts last ISO week's digest for the editors.

`build` writes `<week>.md`, `.html` and `.eml` into `<data_dir>/digests/` from the events in
the configured store (the week is the ISO week before the run's logical date, so a re-run or
a manual run for an old Monday rebuilds that Monday's week). `send` e-mails the .eml only when
an SMTP connection is configured (Airflow connection `EVENTLINE_SMTP_CONN_ID`, default
`smtp_default`, with extra `{"to": "…"}`; or `EVENTLINE_SMTP_URL`); without one the files are
the deliverable and the task says so in its log.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import CronTriggerTimetable, dag, get_current_context, task


@dag(
    dag_id="weekly_digest",
    schedule=CronTriggerTimetable("0 8 * * 1", timezone="Asia/Shanghai"),
    start_date=pendulum.datetime(2026, 1, 5, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    tags=["eventline", "digest"],
    doc_md=__doc__,
    default_args={
        "owner": "eventline-editors",
        "retries": 2,
        "retry_delay": timedelta(minutes=5),
        "retry_exponential_backoff": True,
    },
)
def weekly_digest() -> None:
    @task(execution_timeout=timedelta(minutes=30))
    def build() -> dict:
        """Last ISO week's events → .md / .html / .eml files; returns the paths and the item count."""
        from eventline.config import load_settings
        from eventline.digesting import write_week_digest
        from eventline.stores import open_store
        from schemas.weeks import last_iso_week

        context = get_current_context()
        anchor = pendulum.instance(context.get("logical_date") or context["dag_run"].run_after)
        week = last_iso_week(anchor.in_timezone("Asia/Shanghai").date())
        settings = load_settings()
        with open_store(settings) as store:
            files = write_week_digest(week, store=store, out_dir=settings.digests_dir)
        return files.model_dump(mode="json")

    @task(execution_timeout=timedelta(minutes=10))
    def send(files: dict) -> str:
        """E-mail the .eml when SMTP is configured; otherwise say that only files were written."""
        from eventline.config import load_settings
        from eventline.mailing import send_digest_if_configured

        return send_digest_if_configured(files["eml"], load_settings())

    send(build())


weekly_digest()
