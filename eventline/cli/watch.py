"""`eventline watch add | list | remove | run`: saved queries that deliver their new events (see
`eventline.watches`). Options parse into a `WatchFilters`; the work is done by `eventline.watches`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from pydantic import ValidationError

from eventline.cli.analyst import (
    City,
    DateFrom,
    District,
    FreeText,
    Org,
    Place,
    Province,
    Sections,
    Types,
    parse_date_bound,
    parse_section,
)
from eventline.config import load_settings
from eventline.search import UnknownPlace
from eventline.stores import StoreNotFound, open_store
from eventline.watches import Watch, WatchError, WatchFilters, add_watch, read_watches, remove_watch, run_watches

watch_app = typer.Typer(no_args_is_help=True, help="saved queries that deliver new events by webhook or e-mail")


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.secho(f"error: {message}", fg="red", err=True)
    return typer.Exit(code=code)


@watch_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="a short name, e.g. hubei-approvals")],
    webhook: Annotated[str | None, typer.Option("--webhook", help="POST new events as JSON to this URL")] = None,
    email: Annotated[str | None, typer.Option("--email", help="mail new events to this address (SMTP)")] = None,
    date_from: DateFrom = None,
    types: Types = None,
    sections: Sections = None,
    province: Province = None,
    city: City = None,
    district: District = None,
    place: Place = None,
    org: Org = None,
    q: FreeText = None,
) -> None:
    """Save a watch; events matching it now count as seen, so it delivers only what arrives later."""
    settings = load_settings()
    try:
        filters = WatchFilters(
            types=list(dict.fromkeys(types or [])), sections=[parse_section(s) for s in sections or []],
            date_from=parse_date_bound(date_from, end=False, option="'--from'"), province=province, city=city,
            district=district, place=place, org=org, q=q,
        )
        watch = Watch(name=name, filters=filters, webhook=webhook, email=email, created_at=datetime.now(UTC))
        filters.query()
    except ValidationError as exc:
        raise _fail("; ".join(e["msg"] for e in exc.errors()), code=2) from None
    except UnknownPlace as exc:
        raise typer.BadParameter(str(exc), param_hint="'--place'") from None
    try:
        with open_store(settings, create=False) as store:
            seen = add_watch(settings.watches_file, watch, store)
    except (WatchError, StoreNotFound) as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"watch {name!r} saved; {seen} events match it now (not delivered); feed: {filters.feed_path()}")


@watch_app.command("list")
def list_watches() -> None:
    """The saved watches, their channel, feed and last run."""
    for watch in read_watches(load_settings().watches_file):
        channel = f"webhook {watch.webhook}" if watch.webhook else f"e-mail {watch.email}"
        last = watch.last_run.isoformat(timespec="seconds") if watch.last_run else "never"
        typer.echo(f"{watch.name}\t{channel}\t{len(watch.delivered)} delivered\tlast run {last}\t"
                   f"{watch.filters.feed_path()}")


@watch_app.command("remove")
def remove(name: Annotated[str, typer.Argument(help="the watch to delete")]) -> None:
    """Delete a watch."""
    try:
        remove_watch(load_settings().watches_file, name)
    except WatchError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"watch {name!r} removed")


@watch_app.command("run")
def run() -> None:
    """Deliver every watch's new events; exit 1 when any delivery or query failed (they are retried next run)."""
    settings = load_settings()
    try:
        with open_store(settings, create=False) as store:
            runs = run_watches(settings.watches_file, store)
    except (WatchError, StoreNotFound) as exc:
        raise _fail(str(exc)) from None
    for report in runs:
        outcome = report.error or (f"{report.delivered} delivered by {report.channel}" if report.delivered
                                   else "nothing new")
        typer.echo(f"{report.name}: {report.new} new; {outcome}")
    if any(r.error for r in runs):
        raise typer.Exit(code=1)
