"""`eventline digest`: parse the options, call `eventline.digesting.write_week_digest`, print the Markdown.

Mounted by `eventline/cli/__init__.py` as `app.command("digest")(digest_command)`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from digest import DigestConfig, OverridesError
from eventline.config import load_settings
from eventline.digesting import write_week_digest
from schemas.jsonl import InputError


class DigestFormat(StrEnum):
    md = "md"
    html = "html"
    eml = "eml"
    all = "all"


def digest_command(
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
            "--overrides", file_okay=False, help="directory of <week>.yaml editor overrides (default: var/overrides)"
        )
    ] = None,
    fmt: Annotated[DigestFormat, typer.Option("--format", help="which files to write")] = DigestFormat.all,
    topic: Annotated[str | None, typer.Option("--topic", help="industry named in the title, e.g. 产业区块链")] = None,
) -> None:
    """Draft the weekly digest (Markdown / HTML / .eml) and print the Markdown."""
    settings = load_settings()
    config = DigestConfig(topic=topic) if topic else DigestConfig()
    formats = ("md", "html", "eml") if fmt == DigestFormat.all else (fmt.value,)
    out_dir = out or settings.digests_dir
    overrides = overrides or (settings.overrides_dir if settings.overrides_dir.is_dir() else None)
    try:
        if events_file is not None:
            result = write_week_digest(
                week, events_file=events_file, articles_file=articles_file, out_dir=out_dir,
                overrides_dir=overrides, config=config, today=date.today(), formats=formats,
            )
        else:
            from eventline.stores import open_store

            with open_store(settings) as store:
                result = write_week_digest(
                    week, store=store, out_dir=out_dir, overrides_dir=overrides, config=config,
                    today=date.today(), formats=formats,
                )
    except (OverridesError, InputError, ValueError) as exc:
        typer.secho(f"error: {exc}", fg="red", err=True)
        raise typer.Exit(code=2) from exc
    for warning in result.warnings:
        typer.secho(f"warning: {warning}", fg="yellow", err=True)
    typer.echo(result.markdown, nl=False)
    written = ", ".join(str(path) for path in result.paths)
    typer.secho(f"{result.week}: {result.items} items → {written}", err=True)
