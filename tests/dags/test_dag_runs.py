"""Whole DAGs run in-process with `dag.test()` against the local sample site and a temporary SQLite store.

* crawl__sample_jcrb + crawl__sample_cylx → extract_events → weekly_digest (Monday 2026-11-09
  08:00 Asia/Shanghai, so last ISO week is the sample site's busiest, 2026-W45): articles,
  events and digest files appear; a second round stores nothing new, publishes no Asset event
  and changes no count.
* source_health stays quiet while both sources produce, and fails with an alert naming the
  source (and its evidence) once a site serves empty list pages.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pendulum
import pytest

from eventline.assets import EVENTS_ASSET_NAME, articles_asset_name
from eventline.config import load_settings
from eventline.history import history_file
from eventline.stores import open_store
from sample_site.data import SITE_DIR, load_manifest
from sample_site.server import SampleSiteHandler, serve

pytestmark = pytest.mark.airflow

SAMPLE_KEYS = ("sample_cylx", "sample_jcrb")
DIGEST_MONDAY = pendulum.datetime(2026, 11, 9, 8, 0, tz="Asia/Shanghai")
WEEK = "2026-W45"
EMPTY_LIST = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>江城日报</title></head>
<body><div class="list"><ul></ul></div><p>页面改版中</p></body></html>"""


def _asset_events(name: str) -> list[dict[str, Any]]:
    from airflow.models.asset import AssetEvent, AssetModel
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        rows = session.scalars(
            select(AssetEvent).join(AssetModel, AssetEvent.asset_id == AssetModel.id).where(AssetModel.name == name)
        ).all()
        return [dict(row.extra or {}) for row in rows]


def _queued_for(dag_id: str) -> int:
    from airflow.models.asset import AssetDagRunQueue
    from airflow.utils.session import create_session
    from sqlalchemy import func, select

    with create_session() as session:
        return session.scalar(select(func.count()).select_from(AssetDagRunQueue)
                              .where(AssetDagRunQueue.target_dag_id == dag_id)) or 0


def _store_counts() -> tuple[int, int, int]:
    with open_store(load_settings()) as store:
        return store.count_articles(), store.count_events(), len(store.week_events(WEEK))


