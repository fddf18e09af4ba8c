"""`eventline digest` (draft: `eventline.digesting.write_week_digest`, prints the Markdown) and
`eventline digest send --week W` (the explicit sending step: `eventline.digesting.send_week_digest`).

Mounted by `eventline/cli/__init__.py` as `app.add_typer(digest_app, name="digest")`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from digest import OverridesError
from eventline.config import load_settings
from eventline.digesting import NothingToSend, digest_config, send_week_digest, write_week_digest
from eventline.mailing import MailNotConfigured
from schemas.jsonl import InputError

digest_app = typer.Typer(add_completion=False, help="Draft the weekly digest; `send` mails a reviewed week.")


class DigestFormat(StrEnum):
    md = "md"
    html = "html"
    eml = "eml"
    all = "all"


@digest_app.callback(invoke_without_command=True)
def digest_command(
    ctx: typer.Context,
    week: Annotated[
        str | None, typer.Option("--week", help="ISO week, e.g. 2020-W30 (default: last week)")
    ] = None,
    events_file: Annotated[
        Path | None,
        typer.Option("--from", exists=True, dir_okay=False, help="events JSONL (Event or FlatEvent lines); no store"),
    ] = None,
    articles_file: Annotated[
        Path | None,
        typer.Option("--articles", exists=True, dir_okay=False, help="articles JSONL naming the outlets of flat lines"),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="output directory (default: settings' digests dir)")] = None,
    overrides: Annotated[
        Path | None, typer.Option(
            "--overrides", file_okay=False, help="directory of <week>.yaml overrides (default: <data dir>/overrides)"
        )
    ] = None,
    fmt: Annotated[DigestFormat, typer.Option("--format", help="which files to write")] = DigestFormat.all,
    topic: Annotated[str | None, typer.Option("--topic", help="industry named in the title, e.g. 产业区块链")] = None,
) -> None:
    """Draft the weekly digest (Markdown / HTML / .eml draft) and print the Markdown; nothing is mailed."""
    if ctx.invoked_subcommand is not None:
        return
    settings = load_settings()
    config = digest_config(settings, topic=topic)
    formats = ("md", "html", "eml") if fmt == DigestFormat.all else (fmt.value,)
    out_dir = out or settings.digests_dir
    try:
        if events_file is not None:
            result = write_week_digest(
                week, events_file=events_file, articles_file=articles_file, out_dir=out_dir,
                overrides_dir=overrides, config=config, today=date.today(), formats=formats, settings=settings,
            )
        else:
            from eventline.stores import open_store

            with open_store(settings) as store:
                result = write_week_digest(
                    week, store=store, out_dir=out_dir, overrides_dir=overrides, config=config,
                    today=date.today(), formats=formats, settings=settings,
                )
    except (OverridesError, InputError, ValueError) as exc:
        typer.secho(f"error: {exc}", fg="red", err=True)
        raise typer.Exit(code=2) from exc
    for warning in result.warnings:
        typer.secho(f"warning: {warning}", fg="yellow", err=True)
    typer.echo(result.markdown, nl=False)
    written = ", ".join(str(path) for path in result.paths)
    typer.secho(f"{result.week}: {result.items} items → {written}", err=True)


@digest_app.command("send")
def send_command(week: Annotated[str, typer.Option("--week", help="the reviewed ISO week, e.g. 2020-W30")]) -> None:
    """Mail the week's digest (re-drafted with the current overrides); an empty week is never mailed."""
    from eventline.stores import open_store

    settings = load_settings()
    try:
        with open_store(settings) as store:
            outcome = send_week_digest(week, store=store, settings=settings)
    except (NothingToSend, MailNotConfigured, OverridesError, ValueError) as exc:
        typer.secho(f"error: {exc}", fg="red", err=True)
        raise typer.Exit(code=1) from exc
    typer.echo(outcome)
