"""Stored real pages (../shared/corpus/html, served byte-for-byte from 127.0.0.1) crawled by the real
spiders in a subprocess: title, time, first and last body sentence, and no page furniture in the body."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from crawl_helpers import FAST, ROOT, SAMPLE_ROOT, make_settings, read_jsonl, sentences
from record_expected import AS_OF

from crawlers.page import read_page
from crawlers.registry import load_registry
from eventline.crawling import run_crawl

EXPECTED_DIR = Path(__file__).resolve().parent / "expected"
EXPECTED = sorted(p for p in EXPECTED_DIR.glob("*.json") if json.loads(p.read_text()).get("kind") != "api_items")
FURNITURE = ("责任编辑", "版权所有", "Copyright", "分享到", "ICP备")


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def stored_crawl(corpus_server: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """One crawl per source key over its stored pages; page path → emitted article."""
    by_source: dict[str, list[str]] = {}
    for path in EXPECTED:
        by_source.setdefault(_load(path)["source"], []).append(_load(path)["page"])
    tmp = tmp_path_factory.mktemp("stored")
    settings = make_settings(tmp)
    results: dict[str, dict[str, Any]] = {}
    for key, pages in sorted(by_source.items()):
        urls = ",".join(f"{corpus_server}/corpus/{p}" for p in pages)
        stats = run_crawl(
            key,
            settings,
            extra={**FAST, "EVENTLINE_STORE_FACTORY": ""},
            spider_args={"urls": urls, "as_of": AS_OF.isoformat()},
        )
        for article in read_jsonl(stats.output):
            results[article["url"].split("/corpus/", 1)[1]] = article
    return results


@pytest.mark.slow
@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.stem)
def test_stored_page_extraction(expected_file: Path, stored_crawl: dict[str, dict[str, Any]]) -> None:
    expected = _load(expected_file)
    want = expected["layouts"]["current"]
    got = stored_crawl.get(expected["page"])
    assert got is not None, f"{expected['page']} was not emitted"
    assert got["title"] == want["title"]
    assert got["published_at"] == want["published_at"]
    body = sentences(got["text"])
    assert body[0] == want["first_sentence"]
    assert body[-1] == want["last_sentence"]
    for junk in [*expected["absent"], *FURNITURE]:
        assert junk not in got["text"], f"{junk!r} leaked into the body of {expected['page']}"


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.stem)
def test_stored_page_fields_come_from_the_recorded_rules(expected_file: Path, corpus_html: Path) -> None:
    """Which selector (or generic rule) gives each field is pinned: a template change that makes a
    selector miss fails here naming the field and the rule that took over."""
    expected = _load(expected_file)
    source = load_registry(ROOT / "sources.yaml").get(expected["source"])
    got = read_page((corpus_html / expected["page"]).read_bytes(), "http://127.0.0.1/", source=source, as_of=AS_OF)
    want = expected["layouts"]["current"]["rules"]
    changed = {k: f"{want.get(k)} → {got.rules.get(k)}" for k in {*want, *got.rules} if want.get(k) != got.rules.get(k)}
    assert not changed, f"{expected['page']}: {changed}"


def test_every_enabled_source_has_a_pinned_page() -> None:
    """Each enabled source is pinned by a stored page, a sample-site page or a project-written mock page."""
    pinned = {_load(p)["source"] for p in EXPECTED_DIR.glob("*.json")}
    manifest = json.loads((SAMPLE_ROOT / "manifest.json").read_text(encoding="utf-8"))
    sample_prefixes = {f"/{name}/" for name in manifest["outlets"]}
    mock_pinned = {"btc8", "btc8_weekly"}  # layout pages written for tests/crawlers/test_btc8.py
    missing = []
    for source in load_registry(ROOT / "sources.yaml").enabled():
        on_sample = source.key.startswith("sample_") and any(
            p in source.article_url_pattern.replace("\\", "") or p in "".join(source.start_urls)
            for p in sample_prefixes
        )
        if source.key not in pinned and not on_sample and source.key not in mock_pinned:
            missing.append(source.key)
    assert not missing, f"enabled sources without a stored or sample page: {missing}"
