"""The `eventline` command line: parses arguments and calls the pipeline functions."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, help="eventline: Chinese industry news → events → timeline → digest")


def not_yet_available(feature: str) -> None:
    typer.secho(f"error: {feature} is not yet available in this version of eventline", fg="red", err=True)
    raise typer.Exit(code=2)
