"""Where articles and events are kept and queried: the `Store` interface and its backends (SQLite, Elasticsearch)."""

import logging

from store.base import (
    COUNT_KEYS,
    MAX_PAGE_SIZE,
    CountKey,
    CountRow,
    Store,
    TimelinePage,
    TimelineQuery,
    UpsertResult,
)
from store.sqlite import SQLiteStore

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "COUNT_KEYS", "MAX_PAGE_SIZE", "CountKey", "CountRow", "SQLiteStore", "Store", "TimelinePage", "TimelineQuery",
    "UpsertResult",
]
