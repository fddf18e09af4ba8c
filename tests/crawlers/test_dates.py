"""Publish times (crawlers/dates.py) on pages we write: the time printed by the headline first,
labels that are not publish dates skipped, metas, script timestamps, then htmldate with the URL."""

from __future__ import annotations

from datetime import datetime

import pytest
from page_fixtures import page

from crawlers.dates import printed_dates
from crawlers.page import read_page
from schemas import SHANGHAI


def _date(html: str, url: str = "http://news.example/a/1.html") -> tuple[datetime | None, str]:
    got = read_page(html.encode("utf-8"), url)
    return got.published, got.rules.get("date", "")


def _at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


def test_dates_printed_by_the_headline_beats_metas_and_related_lists() -> None:
    html = page(head_extra='<meta property="article:published_time" content="2021-03-06T01:00:00+08:00">')
    assert _date(html) == (_at(2021, 3, 5, 10, 20), "generic:printed-by-headline")


def test_dates_related_list_dates_are_never_the_publish_date() -> None:
    published, rule = _date(page(meta_line=""))
    assert published is None or published.date().isoformat() not in {"2020-12-01", "2020-11-11", "2020-10-08"}
    assert rule != "generic:printed-by-headline"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("成文日期：2021年03月01日 发布日期：2021年03月05日", _at(2021, 3, 5)),
        ("2019-09-07 09:25:09 最后更新: 2019-09-08 10:00:00", _at(2019, 9, 7, 9, 25, 9)),
        ("来源：江城日报 发布时间：2021-03-05 10:20 浏览次数：1024", _at(2021, 3, 5, 10, 20)),
        ("2021年03月05日10:20 来源：江城日报", _at(2021, 3, 5, 10, 20)),
        ("发稿时间：2021/3/5", _at(2021, 3, 5)),
    ],
)
def test_dates_meta_line_forms(line: str, expected: datetime) -> None:
    assert _date(page(meta_line=f"<div>{line}</div>")) == (expected, "generic:printed-by-headline")


def test_dates_labelled_date_wins_over_an_earlier_unlabelled_one() -> None:
    found = printed_dates("专题 2020-01-01 发布时间：2021-03-05 10:20")
    assert [(d.date().isoformat(), labelled) for d, labelled, _ in found] == [
        ("2020-01-01", False),
        ("2021-03-05", True),
    ]
    assert _date(page(meta_line="<div>专题 2020-01-01 发布时间：2021-03-05 10:20</div>"))[0] == _at(2021, 3, 5, 10, 20)


def test_dates_yearless_printed_time_takes_the_year_from_the_page() -> None:
    html = page(
        meta_line="<div>江城在线发布时间：03-0510:20江城网络科技有限公司</div>",
        head_extra='<meta name="publishdate" content="2021-03-05">',
    )
    assert _date(html) == (_at(2021, 3, 5, 10, 20), "generic:printed-by-headline")


def test_dates_meta_when_nothing_is_printed() -> None:
    html = page(meta_line="", head_extra='<meta name="PubDate" content="2016-11-22 09:53">')
    assert _date(html) == (_at(2016, 11, 22, 9, 53), "generic:meta:PubDate")


def test_dates_wechat_script_timestamp_in_shanghai_time() -> None:
    html = page(meta_line="<div>江城发布 昨天</div>", head_extra='<script>var ct = "1581517074";</script>', after="")
    assert _date(html) == (_at(2020, 2, 12, 22, 17, 54), "generic:script-timestamp")


@pytest.mark.parametrize(
    "url",
    [
        "http://news.example/n1/2021/0305/c1001-123.html",
        "http://news.example/20210305/a1.html",
        "http://news.example/2021-03/05/c_123.htm",
    ],
)
def test_dates_url_path_when_the_page_prints_nothing(url: str) -> None:
    assert _date(page(meta_line=""), url) == (_at(2021, 3, 5), "generic:url")


def test_dates_htmldate_last_and_blind_to_what_follows_the_body() -> None:
    html = page(meta_line='<div class="byline">Posted on March 5, 2021</div>')
    published, rule = _date(html)
    assert (published.date().isoformat() if published else None, rule) == ("2021-03-05", "generic:htmldate")
