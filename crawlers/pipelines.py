"""Item pipelines, one class per step, in ITEM_PIPELINES order.

1. `NormalizePipeline`   canonical URL, published time in Asia/Shanghai, cleaned paragraphs → text;
2. `ValidatePipeline`    build a `schemas.Article` (DropItem naming the reason otherwise);
3. `SkipUnchangedPipeline` drop a page whose canonical URL is stored with the same content hash
   (the store is asked when a factory is configured, else the crawl state file); `--since` too;
4. `JsonlWriterPipeline` append the article to the run's JSONL file;
5. `StoreUpsertPipeline` upsert into the store made by `EVENTLINE_STORE_FACTORY` (a dotted path
   loaded with `load_object`, so this package never imports `store`).

Every drop or skip increments `eventline/dropped/<reason>` (or `articles/unchanged`).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.misc import load_object

from crawlers.cleaning import clean_paragraphs, parse_datetime, since_cutoff, squash
from crawlers.items import ArticleItem
from crawlers.state import CrawlState
from schemas import Article, canonical_url

logger = logging.getLogger(__name__)
PREFIX = "eventline/"


class _Step:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.settings = crawler.settings

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)

    def drop(self, reason: str, item: ArticleItem) -> DropItem:
        self.stats.inc_value(f"{PREFIX}dropped/{reason}")
        return DropItem(f"{reason}: {item.get('url')}")


def _open_store(settings: Any) -> Any | None:
    path = settings.get("EVENTLINE_STORE_FACTORY")
    if not path:
        return None
    factory = load_object(path.replace(":", "."))  # "pkg.module:func" or "pkg.module.func"
    return factory()


class NormalizePipeline(_Step):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        if not item.get("url"):
            raise self.drop("no_url", item)
        item["url"] = canonical_url(item["url"])
        published = parse_datetime(item.get("published"))
        item["published"] = published.isoformat() if published else None
        item["paragraphs"] = clean_paragraphs(item.get("paragraphs") or [])
        item["title"] = squash(item.get("title")) or None
        item["fetched_at"] = item.get("fetched_at") or datetime.now(UTC).isoformat(timespec="seconds")
        return item


class ValidatePipeline(_Step):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        if not item.get("paragraphs"):
            raise self.drop("no_body", item)
        if not item.get("published"):
            raise self.drop("no_date", item)
        try:
            item["article"] = Article(
                url=item["url"],
                source=item["source"],
                title=item.get("title"),
                published_at=item["published"],
                fetched_at=item.get("fetched_at"),
                author=item.get("author"),
                text="\n".join(item["paragraphs"]),
            )
        except ValidationError as exc:
            fields = ",".join(sorted({str(e["loc"][0]) for e in exc.errors() if e["loc"]})) or "model"
            raise self.drop(f"invalid_{fields}", item) from exc
        return item


class SkipUnchangedPipeline(_Step):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        path = self.settings.get("EVENTLINE_STATE_FILE")
        self.state = CrawlState.shared(path) if path else None
        self.store: Any | None = None
        self.since: date | None = None

    def open_spider(self, spider: Any = None) -> None:
        self.since = getattr(self.crawler.spider, "since", None)
        try:
            self.store = _open_store(self.settings)
        except Exception as exc:
            logger.error("cannot open the store (%s); using the crawl state for unchanged pages", exc)
            self.stats.inc_value(PREFIX + "errors/store_unavailable")
            self.store = None

    def close_spider(self, spider: Any = None) -> None:
        if self.state:
            self.state.close()
        if self.store is not None:
            self.store.close()

    def known_hash(self, url: str) -> str | None:
        if self.store is not None:
            return self.store.content_hashes([url]).get(url)
        if self.state is not None:
            return self.state.seen_hashes([url]).get(url)
        return None

    def process_item(self, item: ArticleItem) -> ArticleItem:
        article: Article = item["article"]
        cutoff = since_cutoff(self.since)
        if cutoff and article.published_at < cutoff:
            raise self.drop("before_since", item)
        known = self.known_hash(article.url or "")
        if known == article.content_hash:
            self.stats.inc_value(PREFIX + "articles/unchanged")
            raise DropItem(f"unchanged: {article.url}")
        item["change"] = "updated" if known else "new"
        self.stats.inc_value(f"{PREFIX}articles/{item['change']}")
        if self.state is not None:
            self.state.remember_hash(article.url or "", article.source, article.content_hash)
        return item


class JsonlWriterPipeline(_Step):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.path = Path(self.settings.get("EVENTLINE_OUTPUT") or ".")
        self.handle: Any = None

    def open_spider(self, spider: Any = None) -> None:
        if not self.settings.get("EVENTLINE_OUTPUT"):
            key = getattr(self.crawler.spider, "source_key", "crawl")
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            self.path = Path(self.settings["EVENTLINE_DATA_DIR"]) / "articles" / f"{key}-{stamp}.jsonl"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("a", encoding="utf-8")
        self.stats.set_value(PREFIX + "output", str(self.path))

    def close_spider(self, spider: Any = None) -> None:
        if self.handle:
            self.handle.close()

    def process_item(self, item: ArticleItem) -> ArticleItem:
        record = json.loads(item["article"].model_dump_json())
        self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.handle.flush()
        self.stats.inc_value(PREFIX + "articles/written")
        return item


class StoreUpsertPipeline(_Step):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        if not self.settings.get("EVENTLINE_STORE_FACTORY"):
            raise NotConfigured("no EVENTLINE_STORE_FACTORY")
        self.batch_size = self.settings.getint("EVENTLINE_UPSERT_BATCH", 100)
        self.batch: list[Article] = []
        self.store: Any | None = None

    def open_spider(self, spider: Any = None) -> None:
        try:
            self.store = _open_store(self.settings)
        except Exception as exc:
            logger.error("cannot open the store: %s", exc)
            self.store = None

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if self.store is not None:
            self.batch.append(item["article"])
            if len(self.batch) >= self.batch_size:
                self.flush()
        return item

    def flush(self) -> None:
        if not self.batch or self.store is None:
            return
        try:
            result = self.store.upsert_articles(self.batch)
            self.stats.inc_value(PREFIX + "store/upserted", len(self.batch))
            if getattr(result, "failed", 0):
                self.stats.inc_value(PREFIX + "errors/store_failed", result.failed)
        except Exception as exc:
            logger.error("store upsert of %d articles failed: %s", len(self.batch), exc)
            self.stats.inc_value(PREFIX + "errors/store_failed", len(self.batch))
        self.batch = []

    def close_spider(self, spider: Any = None) -> None:
        self.flush()
        if self.store is not None:
            self.store.close()
