"""Airflow distributed: crawl → extract → digest of the sample site through two Celery workers.

The cluster is what `make cluster` starts (PostgreSQL, Redis, api-server, scheduler,
dag-processor, a `crawl` and an `extract` worker). Its DAGs are live: on start the scheduler
runs each crawl DAG's latest cron slot at once, both sample sources on the same host, so the
per-domain pool (one slot) must keep them apart. Their articles Assets trigger
`extract_events`; then the test asks for the digest of the sample site's busiest week. Checked
through the REST API, the workers' logs and the store: every run succeeded, each task ran on
its queue's worker, the two crawls never overlapped, and the events are in the store.
"""

from __future__ import annotations

import re
import time
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx
import pytest

from store.sqlite import SQLiteStore

pytestmark = [pytest.mark.cluster, pytest.mark.airflow, pytest.mark.slow]

CRAWLS = ("crawl__sample_cylx", "crawl__sample_jcrb")
DIGEST_LOGICAL_DATE = "2026-11-09T00:00:00Z"  # Monday 08:00 Asia/Shanghai: last ISO week is 2026-W45
WEEK = "2026-W45"
TIMEOUT_S = 900.0
FINISHED = {"success", "failed"}
WORKLOAD = re.compile(r"Executing workload in Celery: .*?log_path='dag_id=([^/]+)/run_id=[^/]+/task_id=([^/']+)")


class Api:
    """The api-server's REST API (v2) with the token every caller gets on this loopback-only cluster."""

    def __init__(self, base: str) -> None:
        token = httpx.get(f"{base}/auth/token", timeout=30).json()["access_token"]
        self.client = httpx.Client(base_url=f"{base}/api/v2", headers={"Authorization": f"Bearer {token}"},
                                   timeout=30)

    def get(self, path: str, **params: Any) -> Any:
        answer = self.client.get(path, params=params)
        answer.raise_for_status()
        return answer.json()

    def runs(self, dag_id: str) -> list[dict[str, Any]]:
        return self.get(f"/dags/{dag_id}/dagRuns", limit=100)["dag_runs"]

    def task_instances(self, dag_id: str, run_id: str) -> list[dict[str, Any]]:
        return self.get(f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances")["task_instances"]

    def trigger(self, dag_id: str, logical_date: str) -> str:
        answer = self.client.post(f"/dags/{dag_id}/dagRuns", json={"logical_date": logical_date})
        answer.raise_for_status()
        return str(answer.json()["dag_run_id"])

    def queued_asset_events(self, dag_id: str) -> int:
        answer = self.client.get(f"/dags/{dag_id}/assets/queuedEvents")
        return 0 if answer.status_code == 404 else len(answer.json()["queued_events"])


def wait_until(what: str, check: Any, cluster: Any, timeout_s: float = TIMEOUT_S) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(2)
    tails = "\n".join(cluster.log_tail(name, 15) for name in ("scheduler", "worker-crawl", "worker-extract"))
    raise AssertionError(f"timed out waiting for {what}\n{tails}")


def executed_by(cluster: Any, worker: str) -> set[tuple[str, str]]:
    """(dag_id, task_id) of every workload the worker's log says it executed."""
    log = (cluster.logs_dir / f"worker-{worker}.log").read_text(errors="replace")
    return set(WORKLOAD.findall(log))


def _parse(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))


def test_cluster_celery_crawl_extract_digest_of_the_sample_site(airflow_cluster: Any) -> None:
    started = time.monotonic()
    api = Api(airflow_cluster.api_url)
    wait_until("the DAGs to be parsed", lambda: {d["dag_id"] for d in api.get("/dags", limit=100)["dags"]}
               >= {*CRAWLS, "extract_events", "weekly_digest"}, airflow_cluster)

    def crawls_done() -> dict[str, list[dict[str, Any]]] | None:
        runs = {dag_id: api.runs(dag_id) for dag_id in CRAWLS}
        done = all(r and all(run["state"] in FINISHED for run in r) for r in runs.values())
        return runs if done else None

    crawl_runs = wait_until("the crawls", crawls_done, airflow_cluster)
    assert all(run["state"] == "success" for runs in crawl_runs.values() for run in runs), crawl_runs

    def extraction_done() -> list[dict[str, Any]] | None:
        runs = api.runs("extract_events")
        idle = runs and all(run["state"] in FINISHED for run in runs) and not api.queued_asset_events("extract_events")
        return runs if idle else None

    extract_runs = wait_until("extract_events, triggered by the crawls' Assets", extraction_done, airflow_cluster)
    assert all(run["state"] == "success" for run in extract_runs), extract_runs
    assert {run["run_type"] for run in extract_runs} == {"asset_triggered"}

    digest_run = api.trigger("weekly_digest", DIGEST_LOGICAL_DATE)
    digest = wait_until("weekly_digest", lambda: next(
        (r for r in api.runs("weekly_digest") if r["dag_run_id"] == digest_run and r["state"] in FINISHED), None),
        airflow_cluster)
    assert digest["state"] == "success", digest

    # each task ran on the worker of its queue
    crawl_tis = [ti for dag_id, runs in crawl_runs.items() for run in runs
                 for ti in api.task_instances(dag_id, run["dag_run_id"]) if ti["task_id"] == "crawl"]
    extract_tis = [ti for run in extract_runs for ti in api.task_instances("extract_events", run["dag_run_id"])]
    assert {ti["queue"] for ti in crawl_tis} == {"crawl"} and {ti["queue"] for ti in extract_tis} == {"extract"}
    on_crawl, on_extract = executed_by(airflow_cluster, "crawl"), executed_by(airflow_cluster, "extract")
    assert {(dag_id, "crawl") for dag_id in CRAWLS} <= on_crawl
    assert ("extract_events", "extract") in on_extract
    assert {dag_id for dag_id, _ in on_crawl} <= set(CRAWLS)
    assert not any(dag_id in CRAWLS and task == "crawl" for dag_id, task in on_extract)

    # one pool for the one sample-site host: its two crawls never ran at the same time
    assert {ti["pool"] for ti in crawl_tis} == {"crawl_127_0_0_1"}
    spans = sorted((_parse(ti["start_date"]), _parse(ti["end_date"])) for ti in crawl_tis)
    assert len(spans) >= 2
    assert all(earlier[1] <= later[0] for earlier, later in pairwise(spans)), spans

    # the events are in the store the workers wrote, and in the week's digest
    with SQLiteStore(Path(airflow_cluster.data_dir) / "eventline.sqlite3") as store:
        articles, events, week = store.count_articles(), store.count_events(), store.week_events(WEEK)
    assert articles > 0 and events > 0 and week, (articles, events, len(week))
    digest_md = Path(airflow_cluster.data_dir) / "digests" / f"{WEEK}.md"
    assert digest_md.exists() and digest_md.stat().st_size > 500
    print(f"\ncelery end to end: {len(crawl_tis)} crawls, {len(extract_runs)} extract runs, {articles} articles, "
          f"{events} events, {len(week)} in {WEEK}; {time.monotonic() - started:.0f}s after the cluster was up")
