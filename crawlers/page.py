"""One page in, the fields the crawler would store out: decode, extract, parse the date.

`read_page` is what the stored-page tests, the corpus measurement (eval/pages.py) and the page
tool share: bytes and a URL (plus, optionally, a registry entry whose selectors are tried first)
give a `Page` with the title, publish time, author, text, the codec used and which selector or
generic rule produced each field. The spiders run the same `extract_article` on the same decode.

    python -m crawlers.page FILE_OR_URL... [--url URL] [--source KEY] [--sources sources.yaml]

prints one JSON line per page (what ops check when adding an outlet).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from crawlers.charset import decode_body
from crawlers.cleaning import parse_datetime
from crawlers.extraction import extract_article
from crawlers.registry import Selectors, Source, load_registry


@dataclass
class Page:
    url: str
    title: str | None
    published: datetime | None
    author: str | None
    text: str
    charset: str
    rules: dict[str, str] = field(default_factory=dict)

    def record(self) -> dict[str, Any]:
        """The JSON form: the Article fields the crawler would store, plus charset and rules."""
        return {
            "url": self.url or None,
            "title": self.title,
            "published_at": self.published.isoformat() if self.published else None,
            "author": self.author,
            "text": self.text,
            "charset": self.charset,
            "rules": self.rules,
        }


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


def _fetch(target: str) -> tuple[bytes, str | None, str]:
    """(bytes, Content-Type, URL) of a local file or an http(s) URL."""
    if target.startswith(("http://", "https://")):
        import httpx

        from crawlers.settings import USER_AGENT

        response = httpx.get(target, headers={"User-Agent": USER_AGENT}, follow_redirects=True, timeout=30)
        response.raise_for_status()
        return response.content, response.headers.get("content-type"), str(response.url)
    return Path(target).read_bytes(), None, ""


def page_record(target: str, url: str = "", source: Source | None = None) -> dict[str, object]:
    """One JSON line's content for a local file or an http(s) URL: what the crawler would store."""
    body, content_type, fetched_url = _fetch(target)
    page = read_page(body, url or fetched_url, source=source, content_type=content_type)
    return {"target": target, **page.record()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawlers.page", description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="+", metavar="FILE_OR_URL")
    parser.add_argument("--url", default="", help="the page's URL when reading a file (dates in it count)")
    parser.add_argument("--source", help="a sources.yaml key whose selectors are tried first")
    parser.add_argument("--sources", default="sources.yaml", help="the registry file (default: sources.yaml)")
    args = parser.parse_args(argv)
    source = load_registry(args.sources).get(args.source) if args.source else None
    failed = 0
    for target in args.targets:
        try:
            record = page_record(target, args.url, source)
        except Exception as exc:  # one bad target must not hide the others' results
            print(json.dumps({"target": target, "error": str(exc)}, ensure_ascii=False), file=sys.stderr)
            failed += 1
            continue
        print(json.dumps(record, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
