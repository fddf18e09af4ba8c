"""The `eventline` command line: parses arguments and calls the application's functions.

The CLI is the outermost layer: it imports `eventline`'s functions (and `api` for `serve`);
nothing in `eventline` imports the CLI. Sub-commands live beside this module:
`analyst` (timeline, stats, show, serve), `crawl` (crawl, sources), `digest`, `es`, `watch`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from eventline.cli.analyst import register as register_analyst_commands
from eventline.cli.crawl import crawl_app, page, sources_app
from eventline.cli.digest import digest_app
from eventline.cli.es import es_app
from eventline.cli.watch import watch_app
from eventline.config import load_settings
from schemas import Event
from schemas.jsonl import InputError

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="eventline: Chinese industry news → events → timeline → weekly digest",
)


def fail(message: str, code: int = 1) -> None:
    typer.secho(f"error: {message}", fg="red", err=True)
    raise typer.Exit(code=code)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"eventline {version('eventline')}")
        except PackageNotFoundError:  # run from a checkout without `pip install -e`
            typer.echo("eventline (not installed: version unknown)")
        raise typer.Exit()


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="log progress to stderr")] = False,
    show_version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="print the version and exit")
    ] = False,
) -> None:
    level = logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


def _report_skipped(skipped: list[str]) -> None:
    """Each line left out by --skip-invalid, on stderr: nothing is dropped silently."""
    for message in skipped:
        typer.secho(f"skipped {message}", fg="yellow", err=True)
    if skipped:
        typer.secho(f"{len(skipped)} bad line(s) skipped", fg="yellow", err=True)


@app.command()
def extract(
    input: Annotated[Path, typer.Option("--input", "-i", help="JSONL of articles")],
    output: Annotated[Path, typer.Option("--output", "-o", help="JSONL of events to write")],
    format: Annotated[
        str, typer.Option("--format", help="flat: one line per mention (scorer form); events: full merged events")
    ] = "flat",
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="report each bad line and go on (default: stop at the first)")
    ] = False,
) -> None:
    """Extract events from a JSONL file of articles (a record needs only `text`); no store needed."""
    from eventline.pipeline import extract_file

    if format not in ("flat", "events"):
        fail(f"--format must be flat or events, not {format!r}", code=2)
    try:
        report = extract_file(input, output, format, skip_invalid=skip_invalid)  # type: ignore[arg-type]
    except InputError as exc:
        fail(str(exc))
    _report_skipped(report.skipped)
    typer.echo(
        f"{report.articles} articles → {report.events} events ({report.mentions} mentions), "
        f"{report.lines_written} lines written to {output}"
    )


@app.command("extract-service")
def extract_service(
    nice: Annotated[int, typer.Option(help="lower the service's CPU priority by this much: the crawls it follows "
                                      "come first, extraction takes the idle CPU (0: as started)")] = 10,
    status: Annotated[bool, typer.Option("--status", help="print the running service's status (JSON) and exit; "
                                         "exit 1 when none answers")] = False,
) -> None:
    """Keep HanLP warm and extract each crawl's articles while it is crawled, until SIGTERM / Ctrl-C.

    Listens on EVENTLINE_EXTRACT_SOCKET (default <data dir>/extract.sock) once warm; crawls with
    extraction (`crawl_and_extract`, EVENTLINE_EXTRACT_DURING_CRAWL=1) on this machine use it."""
    import json
    import sys

    from rich.logging import RichHandler

    from eventline.extract_protocol import service_status
    from eventline.extract_service import ServiceError, serve

    settings = load_settings()
    if status:
        answer = service_status(settings)
        if answer is None:
            fail(f"no extraction service answers at {settings.extract_service_socket}")
        typer.echo(json.dumps(answer, ensure_ascii=False))
        return
    if sys.stderr.isatty():
        handler: logging.Handler = RichHandler(show_path=False)
        handler.setFormatter(logging.Formatter("%(message)s"))
    else:  # a log file or the journal: one plain line per record
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    try:
        serve(settings, nice=nice)
    except ServiceError as exc:
        fail(str(exc))


@app.command()
def ingest(
    input: Annotated[Path, typer.Option("--input", "-i", help="JSONL of articles and/or full events")],
    no_extract: Annotated[bool, typer.Option("--no-extract", help="store articles without extracting events")] = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="report each bad line and go on (default: stop at the first)")
    ] = False,
) -> None:
    """Load articles (extracting their events) and/or events from JSONL into the configured store."""
    from eventline.pipeline import ingest_file
    from eventline.stores import open_store

    try:
        with open_store(load_settings()) as store:
            report = ingest_file(store, input, extract_articles=not no_extract, skip_invalid=skip_invalid)
    except InputError as exc:
        fail(str(exc))
    _report_skipped(report.skipped)
    a, e = report.articles, report.events
    typer.echo(
        f"articles: {a.created} new, {a.updated} updated, {a.unchanged} unchanged, {a.failed} failed; "
        f"events: {e.created} new, {e.updated} updated, {e.unchanged} unchanged, {e.failed} failed"
    )
    if a.failed or e.failed:
        for message in [*a.errors, *e.errors][:20]:
            typer.secho(f"  {message}", fg="yellow", err=True)
        raise typer.Exit(code=1)


@app.command()
def demo(
    data_dir: Annotated[Path | None, typer.Option(help="where the demo keeps its store and files")] = None,
) -> None:
    """Serve the sample site, crawl it, extract events into SQLite, print the timeline and a digest."""
    from rich.console import Console

    from eventline.cli.analyst import events_table
    from eventline.demo import run_demo

    def show(events: list[Event], total: int) -> None:
        Console(width=160).print(events_table(events, total, 0))

    run_demo(data_dir=data_dir, echo=typer.echo, show_timeline=show)


app.add_typer(digest_app, name="digest")
app.add_typer(crawl_app, name="crawl")
app.command("page")(page)
app.add_typer(sources_app, name="sources")
app.add_typer(es_app, name="es")
app.add_typer(watch_app, name="watch")
register_analyst_commands(app)
