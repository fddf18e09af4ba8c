"""Where the sample site's files are, and how its gold events map to crawled articles.

Gold events (`sample_site/gold.jsonl`) name their article by ``doc``: the article's path on
the site, relative to the root, e.g. ``"jcrb/202611/t20261103_5232.htm"``. The site is
served on a random port, so pipeline article ids (sha1 of the canonical URL, see
`schemas.ids`) change from run to run. To score a crawl of the sample site, either

* turn gold docs into article ids for this run: ``gold_for_site(base_url, article_id_for)``, or
* turn predictions back into docs: ``doc_for_url(article.url)`` (the URL's path without the
  leading slash), and score with ``article_id = doc``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PACKAGE_DIR = Path(__file__).resolve().parent
SITE_DIR = PACKAGE_DIR / "site"
MANIFEST_PATH = SITE_DIR / "manifest.json"
GOLD_PATH = PACKAGE_DIR / "gold.jsonl"


def load_manifest(root: Path = SITE_DIR) -> dict[str, Any]:
    """The site's manifest: outlets (list pages, selectors) and articles (path, title, dates, sentences, text)."""
    return json.loads((root / "manifest.json").read_text(encoding="utf-8"))


def load_gold(path: Path = GOLD_PATH) -> list[dict[str, Any]]:
    """Gold events in the format of ``../shared/gold/seed_events.jsonl``, ``doc`` being the article's site path."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def doc_for_url(url: str) -> str:
    """The gold ``doc`` of an article URL: ``http://127.0.0.1:8123/cylx/news/7349.html`` → ``cylx/news/7349.html``."""
    return urlsplit(url).path.lstrip("/")


def gold_for_site(base_url: str, article_id: Callable[[str], str]) -> list[dict[str, Any]]:
    """Gold events with ``doc`` replaced by the article id of ``base_url/doc`` (e.g. `schemas.ids.article_id_for`)."""
    base = base_url.rstrip("/")
    return [{**g, "doc": article_id(f"{base}/{g['doc']}")} for g in load_gold()]
