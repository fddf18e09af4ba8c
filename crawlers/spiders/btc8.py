"""巴比特 8btc: list pages (`ul.bbt-list li`, each with a link and a time) and article pages.

What YAML cannot say: list rows carry their date, so rows before `since` are skipped without
fetching them and paging stops once a whole list page is older than `since`. The weekly column
产业区块链一周动态 is the `btc8_weekly` entry: the same spider with a `title_filter`.
"""

from __future__ import annotations

from collections.abc import Iterator

import scrapy
from scrapy.http import Response

from crawlers.cleaning import parse_datetime, since_cutoff
from crawlers.spiders.base import RegistrySpider


class Btc8Spider(RegistrySpider):
    name = "btc8"

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        html, _ = self.decode(response)
        selector = scrapy.Selector(text=html)
        rows = selector.css("ul.bbt-list > li")
        if not rows:  # a different list template: fall back to link patterns
            yield from super().parse_list(response)
            return
        cutoff = since_cutoff(self.since)
        fresh = 0
        for row in rows:
            href = row.css("a::attr(href)").get()
            if not href:
                continue
            url = response.urljoin(href.strip())
            title = " ".join(row.css("a::text").getall()).strip()
            when = parse_datetime(row.css("a span::text, span.time::text, time::attr(datetime)").get())
            if cutoff and when and when < cutoff:
                self.crawler.stats.inc_value("eventline/dropped/before_since")
                continue
            if self.title_filter and title and not self.title_filter.search(title):
                continue
            if self.article_re.search(url):
                fresh += 1
                yield self.page_request(url, "article", self.parse_article)
        if fresh == 0 and cutoff:
            return  # everything on this page is older than since: stop paging
        for href in selector.css("a[href]::attr(href)").getall():
            url = response.urljoin(href.strip())
            if self.list_re and self.list_re.search(url):
                yield self.page_request(url, "list", self.parse_list)
