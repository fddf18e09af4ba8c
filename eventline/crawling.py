"""Start crawls from Python: `run_crawl` runs one source's spider in a subprocess.

A subprocess per crawl means Twisted's reactor is fresh every time, so a crawl works twice in
one process, inside Airflow tasks, and from the CLI. The child gets the settings through the
same `EVENTLINE_*` environment variables `eventline.config` reads, plus `-s` overrides; it
writes its JSONL output and the per-source stats file, which `run_crawl` reads back. Every run,
good or bad, is recorded once in the crawl history (`eventline.history`).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from crawlers.registry import Source, load_registry
from crawlers.stats import CrawlStats, read_stats
from eventline.config import PROJECT_ROOT, Settings, settings_env
from eventline.history import record_run

logger = logging.getLogger(__name__)

class CrawlError(RuntimeError):
    """The crawl subprocess failed before it could report statistics."""


class CrawlFailed(RuntimeError):
    """A crawl finished without success (no page fetched, or Scrapy closed for another reason)."""


def crawl_env(settings: Settings) -> dict[str, str]:
    """The child's environment: ours, with every setting as its EVENTLINE_* variable (`settings_env`)
    and the crawl settings module that reads them back."""
    env = dict(os.environ)
    for name, value in settings_env(settings).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    env["SCRAPY_SETTINGS_MODULE"] = "eventline.crawl_settings"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def crawl_command(
    source: Source, *, since: date | None, output: Path, extra: dict[str, object], spider_args: dict[str, str]
) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", source.spider, "-a", f"source={source.key}"]
    if since:
        cmd += ["-a", f"since={since.isoformat()}"]
    for key, value in spider_args.items():
        cmd += ["-a", f"{key}={value}"]
    settings: dict[str, object] = {"EVENTLINE_OUTPUT": str(output), "LOG_LEVEL": "INFO", **extra}
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    return cmd


def run_crawl(
    source_key: str,
    settings: Settings,
    *,
    since: date | None = None,
    output: Path | None = None,
    extra: dict | None = None,
    spider_args: dict[str, str] | None = None,
    timeout_s: float | None = None,
) -> CrawlStats:
    """Crawl one source in a subprocess; return its statistics (with `output`, the JSONL written).

    `extra` holds Scrapy settings for this run (e.g. `{"SAMPLE_SITE": url, "DOWNLOAD_TIMEOUT": 5}`;
    `{"EVENTLINE_STORE_FACTORY": ""}` writes the JSONL only, without the configured store).
    """
    registry = load_registry(settings.sources_file)
    source = registry.get(source_key)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    output = Path(output) if output else settings.articles_dir / f"{source_key}-{stamp}.jsonl"
    output.parent.mkdir(parents=True, exist_ok=True)
    cmd = crawl_command(source, since=since, output=output, extra=extra or {}, spider_args=spider_args or {})
    log_dir = settings.data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"crawl-{source_key}-{stamp}.log"
    started = datetime.now(UTC)
    logger.info("crawling %s: %s", source_key, " ".join(cmd))
    try:
        with log_path.open("w", encoding="utf-8") as log:
            proc = subprocess.run(
                cmd,
                cwd=PROJECT_ROOT,
                env=crawl_env(settings),
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=timeout_s or source.timeout_s,
                check=False,
            )
    except (subprocess.TimeoutExpired, OSError) as exc:
        _record_failure(source_key, started, f"failed: {type(exc).__name__}", settings)
        raise
    stats = read_stats(settings.crawl_stats_file).get(source_key)
    if stats is None or stats.last_run is None or stats.last_run < started:
        _record_failure(source_key, started, f"failed: exit {proc.returncode}, no stats", settings)
        tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise CrawlError(f"crawl of {source_key} exited {proc.returncode} without stats; log {log_path}:\n{tail}")
    stats = stats.model_copy(update={"exit_code": proc.returncode, "output": str(output)})
    record_run(stats, settings.data_dir)  # the history ops and source_health read; once per run
    return stats


def _record_failure(source_key: str, started: datetime, reason: str, settings: Settings) -> None:
    now = datetime.now(UTC)
    failed = CrawlStats(source=source_key, started_at=started, finished_at=now, last_run=now, finish_reason=reason,
                        ok=False)
    record_run(failed, settings.data_dir)


def crawl_checked(source_key: str, settings: Settings, **kwargs: object) -> CrawlStats:
    """`run_crawl` (which records the run), raising `CrawlFailed` when the crawl finished without
    success, so a scheduler retries it; what `run_crawl` raises passes through."""
    stats = run_crawl(source_key, settings, **kwargs)  # type: ignore[arg-type]
    if not stats.ok:
        errors = ", ".join(f"{k}={v}" for k, v in stats.errors.items()) or "none"
        raise CrawlFailed(f"crawl of {source_key} did not succeed: finish reason {stats.finish_reason!r},"
                          f" {stats.pages_fetched} pages fetched, errors {errors}")
    return stats


def run_all(settings: Settings, *, since: date | None = None, extra: dict | None = None) -> dict[str, CrawlStats]:
    """Crawl every enabled source, one after the other; a failing source does not stop the others."""
    results: dict[str, CrawlStats] = {}
    for source in load_registry(settings.sources_file).enabled():
        try:
            results[source.key] = run_crawl(source.key, settings, since=since, extra=extra)
        except (CrawlError, subprocess.TimeoutExpired) as exc:
            logger.error("crawl of %s failed: %s", source.key, exc)
            results[source.key] = CrawlStats(source=source.key, finish_reason=f"failed: {type(exc).__name__}")
    return results
