"""The crawl history: one JSON line per crawl run in `<data_dir>/crawl_history.jsonl`.

`eventline.crawling.run_crawl` appends every run, good or bad, exactly once (`record_run`);
`eventline.health` judges the sources on what `read_history` returns.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

from crawlers.stats import STATS_FILE_NAME, CrawlStats, locked, read_stats

logger = logging.getLogger(__name__)

HISTORY_FILE_NAME = "crawl_history.jsonl"
_TAIL_BYTES = 256 * 1024


def history_file(data_dir: Path) -> Path:
    return Path(data_dir) / HISTORY_FILE_NAME


def run_time(stats: CrawlStats) -> datetime | None:
    when = stats.last_run or stats.finished_at or stats.started_at
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when


def _tail_keys(path: Path) -> set[tuple[str, str]]:
    """(source, run time) of the runs near the end of the file (enough to make re-recording a no-op)."""
    if not path.exists():
        return set()
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - _TAIL_BYTES))
        lines = handle.read().decode("utf-8", errors="replace").splitlines()
    keys = set()
    for line in lines:
        try:
            record = json.loads(line)
            keys.add((record["source"], record.get("last_run") or record.get("finished_at") or ""))
        except (ValueError, KeyError, TypeError):
            continue  # the first line of the tail may be cut; a bad line is reported by read_history
    return keys


def record_run(stats: CrawlStats, data_dir: Path) -> bool:
    """Append one run to `<data_dir>/crawl_history.jsonl`; False when that run is already there.

    Idempotent on (source, run time): recording a run again (a retried task) adds nothing.
    """
    path = history_file(data_dir)
    line = stats.model_dump_json(exclude={"output"})
    record = json.loads(line)
    key = (record["source"], record.get("last_run") or record.get("finished_at") or "")
    with locked(path):
        if key[1] and key in _tail_keys(path):
            return False
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
    return True


def read_history(data_dir: Path) -> dict[str, list[CrawlStats]]:
    """Runs per source, oldest first: the history file, plus `crawl_stats.json` runs it lacks."""

    runs: dict[str, dict[str, CrawlStats]] = {}
    path = history_file(data_dir)
    if path.exists():
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    stats = CrawlStats.model_validate_json(line)
                except ValueError as exc:
                    logger.warning("%s:%d: unreadable crawl record skipped (%s)", path, number, exc)
                    continue
                when = run_time(stats)
                runs.setdefault(stats.source, {})[when.isoformat() if when else f"#{number}"] = stats
    stats_path = Path(data_dir) / STATS_FILE_NAME
    try:
        latest = read_stats(stats_path)
    except ValueError as exc:
        logger.warning("%s: unreadable (%s); using the history file only", stats_path, exc)
        latest = {}
    for source, stats in latest.items():
        when = run_time(stats)
        if when is not None:
            runs.setdefault(source, {}).setdefault(when.isoformat(), stats)
    epoch = datetime.min.replace(tzinfo=UTC)
    return {source: sorted(by_time.values(), key=lambda s: run_time(s) or epoch) for source, by_time in runs.items()}
