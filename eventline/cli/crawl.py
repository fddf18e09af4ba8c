"""`eventline crawl …` and `eventline sources …`: Typer sub-apps that parse arguments and call
`eventline.crawling` (mounted by `eventline.cli`).

* `eventline crawl SOURCE [--since D] [--output F]`, `eventline crawl --all`
* `eventline sources list` (registry), `status` (last crawl per source, SLA), `check` (live
  health: fetch one article per source and report completeness; never run in tests)
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import typer

from crawlers.registry import RegistryError, load_registry
from crawlers.stats import read_stats
from eventline.config import load_settings
from eventline.crawling import CrawlError, run_all, run_crawl

crawl_app = typer.Typer(add_completion=False, help="Crawl sources into articles (JSONL + store).")
sources_app = typer.Typer(no_args_is_help=True, add_completion=False, help="The source registry and crawl health.")


def _since(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"--since must be YYYY-MM-DD, got {value!r}") from exc


def _summary(stats) -> str:
    errors = ", ".join(f"{k}={v}" for k, v in stats.errors.items()) or "none"
    return (
        f"{stats.source}: {stats.pages_fetched} pages, {stats.articles_new} new, {stats.articles_updated} updated,"
        f" {stats.articles_unchanged} unchanged; errors {errors}; output {stats.output}"
    )


@crawl_app.callback(invoke_without_command=True)
def crawl(
    source: str = typer.Argument(None, help="a sources.yaml key"),
    since: str = typer.Option(None, "--since", help="only articles published on or after YYYY-MM-DD"),
    output: Path = typer.Option(None, "--output", help="JSONL file to write (default: data_dir/articles/…)"),
    all_sources: bool = typer.Option(False, "--all", help="crawl every enabled source"),
) -> None:
    """Crawl one source (or --all)."""
    settings = load_settings()
    try:
        if all_sources:
            results = run_all(settings, since=_since(since))
            for stats in results.values():
                typer.echo(_summary(stats))
            if not all(s.ok for s in results.values()):
                raise typer.Exit(code=1)
            return
        if not source:
            raise typer.BadParameter("give a SOURCE key or --all")
        stats = run_crawl(source, settings, since=_since(since), output=output)
    except (RegistryError, KeyError, CrawlError) as exc:
        typer.secho(f"error: {exc}", fg="red", err=True)
        raise typer.Exit(code=2) from exc
    typer.echo(_summary(stats))
    if not stats.ok:
        raise typer.Exit(code=1)


@sources_app.command("list")
def list_sources(as_json: bool = typer.Option(False, "--json")) -> None:
    """Every registry entry: key, outlet, kind, spider, schedule, enabled."""
    registry = load_registry(load_settings().sources_file)
    rows = [
        {
            "key": s.key,
            "name": s.name,
            "kind": s.kind,
            "spider": s.spider,
            "schedule": s.schedule,
            "enabled": s.enabled,
            "freshness_sla_hours": s.freshness_sla_hours,
        }
        for s in registry.sources
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        typer.echo(
            f"{r['key']:<14} {r['name']:<10} {r['kind']:<9} {r['spider']:<8} {r['schedule']:<14}"
            f" {'enabled' if r['enabled'] else 'disabled'}"
        )


@sources_app.command("status")
def status(as_json: bool = typer.Option(False, "--json")) -> None:
    """Last crawl of each enabled source: pages, articles, errors, last success, SLA breach."""
    settings = load_settings()
    registry = load_registry(settings.sources_file)
    stats = read_stats(settings.crawl_stats_file)
    now = datetime.now(UTC)
    rows = []
    for source in registry.enabled():
        run = stats.get(source.key)
        last_ok = run.last_success if run else None
        stale = last_ok is None or now - last_ok > timedelta(hours=source.freshness_sla_hours)
        rows.append(
            {
                "key": source.key,
                "last_run": run.last_run.isoformat() if run and run.last_run else None,
                "last_success": last_ok.isoformat() if last_ok else None,
                "sla_breached": stale,
                **(
                    {
                        "pages_fetched": run.pages_fetched,
                        "new": run.articles_new,
                        "updated": run.articles_updated,
                        "unchanged": run.articles_unchanged,
                        "errors": run.errors,
                    }
                    if run
                    else {}
                ),
            }
        )
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        flag = "STALE" if r["sla_breached"] else "ok"
        typer.echo(
            f"{r['key']:<14} {flag:<5} last_success={r['last_success']} pages={r.get('pages_fetched', 0)}"
            f" new={r.get('new', 0)} updated={r.get('updated', 0)} unchanged={r.get('unchanged', 0)}"
            f" errors={r.get('errors', {})}"
        )


@sources_app.command("check")
def check(source: str = typer.Argument(None, help="one key; default every enabled source")) -> None:
    """Live health (network!): crawl one article per source, report whether title/date/text came out."""
    settings = load_settings()
    registry = load_registry(settings.sources_file)
    keys = [source] if source else [s.key for s in registry.enabled()]
    failed = 0
    for key in keys:
        out = settings.data_dir / "checks" / f"{key}.jsonl"
        out.unlink(missing_ok=True)
        try:
            stats = run_crawl(
                key,
                settings,
                output=out,
                extra={"CLOSESPIDER_ITEMCOUNT": 1, "EVENTLINE_STORE_FACTORY": "", "EVENTLINE_CONDITIONAL": False},
                spider_args={"refresh": "1"},
                timeout_s=300,
            )
        except (CrawlError, KeyError) as exc:
            typer.echo(f"{key:<14} FAIL {exc}")
            failed += 1
            continue
        lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
        article = json.loads(lines[0]) if lines else None
        complete = bool(article and article.get("title") and article.get("text") and article.get("published_at"))
        failed += not complete
        typer.echo(
            f"{key:<14} {'ok' if complete else 'FAIL'} pages={stats.pages_fetched} errors={stats.errors}"
            f" {(article or {}).get('url', '')}"
        )
    if failed:
        raise typer.Exit(code=1)
