"""`eventline.health` on synthetic crawl histories: the verdicts, their evidence, the history file, alerts."""

from __future__ import annotations

import logging
import smtplib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest

from crawlers.stats import STATS_FILE_NAME, CrawlStats, record_stats
from eventline.config import load_settings
from eventline.health import SourceHealth, SourceUnhealthy, alert, check_and_alert, check_sources, judge
from eventline.history import history_file, read_history, record_run

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def run(hours_ago: float, *, pages: int = 14, new: int = 0, updated: int = 0, unchanged: int = 0,
        not_modified: int = 0, ok: bool | None = None, source: str = "sample_jcrb",
        errors: dict[str, int] | None = None, dropped: dict[str, int] | None = None,
        reason: str = "finished") -> CrawlStats:
    when = NOW - timedelta(hours=hours_ago)
    ok = (reason == "finished" and pages > 0) if ok is None else ok
    return CrawlStats(source=source, spider="cjrb", started_at=when - timedelta(minutes=1), finished_at=when,
                      last_run=when, last_success=when if ok else None, finish_reason=reason, ok=ok,
                      pages_fetched=pages, articles_new=new, articles_updated=updated,
                      articles_unchanged=unchanged, not_modified=not_modified, errors=errors or {},
                      dropped=dropped or {})


def verdict(runs: list[CrawlStats], sla: int = 24, **kwargs: Any) -> SourceHealth:
    return judge("sample_jcrb", "江城日报", sla, runs, NOW, **kwargs)


# ------------------------------------------------------------------ verdicts
def test_health_productive_then_unchanged_runs_are_healthy() -> None:
    runs = [run(40, new=12), run(30, new=3, unchanged=9), run(18, not_modified=1, pages=1),
            run(6, unchanged=12), run(1, new=1, unchanged=11)]
    report = verdict(runs)
    assert report.healthy and report.problems == []
    assert report.evidence == "sample_jcrb: ok; last run 14 pages, 12 articles (1 new, 0 updated), last success 1 h ago"
    assert report.last_success == NOW - timedelta(hours=1)
    assert report.last_new_articles == NOW - timedelta(hours=1)
    assert report.runs_considered == 5


def test_health_no_success_within_sla_and_pages_dropped_to_zero() -> None:
    good = [run(h, new=2, unchanged=10, pages=12) for h in (90, 80, 70, 60, 50, 40, 30)]
    blocked = [run(h, pages=0, reason="failed: CrawlError") for h in (20, 10, 2)]
    report = verdict([*good, *blocked])
    assert not report.healthy
    assert report.evidence == (
        "sample_jcrb: no successful crawl for 30 h (SLA 24 h); last 3 runs fetched 0 pages"
        " (finish reason: failed: CrawlError), average 12 over the previous 7;"
        " no new or updated article for 30 h (SLA 24 h)"
    )


def test_health_template_change_finds_zero_articles_against_the_recent_average() -> None:
    runs = [run(50, new=12), run(30, new=4, unchanged=8), run(3, pages=13, dropped={"no_title": 12})]
    report = verdict(runs, sla=168)
    assert not report.healthy
    assert report.problems == [
        "last run found 0 articles (13 pages fetched, 12 pages dropped), average 12 over the previous 2"
    ]


def test_health_a_source_that_never_found_an_article() -> None:
    report = verdict([run(5, pages=1), run(2, pages=1)], sla=168)
    assert report.problems == ["last 2 runs found no article and no run in the window ever did"]


def test_health_never_crawled() -> None:
    report = verdict([])
    assert not report.healthy
    assert report.evidence == "sample_jcrb: never crawled (no run recorded)"
    assert report.last_run is None


def test_health_mostly_errors_in_the_last_run() -> None:
    runs = [run(30, new=12), run(1, pages=2, new=1, errors={"http_403": 9, "timeout": 1})]
    report = verdict(runs)
    assert report.problems == ["last run: 10 errors for 2 pages fetched (http_403=9, timeout=1)"]


def test_health_a_few_errors_are_tolerated() -> None:
    assert verdict([run(30, new=12), run(1, pages=14, new=1, errors={"http_404": 2})]).healthy


def test_health_nothing_new_within_sla_only_once_watched_that_long() -> None:
    stale = [run(h, not_modified=1, pages=1) for h in (60, 40, 20, 1)]
    assert verdict([run(80, new=5), *stale]).problems == ["no new or updated article for 80 h (SLA 24 h)"]
    assert verdict(stale).problems == ["no new or updated article in 60 h of crawls (SLA 24 h)"]
    assert verdict(stale[-2:]).healthy  # watched for 20 h only: a 24 h SLA cannot be judged yet


def test_health_ignores_runs_after_now_and_uses_the_kept_last_success() -> None:
    future = run(-5, pages=0, reason="failed: CrawlError")
    report = verdict([run(3, new=4), future])
    assert report.healthy and report.last_run == NOW - timedelta(hours=3)
    # the only success in the window is old, but crawl_stats.json remembers a newer one
    old = [run(h, pages=0, reason="failed: CrawlError") for h in (3, 2, 1)]
    kept = verdict(old, window=3, last_success=NOW - timedelta(hours=4))
    assert "no successful crawl" not in kept.evidence and kept.last_success == NOW - timedelta(hours=4)


