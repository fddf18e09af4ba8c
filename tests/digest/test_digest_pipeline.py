"""write_week_digest and `eventline digest`: events files (Event or flat lines), store, default week, CLI."""

from __future__ import annotations

import email
import json
from datetime import date
from email.policy import default
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from digest import DigestConfig, OverridesError
from eventline.cli.digest import digest_command
from eventline.digesting import write_week_digest
from schemas import FlatEvent, Section
from schemas.jsonl import InputError, read_events_file

WEEK = "2020-W30"


@pytest.fixture
def events_jsonl(make_event, tmp_path: Path) -> Path:
    events = [
        make_event("贵阳贵安区块链发展三年行动计划发布", day=date(2020, 7, 22)),
        make_event("区块链专利白皮书公布", section=Section.research, day=date(2020, 7, 24),
                   outlets=("财联社", "巴比特")),
        make_event("上周的事", day=date(2020, 7, 15)),
    ]
    path = tmp_path / "events.jsonl"
    path.write_text("".join(e.model_dump_json() + "\n" for e in events), encoding="utf-8")
    return path


def test_digest_write_week_from_events_file(events_jsonl: Path, tmp_path: Path) -> None:
    result = write_week_digest(WEEK, events_file=events_jsonl, out_dir=tmp_path / "out", overrides_dir=None,
                               config=None)
    assert result.items == 2
    assert [p.name for p in result.paths] == ["2020-W30.md", "2020-W30.html", "2020-W30.eml"]
    assert result.md.read_text(encoding="utf-8") == result.markdown
    assert "区块链专利白皮书公布" in result.html.read_text(encoding="utf-8")
    message = email.message_from_bytes(result.eml.read_bytes(), policy=default)
    assert message["Subject"] == "产业区块链一周动态（2020年7月20日—7月26日）"
    dumped = result.model_dump(mode="json")  # what the weekly_digest DAG hands on
    assert dumped["eml"].endswith("2020-W30.eml") and "markdown" not in dumped


def test_digest_write_week_defaults_to_last_week_and_picks_formats(events_jsonl: Path, tmp_path: Path) -> None:
    result = write_week_digest(None, events_file=events_jsonl, out_dir=tmp_path, overrides_dir=None,
                               config=DigestConfig(topic="数字经济"), today=date(2020, 7, 29), formats=("html",))
    assert result.week == WEEK and result.md is None and result.eml is None and result.html.exists()
    assert result.title.startswith("数字经济一周动态")
    with pytest.raises(ValueError, match="today"):
        write_week_digest(None, events_file=events_jsonl, out_dir=tmp_path, overrides_dir=None, config=None)
    with pytest.raises(ValueError, match="format"):
        write_week_digest(WEEK, events_file=events_jsonl, out_dir=tmp_path, overrides_dir=None, config=None,
                          formats=("pdf",))


def test_digest_write_week_empty_week(events_jsonl: Path, tmp_path: Path) -> None:
    result = write_week_digest("2019-W01", events_file=events_jsonl, out_dir=tmp_path, overrides_dir=None,
                               config=None)
    assert result.items == 0 and "本周暂无产业区块链动态" in result.markdown


def test_digest_write_week_from_store(make_event, tmp_path: Path) -> None:
    class WeekOnlyStore:
        def __init__(self, events: list) -> None:
            self.events = events
            self.asked: list[str] = []

        def week_events(self, week: str) -> list:
            self.asked.append(week)
            return self.events

    store = WeekOnlyStore([make_event("存储中的事件", day=date(2020, 7, 21))])
    result = write_week_digest(WEEK, store=store, out_dir=tmp_path, overrides_dir=None, config=None)  # type: ignore[arg-type]
    assert store.asked == [WEEK] and result.items == 1


