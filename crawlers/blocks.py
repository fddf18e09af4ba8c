"""The visible text of a page as blocks in document order: what a reader sees, line by line.

A block is the nearest block-level ancestor (p, div, h1…, li, td, …) of a run of text, with that
text (inline children included, block children excluded). Title and date rules read blocks so
they can look "just above the body" or "right under the headline" without any site's classes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html

from crawlers.cleaning import squash

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dd",
        "dt",
        "dl",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "th",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "nav",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "form",
        "center",
        "main",
        "address",
    ]
)
HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
INVISIBLE_TAGS = ("script", "style", "noscript", "template", "textarea", "select", "option", "svg", "title", "meta")
_TITLEISH = re.compile(r"title|headline|tit\b|tit[_-]|biaoti|newst", re.I)
_RUNNING = re.compile(r"[，。！？；]")
_NO_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


@dataclass
class Block:
    element: lxml_html.HtmlElement
    text: str

    @property
    def tag(self) -> str:
        return self.element.tag if isinstance(self.element.tag, str) else ""

    @property
    def is_heading(self) -> bool:
        return self.tag in HEADING_TAGS

    @property
    def titleish(self) -> bool:
        """A heading tag, or a class/id that names a title (`art-title`, `h-title`, `newstitle`…)."""
        if self.is_heading:
            return True
        names = f"{self.element.get('class', '')} {self.element.get('id', '')}"
        return bool(_TITLEISH.search(names))


def compact(text: str | None) -> str:
    """Text with every kind of whitespace removed (the form pages are compared in)."""
    return _NO_WS.sub("", text or "")


def _hidden(element: lxml_html.HtmlElement) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or element.get("hidden") is not None


def text_blocks(root: lxml_html.HtmlElement) -> list[Block]:
    """Every block with visible text, in document order (hidden and non-rendered elements skipped)."""
    order: list[lxml_html.HtmlElement] = []
    parts: dict[lxml_html.HtmlElement, list[str]] = {}

    def add(block: lxml_html.HtmlElement, text: str | None) -> None:
        if text and text.strip():
            if block not in parts:
                parts[block] = []
                order.append(block)
            parts[block].append(text)

    def walk(node: lxml_html.HtmlElement, block: lxml_html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else None
        if tag is None or tag in INVISIBLE_TAGS or _hidden(node):
            return
        own = node if tag in BLOCK_TAGS else block
        add(own, node.text)
        for child in node:
            walk(child, own)
            add(own, child.tail)

    walk(root, root)
    return [Block(el, text) for el in order if (text := squash("".join(parts[el])))]


def block_index(blocks: list[Block], text: str, probe: int = 16, start: int = 0) -> int | None:
    """Index of the first block from `start` that holds the start of `text` (its first `probe`
    visible characters)."""
    needle = compact(text)[:probe]
    if not needle:
        return None
    for index in range(max(0, start), len(blocks)):
        if needle in compact(blocks[index].text):
            return index
    return None


def densest_container(blocks: list[Block]) -> tuple[lxml_html.HtmlElement | None, int]:
    """The element whose child and grandchild blocks hold the most running text, with that length."""
    credit: dict[lxml_html.HtmlElement, int] = {}
    for block in blocks:
        if len(block.text) < 10 or not _RUNNING.search(block.text):
            continue
        parent = block.element.getparent()
        for holder in (parent, parent.getparent() if parent is not None else None):
            if holder is not None:
                credit[holder] = credit.get(holder, 0) + len(block.text)
    if not credit:
        return None, 0
    best = max(credit, key=credit.__getitem__)
    return best, credit[best]


def lines_under(blocks: list[Block], container: lxml_html.HtmlElement) -> list[str]:
    """The texts of the blocks inside `container`, in document order."""
    return [b.text for b in blocks if b.element is container or container in b.element.iterancestors()]
