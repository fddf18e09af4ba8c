"""End to end on real components: the sample site crawled by Scrapy, HanLP extraction, SQLite.

Also the seeds through `eventline extract` (the scorer's input shape) and `eventline ingest`
twice (idempotent: counts unchanged).
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventline.cli import app
from eventline.config import load_settings
from eventline.demo import run_demo
from eventline.stores import open_store

runner = CliRunner()
pytestmark = [pytest.mark.hanlp, pytest.mark.slow]

FLAT_FIELDS = {"article_id", "event_id", "type", "date", "evidence", "participants", "object", "region", "section"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_demo_crawls_extracts_and_prints_a_digest(tmp_path: Path) -> None:
    lines: list[str] = []
    port = free_port()
    run_demo(data_dir=tmp_path / "demo", echo=lines.append, port=port)
    output = "\n".join(lines)
    assert "crawl sample_jcrb: " in output and "12 new" in output
    assert "## " in output  # at least one digest section heading
    with open_store(load_settings(data_dir=tmp_path / "demo", store="sqlite")) as store:
        assert store.count_articles() == 24
        events_first = store.count_events()
    assert events_first >= 24

    lines.clear()
    run_demo(data_dir=tmp_path / "demo", echo=lines.append, port=port)
    again = "\n".join(lines)
    assert "0 new" in again.splitlines()[2]  # second crawl of sample_jcrb emits nothing new
    with open_store(load_settings(data_dir=tmp_path / "demo", store="sqlite")) as store:
        assert store.count_articles() == 24
        assert store.count_events() == events_first


def test_extract_seeds_writes_scorer_lines(shared_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["extract", "--input", str(shared_dir / "seeds/articles.jsonl"), "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 20
    assert all(row.keys() >= FLAT_FIELDS for row in rows)
    docs = {row["article_id"] for row in rows}
    assert {"000_909eb6a708806768.txt", "004_d9a224aafac8ed23.txt"} <= docs
    assert all(row["date"] is None or row["date"][:2] in {"20", "19"} for row in rows)


def test_ingest_twice_leaves_counts_unchanged(
    shared_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVENTLINE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EVENTLINE_STORE", "sqlite")
    seeds = str(shared_dir / "seeds/articles.jsonl")
    first = runner.invoke(app, ["ingest", "--input", seeds])
    assert first.exit_code == 0, first.output
    assert "articles: 5 new" in first.output
    with open_store(load_settings()) as store:
        counts = (store.count_articles(), store.count_events())
    second = runner.invoke(app, ["ingest", "--input", seeds])
    assert second.exit_code == 0, second.output
    assert "articles: 0 new, 0 updated, 5 unchanged" in second.output
    assert "events: 0 new" in second.output
    with open_store(load_settings()) as store:
        assert (store.count_articles(), store.count_events()) == counts


def test_extract_files_reads_only_the_crawl_output(shared_dir: Path, tmp_path: Path) -> None:
    from eventline.pipeline import extract_files

    seeds = (shared_dir / "seeds/articles.jsonl").read_text(encoding="utf-8").splitlines()
    output = tmp_path / "crawl-output.jsonl"
    output.write_text(seeds[0] + "\n", encoding="utf-8")
    with open_store(load_settings(data_dir=tmp_path, store="sqlite")) as store:
        report = extract_files(store, [output, tmp_path / "gone.jsonl"])
        assert report.articles.created == 1
        assert report.events.created == store.count_events() > 0
        again = extract_files(store, [output])
        assert again.events.created == 0 and store.count_articles() == 1
