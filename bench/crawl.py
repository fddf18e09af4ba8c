"""Crawl benchmark: pages/s for crawl (+ event extraction) on a generated local site, and the bytes
a re-crawl of the unchanged site downloads.

Generates ≥ 500 article pages (plus list pages, 20 links each) in a temp dir, serves them from
127.0.0.1 with ETag / Last-Modified (sample_site.server), crawls them with the real generic spider
in a subprocess (`eventline.crawling.run_crawl`, politeness delays off, 16 concurrent requests),
then runs `nlp.extract_events` over the crawled articles when nlp is importable. Prints figures.

    python bench/crawl.py [--pages 520]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from eventline.config import Settings  # noqa: E402
from eventline.crawling import run_crawl  # noqa: E402
from sample_site.server import serve  # noqa: E402

CITIES = ["武汉市", "襄阳市", "宜昌市", "黄石市", "十堰市", "荆州市"]
ORGS = ["江城链科信息技术有限公司", "楚天汽车集团有限公司", "光谷数据研究院", "湖北省数据局"]


def generate(site: Path, pages: int, per_list: int = 20) -> None:
    (site / "news").mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    for i in range(pages):
        city, org = CITIES[i % len(CITIES)], ORGS[i % len(ORGS)]
        day = 1 + i % 28
        paras = "".join(
            f"<p>{city}{day}日讯 {org}与合作方在{city}签署第{i}号战略合作协议，双方将共建区块链与数据要素联合实验室，"
            f"项目总投资{i % 90 + 10}亿元。据介绍，该项目第{k}期将于明年建成投用。</p>"
            for k in range(6)
        )
        html = (
            f"<html><head><meta charset='utf-8'><title>新闻{i}</title></head><body><div class='nav'>首页 导航</div>"
            f"<h1 class='t'>{org}在{city}签约第{i}号项目</h1><span class='d'>2026-10-{day:02d} 09:{i % 60:02d}</span>"
            f"<div class='body'>{paras}</div><div class='footer'>版权所有</div></body></html>"
        )
        (site / "news" / f"{i}.html").write_text(html, encoding="utf-8")
    lists = (pages + per_list - 1) // per_list
    for n in range(lists):
        links = "".join(
            f'<li><a href="/news/{i}.html">新闻{i}</a></li>'
            for i in range(n * per_list, min(pages, (n + 1) * per_list))
        )
        nxt = f'<a href="/list_{n + 1}.html">下一页</a>' if n + 1 < lists else ""
        (site / f"list_{n}.html").write_text(f"<html><body><ul>{links}</ul>{nxt}</body></html>", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=520)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eventline-bench-") as tmp_name:
        tmp = Path(tmp_name)
        generate(tmp / "site", args.pages)
        sources = yaml.safe_load((ROOT / "sources.yaml").read_text(encoding="utf-8"))
        sources["sources"].append(
            {
                "key": "bench",
                "name": "基准站",
                "kind": "html_list",
                "start_urls": ["${BENCH_SITE}/list_0.html"],
                "allowed_domains": ["${BENCH_SITE}"],
                "article_url_pattern": r"/news/\d+\.html$",
                "list_url_pattern": r"/list_\d+\.html$",
                "selectors": {"title": "h1.t", "date": "span.d", "body": "div.body"},
                "politeness": {"delay_s": 0, "concurrency": 16},
                "enabled": False,
            }
        )
        (tmp / "sources.yaml").write_text(yaml.safe_dump(sources, allow_unicode=True), encoding="utf-8")
        settings = Settings(data_dir=tmp / "data", sources_file=tmp / "sources.yaml", sqlite_path=tmp / "s.sqlite3")
        with serve(tmp / "site") as (_, base):
            extra = {
                "BENCH_SITE": base,
                "AUTOTHROTTLE_ENABLED": False,
                "DOWNLOAD_DELAY": 0,
                "CONCURRENT_REQUESTS": 16,
                "LOG_LEVEL": "WARNING",
                **json.loads(os.environ.get("BENCH_EXTRA", "{}")),
            }
            t0 = time.perf_counter()
            first = run_crawl("bench", settings, extra=extra)
            crawl_s = time.perf_counter() - t0
            t1 = time.perf_counter()
            second = run_crawl("bench", settings, extra=extra)
            recrawl_s = time.perf_counter() - t1
        lines = Path(first.output or "").read_text(encoding="utf-8").splitlines()
        extract_s, events, extract_note = 0.0, 0, ""
        try:
            from nlp import extract_events
            from schemas import Article

            articles = [Article.model_validate(json.loads(line)) for line in lines]
            t2 = time.perf_counter()
            events = len(extract_events(articles))
            extract_s = time.perf_counter() - t2
        except Exception as exc:
            extract_note = f" (extraction unavailable: {type(exc).__name__}: {exc}; crawl only)"
        print(f"site: {args.pages} article pages + list pages, served from 127.0.0.1")
        engine_s = (
            (first.finished_at - first.started_at).total_seconds() if first.started_at and first.finished_at else 0
        )
        print(
            f"crawl: {first.pages_fetched} pages, {first.articles_new} articles in {crawl_s:.2f}s wall "
            f"(subprocess start included) → {first.pages_fetched / crawl_s:.0f} pages/s; "
            f"inside Scrapy {engine_s:.2f}s → {first.pages_fetched / max(engine_s, 1e-9):.0f} pages/s"
        )
        if not extract_note:
            total = crawl_s + extract_s
            print(
                f"extraction: {events} events from {len(lines)} articles in {extract_s:.2f}s → crawl+extraction "
                f"{first.pages_fetched / total:.0f} pages/s"
            )
        else:
            print("extraction:" + extract_note)
        print(
            f"re-crawl of the unchanged site: {second.pages_fetched} responses ({second.not_modified} not modified),"
            f" {second.bytes_downloaded} bytes (first crawl {first.bytes_downloaded} bytes), "
            f"{second.articles_new + second.articles_updated} articles emitted, {recrawl_s:.2f}s"
        )


if __name__ == "__main__":
    main()
