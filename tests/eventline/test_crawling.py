"""`eventline.crawling`: each crawl run is recorded in the history exactly once, failures included."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import eventline.crawling
from crawlers.stats import CrawlStats
from eventline.config import load_settings
from eventline.crawling import CrawlError, CrawlFailed, crawl_checked, run_crawl
from eventline.history import HISTORY_FILE_NAME, read_history


def _child_dies_without_stats(cmd: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
    """The crawl subprocess exits 1 before Scrapy writes its stats (a crash at start-up)."""
    return subprocess.CompletedProcess(cmd, 1)


def _child_times_out(cmd: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
    raise subprocess.TimeoutExpired(cmd, 5)


def test_crawl_error_is_recorded_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: `run_crawl` and the crawl task both recorded a failed run, under two timestamps,
    so the health check's empty streak counted one failure as two."""
    settings = load_settings(data_dir=tmp_path)
    monkeypatch.setattr(eventline.crawling.subprocess, "run", _child_dies_without_stats)
    with pytest.raises(CrawlError, match="crawl of sample_jcrb exited 1 without stats"):
        crawl_checked("sample_jcrb", settings)
    runs = read_history(tmp_path)["sample_jcrb"]
    assert len(runs) == 1, [(r.last_run, r.finish_reason) for r in runs]
    assert (runs[0].ok, runs[0].finish_reason) == (False, "failed: exit 1, no stats")


def test_timeout_is_recorded_once_and_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(data_dir=tmp_path)
    monkeypatch.setattr(eventline.crawling.subprocess, "run", _child_times_out)
    with pytest.raises(subprocess.TimeoutExpired):
        run_crawl("sample_jcrb", settings)
    runs = read_history(tmp_path)["sample_jcrb"]
    assert [(r.ok, r.finish_reason) for r in runs] == [(False, "failed: TimeoutExpired")]
    assert (tmp_path / HISTORY_FILE_NAME).read_text().count("\n") == 1


def test_crawl_checked_refuses_unsuccessful_crawls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(data_dir=tmp_path)
    now = datetime.now(UTC)
    outcomes = [CrawlStats(source="sample_jcrb", last_run=now, finish_reason="finished", ok=False),
                CrawlStats(source="sample_jcrb", last_run=now, finish_reason="finished", ok=True, articles_new=3)]
    monkeypatch.setattr(eventline.crawling, "run_crawl", lambda *_a, **_k: outcomes.pop(0))
    with pytest.raises(CrawlFailed, match="crawl of sample_jcrb did not succeed: finish reason 'finished', 0 pages"):
        crawl_checked("sample_jcrb", settings)
    assert crawl_checked("sample_jcrb", settings).articles_new == 3
