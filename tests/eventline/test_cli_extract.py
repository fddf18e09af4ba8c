"""`eventline extract`: bad input gives a clear error naming the line and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventline.cli import app

runner = CliRunner()

GOOD = {"id": "a1", "source": "测试日报", "published_at": "2026-11-03", "title": "标题", "text": "正文。"}
NO_TEXT = {k: v for k, v in GOOD.items() if k != "text"}


def write_lines(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([json.dumps(GOOD).encode(), b'{"id": "a2", "source": '], ":2: malformed JSON"),
        ([json.dumps(GOOD).encode(), json.dumps({**GOOD, "text": ""}).encode()], ":2: invalid Article: text"),
        ([json.dumps(NO_TEXT).encode()], ":1: invalid Article: text: Field required"),
        ([json.dumps(GOOD).encode(), json.dumps(GOOD, ensure_ascii=False).encode("gbk")], ":2: not UTF-8"),
        ([b"[1, 2]"], ":1: expected a JSON object"),
    ],
    ids=["malformed-json", "empty-text", "missing-text", "gbk-bytes", "not-an-object"],
)
def test_extract_bad_input_names_line_and_writes_nothing(tmp_path: Path, lines: list[bytes], expected: str) -> None:
    source = write_lines(tmp_path / "in.jsonl", lines)
    output = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", "--input", str(source), "--output", str(output)])
    assert result.exit_code != 0
    assert expected in result.output
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_extract_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", "--input", str(tmp_path / "nope.jsonl"), "--output", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "cannot open" in result.output


def test_extract_rejects_unknown_format(tmp_path: Path) -> None:
    source = write_lines(tmp_path / "in.jsonl", [json.dumps(GOOD).encode()])
    result = runner.invoke(app, ["extract", "-i", str(source), "-o", str(tmp_path / "o"), "--format", "xml"])
    assert result.exit_code == 2
    assert "--format must be flat or events" in result.output


@pytest.mark.hanlp
def test_extract_skip_invalid_reports_each_bad_line_and_keeps_the_rest(tmp_path: Path) -> None:
    text_only = {"text": "6月3日，远航动力宣布完成A轮融资。"}  # a record needs only its text
    with_id = {"id": "b2", "text": "近日，某某新材料科技（苏州）有限公司成立。"}
    source = write_lines(tmp_path / "in.jsonl", [
        json.dumps(text_only, ensure_ascii=False).encode(), b"not json",
        json.dumps(NO_TEXT, ensure_ascii=False).encode(), json.dumps(with_id, ensure_ascii=False).encode(),
    ])
    output = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", "-i", str(source), "-o", str(output), "--skip-invalid"])
    assert result.exit_code == 0, result.output
    assert "in.jsonl:2: malformed JSON" in result.output and "in.jsonl:3: invalid Article: text" in result.output
    assert "2 bad line(s) skipped" in result.output
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert {r["type"] for r in rows} == {"financing", "establishment"}
    assert "b2" in {r["article_id"] for r in rows}
    assert all(r["date"] is None for r in rows)  # no article date: relative dates stay unknown


def test_extract_without_skip_invalid_still_stops_at_the_first_bad_line(tmp_path: Path) -> None:
    source = write_lines(tmp_path / "in.jsonl", [b'{"text": "\\u6b63\\u6587"}', b"not json", b"[1]"])
    output = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", "-i", str(source), "-o", str(output)])
    assert result.exit_code != 0 and ":2: malformed JSON" in result.output and ":3:" not in result.output
    assert not output.exists()


@pytest.mark.hanlp
def test_extract_reads_null_fields_as_unknown(tmp_path: Path) -> None:
    """An imported record may write null for what it does not know: the record is still good."""
    nulls = {"id": None, "url": None, "source": None, "title": None, "published_at": None,
             "text": "2025年6月3日，远航动力宣布完成A轮融资。"}
    source = write_lines(tmp_path / "in.jsonl", [json.dumps(nulls, ensure_ascii=False).encode()])
    output = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", "-i", str(source), "-o", str(output)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [(r["type"], r["date"]) for r in rows] == [("financing", "2025-06-03")]
