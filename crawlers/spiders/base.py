"""`RegistrySpider`: the shared shape of every eventline spider, configured by one registry entry.

Spider arguments (`scrapy crawl NAME -a key=value`):
  source   registry key (defaults to the spider's name for dedicated spiders)
  since    YYYY-MM-DD; articles published before it are not emitted, paging stops there
  urls     comma-separated article URLs to fetch directly (checks, stored-page tests)
  as_of    YYYY-MM-DD; picks the layout version in force that day (default: today)
  refresh  "1" to ignore remembered ETag / Last-Modified (a full re-crawl)
The entry's politeness (delay, per-domain concurrency, download timeout) is applied to the
crawler's settings at spider priority, so `-s` on the command line still wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawlers.charset import decode_body
from crawlers.extraction import extract_article
from crawlers.items import ArticleItem
from crawlers.registry import Source, load_source


def _date_arg(value: str | date | None, name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValueError(f"spider argument {name} must be YYYY-MM-DD, got {value!r}") from exc


class RegistrySpider(scrapy.Spider):
    source: Source
    source_key: str

    def __init__(
        self,
        source: str | None = None,
        since: str | None = None,
        urls: str | None = None,
        as_of: str | None = None,
        refresh: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.source_key = source or self.name
        self.since = _date_arg(since, "since")
        self.as_of = _date_arg(as_of, "as_of")
        self.direct_urls = [u.strip() for u in (urls or "").split(",") if u.strip()]
        self.refresh = str(refresh or "").lower() in {"1", "true", "yes"}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> RegistrySpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(crawler)
        return spider

    def configure(self, crawler: Crawler) -> None:
        settings = crawler.settings
        variables = {
            k: str(v) for k, v in settings.items() if re.fullmatch(r"[A-Z][A-Z0-9_]*", k) and isinstance(v, str)
        }
        self.source = load_source(settings["EVENTLINE_SOURCES_FILE"], self.source_key).expanded(variables)
        domains = list(self.source.allowed_domains)
        for url in [*self.direct_urls, *self.source.start_urls, *([self.source.api.url] if self.source.api else [])]:
            host = urlsplit(url).hostname
            if host and host not in domains:
                domains.append(host)
        self.allowed_domains = domains
        if not settings.frozen:
            politeness = self.source.politeness
            settings.set("DOWNLOAD_DELAY", politeness.delay_s, priority="spider")
            settings.set("AUTOTHROTTLE_START_DELAY", max(politeness.delay_s, 0.01), priority="spider")
            settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", politeness.concurrency, priority="spider")
            settings.set("AUTOTHROTTLE_TARGET_CONCURRENCY", float(politeness.concurrency), priority="spider")
            settings.set("DOWNLOAD_TIMEOUT", self.source.download_timeout_s, priority="spider")
        self.title_filter = re.compile(self.source.title_filter) if self.source.title_filter else None
        self.article_re = re.compile(self.source.article_url_pattern)
        self.list_re = re.compile(self.source.list_url_pattern) if self.source.list_url_pattern else None

    # -- requests ---------------------------------------------------------------------
    def page_request(self, url: str, page: str, callback: Any, **meta: Any) -> scrapy.Request:
        return scrapy.Request(
            url, callback=callback, meta={"eventline_page": page, "eventline_refresh": self.refresh, **meta}
        )

    async def start(self) -> Any:
        """The entry points, marked `eventline_start`: a crawl whose start pages all fail has failed."""
        requests = self.start_requests_list()
        self.crawler.stats.inc_value("eventline/start_pages/requested", len(requests))
        for request in requests:
            request.meta["eventline_start"] = True
            yield request

    def start_requests_list(self) -> list[scrapy.Request]:
        if self.direct_urls:
            return [self.page_request(u, "article", self.parse_article) for u in self.direct_urls]
        return [self.page_request(u, "list", self.parse_list, dont_filter=True) for u in self.source.start_urls]

    # -- parsing ----------------------------------------------------------------------
    def decode(self, response: Response) -> tuple[str, str]:
        return decode_body(
            response.body, content_type=response.headers.get(b"Content-Type"), override=self.source.charset
        )

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        html, _ = self.decode(response)
        selector = scrapy.Selector(text=html)
        seen: set[str] = set()
        for anchor in selector.css("a[href]"):
            url = response.urljoin(anchor.attrib["href"].strip()).split("#")[0]
            if url in seen:
                continue
            seen.add(url)
            if self.article_re.search(url):
                title = " ".join(anchor.css("::text").getall()).strip()
                if self.title_filter and title and not self.title_filter.search(title):
                    continue
                yield self.page_request(url, "article", self.parse_article)
            elif self.list_re and self.list_re.search(url):
                yield self.page_request(url, "list", self.parse_list)

    def parse_article(self, response: Response) -> Iterator[ArticleItem]:
        html, codec = self.decode(response)
        extracted = extract_article(html, response.url, self.source.all_selectors(self.as_of or date.today()))
        if self.title_filter and not self.title_filter.search(extracted.title or ""):
            self.crawler.stats.inc_value("eventline/dropped/title_filter")
            return
        item = ArticleItem(
            source_key=self.source.key,
            source=self.source.name,
            url=response.url,
            title=extracted.title,
            published=extracted.published or self.fallback_date(response),
            author=extracted.author,
            paragraphs=extracted.paragraphs,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            charset=codec,
            fallbacks=extracted.fallbacks,
            tags=[],
        )
        for name in extracted.fallbacks:
            self.crawler.stats.inc_value(f"eventline/fallback/{name}")
        yield item

    def fallback_date(self, response: Response) -> str | None:
        """A date known without the page's markup (e.g. from the URL); dedicated spiders override."""
        return None
