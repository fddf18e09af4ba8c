"""eventline's crawlers: one Scrapy project turning news pages and feeds into `schemas.Article`.

`registry` loads `sources.yaml`; `spiders/` parse (a generic spider per registry entry, plus
财联社, 长江日报 and 巴比特 spiders); `pipelines` normalise, validate, skip unchanged, write JSONL
and upsert; `middlewares` hold politeness, conditional requests and error accounting; `stats`
writes per-source crawl statistics; `run` is the subprocess entry. This package never imports
`store` or `nlp`: the store is reached through a factory named in the settings.
"""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
