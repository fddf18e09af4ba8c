"""财联社 telegraph roll: a signed JSON API paged by `last_time`, plus detail pages.

What YAML cannot say: each request's query is signed (`crawlers.signing.cls_sign`); a page's
smallest `ctime` becomes the next `last_time`; rows with `is_ad` are dropped; a row without
text is completed from its detail page; paging stops at `since` or `api.max_pages`. The
endpoint, fixed parameters, headers and detail URL template are the `cls` entry of sources.yaml.

Extra spider argument: `last_time` (unix seconds to start from; default now).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from crawlers.cleaning import clean_paragraphs, since_cutoff, title_from_text
from crawlers.items import ArticleItem
from crawlers.signing import signed_params
from crawlers.spiders.base import RegistrySpider


def dig(data: Any, path: str) -> Any:
    for part in path.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def telegraph_paragraphs(content: str, title: str | None) -> list[str]:
    """Paragraphs of a telegraph's text, without its leading 【headline】 when that is the title."""
    text = content.strip()
    if title and text.startswith(f"【{title}】"):
        text = text[len(title) + 2 :]
    return clean_paragraphs(text.replace("<br>", "\n").replace("<br/>", "\n").splitlines())


class ClsSpider(RegistrySpider):
    name = "cls"

    def __init__(self, last_time: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_cursor = int(last_time) if last_time else int(time.time())

    def start_requests_list(self) -> list[scrapy.Request]:
        if self.direct_urls:
            return super().start_requests_list()
        return [self.roll_request(self.start_cursor, page=1)]

    def roll_request(self, cursor: int, page: int) -> scrapy.Request:
        api = self.source.api
        assert api is not None  # the registry requires it for json_api
        params = signed_params({**api.params, api.cursor_param: cursor}, api.sign)
        return scrapy.Request(
            f"{api.url}?{urlencode(params)}",
            headers=api.headers,
            callback=self.parse_roll,
            meta={"eventline_page": "api", "roll_page": page},
            dont_filter=True,
        )

    def parse_roll(self, response: Response) -> Iterator[ArticleItem | scrapy.Request]:
        api = self.source.api
        assert api is not None
        try:
            payload = json.loads(response.body)
        except ValueError:
            self.crawler.stats.inc_value("eventline/errors/bad_json")
            return
        if payload.get("errno", 0) not in (0, "0"):
            self.crawler.stats.inc_value("eventline/errors/api_errno")
            self.logger.warning("roll API errno %s: %s", payload.get("errno"), payload.get("msg"))
            return
        rows = dig(payload, api.items_path) or []
        cutoff = since_cutoff(self.since)
        cursor: int | None = None
        reached_since = False
        for row in rows:
            ctime = int(row.get(api.cursor_field) or 0)
            cursor = ctime if cursor is None else min(cursor, ctime)
            if row.get("is_ad"):
                self.crawler.stats.inc_value("eventline/dropped/ad")
                continue
            published = datetime.fromtimestamp(ctime, tz=UTC)
            if cutoff and published < cutoff:
                reached_since = True
                self.crawler.stats.inc_value("eventline/dropped/before_since")
                continue
            yield from self.row_to_article(row, response)
        page = response.meta.get("roll_page", 1)
        if rows and cursor and not reached_since and page < api.max_pages:
            yield self.roll_request(cursor, page + 1)

    def row_to_article(self, row: dict[str, Any], response: Response) -> Iterator[ArticleItem | scrapy.Request]:
        api = self.source.api
        assert api is not None
        url = (api.detail_url or "{id}").format(id=row.get("id"))
        content = (row.get("content") or "").strip()
        title = (row.get("title") or "").strip() or title_from_text(content) or None
        if not content:
            yield self.page_request(url, "article", self.parse_article, roll_row=row)
            return
        yield ArticleItem(
            source_key=self.source.key,
            source=self.source.name,
            url=url,
            title=title,
            published=int(row.get("ctime") or 0) or None,
            author=(row.get("author") or None),
            paragraphs=telegraph_paragraphs(content, title),
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            charset="utf-8",
            fallbacks=[],
            tags=[s.get("subject_name") for s in row.get("subjects") or [] if s],
        )

    def fallback_date(self, response: Response) -> str | None:
        row = response.meta.get("roll_row") or {}
        return str(row["ctime"]) if row.get("ctime") else None
