"""The Scrapy settings module of every crawl: the crawler's settings plus the application's.

`scrapy.cfg` names it, and `eventline.crawling` starts each crawl subprocess with it, so the
child reads the same `Settings` as the parent (`load_settings`, from the `EVENTLINE_*`
variables the parent hands down): registry, data dir, state and stats files, the store, the
contact in the User-Agent.
"""

from crawlers.settings import *  # noqa: F403  (the crawler's own settings, overridden below)
from crawlers.settings import USER_AGENT as _CRAWLER_AGENT
from eventline.config import load_settings

_settings = load_settings()

USER_AGENT = f"{_CRAWLER_AGENT} +mailto:{_settings.contact}"  # who to tell when the crawler misbehaves
EVENTLINE_SOURCES_FILE = str(_settings.sources_file)
EVENTLINE_DATA_DIR = str(_settings.data_dir)
EVENTLINE_STATE_FILE = str(_settings.crawl_state_file)
EVENTLINE_STATS_FILE = str(_settings.crawl_stats_file)
EVENTLINE_STORE_FACTORY = "eventline.stores:open_store"
