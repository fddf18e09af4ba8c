"""Analyst commands of the `eventline` CLI: `timeline`, `stats`, `show` and `serve`.

`register(app)` adds them to the root Typer app. They parse options into a structured
`store.base.TimelineQuery` (user text is only ever a value in it), ask the configured store
(`eventline.stores.open_store`) and print a rich table (East Asian wide characters measured
correctly), JSON or CSV. Invalid values exit with code 2 and a message naming the option;
an unknown event id or an unreachable store exits with code 1.
"""

from __future__ import annotations

import calendar
import json
import re
import sys
from collections.abc import Callable, Iterable
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from eventline.config import load_settings
from eventline.export import csv_lines, table_csv_lines
from eventline.search import UnknownPlace, resolve_query
from eventline.stores import StoreNotFound, open_store
from schemas import TYPE_INFO, Article, Event, EventType, Section, type_info
from store.base import MAX_PAGE_SIZE, CountKey, Store, TimelineQuery

T = TypeVar("T")


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class StatKey(StrEnum):
    month = "month"
    week = "week"
    type = "type"
    province = "province"
    city = "city"
    district = "district"
    section = "section"
    org = "org"
    outlet = "outlet"


class SortOrder(StrEnum):
    desc = "desc"
    asc = "asc"


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _stdout() -> Console:
    return Console(file=sys.stdout, soft_wrap=False)


def _stderr() -> Console:
    return Console(file=sys.stderr)


def _fail(message: str, code: int = 1) -> typer.Exit:
    _stderr().print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(code=code)


def parse_date_bound(value: str | None, *, end: bool, option: str) -> date | None:
    """'2021' / '2021-03' / '2021-03-15' → a date; `end` picks the last day of a year or month."""
    if value is None or not value.strip():
        return None
    match = _DATE_RE.match(value.strip())
    try:
        if not match:
            raise ValueError
        year, month, day = int(match[1]), match[2], match[3]
        if month is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        m = int(month)
        if day is None:
            return date(year, m, calendar.monthrange(year, m)[1]) if end else date(year, m, 1)
        return date(year, m, int(day))
    except ValueError:
        message = f"{value!r} is not a date like 2021, 2021-03 or 2021-03-15"
        raise typer.BadParameter(message, param_hint=option) from None


def parse_section(value: str) -> Section:
    """A section by its Chinese title (产业政策) or its key (policy)."""
    text = value.strip()
    for section in Section:
        if text in (section.value, section.name):
            return section
    choices = ", ".join(f"{s.name} ({s.value})" for s in Section)
    raise typer.BadParameter(f"{value!r} is not a section; choose from {choices}", param_hint="'--section'")


def build_query(
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    types: list[EventType] | None = None,
    sections: list[str] | None = None,
    province: str | None = None,
    city: str | None = None,
    district: str | None = None,
    place: str | None = None,
    org: str | None = None,
    q: str | None = None,
    sort: SortOrder = SortOrder.desc,
    limit: int = 50,
    offset: int = 0,
) -> TimelineQuery:
    """CLI options → the structured query every backend understands (short places and aliases resolved)."""
    start = parse_date_bound(date_from, end=False, option="'--from'")
    stop = parse_date_bound(date_to, end=True, option="'--to'")
    if start and stop and stop < start:
        raise typer.BadParameter(f"{stop} is before --from {start}", param_hint="'--to'")
    query = TimelineQuery(
        date_from=start,
        date_to=stop,
        types=list(dict.fromkeys(types or [])),
        sections=list(dict.fromkeys(parse_section(s) for s in sections or [])),
        province=(province or "").strip() or None,
        city=(city or "").strip() or None,
        district=(district or "").strip() or None,
        participant=(org or "").strip() or None,
        text=(q or "").strip() or None,
        sort="date_asc" if sort == SortOrder.asc else "date_desc",
        limit=max(1, min(limit, MAX_PAGE_SIZE)),
        offset=offset,
    )
    try:
        return resolve_query(query, place=place)
    except UnknownPlace as exc:
        raise typer.BadParameter(str(exc), param_hint="'--place'") from None


