"""Source health: a history of crawl runs, and one verdict per source that says loudly when one broke.

Every crawl run (good or bad) is appended to `<data_dir>/crawl_history.jsonl` by `record_run`
(`eventline.crawling.run_crawl` records each outcome, with the path of the crawl's own log;
`crawl_and_record` raises `CrawlFailed` naming the failure when a crawl did not succeed).
`check_sources` reads that history (and `crawl_stats.json`, the last run per source) and
judges each enabled source at a given instant against its `freshness_sla_hours` and its own
recent average. It is the one verdict: the `source_health` DAG (judging at run time), `eventline
sources status` and the alerts all print it.

* never crawled although watched for longer than its SLA (a source is watched from the first
  time it is judged, `<data_dir>/sources_seen.json`: at start-up, or when just added, a source
  is "not crawled yet", not broken), or no successful crawl within the SLA;
* the last run failed (every start page answered 4xx/5xx or could not be reached, Scrapy
  closed for another reason): the error kind, the URL and the crawl log are named;
* the last run(s) fetched 0 pages or found 0 articles while earlier runs found some (a
  template change or a block), or no run in the window ever found one;
* most of the last run's requests ended in errors;
* an entry of `sources.yaml` that does not validate.

A 304 on the list page or articles seen unchanged count as alive: nothing new is not broken.
`alert` logs the unhealthy reports at ERROR and posts them to `EVENTLINE_ALERT_WEBHOOK`
(JSON) and/or e-mails them when SMTP is configured (`eventline.mailing`); `check_and_alert`
is what the `source_health` DAG runs and raises `SourceUnhealthy` naming the sources.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from pydantic import BaseModel, Field

from crawlers.stats import STATS_FILE_NAME, CrawlStats, locked, read_stats
from eventline.config import Settings

logger = logging.getLogger(__name__)

HISTORY_FILE_NAME = "crawl_history.jsonl"
SEEN_FILE_NAME = "sources_seen.json"
WINDOW_RUNS = 10
ERROR_RATIO = 0.5
MIN_ERRORS = 3
_TAIL_BYTES = 256 * 1024


class SourceUnhealthy(RuntimeError):
    """One or more sources stopped producing; the message names each source and its evidence."""

    def __init__(self, reports: Sequence[SourceHealth]) -> None:
        self.reports = list(reports)
        self.sources = [r.source for r in self.reports]
        lines = "\n".join(f"- {r.evidence}" for r in self.reports)
        super().__init__(f"{len(self.reports)} source(s) unhealthy: {', '.join(self.sources)}\n{lines}")


class CrawlFailed(RuntimeError):
    """A crawl finished without success (no page fetched, or Scrapy closed for another reason)."""


class SourceHealth(BaseModel):
    """The verdict on one source at `checked_at`, with the figures it rests on."""

    source: str
    name: str
    healthy: bool
    checked_at: datetime
    freshness_sla_hours: int
    runs_considered: int = 0
    last_run: datetime | None = None
    last_success: datetime | None = None
    last_new_articles: datetime | None = Field(default=None, description="last run that stored new/updated articles")
    last: CrawlStats | None = Field(default=None, description="the last run judged")
    problems: list[str] = Field(default_factory=list)
    evidence: str = ""


# --------------------------------------------------------------------------- history
def history_file(data_dir: Path) -> Path:
    return Path(data_dir) / HISTORY_FILE_NAME


def _run_time(stats: CrawlStats) -> datetime | None:
    when = stats.last_run or stats.finished_at or stats.started_at
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when


def _tail_keys(path: Path) -> set[tuple[str, str]]:
    """(source, run time) of the runs near the end of the file (enough to make re-recording a no-op)."""
    if not path.exists():
        return set()
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - _TAIL_BYTES))
        lines = handle.read().decode("utf-8", errors="replace").splitlines()
    keys = set()
    for line in lines:
        try:
            record = json.loads(line)
            keys.add((record["source"], record.get("last_run") or record.get("finished_at") or ""))
        except (ValueError, KeyError, TypeError):
            continue  # the first line of the tail may be cut; a bad line is reported by read_history
    return keys


def record_run(stats: CrawlStats, data_dir: Path) -> bool:
    """Append one run to `<data_dir>/crawl_history.jsonl`; False when that run is already there.

    Idempotent on (source, run time), so `run_crawl` and the crawl task may both call it.
    """
    path = history_file(data_dir)
    line = stats.model_dump_json(exclude={"output"})
    record = json.loads(line)
    key = (record["source"], record.get("last_run") or record.get("finished_at") or "")
    with locked(path):
        if key[1] and key in _tail_keys(path):
            return False
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
    return True


def read_history(data_dir: Path) -> dict[str, list[CrawlStats]]:
    """Runs per source, oldest first: the history file, plus `crawl_stats.json` runs it lacks."""

    runs: dict[str, dict[str, CrawlStats]] = {}
    path = history_file(data_dir)
    if path.exists():
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    stats = CrawlStats.model_validate_json(line)
                except ValueError as exc:
                    logger.warning("%s:%d: unreadable crawl record skipped (%s)", path, number, exc)
                    continue
                when = _run_time(stats)
                runs.setdefault(stats.source, {})[when.isoformat() if when else f"#{number}"] = stats
    stats_path = Path(data_dir) / STATS_FILE_NAME
    try:
        latest = read_stats(stats_path)
    except ValueError as exc:
        logger.warning("%s: unreadable (%s); using the history file only", stats_path, exc)
        latest = {}
    for source, stats in latest.items():
        when = _run_time(stats)
        if when is not None:
            runs.setdefault(source, {}).setdefault(when.isoformat(), stats)
    epoch = datetime.min.replace(tzinfo=UTC)
    return {source: sorted(by_time.values(), key=lambda s: _run_time(s) or epoch) for source, by_time in runs.items()}


def crawl_and_record(source_key: str, settings: Settings, **kwargs: object) -> CrawlStats:
    """Run one crawl (`eventline.crawling.run_crawl`, which records every outcome in the history).

    Raises what `run_crawl` raises (`CrawlError`, `subprocess.TimeoutExpired`; an `OSError`
    when the subprocess cannot start is recorded here), and `CrawlFailed` naming the error
    kinds, URLs and the crawl's log when the crawl finished without success, so a scheduler
    retries it and its task log says what broke.
    """
    from eventline.crawling import run_crawl

    started = datetime.now(UTC)
    try:
        stats = run_crawl(source_key, settings, **kwargs)  # type: ignore[arg-type]
    except OSError as exc:
        now = datetime.now(UTC)
        record_run(CrawlStats(source=source_key, started_at=started, finished_at=now, last_run=now,
                              finish_reason=f"failed: {type(exc).__name__}: {exc}", ok=False), settings.data_dir)
        raise
    if not stats.ok:
        message = f"crawl of {source_key} failed: {stats.failure_summary}"
        logger.error("%s", message)
        raise CrawlFailed(message)
    return stats


# --------------------------------------------------------------------------- verdicts
def _found(run: CrawlStats) -> int:
    """Articles the crawl extracted, stored or not (new + updated + unchanged)."""
    return run.articles_new + run.articles_updated + run.articles_unchanged


def _alive(run: CrawlStats) -> bool:
    """A run that saw articles, or was told its list is unchanged (304); success is judged separately."""
    return run.pages_fetched > 0 and (_found(run) > 0 or run.not_modified > 0)


def _hours(delta: timedelta) -> str:
    return f"{delta.total_seconds() / 3600:.0f} h"


def _avg(values: Iterable[int]) -> str:
    values = list(values)
    mean = sum(values) / len(values) if values else 0.0
    return f"{mean:.1f}".removesuffix(".0")


def _empty_streak(runs: Sequence[CrawlStats]) -> str | None:
    """Evidence when the latest run(s) produced nothing, judged against the runs before them."""
    streak = 0
    for run in reversed(runs):
        if _alive(run):
            break
        streak += 1
    if streak == 0:
        return None
    trailing, before = runs[len(runs) - streak:], runs[: len(runs) - streak]
    last = f"last {streak} runs" if streak > 1 else "last run"
    failed = ""  # why the last run failed is its own finding (`failure_summary`)
    if not before:
        return f"{last} found no article and no run in the window ever did{failed}"
    if all(r.pages_fetched == 0 for r in trailing):
        average = _avg(r.pages_fetched for r in before)
        return f"{last} fetched 0 pages{failed}, average {average} over the previous {len(before)}"
    dropped = sum(sum(r.dropped.values()) for r in trailing)
    drops = f", {dropped} pages dropped" if dropped else ""
    return (f"{last} found 0 articles ({sum(r.pages_fetched for r in trailing)} pages fetched{drops}){failed},"
            f" average {_avg(_found(r) for r in before)} over the previous {len(before)}")


def _errors(run: CrawlStats) -> str | None:
    total = run.errors_total
    if total < MIN_ERRORS or total / (run.pages_fetched + total) < ERROR_RATIO:
        return None
    kinds = ", ".join(f"{k}={v}" for k, v in sorted(run.errors.items(), key=lambda kv: -kv[1]))
    return f"last run: {total} errors for {run.pages_fetched} pages fetched ({kinds})"


def judge(source_key: str, name: str, sla_hours: int, runs: Sequence[CrawlStats], now: datetime,
          window: int = WINDOW_RUNS, last_success: datetime | None = None,
          watched_since: datetime | None = None) -> SourceHealth:
    """The verdict on one source from its runs (oldest first) up to `now`; pure, the clock is an argument.

    `watched_since`: when the source was first judged; a source without runs is given its SLA
    from then to be crawled once (None: no grace).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    sla = timedelta(hours=sla_hours)
    runs = [r for r in runs if (_run_time(r) or now) <= now]
    recent = runs[-window:]
    successes = [t for t in (_run_time(r) for r in runs if r.ok) if t is not None]
    last_success = max([t for t in (*successes, last_success) if t is not None and t <= now], default=None)
    productive = [t for t in (_run_time(r) for r in runs if r.articles_new + r.articles_updated > 0) if t]
    last_new = max(productive, default=None)
    problems: list[str] = []
    waiting = not runs and watched_since is not None and now - watched_since < sla
    if not runs and not waiting:
        problems.append("never crawled (no run recorded)")
    elif runs:
        if last_success is None:
            problems.append(f"no successful crawl in {len(runs)} recorded runs")
        elif now - last_success > sla:
            problems.append(f"no successful crawl for {_hours(now - last_success)} (SLA {sla_hours} h)")
        if not recent[-1].ok:
            problems.append(f"last run failed: {recent[-1].failure_summary}")
        for finding in (_empty_streak(recent), _errors(recent[-1])):
            if finding:
                problems.append(finding)
    if problems:
        evidence = f"{source_key}: " + "; ".join(problems)
    elif waiting:
        assert watched_since is not None
        evidence = (f"{source_key}: ok; not crawled yet (watched for {_hours(now - watched_since)},"
                    f" SLA {sla_hours} h)")
    else:
        latest = recent[-1]
        evidence = (f"{source_key}: ok; last run {latest.pages_fetched} pages, {_found(latest)} articles"
                    f" ({latest.articles_new} new, {latest.articles_updated} updated),"
                    f" last success {_hours(now - last_success) if last_success else '?'} ago")
    return SourceHealth(
        source=source_key, name=name, healthy=not problems, checked_at=now, freshness_sla_hours=sla_hours,
        runs_considered=len(recent), last_run=_run_time(runs[-1]) if runs else None, last_success=last_success,
        last_new_articles=last_new, last=runs[-1] if runs else None, problems=problems, evidence=evidence,
    )


