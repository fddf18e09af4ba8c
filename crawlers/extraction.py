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

from crawlers.blocks import block_index, compact, densest_container, lines_under, text_blocks
from crawlers.body import is_substantial, trim_body
from crawlers.cleaning import clean_author, clean_paragraphs, clean_title, squash
from crawlers.dates import find_published
from crawlers.registry import Selectors
from crawlers.titles import pick_title

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
    fallbacks: list[str] = field(default_factory=list)  # fields filled by the generic rules
    rules: dict[str, str] = field(default_factory=dict)  # field → "selector:<css>" or "generic:<rule>"
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


def generic_body(html: str, url: str) -> tuple[list[str], str | None]:
    """Paragraphs and author from trafilatura on the repaired page (no selectors)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url or None, with_metadata=True, include_comments=False)
    if doc is None:
        return [], None
    return clean_paragraphs((doc.text or "").splitlines()), doc.author


def extract_article(
    html: str,
    url: str,
    versions: Sequence[Selectors],
    *,
    title_suffixes: Sequence[str] = (),
    fallback: bool = True,
) -> Extracted:
    """Fields of one article page: each field from the selectors in force, then older layouts,
    then (when `fallback`) the generic rules; `rules` names what produced each field."""
    repaired = repair_markup(html)
    sel = Selector(text=repaired)
    out = Extracted()
    for index, selectors in enumerate(versions or [Selectors()]):
        for query in selectors.body:
            paragraphs = body_paragraphs(sel, [query], selectors.exclude)
            if paragraphs:
                out.paragraphs, out.layout, out.rules["text"] = paragraphs, index, f"selector:{query}"
                break
        if out.paragraphs:
            break
    chosen = versions[out.layout] if versions else Selectors()
    ordered = [chosen, *(v for v in versions if v is not chosen)]
    for name in ("title", "date", "author"):
        for selectors in ordered:
            for query in getattr(selectors, name):
                value = _first_text(sel, [query])
                if not value:
                    continue
                if name == "title":
                    out.title = clean_title(value, title_suffixes)
                elif name == "date":
                    out.published = value
                else:
                    out.author = clean_author(value)
                out.rules[name] = f"selector:{query}"
                break
            if name in out.rules:
                break
    if fallback and (not out.paragraphs or not out.title or not out.published):
        _generic_fields(repaired, url, out)
    return out


def _generic_fields(html: str, url: str, out: Extracted) -> None:
    """Fill the fields the selectors missed with the generic rules (trafilatura, titles, dates)."""
    root = parse_page(html)
    blocks = text_blocks(root)
    paragraphs, author = generic_body(html, url)
    rule = "generic:trafilatura"
    container, dense = densest_container(blocks)
    if container is not None:
        dense_lines = clean_paragraphs(lines_under(blocks, container))
        found = compact("".join(paragraphs))
        # trafilatura missed most of the running text, or glued its paragraphs into fewer lines
        # (WeChat's <section> paragraphs): the page's own blocks keep the breaks
        glued = compact("".join(dense_lines))
        regrouped = len(dense_lines) > len(paragraphs) and glued in found and len(glued) > 0.8 * len(found)
        if len(found) < dense // 2 or regrouped:
            paragraphs, rule = dense_lines, "generic:densest-block"
    if not out.paragraphs and paragraphs:
        out.paragraphs = paragraphs
        out.rules["text"] = rule
        out.fallbacks.append("body")
    first = next((line for line in out.paragraphs if is_substantial(line)), None)
    title, title_rule, shown = pick_title(root, blocks, first)
    headline = next((i for i, b in enumerate(blocks) if b is shown), None)
    if out.rules.get("text", "").startswith("generic:"):
        out.paragraphs = trim_body(out.paragraphs, title, blocks, headline)
    if not out.title and title:
        out.title = clean_title(title)
        out.rules["title"] = f"generic:{title_rule}"
        out.fallbacks.append("title")
    if not out.published:
        body_start = block_index(blocks, first) if first else None
        last = out.paragraphs[-1] if out.paragraphs else None
        body_end = block_index(blocks, last, start=body_start or 0) if last else None
        published, date_rule = find_published(root, blocks, headline, body_start, body_end, html, url)
        if published:
            out.published = published
            out.rules["date"] = f"generic:{date_rule}"
            out.fallbacks.append("date")
    if not out.author and author:
        out.author = clean_author(author)
        out.rules["author"] = "generic:trafilatura"


def parse_page(html: str) -> lxml_html.HtmlElement:
    """An lxml tree of a (repaired) page; content that a stray script pushed into `<head>` stays visible."""
    return lxml_html.document_fromstring(html)
