"""Source health: a verdict per source that says loudly when one broke.

Every crawl run (good or bad) is in `<data_dir>/crawl_history.jsonl` (`eventline.history`,
written once per run by `eventline.crawling.run_crawl`). `check_sources` reads that history
(and `crawl_stats.json`, the last run per source) and judges each enabled source at a given
instant against its `freshness_sla_hours` and its own recent average:

* never crawled, or no successful crawl within the SLA;
* the last run(s) fetched 0 pages or found 0 articles while earlier runs found some (a
  template change or a block), or no run in the window ever found one;
* most of the last run's requests ended in errors;
* no new or updated article within the SLA although the source has been watched that long.

A 304 on the list page or articles seen unchanged count as alive: nothing new is not broken.
`alert` logs the unhealthy reports at ERROR and posts them to `EVENTLINE_ALERT_WEBHOOK`
(JSON) and/or e-mails them when SMTP is configured (`eventline.mailing`); `check_and_alert`
is what the `source_health` DAG runs and raises `SourceUnhealthy` naming the sources.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from email.message import EmailMessage

from pydantic import BaseModel, Field

from crawlers.stats import CrawlStats, read_stats
from eventline.config import Settings
from eventline.history import read_history, run_time
from eventline.mailing import send_message_if_configured

logger = logging.getLogger(__name__)

WINDOW_RUNS = 10
ERROR_RATIO = 0.5
MIN_ERRORS = 3


class SourceUnhealthy(RuntimeError):
    """One or more sources stopped producing; the message names each source and its evidence."""

    def __init__(self, reports: Sequence[SourceHealth]) -> None:
        self.reports = list(reports)
        self.sources = [r.source for r in self.reports]
        lines = "\n".join(f"- {r.evidence}" for r in self.reports)
        super().__init__(f"{len(self.reports)} source(s) unhealthy: {', '.join(self.sources)}\n{lines}")


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
    problems: list[str] = Field(default_factory=list)
    evidence: str = ""


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
    reasons = sorted({r.finish_reason for r in trailing if not r.ok and r.finish_reason})
    failed = f" (finish reason: {', '.join(reasons)})" if reasons else ""
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
          window: int = WINDOW_RUNS, last_success: datetime | None = None) -> SourceHealth:
    """The verdict on one source from its runs (oldest first) up to `now`; pure, the clock is an argument."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    sla = timedelta(hours=sla_hours)
    runs = [r for r in runs if (run_time(r) or now) <= now]
    recent = runs[-window:]
    successes = [t for t in (run_time(r) for r in runs if r.ok) if t is not None]
    last_success = max([t for t in (*successes, last_success) if t is not None and t <= now], default=None)
    productive = [t for t in (run_time(r) for r in runs if r.articles_new + r.articles_updated > 0) if t]
    last_new = max(productive, default=None)
    problems: list[str] = []
    if not runs:
        problems.append("never crawled (no run recorded)")
    else:
        if last_success is None:
            problems.append(f"no successful crawl in {len(runs)} recorded runs")
        elif now - last_success > sla:
            problems.append(f"no successful crawl for {_hours(now - last_success)} (SLA {sla_hours} h)")
        for finding in (_empty_streak(recent), _errors(recent[-1])):
            if finding:
                problems.append(finding)
        first = run_time(runs[0])
        if first is not None and now - first >= sla:
            if last_new is None:
                problems.append(f"no new or updated article in {_hours(now - first)} of crawls (SLA {sla_hours} h)")
            elif now - last_new > sla:
                problems.append(f"no new or updated article for {_hours(now - last_new)} (SLA {sla_hours} h)")
    if problems:
        evidence = f"{source_key}: " + "; ".join(problems)
    else:
        latest = recent[-1]
        evidence = (f"{source_key}: ok; last run {latest.pages_fetched} pages, {_found(latest)} articles"
                    f" ({latest.articles_new} new, {latest.articles_updated} updated),"
                    f" last success {_hours(now - last_success) if last_success else '?'} ago")
    return SourceHealth(
        source=source_key, name=name, healthy=not problems, checked_at=now, freshness_sla_hours=sla_hours,
        runs_considered=len(recent), last_run=run_time(runs[-1]) if runs else None, last_success=last_success,
        last_new_articles=last_new, problems=problems, evidence=evidence,
    )


def check_sources(settings: Settings, now: datetime, *, window: int = WINDOW_RUNS) -> list[SourceHealth]:
    """One report per enabled source in `settings.sources_file`, sorted by key, judged at `now`."""
    from eventline.sources import enabled_sources

    history = read_history(settings.data_dir)
    try:
        latest = read_stats(settings.crawl_stats_file)
    except ValueError:
        latest = {}
    reports = []
    for source in enabled_sources(settings.sources_file):
        kept = latest.get(source.key)
        reports.append(judge(source.key, source.name, source.freshness_sla_hours, history.get(source.key, []), now,
                             window, last_success=kept.last_success if kept else None))
    return reports


# --------------------------------------------------------------------------- alerts
def _webhook_payload(reports: Sequence[SourceHealth]) -> dict:
    text = "eventline: {} source(s) unhealthy\n{}".format(len(reports), "\n".join(r.evidence for r in reports))
    return {"text": text, "sources": [r.model_dump(mode="json") for r in reports]}


def _email(reports: Sequence[SourceHealth], settings: Settings) -> str:
    message = EmailMessage()
    message["Subject"] = f"[eventline] unhealthy sources: {', '.join(r.source for r in reports)}"
    message.set_content("\n".join(r.evidence for r in reports) + "\n")
    return send_message_if_configured(message, settings, recipients=settings.alert_to)


def alert(reports: Sequence[SourceHealth], settings: Settings) -> list[str]:
    """Tell ops about unhealthy reports: ERROR log always, webhook (`settings.alert_webhook`) and
    e-mail (to `settings.alert_to`) when configured.

    Returns the channels used. A webhook or SMTP failure is logged, never raised, so the caller
    still raises `SourceUnhealthy`.
    """
    reports = [r for r in reports if not r.healthy]
    if not reports:
        return []
    for report in reports:
        logger.error("source unhealthy: %s", report.evidence)
    channels = ["log"]
    webhook = settings.alert_webhook
    if webhook:
        import httpx

        try:
            httpx.post(webhook, json=_webhook_payload(reports), timeout=10).raise_for_status()
            channels.append("webhook")
        except httpx.HTTPError as exc:
            logger.error("alert webhook %s failed: %s", webhook, exc)
    try:
        outcome = _email(reports, settings)
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
        alert(broken, settings)
        raise SourceUnhealthy(broken)
    return reports
