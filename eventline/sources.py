"""The source registry as the rest of the application sees it (DAG generation, health checks).

Reads `sources.yaml` through `crawlers.registry` (pydantic only: no Scrapy import, so DAG
files can call it at parse time).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from eventline.config import load_settings

if TYPE_CHECKING:
    from crawlers.registry import Source


def enabled_sources(path: Path | None = None) -> list:
    """Enabled registry entries, sorted by key (stable DAG order)."""
    from crawlers.registry import load_sources

    sources = load_sources(path or load_settings().sources_file)
    return sorted((s for s in sources if s.enabled), key=lambda s: s.key)


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
