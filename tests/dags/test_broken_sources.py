"""A broken source says so: one bad `sources.yaml` entry breaks only itself, and a crawl whose start page
answers 404 or refuses the connection fails, with the error kind, the URL and the crawl log in the run
record, in `eventline sources status` and in `source_health`'s alert.

Real Airflow (`DagBag`, `dag.test()`) and real Scrapy crawls against the local sample site. The crawl
task's retries are switched off in the test (they would wait minutes for the back-off); the DAG's
own retries are checked by `test_dag_integrity.py`.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventline.cli import app
from eventline.history import history_file
from sample_site.data import SITE_DIR
from sample_site.server import SampleSiteHandler, serve

pytestmark = pytest.mark.airflow


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the with-block ends: connections are refused


def _history(data_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in history_file(data_dir).read_text(encoding="utf-8").splitlines()]


def _crawl_without_retries(bag: Any, key: str) -> Any:
    dag = bag.dags[f"crawl__{key}"]
    dag.get_task("crawl").retries = 0
    return dag


@pytest.fixture()
def gone_site(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The sample site, except that 江城日报's list page is gone (404)."""

    def gone(handler: SampleSiteHandler) -> None:
        handler.send_status(404, "Not Found")

    with serve(SITE_DIR, routes={"/jcrb/index.htm": gone}) as (_, base):
        monkeypatch.setenv("SAMPLE_SITE", base)
        yield base


def test_a_bad_entry_breaks_only_itself(
    load_dags: Callable[[], Any], run_dag: Callable[..., Any], write_sources: Callable[..., Path],
    sample_entries: list[dict[str, Any]], eventline_env: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = {**sample_entries[0], "key": "typo_outlet", "schedule": "0 25 * * *x"}
    monkeypatch.setenv("EVENTLINE_SOURCES", str(write_sources([*sample_entries, bad])))
    bag = load_dags()  # asserts no import errors
    assert {d for d in bag.dag_ids if d.startswith("crawl__")} == {
        "crawl__sample_cylx", "crawl__sample_jcrb", "crawl__typo_outlet"}
    assert "extract_events" in bag.dag_ids
    scheduled_on = {a.name for a in bag.dags["extract_events"].timetable.asset_condition.objects}
    assert scheduled_on == {"eventline.articles.sample_cylx", "eventline.articles.sample_jcrb"}
    invalid = bag.dags["crawl__typo_outlet"]
    assert "invalid" in invalid.tags and "field schedule: Value error, not a 5-field cron" in invalid.doc_md
    run = run_dag(invalid)
    assert run.state == "failed" and run.tasks == {"validate": "failed"}

    status = CliRunner().invoke(app, ["sources", "status", "--json"])
    assert status.exit_code == 1
    reports = {r["source"]: r for r in json.loads(status.stdout)}
    assert "field schedule" in reports["typo_outlet"]["evidence"] and not reports["typo_outlet"]["healthy"]
    listed = CliRunner().invoke(app, ["sources", "list"])
    assert listed.exit_code == 1 and "typo_outlet" in listed.output and "sample_jcrb" in listed.output


def test_a_404_start_page_fails_the_crawl_and_says_where(
    load_dags: Callable[[], Any], run_dag: Callable[..., Any], write_sources: Callable[..., Path],
    sample_entries: list[dict[str, Any]], eventline_env: Path, gone_site: str, webhook: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EVENTLINE_SOURCES", str(write_sources(sample_entries)))
    bag = load_dags()
    assert run_dag(bag.dags["crawl__sample_cylx"]).state == "success"
    crawl = run_dag(_crawl_without_retries(bag, "sample_jcrb"))
    assert crawl.state == "failed" and crawl.tasks == {"crawl": "failed", "publish": "upstream_failed"}

    record = next(r for r in _history(eventline_env) if r["source"] == "sample_jcrb")
    url = f"{gone_site}/jcrb/index.htm"
    assert record["ok"] is False and record["errors"] == {"http_404": 1}
    assert record["failures"] == [f"http_404 {url} (start page)"]
    assert Path(record["log"]).is_file() and "404" in Path(record["log"]).read_text(encoding="utf-8")

    status = CliRunner().invoke(app, ["sources", "status"])
    assert status.exit_code == 1
    assert "sample_jcrb    FAIL" in status.stdout and f"http_404 {url} (start page)" in status.stdout
    assert "sample_cylx    ok" in status.stdout

    alarm = run_dag(bag.dags["source_health"])
    assert alarm.state == "failed"
    (post,) = webhook.posts
    assert [s["source"] for s in post["sources"]] == ["sample_jcrb"]
    assert f"http_404 {url} (start page)" in post["text"] and f"log {record['log']}" in post["text"]


def test_a_refused_connection_fails_the_crawl_with_the_url(
    load_dags: Callable[[], Any], run_dag: Callable[..., Any], write_sources: Callable[..., Path],
    sample_entries: list[dict[str, Any]], eventline_env: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = f"http://127.0.0.1:{_closed_port()}"
    monkeypatch.setenv("SAMPLE_SITE", base)
    monkeypatch.setenv("EVENTLINE_SOURCES", str(write_sources(sample_entries)))
    crawl = run_dag(_crawl_without_retries(load_dags(), "sample_cylx"))
    assert crawl.state == "failed" and crawl.tasks["crawl"] == "failed"
    (record,) = _history(eventline_env)
    assert record["ok"] is False and record["pages_fetched"] == 0 and record["errors"] == {"connection": 1}
    (failure,) = record["failures"]
    assert failure.startswith(f"connection {base}/") and "(start page)" in failure and "refused" in failure
    status = CliRunner().invoke(app, ["sources", "status"])
    assert f"connection {base}/" in status.stdout
