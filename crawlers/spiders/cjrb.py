"""长江日报 / 长江网 (cjn.cn): TRS CMS list and article pages.

What YAML cannot say: TRS article URLs carry the month (`/YYYYMM/tNNNNNNN.htm`), which bounds a
crawl by `since` before any page is fetched and dates an article whose time selector misses.
Selectors (`div.TRS_Editor` …) and start URLs are in the `cjrb` entry of sources.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import scrapy
from scrapy.http import Response

from crawlers.spiders.base import RegistrySpider

_MONTH = re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<m>\d{2})/t\d+")


def trs_month(url: str) -> date | None:
    """The first day of the month in a TRS article URL, or None."""
    match = _MONTH.search(url)
    if not match:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), 1)
    except ValueError:
        return None


class CjrbSpider(RegistrySpider):
    name = "cjrb"

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        for request in super().parse_list(response):
            month = trs_month(request.url)
            if (
                self.since
                and month
                and request.meta.get("eventline_page") == "article"
                and ((month.year, month.month) < (self.since.year, self.since.month))
            ):
                self.crawler.stats.inc_value("eventline/dropped/before_since")
                continue
            yield request

    def fallback_date(self, response: Response) -> str | None:
        month = trs_month(response.url)
        return month.isoformat() if month else None
