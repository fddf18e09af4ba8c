"""Per-source crawl statistics: collected from Scrapy's stats, written after every run.

The file (`<data_dir>/crawl_stats.json`, one object per source key) is what ops read with
`eventline sources status` and the source_health DAG. This module does not import Scrapy, so
the application reads stats without loading it; the Scrapy extension that writes them is
`crawlers.extensions.CrawlStatsWriter`. Each entry holds the last run's figures
(pages fetched, articles new / updated / unchanged, drops and errors by kind, the first failed
URLs), when the source last ran and when it last succeeded. A run succeeds when Scrapy finished,
fetched pages, and not every start page failed (a 404 or refused start page is a broken source,
not an empty one).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

logger = logging.getLogger(__name__)

STATS_FILE_NAME = "crawl_stats.json"
PREFIX = "eventline/"
# Scrapy's close reasons of a crawl that ran as asked (a limit reached is not a failure)
DONE_REASONS = frozenset({"finished", "closespider_itemcount", "closespider_pagecount"})


class CrawlStats(BaseModel):
    """One run of one source."""

    source: str
    spider: str = ""
    started_at: datetime | None = None
    finished_at: datetime | None = None
    finish_reason: str = ""
    ok: bool = False
    pages_fetched: int = 0
    bytes_downloaded: int = 0
    not_modified: int = 0
    articles_new: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    articles_written: int = 0
    dropped: dict[str, int] = Field(default_factory=dict)
    errors: dict[str, int] = Field(default_factory=dict)
    failures: list[str] = Field(default_factory=list, description="the first failed requests: 'kind URL'")
    start_pages: int = 0
    start_pages_failed: int = 0
    output: str | None = None
    log: str | None = Field(default=None, description="the crawl's own log file")
    last_run: datetime | None = None
    last_success: datetime | None = None
    exit_code: int | None = None

    @property
    def errors_total(self) -> int:
        return sum(self.errors.values())

    @property
    def failure_summary(self) -> str:
        """Why the run failed, in one line: the failed start pages (or the first failures) and the log."""
        shown = [f for f in self.failures if f.endswith("(start page)") or "(start page):" in f] or self.failures
        parts = []
        if self.start_pages and self.start_pages_failed >= self.start_pages:
            parts.append(f"all {self.start_pages} start page(s) failed")
        if shown:
            parts.append("; ".join(shown[:3]) + (f" (+{len(shown) - 3} more)" if len(shown) > 3 else ""))
        elif not self.ok and self.finish_reason:
            parts.append(f"finish reason {self.finish_reason!r}, {self.pages_fetched} pages fetched")
        if self.log:
            parts.append(f"log {self.log}")
        return "; ".join(parts)


def _sub(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    return {k[len(prefix) :]: int(v) for k, v in sorted(stats.items()) if k.startswith(prefix)}


def stats_from_scrapy(source: str, spider: str, stats: Mapping[str, Any], reason: str) -> CrawlStats:
    errors = _sub(stats, PREFIX + "errors/")
    forbidden = int(stats.get("robotstxt/forbidden", 0))
    if forbidden:
        errors["robots_disallowed"] = forbidden
    now = datetime.now(UTC)
    pages = int(stats.get("downloader/response_count", 0)) - int(stats.get("robotstxt/response_count", 0))
    start_pages = int(stats.get(PREFIX + "start_pages/requested", 0))
    start_failed = int(stats.get(PREFIX + "start_pages/failed", 0))
    ok = reason in DONE_REASONS and pages > 0 and not (start_pages and start_failed >= start_pages)
    return CrawlStats(
        source=source,
        spider=spider,
        started_at=stats.get("start_time"),
        finished_at=now,
        finish_reason=reason,
        ok=ok,
        pages_fetched=max(pages, 0),
        bytes_downloaded=int(stats.get("downloader/response_bytes", 0)),
        not_modified=int(stats.get(PREFIX + "not_modified", 0)),
        articles_new=int(stats.get(PREFIX + "articles/new", 0)),
        articles_updated=int(stats.get(PREFIX + "articles/updated", 0)),
        articles_unchanged=int(stats.get(PREFIX + "articles/unchanged", 0)),
        articles_written=int(stats.get(PREFIX + "articles/written", 0)),
        dropped=_sub(stats, PREFIX + "dropped/"),
        errors=errors,
        failures=list(stats.get(PREFIX + "failures") or []),
        start_pages=start_pages,
        start_pages_failed=start_failed,
        output=stats.get(PREFIX + "output"),
        last_run=now,
        last_success=now if ok else None,
    )


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `<path>.lock` (stats and history files are shared by crawls)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def read_stats(path: str | Path) -> dict[str, CrawlStats]:
    path = Path(path)
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8") or "{}")
    return {key: CrawlStats.model_validate(value) for key, value in data.items()}


def record_stats(path: str | Path, run: CrawlStats) -> CrawlStats:
    """Merge one run into the stats file (keeps the previous last_success when this run failed)."""
    path = Path(path)
    with locked(path):
        current = read_stats(path)
        previous = current.get(run.source)
        if run.last_success is None and previous is not None:
            run = run.model_copy(update={"last_success": previous.last_success})
        current[run.source] = run
        payload = {key: json.loads(value.model_dump_json()) for key, value in sorted(current.items())}
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)
    return run
