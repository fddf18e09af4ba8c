"""Crawl DAGs generated from `sources.yaml`: one `crawl__<key>` DAG per enabled source.

Each DAG crawls its source in a subprocess (`eventline.crawling.run_crawl`: Scrapy's reactor
cannot restart inside one worker process) on the source's own cron schedule, with its
`timeout_s` as the limit and retries with exponential back-off. Every run, good or bad, is
recorded in the crawl history that `source_health` reads. When the crawl stored new or
updated articles, `publish` updates the source's articles Asset and `extract_events`
follows by itself; a crawl that found nothing new skips it. With `EVENTLINE_EXTRACT_DURING_CRAWL=1`
the crawl task also runs a warm extraction worker that extracts the articles while they are
crawled (`eventline.following`): `extract_events` then reads those events instead of starting
HanLP for them, so a crawl followed by its extraction is not dominated by the JVM's start-up.
When `eventline extract-service` runs on the crawl worker's machine, that warm service follows
the crawl instead of a worker of its own (`eventline.extract_service`; no start-up at all).

Add an entry to `sources.yaml` and its DAG appears, no Python to touch. Parsing reads only
the YAML; Scrapy is imported inside the task. An entry that does not validate breaks only
itself: it becomes a `crawl__<key>` DAG (tag `invalid`) scheduled `@once` whose single task
fails at once with the validation message, and every other DAG loads as usual.

With `EVENTLINE_CRAWL_POOLS=domain` each crawl task runs in the Airflow pool
`crawl_<domain>` (e.g. `crawl_8btc_com`, shared by every source of that domain): create each
pool with one slot and a domain is never crawled twice at once, however many workers run.
A domain given as `${VAR}` counts once the variable is set (the sample site's host).
On Celery the crawl runs on the `crawl` queue (`make cluster` starts a worker for it).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pendulum
from airflow.sdk import DAG, Asset, CronTriggerTimetable, dag, get_current_context, task

from eventline.assets import articles_asset_name
from eventline.config import load_settings
from eventline.sources import bad_entries, crawl_pool, enabled_sources, entry_id

if TYPE_CHECKING:
    from crawlers.registry import BadEntry, Source

START = pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai")
OWNER = "eventline-ops"
QUEUE = "crawl"  # Celery queue of the crawl tasks; other executors ignore it
GRACE = timedelta(minutes=2)  # run_crawl stops the subprocess at timeout_s; Airflow kills the task after this grace


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
            """Crawl in a subprocess, record the run; fails (and retries) when the crawl did not succeed.
            With `EVENTLINE_EXTRACT_DURING_CRAWL=1` a warm worker extracts the articles as they come
            (`eventline.following`) and leaves the events beside them for `extract_events`."""
            from eventline.crawling import crawl_checked

            settings = load_settings()
            if not settings.extract_during_crawl:
                return crawl_checked(key, settings).model_dump(mode="json")
            from eventline.following import crawl_and_extract

            stats, report = crawl_and_extract(key, settings, crawl=crawl_checked)
            return {**stats.model_dump(mode="json"), "events_extracted": report.events if report else None}

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


def build_invalid_entry_dag(entry: BadEntry) -> DAG:
    """A DAG standing for a `sources.yaml` entry that does not validate: it fails with the message."""

    @dag(
        dag_id=f"crawl__{entry_id(entry)}",
        schedule="@once",
        start_date=START,
        catchup=False,
        tags=["eventline", "crawl", "invalid"],
        doc_md=f"**Invalid `sources.yaml` entry** (position {entry.position}): fix it and this DAG becomes"
        f" its crawl.\n\n```\n{entry.message}\n```\n\n{__doc__}",
        default_args={"owner": OWNER, "retries": 0},
    )
    def invalid_source() -> None:
        @task
        def validate() -> None:
            """Fail with the entry's validation message: nothing to crawl until the entry is fixed."""
            from airflow.sdk.exceptions import AirflowFailException

            raise AirflowFailException(entry.message)

        validate()

    return invalid_source()


for _source in enabled_sources():
    build_crawl_dag(_source)
for _entry in bad_entries():
    build_invalid_entry_dag(_entry)
