"""eventline's crawlers: one Scrapy project turning news pages and feeds into `schemas.Article`.

`registry` loads `sources.yaml`; `spiders/` parse (a generic spider per registry entry, plus
财联社, 长江日报 and 巴比特 spiders); `pipelines` normalise, validate, skip unchanged, write JSONL
and upsert; `middlewares` hold politeness, conditional requests and error accounting; `stats`
writes per-source crawl statistics (`extensions` hooks it to Scrapy). Crawls run as `scrapy crawl`
subprocesses started by `eventline.crawling`, with the settings module `eventline.crawl_settings`
(this package's `settings` plus the application's paths and store). This package never imports
`store`, `nlp` or the application: the store is reached through a factory named in the settings.
"""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