def watched_since(data_dir: Path, keys: Sequence[str], now: datetime) -> dict[str, datetime]:
    """When each source was first judged: `<data_dir>/sources_seen.json`, where unseen `keys` are added at `now`."""
    path = Path(data_dir) / SEEN_FILE_NAME
    with locked(path):
        try:
            seen = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        except ValueError as exc:
            logger.warning("%s: unreadable (%s); watching every source from now", path, exc)
            seen = {}
        added = {key: now.isoformat() for key in keys if key not in seen}
        if added:
            seen.update(added)
            tmp = path.with_suffix(f".tmp{os.getpid()}")
            tmp.write_text(json.dumps(seen, indent=2, sort_keys=True), encoding="utf-8")
            tmp.replace(path)
    return {key: datetime.fromisoformat(value) for key, value in seen.items()}


def check_sources(settings: Settings, now: datetime, *, window: int = WINDOW_RUNS) -> list[SourceHealth]:
    """One report per enabled source in `settings.sources_file`, sorted by key, judged at `now`.

    An entry that does not validate is reported unhealthy with its validation message.
    """
    from eventline.sources import bad_entries, enabled_sources, entry_id

    history = read_history(settings.data_dir)
    try:
        latest = read_stats(Path(settings.data_dir) / STATS_FILE_NAME)
    except ValueError:
        latest = {}
    sources = enabled_sources(settings.sources_file)
    seen = watched_since(settings.data_dir, [s.key for s in sources], now)
    reports = []
    for source in sources:
        kept = latest.get(source.key)
        reports.append(judge(source.key, source.name, source.freshness_sla_hours, history.get(source.key, []), now,
                             window, last_success=kept.last_success if kept else None,
                             watched_since=seen.get(source.key)))
    for entry in bad_entries(settings.sources_file):
        problem = "invalid sources.yaml entry: " + " ".join(entry.message.split())
        key = entry_id(entry)
        reports.append(SourceHealth(source=key, name="(invalid entry)", healthy=False, checked_at=now,
                                    freshness_sla_hours=0, problems=[problem], evidence=f"{key}: {problem}"))
    return sorted(reports, key=lambda r: r.source)


