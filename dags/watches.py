"""`watches`: delivers every saved watch's new events whenever extraction has stored events.

Scheduled on the `eventline.events` Asset that `extract_events` publishes, so new events reach the
analysts' webhooks and mailboxes minutes after the crawl that found them. The task is one call to
`eventline.watches.run_watches` (`eventline watch run` does the same): each watch's matching events
that it has not delivered yet go out by webhook or e-mail and are recorded only once delivered, so a
retry never sends an event twice. A failed delivery fails the task (the events wait for the retry).
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import Asset, dag, task

from eventline.assets import EVENTS_ASSET_NAME


@dag(
    dag_id="watches",
    schedule=[Asset(EVENTS_ASSET_NAME)],
    start_date=pendulum.datetime(2026, 1, 5, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    tags=["eventline", "watches"],
    doc_md=__doc__,
    default_args={
        "owner": "eventline-analysts",
        "retries": 3,
        "retry_delay": timedelta(minutes=5),
        "retry_exponential_backoff": True,
    },
)
def watches() -> None:
    @task(execution_timeout=timedelta(minutes=30))
    def deliver() -> list[dict]:
        """Run every watch; raises when any delivery or query failed, after delivering the others."""
        from eventline.config import load_settings
        from eventline.stores import open_store
        from eventline.watches import run_watches

        settings = load_settings()
        with open_store(settings, create=False) as store:
            runs = run_watches(settings.watches_file, store)
        failed = [r for r in runs if r.error]
        if failed:
            raise RuntimeError("; ".join(f"{r.name}: {r.error}" for r in failed))
        return [r.model_dump() for r in runs]

    deliver()


watches()
