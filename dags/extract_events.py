"""`extract_events`: runs whenever a crawl publishes new articles (scheduled on their Assets).

Data-driven: it extracts the articles of the crawls that triggered it (each articles Asset
event names the JSONL of the new and updated articles of one crawl). A run with no triggering
Asset event (manual, backfill) extracts the stored articles published within `lookback_days`
of its logical date instead. HanLP runs inside the task; events are merged with the stored
ones and upserted
into the configured store (SQLite by default, Elasticsearch when EVENTLINE_STORE=elasticsearch).
Event ids are stable, so a re-run updates instead of duplicating. The counts are the task's
return value and the extra of the `eventline.events` Asset event. On Celery it runs on the
`extract` queue (the worker that holds the JVM and HanLP).
"""

from __future__ import annotations

from datetime import timedelta
from functools import reduce

import pendulum
from airflow.sdk import Asset, Param, dag, get_current_context, task

from eventline.assets import EVENTS_ASSET_NAME, articles_asset_name
from eventline.sources import enabled_sources

EVENTS = Asset(EVENTS_ASSET_NAME)
_articles = [Asset(articles_asset_name(s.key)) for s in enabled_sources()]


@dag(
    dag_id="extract_events",
    schedule=reduce(lambda a, b: a | b, _articles) if _articles else None,
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    tags=["eventline", "extract"],
    doc_md=__doc__,
    params={
        "lookback_days": Param(31, type="integer", minimum=1, maximum=3660,
                               description="extract the stored articles published this many days before the run"),
    },
    default_args={
        "owner": "eventline-ops",
        "retries": 2,
        "retry_delay": timedelta(minutes=1),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(minutes=15),
    },
)
def extract_events() -> None:
    @task(outlets=[EVENTS], execution_timeout=timedelta(hours=1), queue="extract")
    def extract() -> dict:
        """Articles since the lookback → events merged and upserted; returns the counts."""
        from pathlib import Path

        from eventline.config import load_settings
        from eventline.pipeline import extract_files, extract_stored
        from eventline.stores import open_store

        context = get_current_context()
        triggering = context.get("triggering_asset_events") or {}
        files = sorted(
            {Path(e.extra["output"]) for events in triggering.values() for e in events if (e.extra or {}).get("output")}
        )
        anchor = pendulum.instance(context.get("logical_date") or context["dag_run"].run_after)
        since = anchor.in_timezone("Asia/Shanghai").date() - timedelta(days=int(context["params"]["lookback_days"]))
        with open_store(load_settings()) as store:
            report = extract_files(store, files) if files else extract_stored(store, since=since)
            counts = {
                "input": [str(f) for f in files] or f"stored articles since {since.isoformat()}",
                "events_extracted": report.events_extracted,
                "created": report.events.created,
                "updated": report.events.updated,
                "unchanged": report.events.unchanged,
                "failed": report.events.failed,
                "spooled": report.events.spooled,
                "articles_total": store.count_articles(),
                "events_total": store.count_events(),
            }
        if counts["failed"]:
            raise RuntimeError(f"{counts['failed']} events failed to upsert: {report.events.errors[:5]}")
        context["outlet_events"][EVENTS].extra = counts
        return counts

    extract()


extract_events()
