"""Crawl DAGs generated from `sources.yaml`: one `crawl__<key>` DAG per enabled source.

Each DAG runs the source's crawl in a subprocess (Scrapy's reactor cannot restart inside
one worker process) on the source's own cron schedule and timeout, retries with
exponential back-off, and publishes the source's articles Asset so `extract_events`
follows by itself. Add a source to `sources.yaml` and its DAG appears: no Python to touch.
Parsing reads only the YAML; Scrapy is imported inside the task.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import Asset, dag, task

from eventline.assets import articles_asset_name
from eventline.sources import enabled_sources

START = pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai")


def build_crawl_dag(source) -> None:  # a crawlers.registry source entry
    key = source.key
    articles = Asset(articles_asset_name(key))
    timeout = timedelta(minutes=source.timeout_minutes)

    @dag(
        dag_id=f"crawl__{key}",
        schedule=source.schedule,
        start_date=START,
        catchup=False,
        max_active_runs=1,
        dagrun_timeout=timeout * 2,
        tags=["eventline", "crawl", key],
        doc_md=f"Crawl **{source.name}** (`{key}`) as configured in `sources.yaml`.\n\n{__doc__}",
        default_args={
            "owner": "eventline-ops",
            "retries": 3,
            "retry_delay": timedelta(minutes=2),
            "retry_exponential_backoff": True,
            "max_retry_delay": timedelta(minutes=30),
        },
    )
    def crawl_source() -> None:
        @task(outlets=[articles], execution_timeout=timeout)
        def crawl() -> dict:
            from eventline.config import load_settings
            from eventline.crawling import run_crawl

            return run_crawl(key, load_settings()).model_dump(mode="json")

        crawl()

    crawl_source()


for _source in enabled_sources():
    build_crawl_dag(_source)
