"""One page in, the fields the crawler would store out: decode, extract, parse the date.

`read_page` is what the spiders, `eventline page` and the stored-page tests share: bytes and a
URL (plus, optionally, a registry entry whose selectors are tried first) give a `Page` with the
title, publish time, author, text, the codec used and which rule or selector produced each field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from crawlers.charset import decode_body
from crawlers.cleaning import parse_datetime
from crawlers.extraction import extract_article
from crawlers.registry import Selectors, Source


@dataclass
class Page:
    url: str
    title: str | None
    published: datetime | None
    author: str | None
    text: str
    charset: str
    rules: dict[str, str] = field(default_factory=dict)


def read_page(
    body: bytes,
    url: str = "",
    *,
    source: Source | None = None,
    content_type: str | bytes | None = None,
    as_of: date | None = None,
) -> Page:
    """The stored fields of one article page (generic path when `source` is None)."""
    html, codec = decode_body(body, content_type=content_type, override=source.charset if source else None)
    versions = source.all_selectors(as_of or date.today()) if source else [Selectors()]
    got = extract_article(html, url, versions)
    return Page(
        url=url,
        title=got.title,
        published=parse_datetime(got.published),
        author=got.author,
        text="\n".join(got.paragraphs),
        charset=codec,
        rules=got.rules,
    )