def _with_store(action: Callable[[Store], T]) -> T:
    try:
        store = open_store(load_settings(), create=False)
    except StoreNotFound as exc:
        raise _fail(str(exc)) from exc
    except Exception as exc:
        raise _fail(f"cannot open the store: {type(exc).__name__}: {exc}") from exc
    try:
        with store:
            return action(store)
    except (typer.Exit, typer.BadParameter):
        raise
    except Exception as exc:
        raise _fail(f"store query failed: {type(exc).__name__}: {exc}") from exc


def fetch_events(store: Store, query: TimelineQuery, wanted: int | None) -> tuple[int, list[Event]]:
    """Page through the store until `wanted` events (None: all) are read; progress on stderr for long runs."""
    first = store.timeline(query.model_copy(update={"limit": min(MAX_PAGE_SIZE, wanted or MAX_PAGE_SIZE)}))
    total = first.total
    goal = max(0, total - query.offset) if wanted is None else min(wanted, max(0, total - query.offset))
    events = list(first.events)
    if len(events) >= goal or not first.events:
        return total, events[:goal]
    progress = Progress(
        TextColumn("reading events"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=_stderr(), transient=True,
    )
    with progress:
        task = progress.add_task("read", total=goal, completed=len(events))
        while len(events) < goal:
            size = min(MAX_PAGE_SIZE, goal - len(events))
            page = store.timeline(query.model_copy(update={"limit": size, "offset": query.offset + len(events)}))
            if not page.events:
                break
            events.extend(page.events)
            progress.update(task, completed=len(events))
    return total, events


def _region(event: Event) -> str:
    if event.region is None:
        return ""
    parts = [event.region.province, event.region.city, event.region.district]
    seen: list[str] = []
    for part in parts:
        if part and part not in seen:
            seen.append(part)
    return " ".join(seen)


def _participants(event: Event) -> str:
    return "、".join(p.normalized or p.name for p in event.participants)


def _write_csv(lines: Iterable[str]) -> None:
    for piece in lines:
        sys.stdout.write(piece)


def _write_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def events_table(events: list[Event], total: int, offset: int) -> Table:
    shown = f"{offset + 1}–{offset + len(events)}" if events else "0"
    table = Table(title=f"事件 {shown} / 共 {total} 条", show_lines=False, expand=False)
    table.add_column("日期", no_wrap=True)
    table.add_column("类型", no_wrap=True)
    table.add_column("地区", overflow="fold", ratio=1)
    table.add_column("参与方", overflow="fold", ratio=1)
    table.add_column("标题", overflow="fold", ratio=2)
    table.add_column("来源", overflow="fold", ratio=1)
    table.add_column("id", no_wrap=True, style="dim")
    for event in events:
        table.add_row(
            event.date.as_text() or "—",
            type_info(event.type).label,
            _region(event),
            _participants(event),
            event.headline or event.object or "",
            "、".join(dict.fromkeys(m.source for m in event.mentions)),
            event.id,
        )
    return table


DateFrom = Annotated[str | None, typer.Option("--from", help="earliest event date: 2021, 2021-03 or 2021-03-15")]
DateTo = Annotated[str | None, typer.Option("--to", help="latest event date, inclusive (2021 means to 2021-12-31)")]
Types = Annotated[list[EventType] | None, typer.Option("--type", "-t", help="event type; repeat for any of several")]
Sections = Annotated[
    list[str] | None, typer.Option("--section", help="digest section, by key (policy) or title (产业政策); repeatable")
]
Province = Annotated[str | None, typer.Option("--province", help="province, full or short: 湖北省, 湖北")]
City = Annotated[str | None, typer.Option("--city", help="city, full or short: 武汉市, 武汉")]
District = Annotated[str | None, typer.Option("--district", help="district or zone: 江汉区, 光谷")]
Place = Annotated[str | None, typer.Option("--place", help="a place at any level, or its adcode: 湖北, 光谷, 420100")]
Org = Annotated[str | None, typer.Option("--org", help="part of a participant's name, or an alias: 腾讯, 工信部")]
FreeText = Annotated[
    str | None, typer.Option("--q", help='words (all required) or "quoted phrases" in headline, summary, evidence…')
]
Excel = Annotated[bool, typer.Option("--excel", help="CSV with a UTF-8 BOM, so Excel shows Chinese correctly")]
Format = Annotated[OutputFormat, typer.Option("--format", "-f", help="table, json or csv")]


def timeline(
    date_from: DateFrom = None,
    date_to: DateTo = None,
    types: Types = None,
    sections: Sections = None,
    province: Province = None,
    city: City = None,
    district: District = None,
    place: Place = None,
    org: Org = None,
    q: FreeText = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="events to print")] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0, help="events to skip")] = 0,
    all_events: Annotated[bool, typer.Option("--all", help="print every matching event (ignores --limit)")] = False,
    sort: Annotated[SortOrder, typer.Option("--sort", help="newest (desc) or oldest (asc) first")] = SortOrder.desc,
    output: Format = OutputFormat.table,
    excel: Excel = False,
) -> None:
    """Events matching the filters, newest first: e.g. every approval in 湖北省 since 2021."""
    query = build_query(
        date_from=date_from, date_to=date_to, types=types, sections=sections, province=province, city=city,
        district=district, place=place, org=org, q=q, sort=sort, limit=limit, offset=offset,
    )
    total, events = _with_store(lambda store: fetch_events(store, query, None if all_events else limit))
    if output == OutputFormat.json:
        _write_json([e.model_dump(mode="json") for e in events])
    elif output == OutputFormat.csv:
        _write_csv(csv_lines(events, bom=excel))
    else:
        _stdout().print(events_table(events, total, offset))
    if offset + len(events) < total:  # on stderr, so JSON / CSV output stays clean
        rest, shown = total - offset - len(events), offset + len(events)
        _stderr().print(f"[dim]{rest} more: use --offset {shown} or --all[/]")


