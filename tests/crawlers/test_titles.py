"""Headline reconciliation (crawlers/titles.py) on pages we write: <title> suffixes learned from the
page, SEO prefixes, section labels and site names refused, headings above the body."""

from __future__ import annotations

import pytest
from page_fixtures import HEADLINE, page

from crawlers.page import read_page
from crawlers.titles import cut_suffix, is_label


def _title(html: str) -> tuple[str | None, str]:
    got = read_page(html.encode("utf-8"), "http://news.example/a/1.html")
    return got.title, got.rules.get("title", "")


@pytest.mark.parametrize(
    ("page_title", "expected"),
    [
        ("江城发布新能源汽车产业规划_财经频道_江城在线", "江城发布新能源汽车产业规划"),
        ("江城发布新能源汽车产业规划--财经--江城在线", "江城发布新能源汽车产业规划"),
        ("江城发布新能源汽车产业规划 - 江城市人民政府门户网站", "江城发布新能源汽车产业规划"),
        ("江城发布新能源汽车产业规划|规划_江城财经_江城在线", "江城发布新能源汽车产业规划"),
        ("明日预测--江城发布新能源汽车产业规划", "江城发布新能源汽车产业规划"),
    ],
)
def test_titles_cut_suffix_keeps_the_longest_segment(page_title: str, expected: str) -> None:
    assert cut_suffix(page_title) == expected


def test_titles_headline_found_inside_title_drops_the_site_suffix() -> None:
    assert _title(page()) == (HEADLINE, "generic:heading≈<title>")


def test_titles_headline_in_a_classed_div_not_a_heading_tag() -> None:
    html = page(headline=f'<div class="art-title">{HEADLINE}</div>')
    assert _title(html) == (HEADLINE, "generic:heading≈<title>")


def test_titles_section_label_and_site_name_headings_are_never_the_title() -> None:
    html = page(
        title=f"{HEADLINE}_江城在线",
        before="<h1>江城在线</h1><h2>相关新闻</h2>",
        headline=f'<div class="newsTitle">{HEADLINE}</div>',
    )
    title, _ = _title(html)
    assert title == HEADLINE
    assert is_label("相关新闻") and is_label("江城在线", {"江城在线"})


def test_titles_keyword_stuffed_h1_loses_to_the_headline_inside_title() -> None:
    html = page(
        title=f"明日预测--{HEADLINE}",
        before="<h1>今日行情_明日大盘_股市分析_股票行情 - 行情资讯网站，权威股市资讯</h1>",
        headline=f'<div class="title-text">{HEADLINE}</div>',
    )
    assert _title(html)[0] == HEADLINE


def test_titles_title_tag_naming_a_section_uses_the_heading_above_the_body() -> None:
    html = page(title="新闻动态--江城学会官网", headline=f"<h5>{HEADLINE}</h5>")
    assert _title(html) == (HEADLINE, "generic:heading-above-body")


def test_titles_empty_title_tag_uses_the_heading_above_the_body() -> None:
    html = page(title="", headline=f'<div class="newst">{HEADLINE}</div>', meta_line="<div>发稿时间：2021/3/5</div>")
    assert _title(html) == (HEADLINE, "generic:heading-above-body")


def test_titles_without_any_heading_fall_back_to_the_cut_title_tag() -> None:
    html = page(headline="")
    assert _title(html) == (HEADLINE, "generic:<title>-suffix-cut")
