"""`source_health`: daily check that every enabled source still produces articles.

For each source it compares the last successful crawl and the articles of recent runs with
the source's freshness SLA and its recent average. A source that stopped producing (a
template change, a block) fails the task with an alert naming the source and the evidence;
the alert is logged, and also e-mailed or posted to a webhook when configured
(`EVENTLINE_ALERT_WEBHOOK`, an SMTP connection).
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="source_health",
    schedule="30 7 * * *",
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai"),
    catchup=False,
    tags=["eventline", "ops", "health"],
    doc_md=__doc__,
    default_args={"owner": "eventline-ops", "retries": 0},
)
def source_health() -> None:
    @task
    def check(logical_date: pendulum.DateTime | None = None) -> list[dict]:
        from eventline.config import load_settings
        from eventline.health import SourceUnhealthy, alert, check_sources

        now = logical_date or pendulum.now("Asia/Shanghai")
        reports = check_sources(load_settings(), now=now)
        broken = [r for r in reports if not r.healthy]
        if broken:
            alert(broken)
            raise SourceUnhealthy(broken)
        return [r.model_dump(mode="json") for r in reports]

    check()


source_health()