def stats(
    by: Annotated[
        list[StatKey],
        typer.Option(
            "--by", "-b",
            help="group by month, week, type, province, city, district, section, org, outlet; repeatable",
        ),
    ],
    date_from: DateFrom = None,
    date_to: DateTo = None,
    types: Types = None,
    sections: Sections = None,
    province: Province = None,
    city: City = None,
    district: District = None,
    place: Place = None,
    org: Org = None,
    q: FreeText = None,
    output: Format = OutputFormat.table,
    excel: Excel = False,
) -> None:
    """Counts of matching events grouped by one or more keys, e.g. --by province --by month."""
    keys: list[CountKey] = list(dict.fromkeys(k.value for k in by))  # type: ignore[misc]
    query = build_query(
        date_from=date_from, date_to=date_to, types=types, sections=sections, province=province, city=city,
        district=district, place=place, org=org, q=q,
    )
    rows = _with_store(lambda store: store.counts(keys, query))
    if output == OutputFormat.json:
        _write_json({"by": keys, "total": sum(r.count for r in rows), "rows": [r.model_dump() for r in rows]})
        return
    if output == OutputFormat.csv:
        _write_csv(table_csv_lines([*keys, "count"], ([*(r.key.get(k) or "" for k in keys), r.count] for r in rows),
                                   bom=excel))
        return
    table = Table(title=f"事件数 · 按 {' × '.join(keys)}")
    for key in keys:
        table.add_column(key, overflow="fold")
    table.add_column("count", justify="right")
    for row in rows:
        cells = [_stat_cell(key, row.key.get(key)) for key in keys]
        table.add_row(*cells, str(row.count))
    table.add_section()
    table.add_row(*(["合计"] + [""] * (len(keys) - 1)), str(sum(r.count for r in rows)))
    _stdout().print(table)


def _stat_cell(key: str, value: str | None) -> str:
    if value is None:
        return "—"
    if key == "type" and value in TYPE_INFO:  # a type no longer in the vocabulary still shows its key
        return f"{TYPE_INFO[value].label} ({value})"
    return value


