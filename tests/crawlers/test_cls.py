"""财联社 spider against a local fake of the signed roll API (items from ../shared/corpus/html/cls):
paging by last_time, ads dropped, a text-less row completed from its detail page, stop at since."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from crawl_helpers import FAST, make_settings, read_jsonl, write_sources
from crawl_servers import cls_routes, independent_cls_sign

from eventline.crawling import run_crawl
from sample_site.server import serve
from schemas import SHANGHAI

DETAIL = (
    "<html><head><meta charset='utf-8'><title>测试详情</title></head><body><div class='nav'>导航</div>"
    "<h1>深度文章的标题</h1><div class='detail-time'>2026-08-20 09:00</div>"
    "<div class='detail-content'><p>这是详情页的第一句。</p><p>这是详情页的最后一句。</p></div>"
    "<div class='footer'>版权所有</div></body></html>"
).encode()


@pytest.fixture(scope="module")
def roll(corpus_html: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[dict], list[dict]]]:
    items = json.loads((corpus_html / "cls" / "cls_v1_roll_get_roll_list_items_sample.json").read_text("utf-8"))
    ad = copy.deepcopy(items[0]) | {"id": 1, "ctime": int(items[-1]["ctime"]) + 10, "is_ad": 1, "title": "广告"}
    textless = copy.deepcopy(items[0]) | {"id": 2, "ctime": int(items[-1]["ctime"]) + 20, "content": "", "title": ""}
    rows = [*items, ad, textless]
    log: list[dict] = []
    root = tmp_path_factory.mktemp("cls-root")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    with serve(root, routes=cls_routes(rows, log, {"/cls/detail/2": DETAIL})) as (_, base):
        yield base, items, log


def _sources(tmp: Path, base: str) -> Path:
    return write_sources(
        tmp / "sources.yaml",
        changes={
            "cls": {
                "api": {
                    "url": f"{base}/cls/v1/roll/get_roll_list",
                    "detail_url": f"{base}/cls/detail/{{id}}",
                    "params": {
                        "app": "CailianpressWeb",
                        "category": "",
                        "os": "web",
                        "refresh_type": 1,
                        "rn": 5,
                        "sv": "8.4.6",
                    },
                    "headers": {"Referer": "https://www.cls.cn/telegraph"},
                    "sign": "sha1_md5",
                    "max_pages": 10,
                },
                "allowed_domains": ["127.0.0.1"],
            }
        },
    )


@pytest.mark.slow
def test_cls_roll_pages_by_last_time(roll, tmp_path: Path) -> None:
    base, items, log = roll
    log.clear()
    stats = run_crawl(
        "cls",
        make_settings(tmp_path, _sources(tmp_path, base)),
        extra={**FAST, "EVENTLINE_STORE_FACTORY": ""},
        spider_args={"last_time": "1800000000"},
    )
    articles = {a["url"]: a for a in read_jsonl(stats.output)}
    assert len(articles) == len(items) + 1  # every item once, plus the detail-page one, no ad
    assert stats.dropped.get("ad") == 1 and not stats.errors
    assert len(log) >= 4 and all(entry["_referer"] == "https://www.cls.cn/telegraph" for entry in log)
    cursors = [int(entry["last_time"]) for entry in log]
    assert cursors == sorted(cursors, reverse=True)  # each page asks for older rows
    first = items[1]
    got = articles[f"{base}/cls/detail/{first['id']}"]
    assert got["title"] == first["title"] and got["source"] == "财联社"
    assert datetime.fromisoformat(got["published_at"]) == datetime.fromtimestamp(first["ctime"], UTC)
    assert got["published_at"].endswith("+08:00")
    assert not got["text"].startswith("【")  # the 【headline】 prefix is the title, not body text
    detail = articles[f"{base}/cls/detail/2"]
    assert detail["text"] == "这是详情页的第一句。\n这是详情页的最后一句。"


@pytest.mark.slow
def test_cls_stops_at_since(roll, tmp_path: Path) -> None:
    base, items, log = roll
    log.clear()
    since = datetime(2026, 7, 1).date()
    stats = run_crawl(
        "cls",
        make_settings(tmp_path, _sources(tmp_path, base)),
        since=since,
        extra={**FAST, "EVENTLINE_STORE_FACTORY": ""},
        spider_args={"last_time": "1800000000"},
    )
    got = read_jsonl(stats.output)
    assert got and all(a["published_at"] >= "2026-07-01" for a in got)
    newer = [
        i
        for i in items
        if datetime.fromisoformat(datetime.fromtimestamp(i["ctime"], SHANGHAI).isoformat()).date() >= since
    ]
    assert len([a for a in got if not a["url"].endswith("/detail/2")]) == len(newer)
    assert len(log) < len(items) // 5 + 2  # paging stopped once rows were older than since


def test_cls_sign_matches_endpoints_description() -> None:
    from crawlers.signing import cls_sign, sorted_query

    params = {
        "app": "CailianpressWeb",
        "category": "",
        "last_time": "1700000000",
        "os": "web",
        "refresh_type": "1",
        "rn": "50",
        "sv": "8.4.6",
    }
    assert sorted_query({"b": 1, "A": None, "c": "x"}) == "A=&b=1&c=x"
    assert cls_sign(params) == independent_cls_sign(params)
    # md5(hex(sha1("app=CailianpressWeb&category=&last_time=1700000000&os=web&refresh_type=1&rn=50&sv=8.4.6")))
    assert cls_sign(params) == "11cb5e15a051051640b2a0b464b16f9a"
