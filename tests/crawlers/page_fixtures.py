"""Small article pages written for the page tests (our own sentences, no real outlet's text).

`page(...)` assembles a page from parts so each test states only what its rule is about.
"""

from __future__ import annotations

PARAGRAPHS = (
    "记者从市发改委获悉，江城市日前印发《新能源汽车产业发展规划》，提出到2025年全市新能源汽车产量达到五十万辆。",
    "规划明确，将重点支持动力电池、电机电控和智能网联等关键环节，并在东湖新区建设三个产业园。",
    "市发改委有关负责人表示，规划实施后将带动上下游投资超过八百亿元。",
)
HEADLINE = "江城发布新能源汽车产业规划"
NAV = '<div class="nav"><a href="/">首页</a> <a href="/cj">财经</a> <a href="/kj">科技</a> <a href="/ty">体育</a></div>'
RELATED = (
    '<div class="related"><h3>相关新闻</h3><ul>'
    '<li><a href="/1">江城去年新能源汽车产量创新高</a> 2020-12-01 09:00</li>'
    '<li><a href="/2">江城出台充电桩建设三年方案</a> 2020-11-11 15:30</li>'
    '<li><a href="/3">东湖新区签约两个电池项目</a> 2020-10-08 08:12</li></ul></div>'
)
FOOTER = '<div class="footer">关于我们 | 联系方式 | 版权所有 江城在线 鄂ICP备00000000号</div>'


def page(
    *,
    title: str = f"{HEADLINE}_财经频道_江城在线",
    head_extra: str = "",
    before: str = NAV,
    headline: str = f"<h1>{HEADLINE}</h1>",
    meta_line: str = '<div class="info">2021-03-05 10:20 来源：江城日报</div>',
    paragraphs: tuple[str, ...] = PARAGRAPHS,
    after: str = RELATED + FOOTER,
    charset: str = "utf-8",
) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<html><head><meta charset="{charset}"><title>{title}</title>{head_extra}</head><body>{before}'
        f'<div class="main">{headline}{meta_line}<div class="content">{body}</div>{after}</div></body></html>'
    )
