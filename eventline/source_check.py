"""`check_source`: a live probe of one source (network!) — crawl one article, see whether title, date and text came out.

Like Fundus's coverage job, and unlike the scheduled crawls, the probe works in a scratch
data directory of its own (`<data dir>/checks/<key>/`, emptied first) with no store and no
conditional requests: it neither reads nor changes the source's crawl state, statistics or
history, so it gives the same answer every time on an unchanged source, and `source_health`
never sees it. A probe fails for the same reasons a crawl fails (every start page 4xx/5xx or
unreachable, no page fetched; `CrawlStats.failure_summary` says which), or when the article
lacks a title, a date or text.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from pydantic import BaseModel

from crawlers.registry import RegistryError
from crawlers.stats import CrawlStats
from eventline.config import Settings

CHECK_TIMEOUT_S = 300


class SourceCheck(BaseModel):
    """The outcome of one probe: ok, the first article's URL and missing fields, or why it failed."""

    source: str
    ok: bool
    url: str | None = None
    missing: list[str] = []
    problem: str = ""
    stats: CrawlStats | None = None

    @property
    def line(self) -> str:
        verdict = "ok" if self.ok else "FAIL"
        pages = f" pages={self.stats.pages_fetched} errors={self.stats.errors}" if self.stats else ""
        return f"{self.source:<14} {verdict}{pages} {self.url or ''} {self.problem}".rstrip()


def check_source(key: str, settings: Settings) -> SourceCheck:
    """Probe `key` once in its scratch directory; never raises for a broken source, says why instead."""
    from eventline.crawling import CrawlError, run_crawl

    scratch = settings.data_dir / "checks" / key
    shutil.rmtree(scratch, ignore_errors=True)
    probe = settings.model_copy(update={"data_dir": scratch, "sqlite_path": None})
    out: Path = scratch / "article.jsonl"
    try:
        stats = run_crawl(
            key, probe, output=out,
            extra={"CLOSESPIDER_ITEMCOUNT": 1, "EVENTLINE_STORE_FACTORY": "", "EVENTLINE_CONDITIONAL": False},
            spider_args={"refresh": "1"}, timeout_s=CHECK_TIMEOUT_S,
        )
    except (CrawlError, RegistryError, KeyError, subprocess.TimeoutExpired) as exc:
        return SourceCheck(source=key, ok=False, problem=str(exc).splitlines()[0])
    if not stats.ok:
        return SourceCheck(source=key, ok=False, stats=stats, problem=f"crawl failed: {stats.failure_summary}")
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    if not lines:
        return SourceCheck(source=key, ok=False, stats=stats, problem=f"no article came out; log {stats.log}")
    article = json.loads(lines[0])
    missing = [field for field in ("title", "published_at", "text") if not article.get(field)]
    return SourceCheck(source=key, ok=not missing, url=article.get("url"), missing=missing, stats=stats,
                       problem=f"missing {', '.join(missing)}" if missing else "")
