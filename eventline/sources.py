"""The source registry as the rest of the application sees it (DAG generation, health checks).

Reads `sources.yaml` through `crawlers.registry` (pydantic only: no Scrapy import, so DAG
files can call it at parse time).
"""

from __future__ import annotations

from pathlib import Path

from eventline.config import load_settings


def enabled_sources(path: Path | None = None) -> list:
    """Enabled registry entries, sorted by key (stable DAG order)."""
    from crawlers.registry import load_sources

    sources = load_sources(path or load_settings().sources_file)
    return sorted((s for s in sources if s.enabled), key=lambda s: s.key)
