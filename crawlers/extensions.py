"""Scrapy extensions of eventline: `CrawlStatsWriter` writes each run's per-source statistics."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawlers.stats import record_stats, stats_from_scrapy

logger = logging.getLogger(__name__)


class CrawlStatsWriter:
    """Extension: on spider close, write this run's per-source statistics to the stats file."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlStatsWriter:
        path = crawler.settings.get("EVENTLINE_STATS_FILE")
        if not path:
            raise NotConfigured("EVENTLINE_STATS_FILE is not set")
        ext = cls(crawler, Path(path))
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider: Any, reason: str) -> None:
        source = getattr(spider, "source_key", spider.name)
        run = stats_from_scrapy(source, spider.name, self.crawler.stats.get_stats(), reason)
        record_stats(self.path, run)
        logger.info("crawl stats for %s written to %s", source, self.path)
