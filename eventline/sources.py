"""The source registry as the rest of the application sees it (DAG generation, health checks, crawls).

Reads `sources.yaml` through `crawlers.registry` (pydantic only: no Scrapy import, so DAG
files can call it at parse time), entry by entry: a bad entry is logged and reported by
`bad_entries` (the crawl DAGs turn it into a DAG that fails with its validation message,
`source_health` into an unhealthy report), and every other source still loads.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from eventline.config import load_settings

if TYPE_CHECKING:
    from crawlers.registry import BadEntry, Source


logger = logging.getLogger(__name__)


def _entries(path: Path | None) -> tuple[list[Source], list[BadEntry]]:
    from crawlers.registry import load_entries

    return load_entries(path or load_settings().sources_file)


def enabled_sources(path: Path | None = None) -> list[Source]:
    """Enabled, valid registry entries, sorted by key (stable DAG order); bad entries are logged and skipped."""
    sources, bad = _entries(path)
    for entry in bad:
        logger.error("%s", entry.message)
    return sorted((s for s in sources if s.enabled), key=lambda s: s.key)


def bad_entries(path: Path | None = None) -> list[BadEntry]:
    """Registry entries that do not validate (and are not marked `enabled: false`), in file order."""
    return [entry for entry in _entries(path)[1] if entry.enabled]


def entry_id(entry: BadEntry) -> str:
    """A DAG-safe name for a bad entry: its key when usable, else `invalid_<position>`."""
    return entry.key if re.fullmatch(r"[a-z][a-z0-9_]*", entry.key) else f"invalid_{entry.position}"



def crawl_pool(source: Source) -> str | None:
    """The Airflow pool of a source's crawl: `crawl_<domain>` when EVENTLINE_CRAWL_POOLS=domain, else None.

    Every source of one domain shares the pool; a domain given as `${VAR}` (the sample site) is
    its host once the variable is set, else the source's key stands in for it.
    """
    from crawlers.registry import RegistryError

    if load_settings().crawl_pools != "domain":
        return None
    try:  # the registry's own ${VAR} rule, applied to the domains alone
        domains = source.model_copy(update={"start_urls": [], "api": None}).expanded().allowed_domains
    except RegistryError:
        domains = []
    domain = domains[0] if domains else source.key
    return "crawl_" + re.sub(r"[^a-z0-9]+", "_", domain.lower().removeprefix("www."))
