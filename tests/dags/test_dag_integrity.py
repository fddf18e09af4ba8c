"""DAG integrity: every DAG file imports cleanly and fast, carries owner / tags / doc_md / retries,
the crawl DAGs follow `sources.yaml`, and `extract_events` is scheduled on every crawl's Asset."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from eventline.assets import articles_asset_name

pytestmark = pytest.mark.airflow

PARSE_BUDGET_S = 2.0
DAGS = Path(__file__).resolve().parents[2] / "dags"


def _crawl_ids(bag: Any) -> set[str]:
    return {d for d in bag.dag_ids if d.startswith("crawl__")}


def test_dagbag_parses_every_dag_without_errors_within_budget() -> None:
    from airflow.dag_processing.dagbag import DagBag  # importing Airflow itself is not DAG parsing

    from eventline.sources import enabled_sources

    started = time.perf_counter()
    bag = DagBag(dag_folder=str(DAGS))
    elapsed = time.perf_counter() - started
    parse_total = sum(stat.duration.total_seconds() for stat in bag.dagbag_stats)
    per_file = ", ".join(f"{s.file} {s.duration.total_seconds():.3f}s" for s in bag.dagbag_stats)
    print(f"DagBag: {len(bag.dags)} DAGs from {len(bag.dagbag_stats)} files, parse {parse_total:.3f} s"
          f" (wall {elapsed:.3f} s): {per_file}")
    assert bag.import_errors == {}
    expected = {f"crawl__{s.key}" for s in enabled_sources()}
    assert expected  # the shipped registry has enabled sources
    assert set(bag.dag_ids) == expected | {"extract_events", "weekly_digest", "source_health", "watches"}
    assert elapsed < PARSE_BUDGET_S, f"DAG parsing took {elapsed:.2f} s (budget {PARSE_BUDGET_S} s)"


def test_every_dag_has_owner_tags_doc_and_retries(load_dags: Callable[[], Any]) -> None:
    bag = load_dags()
    for dag_id, dag in bag.dags.items():
        assert dag.owner and dag.owner != "airflow", f"{dag_id}: no owner"
        assert "eventline" in dag.tags, f"{dag_id}: tags {dag.tags}"
        assert dag.doc_md and len(dag.doc_md) > 80, f"{dag_id}: no doc_md"
        assert dag.catchup is False, f"{dag_id}: catchup"
        assert "retries" in dag.default_args, f"{dag_id}: retries not set"
        for task in dag.tasks:
            assert task.owner == dag.owner, f"{dag_id}.{task.task_id}: owner {task.owner}"


def test_crawl_dags_take_schedule_timeout_and_backoff_from_the_registry(load_dags: Callable[[], Any]) -> None:
    from eventline.sources import enabled_sources

    bag = load_dags()
    for source in enabled_sources():
        dag = bag.dags[f"crawl__{source.key}"]
        assert dag.timetable.expression == source.schedule
        assert str(dag.timetable.timezone) == "Asia/Shanghai"
        crawl, publish = dag.get_task("crawl"), dag.get_task("publish")
        assert crawl.retries == 3 and crawl.retry_exponential_backoff
        assert crawl.max_retry_delay == timedelta(minutes=30)
        limit = timedelta(seconds=source.timeout_s)
        assert limit < crawl.execution_timeout <= limit + timedelta(minutes=5)
        assert [o.name for o in publish.outlets] == [articles_asset_name(source.key)]
        assert crawl.downstream_task_ids == {"publish"}


def test_extract_events_is_scheduled_on_every_crawl_asset(load_dags: Callable[[], Any]) -> None:
    bag = load_dags()
    extract = bag.dags["extract_events"]
    condition = extract.timetable.asset_condition
    scheduled_on = {a.name for a in condition.objects} if hasattr(condition, "objects") else {condition.name}
    published = {o.name for d in _crawl_ids(bag) for o in bag.dags[d].get_task("publish").outlets}
    assert scheduled_on == published
    assert extract.params["lookback_days"] == 31


def test_watches_run_when_extraction_publishes_events(load_dags: Callable[[], Any]) -> None:
    bag = load_dags()
    condition = bag.dags["watches"].timetable.asset_condition
    scheduled_on = {a.name for a in condition.objects} if hasattr(condition, "objects") else {condition.name}
    assert scheduled_on == {o.name for o in bag.dags["extract_events"].get_task("extract").outlets}


def test_digest_and_health_schedules(load_dags: Callable[[], Any]) -> None:
    bag = load_dags()
    digest, health = bag.dags["weekly_digest"], bag.dags["source_health"]
    assert (digest.timetable.expression, str(digest.timetable.timezone)) == ("0 8 * * 1", "Asia/Shanghai")
    assert health.timetable.expression == "30 7 * * *"
    chain = [(t.task_id, sorted(t.downstream_task_ids)) for t in digest.topological_sort()]
    assert chain == [("draft", ["review", "send"]), ("review", ["approve"]), ("approve", ["send"]), ("send", [])]
    assert digest.get_task("approve").task_type == "ApprovalOperator"  # nothing is mailed without approval


def test_a_source_added_to_the_registry_appears_as_a_dag(
    load_dags: Callable[[], Any], write_sources: Callable[..., Path], sample_entries: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entries = sample_entries
    added = {**entries[0], "key": "new_outlet", "name": "新媒体", "schedule": "5 4 * * *", "timeout_s": 120}
    disabled = {**entries[0], "key": "old_outlet", "enabled": False}
    monkeypatch.setenv("EVENTLINE_SOURCES", str(write_sources([*entries, added, disabled])))
    bag = load_dags()
    assert _crawl_ids(bag) == {"crawl__sample_cylx", "crawl__sample_jcrb", "crawl__new_outlet"}
    new = bag.dags["crawl__new_outlet"]
    assert new.timetable.expression == "5 4 * * *"
    assert new.get_task("crawl").execution_timeout == timedelta(seconds=120 + 120)
    scheduled_on = {a.name for a in bag.dags["extract_events"].timetable.asset_condition.objects}
    assert articles_asset_name("new_outlet") in scheduled_on
    assert articles_asset_name("old_outlet") not in scheduled_on


def test_crawl_pools_per_domain_when_asked(
    load_dags: Callable[[], Any], write_sources: Callable[..., Path], sample_entries: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outlet = {**sample_entries[0], "key": "outlet_news", "allowed_domains": ["www.outlet.example"]}
    column = {**outlet, "key": "outlet_column"}
    monkeypatch.setenv("EVENTLINE_SOURCES", str(write_sources([*sample_entries, outlet, column])))
    assert {load_dags().dags["crawl__outlet_news"].get_task("crawl").pool} == {"default_pool"}
    monkeypatch.setenv("EVENTLINE_CRAWL_POOLS", "domain")
    bag = load_dags()
    pools = {d: bag.dags[d].get_task("crawl").pool for d in _crawl_ids(bag)}
    assert pools == {"crawl__outlet_news": "crawl_outlet_example", "crawl__outlet_column": "crawl_outlet_example",
                     "crawl__sample_jcrb": "crawl_sample_jcrb", "crawl__sample_cylx": "crawl_sample_cylx"}
