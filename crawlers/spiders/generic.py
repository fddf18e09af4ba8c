"""The generic spider: any registry entry of kind html_list, rss or sitemap.

`scrapy crawl generic -a source=KEY`. List pages yield article and further list requests by the
entry's URL patterns; feeds and sitemaps yield their item links (skipping items dated before
`since` when the feed gives a date); article pages go through the shared extraction.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from crawlers.cleaning import parse_datetime, since_cutoff
from crawlers.spiders.base import RegistrySpider


class GenericSpider(RegistrySpider):
    name = "generic"

    def __init__(self, source: str | None = None, **kwargs: Any) -> None:
        if not source:
            raise ValueError("the generic spider needs -a source=KEY (a sources.yaml key)")
        super().__init__(source=source, **kwargs)

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        if self.source.kind in ("rss", "sitemap"):
            yield from self.parse_feed(response)
        else:
            yield from super().parse_list(response)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        text, _ = self.decode(response)
        feed = scrapy.Selector(text=text, type="xml")
        feed.remove_namespaces()
        cutoff = since_cutoff(self.since)
        entries = feed.xpath("//item | //entry | //url | //sitemap")
        for entry in entries:
            link = (
                entry.xpath("link/@href").get()
                or entry.xpath("link/text()").get()
                or entry.xpath("loc/text()").get()
                or ""
            ).strip()
            if not link:
                continue
            url = response.urljoin(link)
            when = parse_datetime(
                entry.xpath("pubDate/text() | updated/text() | published/text() | lastmod/text()").get()
            )
            if cutoff and when and when < cutoff:
                self.crawler.stats.inc_value("eventline/dropped/before_since")
                continue
            if entry.root.tag == "sitemap" or (self.list_re and self.list_re.search(url)):
                yield self.page_request(url, "list", self.parse_list)
            elif self.article_re.search(url):
                title = (entry.xpath("title/text()").get() or "").strip()
                if self.title_filter and title and not self.title_filter.search(title):
                    continue
                yield self.page_request(url, "article", self.parse_article)
