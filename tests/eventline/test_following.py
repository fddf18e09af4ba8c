"""`eventline.following`: a worker extracts a crawl's articles while the crawl writes them, and
its events are the ones `eventline extract` gives for the finished file."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest

import eventline.pipeline
from eventline.config import load_settings
from eventline.following import _GrowingLines, crawl_and_extract, events_path_for
from eventline.pipeline import extract_file, extract_files
from eventline.stores import open_store
from schemas import Event, EventDate, EventType, Mention
from tests.eventline.crawl_writer import writer


def test_growing_lines_yields_complete_lines_only(tmp_path: Path) -> None:
    path = tmp_path / "crawl.jsonl"
    lines = _GrowingLines(path)
    assert list(lines.read()) == []  # the crawl has not written anything yet
    path.write_bytes(b'{"a": 1}\n{"b"')
    assert list(lines.read()) == [(1, b'{"a": 1}')]
    with path.open("ab") as handle:
        handle.write(b': 2}\n{"c": 3}')
    assert list(lines.read()) == [(2, b'{"b": 2}')]
    assert list(lines.read(final=True)) == [(3, b'{"c": 3}')]  # the crawl is over: the last line counts


@pytest.mark.hanlp
def test_crawl_and_extract_gives_the_events_of_eventline_extract(shared_dir: Path, tmp_path: Path) -> None:
    articles = shared_dir / "gold" / "dev_articles.jsonl"  # several of the pipeline's batches
    expected = tmp_path / "expected.jsonl"
    extract_file(articles, expected, "events")
    lines = articles.read_text(encoding="utf-8").splitlines(keepends=True)
    stats, report = crawl_and_extract("bench", load_settings(data_dir=tmp_path), crawl=writer(lines))
    assert report is not None and report.articles == len(lines)
    assert report.output == events_path_for(Path(stats.output or ""))
    assert report.output.read_bytes() == expected.read_bytes()


@pytest.mark.hanlp
def test_a_bad_line_fails_the_worker_not_the_crawl(shared_dir: Path, tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    good = (shared_dir / "seeds" / "articles.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)[0]
    with caplog.at_level(logging.ERROR, logger="eventline.following"):
        stats, report = crawl_and_extract("bench", load_settings(data_dir=tmp_path),
                                          crawl=writer([good, "{not json\n"], pause_s=0))
    assert stats.ok and report is None
    assert ".jsonl:2:" in caplog.text  # the error names the line
    assert not events_path_for(Path(stats.output or "")).exists()  # extract_events will extract the file itself


def test_extract_files_reads_the_events_a_worker_left(shared_dir: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = (shared_dir / "seeds" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    output = tmp_path / "crawl-output.jsonl"
    output.write_text(seeds[0] + "\n", encoding="utf-8")
    event = Event(type=EventType.signing, object="算力合作协议",
                  date=EventDate(value=date(2026, 6, 1), precision="day"),
                  mentions=[Mention(article_id="a1", source="新华社", sentence="签署算力合作协议。", start=0, end=9)])
    events_path_for(output).write_text(event.model_dump_json() + "\n", encoding="utf-8")

    def no_extraction(articles: object) -> list[Event]:
        raise AssertionError("the worker's events must be read, not extracted again")

    monkeypatch.setattr(eventline.pipeline, "extract", no_extraction)
    with open_store(load_settings(data_dir=tmp_path, store="sqlite")) as store:
        report = extract_files(store, [output])
        assert (report.articles.created, report.events_extracted, report.events.created) == (1, 1, 1)