@pytest.fixture()
def sample_site(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with serve(SITE_DIR) as (_, base):
        monkeypatch.setenv("SAMPLE_SITE", base)
        yield base


def test_crawl_extract_digest_end_to_end_twice_without_duplicates(
    load_dags: Callable[[], Any], run_dag: Callable[..., Any], write_sources: Callable[..., Path],
    sample_entries: list[dict[str, Any]], eventline_env: Path, sample_site: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EVENTLINE_SOURCES", str(write_sources(sample_entries)))
    bag = load_dags()
    manifest = load_manifest()["articles"]
    per_outlet = {key: sum(1 for a in manifest if f"sample_{a['outlet']}" == key) for key in SAMPLE_KEYS}
    assert all(per_outlet.values()), per_outlet

    # ---- round 1: everything is new
    for key in SAMPLE_KEYS:
        crawl = run_dag(bag.dags[f"crawl__{key}"])
        assert crawl.state == "success", crawl
        assert crawl.tasks == {"crawl": "success", "publish": "success"}
        stats = crawl.returns["crawl"]
        assert (stats["ok"], stats["articles_new"], stats["source"]) == (True, per_outlet[key], key)
        assert crawl.returns["publish"]["articles_new"] == per_outlet[key]
        events = _asset_events(articles_asset_name(key))
        assert [e["articles_new"] for e in events] == [per_outlet[key]]
        assert Path(events[0]["output"]).is_file()  # the JSONL a data-driven extract_events reads
    assert _queued_for("extract_events") >= 1  # the Asset events queued a data-driven run of extract_events

    extract = run_dag(bag.dags["extract_events"], logical_date=DIGEST_MONDAY, run_conf={"lookback_days": 31})
    assert extract.state == "success", extract
    counts = extract.returns["extract"]
    assert counts["input"] == "stored articles since 2026-10-09"  # dag.test has no triggering Asset event
    assert counts["created"] > 10 and counts["failed"] == 0
    assert counts["events_total"] == counts["created"]
    assert counts["articles_total"] == len(manifest)
    assert _asset_events(EVENTS_ASSET_NAME)[-1]["created"] == counts["created"]

    digest = run_dag(bag.dags["weekly_digest"], logical_date=DIGEST_MONDAY)
    assert digest.state == "success", digest
    files = digest.returns["build"]
    assert files["week"] == WEEK and files["items"] > 0
    md, html, eml = Path(files["md"]), Path(files["html"]), Path(files["eml"])
    assert md == eventline_env / "digests" / f"{WEEK}.md"
    assert md.stat().st_size > 500 and html.stat().st_size > 500 and eml.stat().st_size > 500
    assert digest.returns["send"].startswith("no SMTP connection configured")
    first_md = md.read_text(encoding="utf-8")

    articles, events, week_events = _store_counts()
    assert articles == len(manifest)
    assert events == counts["created"] and week_events > 0

    # ---- round 2: the same site again: nothing new, no Asset event, no duplicate anywhere
    for key in SAMPLE_KEYS:
        crawl = run_dag(bag.dags[f"crawl__{key}"])
        assert crawl.tasks == {"crawl": "success", "publish": "skipped"}, crawl
        assert crawl.returns["crawl"]["articles_new"] == 0
        assert len(_asset_events(articles_asset_name(key))) == 1
    again = run_dag(bag.dags["extract_events"], logical_date=DIGEST_MONDAY.add(minutes=1),
                    run_conf={"lookback_days": 31})
    assert again.state == "success", again
    assert again.returns["extract"]["created"] == 0
    assert again.returns["extract"]["events_total"] == events
    digest2 = run_dag(bag.dags["weekly_digest"], logical_date=DIGEST_MONDAY.add(minutes=1))
    assert digest2.returns["build"]["items"] == files["items"]
    assert md.read_text(encoding="utf-8") == first_md
    assert _store_counts() == (articles, events, week_events)

    history = [json.loads(line) for line in history_file(eventline_env).read_text().splitlines()]
    assert sorted(r["source"] for r in history) == sorted([*SAMPLE_KEYS, *SAMPLE_KEYS])


def test_source_health_quiet_while_sources_produce_and_alerts_when_a_site_returns_nothing(
    load_dags: Callable[[], Any], run_dag: Callable[..., Any], write_sources: Callable[..., Path],
    sample_entries: list[dict[str, Any]], eventline_env: Path, webhook: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = {"jcrb": False}

    def jcrb_index(handler: SampleSiteHandler) -> None:  # the outlet's list page after a "redesign"
        if broken["jcrb"]:
            handler.send_bytes(EMPTY_LIST.encode("utf-8"))
        else:
            handler.serve_file("/jcrb/index.htm")

    def void_index(handler: SampleSiteHandler) -> None:  # a source whose list page never lists anything
        handler.send_bytes(EMPTY_LIST.encode("utf-8"))

    void = {**next(e for e in sample_entries if e["key"] == "sample_jcrb"), "key": "sample_void",
            "name": "空白日报", "start_urls": ["${SAMPLE_SITE}/void/index.htm"]}
    routes = {"/jcrb/index.htm": jcrb_index, "/void/index.htm": void_index}
    with serve(SITE_DIR, routes=routes) as (_, base):
        monkeypatch.setenv("SAMPLE_SITE", base)
        monkeypatch.setenv("EVENTLINE_SOURCES", str(write_sources(sample_entries)))
        bag = load_dags()
        for key in SAMPLE_KEYS:
            assert run_dag(bag.dags[f"crawl__{key}"]).state == "success"

        quiet = run_dag(bag.dags["source_health"])
        assert quiet.state == "success", quiet
        reports = quiet.returns["check"]
        assert [(r["source"], r["healthy"]) for r in reports] == [("sample_cylx", True), ("sample_jcrb", True)]
        assert reports[1]["evidence"].startswith("sample_jcrb: ok; last run")
        assert webhook.posts == []

        broken["jcrb"] = True
        monkeypatch.setenv("EVENTLINE_SOURCES", str(write_sources([*sample_entries, void], "sources2.yaml")))
        bag = load_dags()
        for key in ("sample_jcrb", "sample_void"):
            crawl = run_dag(bag.dags[f"crawl__{key}"])
            assert crawl.tasks == {"crawl": "success", "publish": "skipped"}, crawl  # pages came back, no article
            assert crawl.returns["crawl"]["pages_fetched"] >= 1 and crawl.returns["crawl"]["articles_new"] == 0

        alarm = run_dag(bag.dags["source_health"])
    assert alarm.state == "failed" and alarm.tasks == {"check": "failed"}, alarm
    assert len(webhook.posts) == 1
    post = webhook.posts[0]
    assert sorted(s["source"] for s in post["sources"]) == ["sample_jcrb", "sample_void"]
    evidence = {s["source"]: s["evidence"] for s in post["sources"]}
    jcrb_found = sum(1 for a in load_manifest()["articles"] if a["outlet"] == "jcrb")
    assert evidence["sample_jcrb"].startswith("sample_jcrb: last run found 0 articles")
    assert f"average {jcrb_found} over the previous 1" in evidence["sample_jcrb"]
    assert "no run in the window ever did" in evidence["sample_void"]
    assert "sample_cylx" not in post["text"] and "sample_jcrb" in post["text"]
