"""Spiders: a generic one driven by a registry entry, and dedicated ones (cls, cjrb, btc8).

Spiders only parse: responses in, `ArticleItem`s and follow-up requests out. Endpoints and
selectors come from the source's `sources.yaml` entry.
"""