def evidence_text(sentence: str, event: Event) -> Text:
    """The sentence with the trigger and participant names highlighted."""
    text = Text(sentence)
    names = {n for p in event.participants for n in (p.name, p.normalized) if n}
    text.highlight_words(sorted(names, key=len, reverse=True), style="bold cyan")
    if event.trigger:
        text.highlight_words([event.trigger], style="bold black on yellow")
    return text


def show(
    event_id: Annotated[str, typer.Argument(help="event id, e.g. ev_1a2b3c4d5e6f7a8b")],
    output: Annotated[OutputFormat, typer.Option("--format", "-f", help="table or json")] = OutputFormat.table,
    article_text: Annotated[
        bool, typer.Option("--text", help="also print the stored text of each source article (when its link is dead)")
    ] = False,
) -> None:
    """One event with its mentions: which sentence of which article states it."""
    event, articles = _with_store(lambda store: event_with_articles(store, event_id.strip(), article_text))
    if event is None:
        raise _fail(f"no event with id {event_id!r}")
    if output != OutputFormat.table:
        _write_json(event.model_dump(mode="json"))
        return
    console = _stdout()
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")
    date_text = event.date.as_text() or "日期未知"
    if event.date.expression:
        date_text += f"（原文：{event.date.expression}）"
    rows: list[tuple[str, str]] = [
        ("id", event.id),
        ("类型", f"{type_info(event.type).label} ({event.type.value})"),
        ("日期", date_text),
        ("地区", _region(event) or "—"),
        ("栏目", event.section.value),
        ("参与方", "、".join(f"{p.normalized or p.name}[{p.kind.value}]" for p in event.participants) or "—"),
        ("对象", event.object or "—"),
        ("触发词", event.trigger or "—"),
        ("置信度", f"{event.confidence:.2f}"),
        ("来源数", str(event.corroboration)),
    ]
    for label, value in rows:
        facts.add_row(label, value)
    if event.summary:
        facts.add_row("摘要", event.summary)
    console.print(Panel(facts, title=Text(event.headline or event.id, style="bold"), expand=False))
    for number, mention in enumerate(event.mentions, start=1):
        header = Text(f"[{number}] {mention.source} · {mention.published_at.date().isoformat()}", style="bold")
        if mention.title:
            header.append(f" · {mention.title}")
        console.print(header)
        console.print(Text("    ").append(evidence_text(mention.sentence, event)))
        if mention.url:
            console.print(Text(f"    {mention.url}", style="underline blue"))
        if article_text:
            article = articles.get(mention.article_id)
            body = article.text if article else "（原文未存储 / article text not stored）"
            console.print(Panel(Text(body), title=mention.article_id, expand=False))


def event_with_articles(store: Store, event_id: str, with_articles: bool) -> tuple[Event | None, dict[str, Article]]:
    """The event and, when asked, the stored articles its mentions cite (by article id; missing ones left out)."""
    event = store.get_event(event_id)
    articles: dict[str, Article] = {}
    if event is not None and with_articles:
        for article_id in dict.fromkeys(m.article_id for m in event.mentions):
            if (article := store.get_article(article_id)) is not None:
                articles[article_id] = article
    return event, articles


def serve(
    host: Annotated[str, typer.Option("--host", help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port")] = 8000,
) -> None:
    """Serve the HTTP API and the timeline page (http://HOST:PORT/)."""
    import uvicorn

    from api.app import create_app

    settings = load_settings()
    _with_store(lambda store: None)  # a missing or unreadable store fails here, not on the first request
    _stderr().print(f"serving eventline ({settings.store}) on http://{host}:{port}/  — Ctrl+C to stop")
    uvicorn.run(create_app(lambda: open_store(settings, create=False)), host=host, port=port, log_level="info")


def register(app: typer.Typer) -> None:
    """Add the analyst commands to the root `eventline` app."""
    app.command("timeline")(timeline)
    app.command("stats")(stats)
    app.command("show")(show)
    app.command("serve")(serve)
