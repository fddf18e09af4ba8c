"""Each failure mode on purpose-built routes: recorded per source by kind, and the crawl goes on."""

from __future__ import annotations

from pathlib import Path

import pytest
from crawl_helpers import FAST, make_settings, read_jsonl, write_sources

from eventline.crawling import run_crawl

FAIL_SOURCE = {
    "key": "failsite",
    "name": "故障测试站",
    "kind": "html_list",
    "start_urls": ["${FAIL_SITE}/fail/index.html"],
    "allowed_domains": ["${FAIL_SITE}"],
    "article_url_pattern": "/fail/(a|private)/\\w+\\.html$",
    "selectors": {"title": ["h1.t"], "date": ["span.d"], "body": ["div.body"]},
    "politeness": {"delay_s": 0, "concurrency": 8},
    "download_timeout_s": 2,
    "enabled": False,
}


@pytest.mark.slow
def test_failure_modes_are_recorded_and_crawl_continues(failure_site, tmp_path: Path) -> None:
    sources = write_sources(tmp_path / "sources.yaml", [FAIL_SOURCE])
    stats = run_crawl(
        "failsite",
        make_settings(tmp_path, sources),
        extra={
            **FAST,
            "FAIL_SITE": failure_site.base,
            "RETRY_TIMES": 0,
            "DOWNLOAD_TIMEOUT": 2,
            "EVENTLINE_STORE_FACTORY": "",
        },
    )
    assert stats.errors == {
        "http_404": 1,
        "http_500": 1,
        "timeout": 1,
        "redirect_loop": 1,
        "empty_body": 1,
        "too_large": 1,
        "robots_disallowed": 1,
    }
    titles = sorted(a["title"] for a in read_jsonl(stats.output))
    assert titles == ["国标编码的文章", "正常的文章", "限流之后的文章"]
    gbk = next(a for a in read_jsonl(stats.output) if a["title"] == "国标编码的文章")
    assert gbk["text"].startswith("湖北省武汉市发布区块链产业政策。")
    assert failure_site.hits["/fail/a/busy.html"] == 2  # 429 + Retry-After honoured, then retried once
    assert "/fail/private/secret.html" not in failure_site.hits
    assert stats.finish_reason == "finished" and stats.ok
