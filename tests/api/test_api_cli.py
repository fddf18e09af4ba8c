"""The analyst CLI (`timeline`, `stats`, `show`) through Typer's CliRunner on a real SQLite store."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from eventline.cli.analyst import register
from tests.api.api_sample import sample_events

EVENTS = {e.headline: e for e in sample_events()}
Invoke = Callable[..., tuple[int, str, str]]  # run(*args) → exit code, stdout, stderr


@pytest.fixture(scope="module")
def cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


@pytest.fixture
def run(cli: typer.Typer, sample_sqlite_path: Path) -> Invoke:
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str, str]:
        env = {"EVENTLINE_STORE": "sqlite", "EVENTLINE_SQLITE_PATH": str(sample_sqlite_path), "COLUMNS": "220"}
        result = runner.invoke(cli, list(args), env=env)
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_cli_timeline_approvals_in_hubei_since_2021_as_table(run: Invoke) -> None:
    code, out, _ = run("timeline", "--type", "approval", "--province", "湖北省", "--from", "2021")
    assert code == 0, out
    assert "工信部批复襄阳创建国家级车联网先导区" in out
    assert "湖北省发改委批复武汉光谷人工智能计算中心项目" in out
    assert "科技部批复" not in out  # 2020
    assert "共 2 条" in out
    lines = [line for line in out.splitlines() if "批复" in line]
    assert len({len(line) for line in lines}) >= 1 and all("│" in line for line in lines)


def test_cli_timeline_json_signings_with_tencent(run: Invoke) -> None:
    code, out, _ = run("timeline", "-t", "signing", "--org", "腾讯", "--format", "json")
    assert code == 0
    events = json.loads(out)
    assert sorted(e["headline"] for e in events) == sorted(
        ["武汉市政府与腾讯签署战略合作协议", "腾讯与华中科技大学签约共建联合实验室"]
    )


def test_cli_timeline_csv_with_section_and_city(run: Invoke) -> None:
    code, out, _ = run("timeline", "--section", "policy", "--city", "武汉市", "--format", "csv", "--sort", "asc")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["headline"] for r in rows] == [
        "科技部批复武汉建设国家新一代人工智能创新发展试验区",
        "湖北省召开全省数字经济工作会议",
    ]
    assert rows[1]["date"] == "2022-01"  # month precision
    assert rows[0]["urls"] == "http://sample.eventline.test/wh-ai-zone-2020.html"


def test_cli_timeline_limit_offset_and_all(run: Invoke) -> None:
    code, out, err = run("timeline", "--limit", "5", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 5
    assert "7 more" in err
    code, out, _ = run("timeline", "--limit", "5", "--offset", "10", "--format", "json")
    assert [e["headline"] for e in json.loads(out)] == ["武汉市政府与腾讯签署战略合作协议", "云天励飞完成新一轮融资"]
    code, out, _ = run("timeline", "--all", "--format", "json", "--q", "人工智能")
    assert code == 0 and len(json.loads(out)) == 7


def test_cli_timeline_to_year_includes_the_whole_year(run: Invoke) -> None:
    code, out, _ = run("timeline", "--from", "2022-01", "--to", "2022", "--format", "json")
    assert code == 0
    assert sorted(e["headline"] for e in json.loads(out)) == sorted(
        ["工信部批复襄阳创建国家级车联网先导区", "湖北省召开全省数字经济工作会议"]
    )


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["timeline", "--type", "merger"], "--type"),
        (["timeline", "--from", "2021-13"], "--from"),
        (["timeline", "--from", "2022", "--to", "2021"], "--to"),
        (["timeline", "--section", "体育"], "--section"),
        (["timeline", "--limit", "0"], "--limit"),
        (["timeline", "--format", "xml"], "--format"),
        (["stats", "--by", "weekday"], "--by"),
        (["stats"], "--by"),
    ],
)
def test_cli_invalid_option_exits_2_naming_it(run: Invoke, args: list[str], needle: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert needle in err + out


def test_cli_stats_by_province_and_month(run: Invoke) -> None:
    code, out, _ = run("stats", "--by", "province", "--by", "month", "--format", "json")
    assert code == 0
    body = json.loads(out)
    assert body["by"] == ["province", "month"] and body["total"] == 12
    counts = {(r["key"]["province"], r["key"]["month"]): r["count"] for r in body["rows"]}
    assert counts[("湖北省", "2021-03")] == 2
    assert counts[("广东省", None)] == 1


def test_cli_stats_policy_releases_per_province_table(run: Invoke) -> None:
    code, out, _ = run("stats", "--by", "province", "--type", "policy_release")
    assert code == 0
    assert "湖北省" in out and "广东省" in out and "上海市" not in out
    assert "合计" in out


def test_cli_stats_csv(run: Invoke) -> None:
    code, out, _ = run("stats", "-b", "type", "--format", "csv", "--province", "湖北省")
    rows = {r["type"]: int(r["count"]) for r in csv.DictReader(io.StringIO(out))}
    assert code == 0 and rows["approval"] == 3 and sum(rows.values()) == 7


def test_cli_show_event_with_evidence(run: Invoke) -> None:
    event = EVENTS["武汉市政府与腾讯签署战略合作协议"]
    code, out, _ = run("show", event.id)
    assert code == 0
    assert event.id in out
    assert "长江日报" in out and "财联社" in out
    assert "签署战略合作协议" in out
    assert "http://sample.eventline.test/cls-tencent-2020.html" in out
    code, out, _ = run("show", event.id, "--format", "json")
    assert json.loads(out)["mentions"][1]["source"] == "财联社"


def test_cli_show_highlights_trigger_and_participants() -> None:
    from eventline.cli.analyst import evidence_text

    event = EVENTS["武汉市政府与腾讯签署战略合作协议"]
    text = evidence_text(event.mentions[0].sentence, event)
    marked = {text.plain[span.start : span.end]: str(span.style) for span in text.spans}
    assert marked["签署"] == "bold black on yellow"
    assert marked["武汉市人民政府"] == "bold cyan" and marked["腾讯"] == "bold cyan"


def test_cli_show_unknown_id_exits_1(run: Invoke) -> None:
    code, _, err = run("show", "ev_0000000000000000")
    assert code == 1
    assert "no event with id 'ev_0000000000000000'" in err


def test_cli_unreadable_store_is_a_clear_error(cli: typer.Typer, tmp_path: Path) -> None:
    garbage = tmp_path / "not-a-store.sqlite3"
    garbage.write_bytes(b"this is not an SQLite database file, not even close" * 100)
    env = {"EVENTLINE_STORE": "sqlite", "EVENTLINE_SQLITE_PATH": str(garbage)}
    result = CliRunner().invoke(cli, ["timeline"], env=env)
    assert result.exit_code == 1
    assert "cannot open the store" in result.stderr


@pytest.mark.parametrize(
    "command", [["timeline"], ["stats", "--by", "type"], ["show", "ev_0000000000000000"], ["serve", "--port", "1"]]
)
def test_cli_mistyped_store_path_is_an_error_not_an_empty_store(
    cli: typer.Typer, tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "evnetline.sqlite3"
    result = CliRunner().invoke(cli, command, env={"EVENTLINE_STORE": "sqlite", "EVENTLINE_SQLITE_PATH": str(missing)})
    assert result.exit_code == 1
    assert "no SQLite store at" in result.stderr
    assert not missing.exists()

def test_cli_timeline_short_place_names_are_resolved(run: Invoke) -> None:
    _, full, _ = run("timeline", "--province", "湖北省", "--format", "json", "--all")
    code, short, _ = run("timeline", "--province", "湖北", "--format", "json", "--all")
    assert code == 0
    assert json.loads(short) == json.loads(full) != []
    _, by_place, _ = run("timeline", "--place", "武汉", "--format", "json", "--all")
    _, by_city, _ = run("timeline", "--city", "武汉市", "--format", "json", "--all")
    assert json.loads(by_place) == json.loads(by_city) != []


def test_cli_timeline_unknown_place_exits_2_naming_it(run: Invoke) -> None:
    code, _, err = run("timeline", "--place", "火星基地")
    assert code == 2
    assert "--place" in err and "火星基地" in err


def test_cli_timeline_words_are_anded(run: Invoke) -> None:
    code, out, _ = run("timeline", "--q", "腾讯 实验室", "--format", "json")
    assert code == 0
    assert [e["headline"] for e in json.loads(out)] == ["腾讯与华中科技大学签约共建联合实验室"]


def test_cli_timeline_csv_columns_and_excel_bom(run: Invoke) -> None:
    code, plain, _ = run("timeline", "--type", "approval", "--province", "湖北", "--format", "csv")
    _, excel, _ = run("timeline", "--type", "approval", "--province", "湖北", "--format", "csv", "--excel")
    assert code == 0
    assert not plain.startswith("\ufeff") and excel == "\ufeff" + plain
    rows = list(csv.DictReader(io.StringIO(plain)))
    assert list(rows[0]) == [
        "id", "date", "date_precision", "type", "section", "province", "city", "district", "participants", "object",
        "headline", "summary", "evidence", "sources", "urls",
    ]
    xiangyang = next(r for r in rows if r["headline"] == "工信部批复襄阳创建国家级车联网先导区")
    assert xiangyang["date_precision"] == "day"
    assert xiangyang["evidence"] == "6月8日，工信部正式批复支持湖北（襄阳）创建国家级车联网先导区。"
    assert xiangyang["participants"] == "工业和信息化部"


def test_cli_stats_by_org_and_outlet(run: Invoke) -> None:
    code, out, _ = run("stats", "-b", "org", "--format", "json", "--org", "腾讯")
    assert code == 0
    rows = {r["key"]["org"]: r["count"] for r in json.loads(out)["rows"]}
    assert rows["华中科技大学"] == 1
    assert sum(rows.values()) > len(json.loads(run("timeline", "--org", "腾讯", "--format", "json", "--all")[1]))
    code, out, _ = run("stats", "-b", "outlet", "-b", "week", "--format", "csv", "--excel")
    assert code == 0 and out.startswith("\ufeffoutlet,week,count")


def test_cli_show_text_prints_the_stored_article(run: Invoke) -> None:
    event = EVENTS["工信部批复襄阳创建国家级车联网先导区"]
    code, out, _ = run("show", event.id, "--text")
    assert code == 0
    assert "a_xy-v2x-2022" in out
    assert "本报讯（湖北日报）6月8日" in out
    _, without, _ = run("show", event.id)
    assert "本报讯" not in without


def test_cli_version() -> None:
    from importlib.metadata import version

    from eventline.cli import app

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"eventline {version('eventline')}"