# --------------------------------------------------------------------------- alerts
def _webhook_payload(reports: Sequence[SourceHealth]) -> dict:
    text = "eventline: {} source(s) unhealthy\n{}".format(len(reports), "\n".join(r.evidence for r in reports))
    return {"text": text, "sources": [r.model_dump(mode="json") for r in reports]}


def _email(reports: Sequence[SourceHealth]) -> str:
    from eventline.mailing import send_message_if_configured

    message = EmailMessage()
    message["Subject"] = f"[eventline] unhealthy sources: {', '.join(r.source for r in reports)}"
    message.set_content("\n".join(r.evidence for r in reports) + "\n")
    return send_message_if_configured(message, recipients_env="EVENTLINE_ALERT_TO")


def alert(reports: Sequence[SourceHealth], *, webhook: str | None = None) -> list[str]:
    """Tell ops about unhealthy reports: ERROR log always, webhook and e-mail when configured.

    Returns the channels used. A webhook or SMTP failure is logged, never raised, so the caller
    still raises `SourceUnhealthy`.
    """
    reports = [r for r in reports if not r.healthy]
    if not reports:
        return []
    for report in reports:
        logger.error("source unhealthy: %s", report.evidence)
    channels = ["log"]
    webhook = webhook or os.environ.get("EVENTLINE_ALERT_WEBHOOK")
    if webhook:
        import httpx

        try:
            httpx.post(webhook, json=_webhook_payload(reports), timeout=10).raise_for_status()
            channels.append("webhook")
        except httpx.HTTPError as exc:
            logger.error("alert webhook %s failed: %s", webhook, exc)
    try:
        outcome = _email(reports)
        if outcome.startswith("sent"):
            channels.append("email")
        logger.info("alert e-mail: %s", outcome)
    except OSError as exc:  # smtplib errors are OSErrors
        logger.error("alert e-mail failed: %s", exc)
    return channels


def check_and_alert(settings: Settings, now: datetime) -> list[SourceHealth]:
    """Check every enabled source; alert and raise `SourceUnhealthy` when any is unhealthy."""
    reports = check_sources(settings, now)
    for report in reports:
        logger.info("%s", report.evidence)
    broken = [r for r in reports if not r.healthy]
    if broken:
        alert(broken)
        raise SourceUnhealthy(broken)
    return reports
