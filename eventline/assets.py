"""Names of the Airflow Assets that link the DAGs (one helper, no string literals elsewhere)."""

from __future__ import annotations


def articles_asset_name(source_key: str) -> str:
    """The Asset a crawl of `source_key` updates when it stores new or changed articles."""
    return f"eventline.articles.{source_key}"


EVENTS_ASSET_NAME = "eventline.events"
