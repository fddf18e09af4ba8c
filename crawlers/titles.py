"""The headline a reader sees, reconciled from `<title>`, title metas and the page's own headings.

Rules, in order (the name of the rule that won is returned with the title):
1. `heading≈<title>`: the longest heading-like block whose text lies inside `<title>` and covers
   its headline part; the rest of `<title>` is the site suffix (or SEO prefix) learned from the page.
2. `meta-title`: og:title / ArticleTitle / twitter:title when a block of the page shows it.
3. `heading-above-body`: `<title>` names a section or the site (or is empty): the nearest
   heading-like block above the first body paragraph.
4. `<title>-suffix-cut`: `<title>` (or a title meta) cut to its longest segment.
Section labels (相关新闻, 热点推荐…) and the site's name are never returned.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

from crawlers.blocks import Block, block_index, compact
from crawlers.cleaning import squash

# separators between a headline and the site / section parts of a <title>
_SEPARATORS = re.compile(r"\s*(?:_+|\|+|｜|--+|—+|–|\s-\s|-)\s*")
SECTION_LABELS = frozenset(
    [
        "相关新闻",
        "相关阅读",
        "相关文章",
        "相关博文",
        "相关报道",
        "相关稿件",
        "相关链接",
        "延伸阅读",
        "推荐阅读",
        "为你推荐",
        "猜你喜欢",
        "热点推荐",
        "热门推荐",
        "热门文章",
        "热门新闻",
        "最新文章",
        "最新新闻",
        "最新资讯",
        "排行榜",
        "阅读排行",
        "点击排行",
        "今日热点",
        "热点新闻",
        "精彩推荐",
        "网友评论",
        "评论",
        "新闻动态",
        "图片新闻",
        "视频",
        "专题",
        "首页",
        "正文",
        "分享到",
        "作者最新文章",
    ]
)
_TITLE_METAS = (
    "meta[property='og:title']",
    "meta[name='ArticleTitle']",
    "meta[name='twitter:title']",
    "meta[name='title']",
    "meta[itemprop='headline']",
)
_DATE_LINE = re.compile(r"(19|20)\d{2}\s*[-/.年]\s*\d{1,2}|发布时间|发稿时间|来源[:：]")
_MIN_LEN, _MAX_LEN = 4, 120


def _meta_titles(root: lxml_html.HtmlElement) -> list[str]:
    out = []
    for query in _TITLE_METAS:
        for meta in root.cssselect(query):
            value = squash(meta.get("content"))
            if value:
                out.append(value)
    return out


def _site_names(root: lxml_html.HtmlElement) -> set[str]:
    names = {compact(m.get("content")) for m in root.cssselect("meta[property='og:site_name'], meta[name='SiteName']")}
    return names - {""}


def segments(page_title: str) -> list[str]:
    return [s for s in _SEPARATORS.split(page_title) if s]


def cut_suffix(page_title: str) -> str:
    """`<title>` up to the end of its longest segment: "标题_频道_站点" → "标题"; "站点--标题" → "站点--标题"."""
    parts = segments(page_title)
    if not parts:
        return page_title
    longest = max(parts, key=len)
    end = page_title.find(longest) + len(longest)
    start = 0
    # a short leading part followed by "--" is an SEO prefix ("明日股市预测--…")
    head = page_title[: page_title.find(longest)]
    if head and re.search(r"--+\s*$", head):
        start = len(head)
    return page_title[start:end].strip()


def is_label(text: str, site_names: set[str] = frozenset()) -> bool:
    key = compact(text).strip("：:【】[]")
    return len(key) < _MIN_LEN or key in SECTION_LABELS or key in site_names


def _plausible(block: Block, site_names: set[str]) -> bool:
    return _MIN_LEN <= len(block.text) <= _MAX_LEN and not is_label(block.text, site_names)


def _inside_title(blocks: list[Block], page_title: str, site_names: set[str]) -> Block | None:
    whole = compact(page_title)
    parts = segments(page_title)
    if not whole or not parts:
        return None
    need = 0.5 * len(compact(max(parts, key=len)))
    best: Block | None = None
    for block in blocks:
        key = compact(block.text)
        if not _plausible(block, site_names) or key not in whole or len(key) < need:
            continue
        if best is None or (len(key), block.titleish) > (len(compact(best.text)), best.titleish):
            best = block
    return best


def _above_body(blocks: list[Block], body_start: int | None, site_names: set[str], window: int = 8) -> Block | None:
    if body_start is None:
        return None
    near = [b for b in blocks[max(0, body_start - window) : body_start] if _plausible(b, site_names)]
    near = [b for b in near if not _DATE_LINE.search(b.text) and not b.text.endswith("。")]
    for pick in (lambda b: b.is_heading, lambda b: b.titleish):
        found = [b for b in near if pick(b)]
        if found:
            return found[-1]
    return None


def pick_title(
    root: lxml_html.HtmlElement, blocks: list[Block], first_paragraph: str | None = None
) -> tuple[str | None, str, Block | None]:
    """(headline, rule, the block showing it) following the module docstring's order."""
    site_names = _site_names(root)
    page_title = squash(" ".join(t.text_content() for t in root.xpath("//head/title | //title")[:1]))
    site_names |= {compact(p) for p in segments(page_title)[1:] if len(p) <= 12}
    body_start = block_index(blocks, first_paragraph) if first_paragraph else None
    # the body's first line may be the headline itself (extractors often keep it)
    candidates = blocks[: body_start + 1] if body_start is not None else blocks
    found = _inside_title(candidates, page_title, site_names - {compact(page_title)})
    if found is not None:
        return found.text, "heading≈<title>", found
    metas = _meta_titles(root)
    for meta in metas:
        shown = [b for b in candidates if compact(b.text) == compact(meta)]
        if shown and not is_label(meta, site_names):
            return shown[0].text, "meta-title", shown[0]
    found = _above_body(blocks, body_start, site_names)
    if found is not None:
        return found.text, "heading-above-body", found
    for value in (*metas, page_title):
        cut = cut_suffix(value)
        if cut and not is_label(cut, site_names):
            return cut, "<title>-suffix-cut", None
    return None, "none", None