def test_health_now_must_be_timezone_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        judge("x", "x", 24, [], datetime(2026, 11, 20))


# ------------------------------------------------------------------ history file
def test_record_run_appends_once_per_run(tmp_path: Path) -> None:
    first, second = run(2, new=3), run(1, unchanged=3)
    assert record_run(first, tmp_path) and record_run(second, tmp_path)
    assert not record_run(first, tmp_path)  # a retried task recording the same run again adds nothing
    assert len(history_file(tmp_path).read_text().splitlines()) == 2
    assert read_history(tmp_path) == {"sample_jcrb": [first.model_copy(update={"output": None}),
                                                      second.model_copy(update={"output": None})]}


def test_read_history_skips_bad_lines_and_adds_stats_file_runs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    record_run(run(3, new=3), tmp_path)
    with history_file(tmp_path).open("a") as handle:
        handle.write('{"source": "sample_jcrb", "pages_fetched": "many"\n')
    record_stats(tmp_path / STATS_FILE_NAME, run(1, new=1, source="sample_cylx"))
    record_stats(tmp_path / STATS_FILE_NAME, run(3, new=3))  # already in the history: not doubled
    with caplog.at_level(logging.WARNING, logger="eventline.history"):
        history = read_history(tmp_path)
    assert {k: len(v) for k, v in history.items()} == {"sample_jcrb": 1, "sample_cylx": 1}
    assert "crawl_history.jsonl:2: unreadable crawl record skipped" in caplog.text


# ------------------------------------------------------------------ check_sources / alerts
@pytest.fixture()
def settings_dir(tmp_path: Path, write_sources: Any, sample_entries: list[dict[str, Any]],
                 monkeypatch: pytest.MonkeyPatch) -> Path:
    off = {**sample_entries[0], "key": "sample_off", "enabled": False}
    monkeypatch.setenv("EVENTLINE_SOURCES", str(write_sources([*sample_entries, off])))
    monkeypatch.setenv("EVENTLINE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_check_sources_judges_every_enabled_source(settings_dir: Path) -> None:
    for stats in (run(30, new=12), run(2, pages=13), run(5, new=12, source="sample_cylx")):
        record_run(stats, settings_dir)
    reports = check_sources(load_settings(), NOW)
    assert [(r.source, r.name, r.healthy) for r in reports] == [
        ("sample_cylx", "产业链快讯", True), ("sample_jcrb", "江城日报", False)]
    assert reports[1].problems == ["last run found 0 articles (13 pages fetched), average 12 over the previous 1"]


def test_check_and_alert_raises_naming_the_sources(settings_dir: Path, webhook: Any,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    record_run(run(5, new=12, source="sample_cylx"), settings_dir)
    with caplog.at_level(logging.ERROR, logger="eventline.health"), pytest.raises(SourceUnhealthy) as caught:
        check_and_alert(load_settings(), NOW)
    assert caught.value.sources == ["sample_jcrb"]
    assert str(caught.value) == "1 source(s) unhealthy: sample_jcrb\n- sample_jcrb: never crawled (no run recorded)"
    assert "source unhealthy: sample_jcrb: never crawled" in caplog.text
    assert webhook.posts[0]["text"] == "eventline: 1 source(s) unhealthy\nsample_jcrb: never crawled (no run recorded)"
    assert webhook.posts[0]["sources"][0]["source"] == "sample_jcrb"


def test_check_and_alert_is_quiet_when_all_are_healthy(settings_dir: Path, webhook: Any) -> None:
    record_run(run(5, new=12, source="sample_cylx"), settings_dir)
    record_run(run(4, new=12), settings_dir)
    assert all(r.healthy for r in check_and_alert(load_settings(), NOW))
    assert webhook.posts == []


class FakeSMTP:
    sent: ClassVar[list[Any]] = []

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.address = (host, port)

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def send_message(self, message: Any) -> None:
        FakeSMTP.sent.append((self.address, message))


def test_alert_emails_when_smtp_is_configured_and_survives_a_dead_webhook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTLINE_SMTP_URL", "smtp://mail.example:2525")
    monkeypatch.setenv("EVENTLINE_ALERT_TO", "ops@example.org")
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    FakeSMTP.sent = []
    report = verdict([])
    settings = load_settings(alert_webhook="http://127.0.0.1:9/nothing-listens")
    channels = alert([report, verdict([run(1, new=2)])], settings)
    assert channels == ["log", "email"]
    (address, message), = FakeSMTP.sent
    assert address == ("mail.example", 2525) and message["To"] == "ops@example.org"
    assert message["Subject"] == "[eventline] unhealthy sources: sample_jcrb"
    assert "sample_jcrb: never crawled" in message.get_content()


def test_alert_does_nothing_for_healthy_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    assert alert([verdict([run(1, new=2)])], load_settings(alert_webhook="http://127.0.0.1:9/")) == []
