"""Open the configured store backend (SQLite by default, Elasticsearch when configured)."""

from __future__ import annotations

from eventline.config import Settings, load_settings
from store.base import Store


class StoreNotFound(FileNotFoundError):
    """A command that reads a store was pointed at a SQLite file that does not exist (a mistyped path)."""


def open_store(settings: Settings | None = None, *, create: bool = True) -> Store:
    """The configured store. With `create=False` (commands that only read) a missing SQLite file is an error
    instead of a new empty store, so a mistyped path does not look like a store without events."""
    settings = settings or load_settings()
    if settings.store == "elasticsearch":
        from store.elasticsearch import ElasticsearchStore

        return ElasticsearchStore.from_settings(settings)
    from store.sqlite import SQLiteStore

    path = settings.sqlite_file
    if not create and not path.is_file():
        raise StoreNotFound(
            f"no SQLite store at {path} (EVENTLINE_SQLITE_PATH / EVENTLINE_DATA_DIR): check the path, "
            "or create the store with `eventline ingest` or `eventline crawl`"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    return SQLiteStore(path)
