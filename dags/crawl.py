"""Crawl DAGs generated from `sources.yaml`: one `crawl__<key>` DAG per enabled source.

Each DAG crawls its source in a subprocess (`eventline.crawling.run_crawl`: Scrapy's reactor
cannot restart inside one worker process) on the source's own cron schedule, with its
`timeout_s` as the limit and retries with exponential back-off. Every run, good or bad, is
recorded in the crawl history that `source_health` reads. When the crawl stored new or
updated articles, `publish` updates the source's articles Asset and `extract_events`
follows by itself; a crawl that found nothing new skips it.

Add an entry to `sources.yaml` and its DAG appears, no Python to touch. Parsing reads only
the YAML; Scrapy is imported inside the task.

With `EVENTLINE_CRAWL_POOLS=domain` each crawl task runs in the Airflow pool
`crawl_<domain>` (e.g. `crawl_8btc_com`, shared by every source of that domain): create each
pool with one slot and a domain is never crawled twice at once, however many workers run.
A domain given as `${VAR}` counts once the variable is set (the sample site's host).
On Celery the crawl runs on the `crawl` queue (`make cluster` starts a worker for it).
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pendulum
from airflow.sdk import DAG, Asset, CronTriggerTimetable, dag, get_current_context, task

from eventline.assets import articles_asset_name
from eventline.config import load_settings
from eventline.sources import enabled_sources

if TYPE_CHECKING:
    from crawlers.registry import Source

START = pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai")
OWNER = "eventline-ops"
QUEUE = "crawl"  # Celery queue of the crawl tasks; other executors ignore it
GRACE = timedelta(minutes=2)  # run_crawl stops the subprocess at timeout_s; Airflow kills the task after this grace


def crawl_pool(source: Source) -> str | None:
    """The pool of a source's crawl: `crawl_<domain>` when EVENTLINE_CRAWL_POOLS=domain, else Airflow's default."""
    if load_settings().crawl_pools != "domain":
        return None
    expanded = (os.path.expandvars(d) for d in source.allowed_domains)
    domain = next((urlsplit(d).hostname or d if "://" in d else d for d in expanded if "${" not in d), source.key)
    return "crawl_" + re.sub(r"[^a-z0-9]+", "_", domain.lower().removeprefix("www."))


def build_crawl_dag(source: Source) -> DAG:
    """The `crawl__<key>` DAG of one registry entry."""
    key = source.key
    articles = Asset(articles_asset_name(key))
    timeout = timedelta(seconds=source.timeout_s)

    @dag(
        dag_id=f"crawl__{key}",
        schedule=CronTriggerTimetable(source.schedule, timezone="Asia/Shanghai"),
        start_date=START,
        catchup=False,
        max_active_runs=1,
        dagrun_timeout=(timeout + GRACE) * 4 + timedelta(minutes=30),  # 4 tries and their back-off
        tags=["eventline", "crawl", key],
        doc_md=f"Crawl **{source.name}** (`{key}`, {source.kind}) every `{source.schedule}` as configured in"
        f" `sources.yaml`; freshness SLA {source.freshness_sla_hours} h.\n\n{__doc__}",
        default_args={
            "owner": OWNER,
            "retries": 3,
            "retry_delay": timedelta(minutes=2),
            "retry_exponential_backoff": True,
            "max_retry_delay": timedelta(minutes=30),
        },
    )
    def crawl_source() -> None:
        @task(execution_timeout=timeout + GRACE, pool=crawl_pool(source) or "default_pool", queue=QUEUE)
        def crawl() -> dict:
            """Crawl in a subprocess, record the run; fails (and retries) when the crawl did not succeed."""
            from eventline.crawling import crawl_checked

            return crawl_checked(key, load_settings()).model_dump(mode="json")

        @task(outlets=[articles], retries=0)
        def publish(stats: dict) -> dict:
            """Update the articles Asset (with the counts) only when the crawl stored something new."""
            from airflow.sdk.exceptions import AirflowSkipException

            counts = {k: stats[k] for k in ("articles_new", "articles_updated", "articles_unchanged", "pages_fetched")}
            if counts["articles_new"] + counts["articles_updated"] == 0:
                raise AirflowSkipException(f"{key}: no new or updated article, extraction not triggered")
            # `output` names the JSONL of exactly the new / updated articles: extraction reads only those.
            extra = {"source": key, "output": stats.get("output"), **counts}
            get_current_context()["outlet_events"][articles].extra = extra
            return counts

        publish(crawl())

    return crawl_source()


for _source in enabled_sources():
    build_crawl_dag(_source)
