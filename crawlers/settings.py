"""Scrapy settings of the eventline crawl project: only overrides of Scrapy's defaults.

The crawler's own knobs live here. Where the application keeps things (registry, data dir,
state and stats files, store) and the contact in the User-Agent come from the application's
settings: `eventline.crawl_settings`, the settings module `scrapy.cfg` names and every crawl
`eventline` starts uses, layers them over this module, so a crawl started by `eventline
crawl`, by Airflow or by plain `scrapy crawl` behaves alike. Per-source politeness (delay,
concurrency, download timeout) is applied by the spiders from their registry entry via
`custom_settings`.
"""

from __future__ import annotations

BOT_NAME = "eventline"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# -- politeness --------------------------------------------------------------------------
USER_AGENT = "eventline/0.1 (news event research crawler)"  # the application appends its contact
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
# paths and the store: empty here (a component without its path switches itself off), set by
# the application's settings module (eventline.crawl_settings)
EVENTLINE_SOURCES_FILE = ""
EVENTLINE_DATA_DIR = ""
EVENTLINE_STATE_FILE = ""
EVENTLINE_STATS_FILE = ""
EVENTLINE_OUTPUT = ""  # set per run (eventline.crawling / -s EVENTLINE_OUTPUT=…); the spider defaults it
EVENTLINE_STORE_FACTORY = ""  # a dotted path to a function returning a Store
EVENTLINE_CONDITIONAL = True
EVENTLINE_BACKOFF_HTTP_CODES = [429, 503]
EVENTLINE_BACKOFF_DEFAULT_S = 30
EVENTLINE_BACKOFF_MAX_S = 300
EVENTLINE_BACKOFF_TRIES = 3

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
