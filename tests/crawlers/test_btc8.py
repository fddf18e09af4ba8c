"""巴比特 spider on pages written for this test in 8btc's layout (ENDPOINTS.md: ul.bbt-list rows with a
time, div.bbt-html bodies): list dates bound `since`, and btc8_weekly keeps only 产业区块链一周动态."""

from __future__ import annotations

from pathlib import Path

import pytest
from crawl_helpers import FAST, make_settings, read_jsonl, write_sources

from eventline.crawling import run_crawl
from sample_site.server import serve

ROWS = [
    (101, "产业区块链一周动态｜多地发布区块链专项政策", "2026-11-16"),
    (102, "某交易平台发布季度报告", "2026-11-15"),
    (103, "产业区块链一周动态｜链上政务服务加速落地", "2026-11-09"),
    (104, "旧闻一则", "2026-10-01"),
]


def _routes() -> dict:
    items = "".join(f'<li><a href="/article/{i}">{t}<span>{d} 10:00</span></a></li>' for i, t, d in ROWS)
    routes = {
        "/sitemap": lambda h: h.send_bytes(
            f'<html><body><div class="nav">导航</div><ul class="bbt-list">{items}</ul></body></html>'.encode()
        )
    }
    for i, title, day in ROWS:
        page = (
            f'<html><body><div class="bbt-main"><h1>{title}</h1><span class="time">{day} 10:00</span></div>'
            f'<div class="bbt-html"><p>本周要闻第一条。</p><p>本周要闻最后一条。</p></div>'
            f'<div class="comment">评论区</div></body></html>'
        ).encode()
        routes[f"/article/{i}"] = lambda h, page=page: h.send_bytes(page)
    return routes


@pytest.mark.slow
def test_btc8_list_since_and_weekly_column(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    with serve(root, routes=_routes()) as (_, base):
        local = {"start_urls": [f"{base}/sitemap?page=1"], "allowed_domains": ["127.0.0.1"]}
        sources = write_sources(tmp_path / "sources.yaml", changes={"btc8": local, "btc8_weekly": local})
        settings = make_settings(tmp_path, sources)
        extra = {**FAST, "EVENTLINE_STORE_FACTORY": ""}
        all_since = read_jsonl(
            run_crawl("btc8", settings, since=__import__("datetime").date(2026, 11, 1), extra=extra).output
        )
        assert sorted(a["url"].rsplit("/", 1)[1] for a in all_since) == ["101", "102", "103"]
        assert all(a["source"] == "巴比特" and "评论区" not in a["text"] for a in all_since)
        weekly = read_jsonl(run_crawl("btc8_weekly", make_settings(tmp_path / "w", sources), extra=extra).output)
        assert sorted(a["title"] for a in weekly) == sorted(t for _, t, _ in ROWS if t.startswith("产业区块链一周动态"))
