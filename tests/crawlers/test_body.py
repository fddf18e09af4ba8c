"""Body trimming (crawlers/body.py) and the generic body path on pages we write: furniture above
the headline, feeds and related lists, disclaimers mid-line, layout tables, broken markup."""

from __future__ import annotations

from page_fixtures import HEADLINE, PARAGRAPHS, page

from crawlers.body import trim_body
from crawlers.page import read_page


def _text(html: str | bytes) -> tuple[list[str], str]:
    got = read_page(html.encode("utf-8") if isinstance(html, str) else html, "http://news.example/a/1.html")
    return got.text.splitlines(), got.rules.get("text", "")


def test_body_keeps_the_paragraphs_and_drops_nav_headline_meta_related_and_footer() -> None:
    assert _text(page()) == (list(PARAGRAPHS), "generic:trafilatura")


def test_body_ends_at_a_feed_heading() -> None:
    lines = [*PARAGRAPHS, "为你推荐", "江城地铁五号线开通运营，沿线房价应声上涨。", "加载更多"]
    assert trim_body(lines, HEADLINE) == list(PARAGRAPHS)


def test_body_ends_at_a_run_of_dated_links() -> None:
    lines = [*PARAGRAPHS, "江城去年新能源汽车产量创新高 2020-12-01 09:00", "江城出台充电桩建设方案 2020-11-11 15:30"]
    assert trim_body(lines, HEADLINE) == list(PARAGRAPHS)


def test_body_ends_at_three_headline_like_lines_with_no_text_after_them() -> None:
    links = ["江城去年新能源汽车产量创新高", "江城出台充电桩建设三年方案", "东湖新区签约两个电池项目"]
    assert trim_body([*PARAGRAPHS, *links], HEADLINE) == list(PARAGRAPHS)


def test_body_keeps_short_phrase_lines_inside_the_article() -> None:
    lines = [
        "下周一，",
        "江城大桥将封闭施工十天，",
        "请市民提前规划出行路线。",
        "什么？",
        "你还不知道？",
        "赶紧转告家人！",
        "届时过江车辆将从二桥绕行，公交线路同步调整。",
    ]
    assert trim_body(lines, HEADLINE) == lines


def test_body_cuts_a_disclaimer_glued_to_the_last_sentence() -> None:
    lines = [*PARAGRAPHS[:2], PARAGRAPHS[2] + "江城在线声明：本文仅代表作者观点，不构成投资建议。", "相关新闻"]
    assert trim_body(lines, HEADLINE) == list(PARAGRAPHS)


def test_body_cuts_an_editor_credit_glued_to_the_last_sentence() -> None:
    lines = [*PARAGRAPHS[:2], PARAGRAPHS[2] + "编辑|张三", "来源|江城日报"]
    assert trim_body(lines, HEADLINE) == list(PARAGRAPHS)


def test_body_drops_layout_table_rows_but_keeps_sentences_in_cells() -> None:
    lines = ["| | |", f"| {PARAGRAPHS[0]} |", "| 【字号 大 中 小】 | 打印 | 留言 |", *PARAGRAPHS[1:], "| 相关专题 |"]
    assert trim_body(lines, HEADLINE) == list(PARAGRAPHS)


def test_body_drops_original_title_lines_and_bullet_link_lines() -> None:
    lines = [
        PARAGRAPHS[0],
        "（原标题：江城印发新能源汽车规划）",
        "·江城新闻 ·东湖动态 ·产业观察 ·图片新闻",
        *PARAGRAPHS[1:],
    ]
    assert trim_body(lines, HEADLINE) == list(PARAGRAPHS)


def test_body_script_before_html_still_yields_title_date_and_body() -> None:
    html = "<script>var tracker = 1;</script>\n" + page()
    got = read_page(html.encode("utf-8"), "http://news.example/a/1.html")
    assert (got.title, got.text.splitlines()) == (HEADLINE, list(PARAGRAPHS))


def test_body_stray_closing_html_tag_does_not_cut_the_page() -> None:
    html = page(meta_line='<div class="info">2021-03-05 10:20 来源：江城日报</div></body></html>')
    assert _text(html)[0] == list(PARAGRAPHS)


def test_body_wechat_sections_use_the_densest_block_when_trafilatura_misses_them() -> None:
    sections = "".join(f'<section style="margin: 0 16px;"><span>{p}</span></section>' for p in PARAGRAPHS * 3)
    html = page(
        headline=f'<h2 class="rich_media_title">{HEADLINE}</h2>',
        meta_line='<div class="rich_media_meta_list">江城发布 昨天</div>',
        paragraphs=(),
        after=f'<div class="rich_media_content" id="js_content">{sections}</div>'
        '<div class="qr"><p>微信扫一扫关注该公众号</p></div>',
    )
    lines, rule = _text(html)
    assert set(lines) == set(PARAGRAPHS)
    assert rule in {"generic:trafilatura", "generic:densest-block"}
