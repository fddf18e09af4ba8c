"""The page tool (`python -m crawlers.page`): one JSON line per page with the stored fields and the
rule behind each; a missing file is reported by name and fails the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from crawl_helpers import ROOT
from page_fixtures import HEADLINE, PARAGRAPHS, page

from crawlers.page import main


def test_page_tool_prints_fields_and_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "a.html"
    target.write_bytes(page(charset="gbk").encode("gbk"))
    assert main([str(target), "--url", "http://news.example/a/1.html", "--sources", str(ROOT / "sources.yaml")]) == 0
    record = json.loads(capsys.readouterr().out)
    assert (record["title"], record["published_at"], record["charset"]) == (
        HEADLINE,
        "2021-03-05T10:20:00+08:00",
        "gb18030",
    )
    assert record["text"].splitlines() == list(PARAGRAPHS)
    assert record["rules"] == {
        "text": "generic:trafilatura",
        "title": "generic:heading≈<title>",
        "date": "generic:printed-by-headline",
    }


def test_page_tool_names_a_missing_file_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, missing = tmp_path / "a.html", tmp_path / "missing.html"
    good.write_text(page(), encoding="utf-8")
    assert main([str(missing), str(good)]) == 1
    out = capsys.readouterr()
    assert str(missing) in out.err
    assert json.loads(out.out)["title"] == HEADLINE
