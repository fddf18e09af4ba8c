"""`eventline page`: what the crawler would store for a page, on real stored pages and a bad target."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from eventline.cli import app

runner = CliRunner()


def test_page_command_prints_the_stored_fields_of_real_pages(shared_dir: Path) -> None:
    corpus = shared_dir / "corpus" / "html"
    rows = [json.loads(line) for line in (corpus / "expected.jsonl").read_text(encoding="utf-8").splitlines()][:3]
    args = ["page"]
    for row in rows:
        args.append(str(corpus / row["file"]))
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    printed = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [p["title"] for p in printed] == [row["title"] for row in rows]
    assert all(p["published_at"][:10] == row["published"][:10] for p, row in zip(printed, rows, strict=True))
    assert all(p["rules"] and p["text"] for p in printed)  # every field says which rule produced it


def test_page_command_names_a_missing_page_and_fails(tmp_path: Path) -> None:
    result = runner.invoke(app, ["page", str(tmp_path / "missing.html")])
    assert result.exit_code == 1
    assert "missing.html" in result.output
