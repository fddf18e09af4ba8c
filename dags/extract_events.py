"""`extract_events`: runs whenever a crawl publishes new articles (scheduled on their Assets).

Extracts events from the articles stored recently, merges them with stored events and
upserts them into the configured store (SQLite by default, Elasticsearch when
EVENTLINE_STORE=elasticsearch), returning the counts.
"""

from __future__ import annotations

from datetime import timedelta
from functools import reduce

import pendulum
from airflow.sdk import Asset, Param, dag, task

from eventline.assets import EVENTS_ASSET_NAME, articles_asset_name
from eventline.sources import enabled_sources

_assets = [Asset(articles_asset_name(s.key)) for s in enabled_sources()]


@dag(
    dag_id="extract_events",
    schedule=reduce(lambda a, b: a | b, _assets) if _assets else None,
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    tags=["eventline", "extract"],
    doc_md=__doc__,
    params={"lookback_days": Param(31, type="integer", minimum=1, description="extract articles published this recently")},
    default_args={"owner": "eventline-ops", "retries": 2, "retry_delay": timedelta(minutes=1), "retry_exponential_backoff": True},
)
def extract_events() -> None:
    @task(outlets=[Asset(EVENTS_ASSET_NAME)], execution_timeout=timedelta(hours=1))
    def extract(params: dict | None = None, logical_date: pendulum.DateTime | None = None) -> dict:
        from eventline.config import load_settings
        from eventline.pipeline import extract_stored
        from eventline.stores import open_store

        lookback = int((params or {}).get("lookback_days", 31))
        anchor = (logical_date or pendulum.now("Asia/Shanghai")).date()
        with open_store(load_settings()) as store:
            report = extract_stored(store, since=anchor - timedelta(days=lookback))
        return {
            "events_extracted": report.events_extracted,
            "created": report.events.created,
            "updated": report.events.updated,
            "unchanged": report.events.unchanged,
            "failed": report.events.failed,
        }

    extract()


extract_events()
