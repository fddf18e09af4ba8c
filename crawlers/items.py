"""The item a spider yields: raw fields of one article page, before normalisation and validation."""

from __future__ import annotations

import scrapy


class ArticleItem(scrapy.Item):
    source_key = scrapy.Field()  # registry key, e.g. "cjrb"
    source = scrapy.Field()  # outlet name, e.g. "长江日报" (Article.source)
    url = scrapy.Field()
    title = scrapy.Field()
    published = scrapy.Field()  # raw date text / unix seconds, parsed by the normalise pipeline
    author = scrapy.Field()
    paragraphs = scrapy.Field()  # list[str], cleaned by the normalise pipeline
    fetched_at = scrapy.Field()  # ISO datetime of the response
    charset = scrapy.Field()  # codec the page was decoded with
    fallbacks = scrapy.Field()  # fields filled by trafilatura / htmldate
    tags = scrapy.Field()  # e.g. ["产业区块链一周动态"]
    article = scrapy.Field()  # schemas.Article, set by the validate pipeline
    change = scrapy.Field()  # "new" | "updated", set by the skip-unchanged pipeline
