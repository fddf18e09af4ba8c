"""`eventline.crawling`: each crawl run is recorded in the history exactly once, failures included."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

import eventline.crawling
from eventline.config import load_settings
from eventline.crawling import CrawlError
from eventline.health import crawl_and_record, read_history


def _child_dies_without_stats(cmd: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
    """The crawl subprocess exits 1 before Scrapy writes its stats (a crash at start-up)."""
    return subprocess.CompletedProcess(cmd, 1)


def test_crawl_error_is_recorded_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(data_dir=tmp_path)
    monkeypatch.setattr(eventline.crawling.subprocess, "run", _child_dies_without_stats)
    with pytest.raises(CrawlError, match="crawl of sample_jcrb exited 1 without stats"):
        crawl_and_record("sample_jcrb", settings)
    runs = read_history(tmp_path)["sample_jcrb"]
    assert len(runs) == 1, [(r.last_run, r.finish_reason) for r in runs]
    assert not runs[0].ok
