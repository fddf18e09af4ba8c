"""`eventline crawl …` and `eventline sources …`: Typer sub-apps that parse arguments and call
`eventline.crawling` (mounted by `eventline.cli`).

* `eventline crawl SOURCE [--since D] [--output F]`, `eventline crawl --all`
* `eventline sources list` (registry), `status` (the health verdict of `eventline.health`, as
  `source_health` judges), `check` (live probe: `eventline.source_check`)
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import typer

from crawlers.registry import RegistryError, load_entries, load_registry
from crawlers.stats import CrawlStats
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


def _summary(stats: CrawlStats) -> str:
    errors = ", ".join(f"{k}={v}" for k, v in stats.errors.items()) or "none"
    failed = "" if stats.ok else f"; FAILED: {stats.failure_summary}"
    return (
        f"{stats.source}: {stats.pages_fetched} pages, {stats.articles_new} new, {stats.articles_updated} updated,"
        f" {stats.articles_unchanged} unchanged; errors {errors}; output {stats.output}{failed}"
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
    """Every registry entry: key, outlet, kind, spider, schedule, enabled; invalid entries named (exit 1)."""
    try:
        sources, bad = load_entries(load_settings().sources_file)
    except RegistryError as exc:
        typer.secho(f"error: {exc}", fg="red", err=True)
        raise typer.Exit(code=2) from exc
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
        for s in sources
    ]
    if as_json:
        invalid = [{"key": b.key, "invalid": b.message} for b in bad]
        typer.echo(json.dumps(rows + invalid, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            typer.echo(
                f"{r['key']:<14} {r['name']:<10} {r['kind']:<9} {r['spider']:<8} {r['schedule']:<14}"
                f" {'enabled' if r['enabled'] else 'disabled'}"
            )
        for b in bad:
            typer.secho(f"{b.key:<14} INVALID\n{b.message}", fg="red")
    if bad:
        raise typer.Exit(code=1)


@sources_app.command("status")
def status(as_json: bool = typer.Option(False, "--json")) -> None:
    """The health verdict of each enabled source now (as `source_health` judges it); exit 1 when one is unhealthy."""
    from eventline.health import check_sources

    reports = check_sources(load_settings(), datetime.now(UTC))
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in reports], ensure_ascii=False, indent=2))
    else:
        for r in reports:
            last = r.last
            figures = (f" pages={last.pages_fetched} new={last.articles_new} updated={last.articles_updated}"
                       f" unchanged={last.articles_unchanged} errors={last.errors}") if last else ""
            success = r.last_success.isoformat(timespec="seconds") if r.last_success else None
            typer.echo(f"{r.source:<14} {'ok' if r.healthy else 'FAIL':<4} last_success={success}{figures}")
            for problem in r.problems:
                typer.secho(f"    {problem}", fg="red")
    if not all(r.healthy for r in reports):
        raise typer.Exit(code=1)


@sources_app.command("check")
def check(source: str = typer.Argument(None, help="one key; default every enabled source")) -> None:
    """Live health (network!): crawl one article per source in a scratch directory, report title/date/text."""
    from eventline.source_check import check_source
    from eventline.sources import enabled_sources

    settings = load_settings()
    keys = [source] if source else [s.key for s in enabled_sources(settings.sources_file)]
    results = [check_source(key, settings) for key in keys]
    for result in results:
        typer.echo(result.line)
    if not all(r.ok for r in results):
        raise typer.Exit(code=1)


def page(
    targets: list[str] = typer.Argument(..., metavar="FILE_OR_URL...", help="stored pages or http(s) URLs"),
    url: str = typer.Option("", "--url", help="the page's URL when reading a file (dates in it count)"),
    source: str | None = typer.Option(None, "--source", help="a sources.yaml key whose selectors are tried first"),
) -> None:
    """What the crawler would store for each page, one JSON line each, with the rule behind every field."""
    from crawlers.page import page_record

    registry = load_registry(load_settings().sources_file) if source else None
    chosen = registry.get(source) if registry is not None and source else None
    if source and chosen is None:
        typer.secho(f"no source {source!r} in {load_settings().sources_file}", fg="red", err=True)
        raise typer.Exit(code=2)
    failed = 0
    for target in targets:
        try:
            typer.echo(json.dumps(page_record(target, url, chosen), ensure_ascii=False))
        except Exception as exc:  # one bad page or URL must not hide the others' results
            typer.secho(json.dumps({"target": target, "error": str(exc)}, ensure_ascii=False), fg="red", err=True)
            failed += 1
    if failed:
        raise typer.Exit(code=1)

