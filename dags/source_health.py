"""`source_health`: daily 07:30 Asia/Shanghai check that every enabled source still produces articles.

For each source it compares the crawl history (`<data_dir>/crawl_history.jsonl`, written by
the crawl DAGs) with the source's freshness SLA and its own recent average: never crawled,
no success within the SLA, the last run failed (error kind, URL and crawl log named), the last
runs fetched 0 pages or found 0 articles where earlier runs found some (a template change, a
block), mostly errors, an invalid `sources.yaml` entry. Pages that are all unchanged are
healthy. The verdict is `eventline.health.check_sources`, the same `eventline sources status`
prints, taken at the time the task runs (not the run's logical date, which for the first run
after start-up lies before the crawls that just ran). Unhealthy sources fail the task, without
retry, with an alert naming each source and its evidence; the alert is logged at ERROR, posted
as JSON to `EVENTLINE_ALERT_WEBHOOK` and e-mailed (to `EVENTLINE_ALERT_TO`) when those are
configured.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import CronTriggerTimetable, dag, task


@dag(
    dag_id="source_health",
    schedule=CronTriggerTimetable("30 7 * * *", timezone="Asia/Shanghai"),
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    tags=["eventline", "ops", "health"],
    doc_md=__doc__,
    default_args={"owner": "eventline-ops", "retries": 1, "retry_delay": timedelta(minutes=5)},
)
def source_health() -> None:
    @task(execution_timeout=timedelta(minutes=10))
    def check() -> list[dict]:
        """Judge every enabled source now; alert and fail when one is unhealthy."""
        from datetime import UTC, datetime

        from airflow.sdk.exceptions import AirflowFailException

        from eventline.config import load_settings
        from eventline.health import SourceUnhealthy, check_and_alert

        try:
            reports = check_and_alert(load_settings(), now=datetime.now(UTC))
        except SourceUnhealthy as exc:  # a verdict, not a glitch: retrying would not change it
            raise AirflowFailException(str(exc)) from exc
        return [r.model_dump(mode="json") for r in reports]

    check()


source_health()
