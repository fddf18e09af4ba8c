"""Open the configured store backend (SQLite by default, Elasticsearch when configured)."""

from __future__ import annotations

from eventline.config import Settings, load_settings
from store.base import Store


def open_store(settings: Settings | None = None) -> Store:
    settings = settings or load_settings()
    if settings.store == "elasticsearch":
        from store.elasticsearch import ElasticsearchStore

        return ElasticsearchStore.from_settings(settings)
    from store.sqlite import SQLiteStore

    settings.sqlite_file.parent.mkdir(parents=True, exist_ok=True)
    return SQLiteStore(settings.sqlite_file)
