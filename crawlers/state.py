"""Crawl state kept between runs in one small SQLite file under the data dir.

Two tables: `validators` (per URL: ETag / Last-Modified for conditional requests) and `seen`
(per canonical URL: the content hash last emitted; the skip-unchanged fallback when no store
factory is configured). Several crawls may share the file; SQLite's locking with a busy timeout
is enough for that.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS validators (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, updated_at TEXT);
CREATE TABLE IF NOT EXISTS seen (url TEXT PRIMARY KEY, source TEXT, content_hash TEXT, updated_at TEXT);
"""


_OPEN: dict[Path, CrawlState] = {}
_OPEN_LOCK = threading.Lock()


class CrawlState:
    """Open with `CrawlState.shared(path)`: one connection per file per process, closed by its last user."""

    @classmethod
    def shared(cls, path: str | Path) -> CrawlState:
        key = Path(path).resolve()
        with _OPEN_LOCK:
            state = _OPEN.get(key)
            if state is None:
                state = _OPEN[key] = cls(key)
            state._users += 1
            return state

    def __init__(self, path: str | Path) -> None:
        self._users = 0
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._db.commit()
        self._pending = 0

    def validators(self, url: str) -> tuple[str | None, str | None]:
        with self._lock:
            row = self._db.execute("SELECT etag, last_modified FROM validators WHERE url = ?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def remember_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        if not etag and not last_modified:
            return
        with self._lock:
            self._db.execute(
                "INSERT INTO validators VALUES (?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
                "etag = excluded.etag, last_modified = excluded.last_modified, updated_at = excluded.updated_at",
                (url, etag, last_modified, _now()),
            )
            self._tick()

    def seen_hashes(self, urls: list[str]) -> dict[str, str]:
        if not urls:
            return {}
        marks = ",".join("?" * len(urls))
        with self._lock:
            rows = self._db.execute(f"SELECT url, content_hash FROM seen WHERE url IN ({marks})", urls).fetchall()
        return dict(rows)

    def remember_hash(self, url: str, source: str, content_hash: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO seen VALUES (?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
                "source = excluded.source, content_hash = excluded.content_hash, updated_at = excluded.updated_at",
                (url, source, content_hash, _now()),
            )
            self._tick()

    def _tick(self) -> None:
        self._pending += 1
        if self._pending >= 200:
            self._db.commit()
            self._pending = 0

    def close(self) -> None:
        """Commit; the connection closes when its last user has closed it."""
        with _OPEN_LOCK, self._lock:
            self._db.commit()
            self._users -= 1
            if self._users <= 0:
                self._db.close()
                _OPEN.pop(self.path.resolve(), None)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
