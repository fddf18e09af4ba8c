"""Article fields from a decoded page: registry selectors first, trafilatura / htmldate when they miss.

`extract_article` is a pure function of (html, url, selector versions); it returns a plain
`Extracted` record saying which fields came from a fallback, so spiders stay thin and the
stored-page tests can call the same code the crawl runs.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import html as lxml_html
from parsel import Selector

from crawlers.cleaning import clean_author, clean_paragraphs, clean_title, squash
from crawlers.registry import Selectors

logger = logging.getLogger(__name__)

_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "dd",
        "dt",
    ]
)
_STRAY_CLOSERS = re.compile(r"</(?:body|html)\s*>", re.I)
_DROP_TAGS = ("script", "style", "noscript", "iframe", "template", "button", "select", "form", "svg")


@dataclass
class Extracted:
    title: str | None = None
    published: str | None = None
    author: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    fallbacks: list[str] = field(default_factory=list)
    layout: int = 0  # index into the selector versions tried (0 = the version in force)


def repair_markup(html: str) -> str:
    """Drop stray `</body>` / `</html>` tags: a mid-page `</html>` (gov.cn) detaches the rest of the tree."""
    return _STRAY_CLOSERS.sub("", html)


def _first_text(sel: Selector, queries: Sequence[str]) -> str | None:
    for query in queries:
        found = sel.css(query)
        if not found:
            continue
        node = found[0]
        if isinstance(node.root, str):  # ::attr() / ::text results
            text = squash(node.root)
        else:
            text = squash(" ".join(node.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]").getall()))
        if text:
            return text
    return None


def block_lines(element: lxml_html.HtmlElement) -> list[str]:
    """The text of an element split at block boundaries (p, div, br, li, …), one entry per line."""
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            lines.append("".join(buf))
            buf.clear()

    def walk(node: lxml_html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        block = tag in _BLOCK_TAGS
        if block:
            flush()
        if node.text and tag:
            buf.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                buf.append(child.tail)
        if block:
            flush()

    walk(element)
    flush()
    return lines


def body_paragraphs(sel: Selector, queries: Sequence[str], exclude: Sequence[str]) -> list[str]:
    """Cleaned paragraphs of the first body selector that yields text."""
    for query in queries:
        found = sel.css(query)
        if not found or isinstance(found[0].root, str):
            continue
        root = lxml_html.fromstring(found[0].get())
        for bad in root.xpath("|".join(f"descendant-or-self::{t}" for t in _DROP_TAGS)):
            bad.drop_tree()
        for query_ex in exclude:
            for bad in Selector(root=root).css(query_ex):
                if bad.root is not root:
                    bad.root.drop_tree()
        paragraphs = clean_paragraphs(block_lines(root))
        if paragraphs:
            return paragraphs
    return []


def _fallback_body(html: str, url: str) -> tuple[list[str], str | None, str | None]:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, include_tables=True)
    if doc is None:
        return [], None, None
    text = doc.text or ""
    return clean_paragraphs(text.splitlines()), doc.title, doc.author


def _fallback_date(html: str) -> str | None:
    from htmldate import find_date

    try:
        return find_date(html, outputformat="%Y-%m-%d %H:%M:%S", extensive_search=True, original_date=True)
    except Exception:
        logger.debug("htmldate failed", exc_info=True)
        return None


def extract_article(
    html: str,
    url: str,
    versions: Sequence[Selectors],
    *,
    title_suffixes: Sequence[str] = (),
    fallback: bool = True,
) -> Extracted:
    """Fields of one article page; each missing field is tried with older layouts, then fallbacks."""
    sel = Selector(text=repair_markup(html))
    out = Extracted()
    for index, selectors in enumerate(versions or [Selectors()]):
        paragraphs = body_paragraphs(sel, selectors.body, selectors.exclude)
        if paragraphs or index == len(versions) - 1:
            out.paragraphs = paragraphs
            out.layout = index
            break
    chosen = versions[out.layout] if versions else Selectors()
    ordered = [chosen, *(v for v in versions if v is not chosen)]
    for name in ("title", "date", "author"):
        for selectors in ordered:
            value = _first_text(sel, getattr(selectors, name))
            if value:
                if name == "title":
                    out.title = clean_title(value, title_suffixes)
                elif name == "date":
                    out.published = value
                else:
                    out.author = clean_author(value)
                break
    if fallback and (not out.paragraphs or not out.title):
        paragraphs, title, author = _fallback_body(html, url)
        if not out.paragraphs and paragraphs:
            out.paragraphs = paragraphs
            out.fallbacks.append("body")
        if not out.title:
            page_title = title or _first_text(sel, ["title"])
            if page_title:
                out.title = clean_title(page_title, title_suffixes)
                out.fallbacks.append("title")
        if not out.author and author:
            out.author = clean_author(author)
    if fallback and not out.published:
        out.published = _fallback_date(html)
        if out.published:
            out.fallbacks.append("date")
    return out
