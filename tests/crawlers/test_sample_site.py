"""The team's sample site crawled by the real spiders: every article once, nothing new on a second
crawl (list pages answer 304), a changed page emitted again as an update; values match the manifest."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from crawl_helpers import FAST, SAMPLE_ROOT, make_settings, read_jsonl, sentences

from eventline.crawling import run_crawl
from sample_site.server import serve

MANIFEST = json.loads((SAMPLE_ROOT / "manifest.json").read_text(encoding="utf-8"))
SOURCES = {"sample_jcrb": "jcrb", "sample_cylx": "cylx"}


def _crawl(key: str, base: str, tmp: Path, **kw):
    return run_crawl(key, make_settings(tmp), extra={**FAST, "SAMPLE_SITE": base}, **kw)


@pytest.mark.slow
def test_sample_site_full_then_incremental(site_copy: Path, tmp_path: Path) -> None:
    with serve(site_copy) as (_, base):
        for key, outlet in SOURCES.items():
            wanted = {a["path"]: a for a in MANIFEST["articles"] if a["outlet"] == outlet}
            first = _crawl(key, base, tmp_path)
            articles = read_jsonl(first.output)
            paths = [a["url"].split(base + "/", 1)[1] for a in articles]
            assert sorted(paths) == sorted(wanted), key
            assert first.articles_new == len(wanted) and first.errors == {}
            for art in articles:
                want = wanted[art["url"].split(base + "/", 1)[1]]
                assert art["title"] == want["title"]
                assert art["published_at"] == want["published_at"]
                body = sentences(art["text"])
                assert body[0] == want["first_sentence"] and body[-1] == want["last_sentence"]
                assert "版权所有" not in art["text"] and "评论" not in art["text"]

            second = _crawl(key, base, tmp_path)
            assert read_jsonl(second.output) == []
            assert second.articles_new == 0 and second.not_modified >= 1
            assert second.bytes_downloaded < first.bytes_downloaded / 10

        # an article changes (and its list page with it): emitted again, as an update
        changed = next(a for a in MANIFEST["articles"] if a["outlet"] == "jcrb" and a["charset"] == "utf-8")
        page = site_copy / changed["path"]
        page.write_text(
            page.read_text(encoding="utf-8").replace(changed["last_sentence"], "本报将持续关注。"), encoding="utf-8"
        )
        touched = [page]
        for listing in (site_copy / "jcrb" / "index.htm", site_copy / "jcrb" / "index_1.htm"):
            # real list pages change with their articles (an "updated" time); without that, refresh=1 finds it
            listing.write_text(listing.read_text(encoding="utf-8") + "<!-- updated -->\n", encoding="utf-8")
            touched.append(listing)
        for path in touched:
            os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 60))
        third = _crawl("sample_jcrb", base, tmp_path)
        emitted = read_jsonl(third.output)
        assert [a["url"].split(base + "/", 1)[1] for a in emitted] == [changed["path"]]
        assert third.articles_updated == 1 and third.articles_new == 0
        assert emitted[0]["text"].endswith("本报将持续关注。")


@pytest.mark.slow
def test_sample_site_gbk_page_and_store(sample_server: str, tmp_path: Path) -> None:
    """The GBK page decodes; articles reach the configured store (SQLite) and `since` limits by date."""
    stats = run_crawl(
        "sample_jcrb",
        make_settings(tmp_path),
        since=__import__("datetime").date(2026, 11, 5),
        extra={**FAST, "SAMPLE_SITE": sample_server},
    )
    articles = read_jsonl(stats.output)
    assert articles and all(a["published_at"] >= "2026-11-05" for a in articles)
    assert stats.dropped.get("before_since", 0) >= 1
    gbk = next(a for a in MANIFEST["articles"] if a["charset"] != "utf-8")
    got = next(
        a
        for a in read_jsonl(
            run_crawl("sample_jcrb", make_settings(tmp_path / "b"), extra={**FAST, "SAMPLE_SITE": sample_server}).output
        )
        if a["url"].endswith(gbk["path"])
    )
    assert got["title"] == gbk["title"] and sentences(got["text"])[0] == gbk["first_sentence"]
    from store.sqlite import SQLiteStore  # the test checks the wiring; crawlers never import store

    with SQLiteStore(tmp_path / "s.sqlite3") as store:
        assert store.count_articles() == len(articles)