def test_digest_flat_lines_are_grouped_into_events(make_event, tmp_path: Path) -> None:
    """One line per mention (the scorer's form): a fact reported by two articles is one item with two outlets."""
    event = make_event("深圳龙华区与腾讯共建产业区块链联盟", day=date(2020, 7, 22), outlets=("财联社", "巴比特"),
                       section=Section.alliance)
    event.mentions[1] = event.mentions[1].model_copy(update={"article_id": "other-article"})
    undated = make_event("东港股份开发区块链电子发票", day=None, section=Section.listed_company,
                         article_id=event.mentions[0].article_id)
    lines = [*FlatEvent.from_event(event), *FlatEvent.from_event(undated)]
    path = tmp_path / "flat.jsonl"
    path.write_text("".join(line.model_dump_json() + "\n" for line in lines), encoding="utf-8")
    events = read_events_file(path)
    assert len(events) == 2 and len(events[0].mentions) == 2
    result = write_week_digest(WEEK, events_file=path, out_dir=tmp_path / "out", overrides_dir=None, config=None)
    assert result.items == 2  # the undated item joins the week of its article's dated event
    assert "（2家媒体报道）" in result.markdown


def test_digest_flat_lines_take_outlets_from_an_articles_file(tmp_path: Path) -> None:
    flat = {"article_id": "a1", "event_id": "ev_1", "type": "launch", "date": "2020-07-23",
            "evidence": "四川省公务员信用记录查询系统正式上线", "participants": [], "object": "查询系统",
            "region": {"province": "四川省", "city": None, "district": None}, "section": "产业应用",
            "headline": "四川省公务员信用记录查询系统上线"}
    article = {"id": "a1", "url": "https://news.example/sc.html", "source": "四川日报", "title": "上线",
               "published_at": "2020-07-23T10:00:00+08:00", "text": "……四川省公务员信用记录查询系统正式上线。"}
    (tmp_path / "flat.jsonl").write_text(json.dumps(flat, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "articles.jsonl").write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    result = write_week_digest(WEEK, events_file=tmp_path / "flat.jsonl", articles_file=tmp_path / "articles.jsonl",
                               out_dir=tmp_path / "out", overrides_dir=None, config=None)
    assert "[四川日报](https://news.example/sc.html)" in result.markdown


def test_digest_bad_events_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"type": "launch"}\n{"type": "nonsense"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:2: invalid Event: type"):
        read_events_file(path)
    path.write_text("not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:1: malformed JSON"):
        read_events_file(path)


def test_digest_bad_overrides_stop_the_pipeline_with_a_clear_error(events_jsonl: Path, tmp_path: Path) -> None:
    (tmp_path / "ov").mkdir()
    (tmp_path / "ov" / f"{WEEK}.yaml").write_text("items: [1, 2]\n", encoding="utf-8")
    with pytest.raises(OverridesError, match=r"2020-W30\.yaml: items"):
        write_week_digest(WEEK, events_file=events_jsonl, out_dir=tmp_path, overrides_dir=tmp_path / "ov", config=None)


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()
    app.command("digest")(digest_command)

    @app.command("noop")
    def noop() -> None:  # a second command keeps `digest` a named sub-command, as in eventline.cli
        """Placeholder."""

    return app


def test_digest_cli_prints_markdown_and_writes_files(cli: typer.Typer, events_jsonl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["digest", "--week", WEEK, "--from", str(events_jsonl), "--out", str(out),
                                      "--topic", "产业区块链"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 产业区块链一周动态（2020年7月20日—7月26日）")
    assert sorted(p.name for p in out.iterdir()) == ["2020-W30.eml", "2020-W30.html", "2020-W30.md"]


def test_digest_cli_format_and_errors(cli: typer.Typer, events_jsonl: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["digest", "--week", WEEK, "--from", str(events_jsonl), "--out", str(tmp_path),
                                 "--format", "eml"])
    assert result.exit_code == 0 and [p.suffix for p in tmp_path.iterdir() if p.is_file() and p.suffix != ".jsonl"] \
        == [".eml"]
    bad = runner.invoke(cli, ["digest", "--week", "2020-30", "--from", str(events_jsonl), "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "2020-30" in bad.output
    (tmp_path / "ov").mkdir()
    (tmp_path / "ov" / f"{WEEK}.yaml").write_text("items:\n  ev_x:\n    pin: sometimes\n", encoding="utf-8")
    bad = runner.invoke(cli, ["digest", "--week", WEEK, "--from", str(events_jsonl), "--out", str(tmp_path),
                              "--overrides", str(tmp_path / "ov")])
    assert bad.exit_code == 2 and "items.ev_x.pin" in bad.output
