"""`weekly_digest`: Mondays 08:00 Asia/Shanghai, drafts last ISO week's digest; mails it only once an editor approves.

`draft` writes `<week>.md`, `.html` and the `.eml` draft (`X-Unsent: 1`) into
`<data_dir>/digests/` from the events in the configured store, with the editors' overrides
(`<data_dir>/overrides/<week>.yaml`) applied, exactly as `eventline digest` and the API build
it. The week is the ISO week before the run's logical date, so a re-run or a manual run for an
old Monday rebuilds that Monday's week.

`review` decides whether there is anything to approve: an empty week, or no SMTP connection
(Airflow connection `EVENTLINE_SMTP_CONN_ID`, default `smtp_default`, with extra `{"to": "…"}`;
or `EVENTLINE_SMTP_URL`), ends the run there with the drafts as the deliverable. Otherwise
`approve` waits for an editor (Airflow's human-in-the-loop *Required actions*: Approve /
Reject) while the drafts are reviewed and the overrides file edited; on Approve, `send`
re-drafts the week with the overrides as they are then and mails it. Rejecting, or no answer
within 6 days, sends nothing. Outside Airflow the same step is `eventline digest send --week W`.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.providers.standard.operators.hitl import ApprovalOperator
from airflow.sdk import CronTriggerTimetable, dag, get_current_context, task

APPROVAL_WAIT = timedelta(days=6)  # before next Monday's draft


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
    def draft() -> dict:
        """Last ISO week's events + overrides → .md / .html / .eml drafts; returns the paths and the item count."""
        from eventline.config import load_settings
        from eventline.digesting import write_week_digest
        from eventline.stores import open_store
        from schemas.weeks import last_iso_week

        context = get_current_context()
        anchor = pendulum.instance(context.get("logical_date") or context["dag_run"].run_after)
        week = last_iso_week(anchor.in_timezone("Asia/Shanghai").date())
        settings = load_settings()
        with open_store(settings) as store:
            files = write_week_digest(week, store=store, settings=settings)
        return files.model_dump(mode="json")

    @task.short_circuit(retries=0)
    def review(files: dict) -> bool:
        """Ask for approval only when there is something to mail and a way to mail it; say why not otherwise."""
        import logging

        from eventline.config import load_settings
        from eventline.mailing import mail_configured

        log = logging.getLogger("eventline.digest")
        if files["items"] == 0:
            log.info("%s: the digest is empty; an empty week is never mailed", files["week"])
            return False
        problem = mail_configured(load_settings())
        if problem:
            log.info("%s: drafts written (%s), not mailed: %s", files["week"], files["eml"], problem)
            return False
        return True

    approve = ApprovalOperator(
        task_id="approve",
        subject="Send the digest of {{ ti.xcom_pull(task_ids='draft')['week'] }}?",
        body="{{ ti.xcom_pull(task_ids='draft')['items'] }} items, «{{ ti.xcom_pull(task_ids='draft')['title'] }}».\n\n"
        "Drafts: {{ ti.xcom_pull(task_ids='draft')['md'] }} (and .html, .eml). Edit the week's overrides file"
        " if needed; Approve mails the week as it is then.",
        response_timeout=APPROVAL_WAIT,
        defaults="Reject",
        retries=0,
    )

    @task(execution_timeout=timedelta(minutes=10), retries=0)
    def send(files: dict) -> str:
        """Re-draft the approved week with the current overrides and mail it (never an empty week)."""
        from eventline.config import load_settings
        from eventline.digesting import send_week_digest
        from eventline.stores import open_store

        settings = load_settings()
        with open_store(settings) as store:
            return send_week_digest(files["week"], store=store, settings=settings)

    drafted = draft()
    review(drafted) >> approve >> send(drafted)


weekly_digest()
