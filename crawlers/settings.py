"""Scrapy settings of the eventline crawl project: only overrides of Scrapy's defaults.

Paths and the contact come from the same environment variables as `eventline.config`
(`EVENTLINE_DATA_DIR`, `EVENTLINE_CONTACT`, …) so a crawl started by `eventline crawl`, by
Airflow or by plain `scrapy crawl` behaves alike. Per-source politeness (delay, concurrency,
download timeout) is applied by the spiders from their registry entry via `custom_settings`.
"""

from __future__ import annotations

import os
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
_DATA_DIR = Path(os.environ.get("EVENTLINE_DATA_DIR") or _ROOT / "var")
_CONTACT = os.environ.get("EVENTLINE_CONTACT") or "eventline-ops@example.org"

BOT_NAME = "eventline"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# -- politeness --------------------------------------------------------------------------
USER_AGENT = f"eventline/0.1 (news event research crawler; +mailto:{_CONTACT})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# -- robustness --------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # a 10 MB page is cancelled and counted as too_large
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 504, 522, 524, 408]  # 429 / 503 go to RetryAfterMiddleware
REDIRECT_MAX_TIMES = 10

DOWNLOADER_MIDDLEWARES = {
    "crawlers.middlewares.RetryAfterMiddleware": 545,
    "crawlers.middlewares.ErrorKindsMiddleware": 540,
    "crawlers.middlewares.RedirectLoopMiddleware": 610,
    "crawlers.middlewares.ConditionalRequestMiddleware": 620,
}

ITEM_PIPELINES = {
    "crawlers.pipelines.NormalizePipeline": 100,
    "crawlers.pipelines.ValidatePipeline": 200,
    "crawlers.pipelines.SkipUnchangedPipeline": 300,
    "crawlers.pipelines.JsonlWriterPipeline": 400,
    "crawlers.pipelines.StoreUpsertPipeline": 500,
}

EXTENSIONS = {"crawlers.extensions.CrawlStatsWriter": 500}

# -- eventline ---------------------------------------------------------------------------
EVENTLINE_SOURCES_FILE = os.environ.get("EVENTLINE_SOURCES") or str(_ROOT / "sources.yaml")
EVENTLINE_DATA_DIR = str(_DATA_DIR)
EVENTLINE_STATE_FILE = str(_DATA_DIR / "crawl_state.sqlite3")
EVENTLINE_STATS_FILE = str(_DATA_DIR / "crawl_stats.json")
EVENTLINE_OUTPUT = ""  # set per run (eventline.crawling / -s EVENTLINE_OUTPUT=…); the spider defaults it
EVENTLINE_STORE_FACTORY = os.environ.get("EVENTLINE_STORE_FACTORY", "")  # e.g. "eventline.stores:open_store"
EVENTLINE_CONDITIONAL = True
EVENTLINE_BACKOFF_HTTP_CODES = [429, 503]
EVENTLINE_BACKOFF_DEFAULT_S = 30
EVENTLINE_BACKOFF_MAX_S = 300
EVENTLINE_BACKOFF_TRIES = 3

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
