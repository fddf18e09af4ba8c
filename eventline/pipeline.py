"""Pipeline functions shared by the CLI, the Airflow DAGs and the API.

Each takes plain arguments (paths, settings, a store) and returns counts; none prints.
`extract_file` needs no store; `index_events` merges new events with the ones already
stored, so a fact reported again in a later run gains a mention instead of a duplicate.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from schemas import Article, Event, FlatEvent
from schemas.facts import absorbed
from schemas.jsonl import InputError, iter_json_lines, read_models, write_models
from store.base import Store, TimelineQuery, UpsertResult

logger = logging.getLogger(__name__)

OutputFormat = Literal["flat", "events"]
MERGE_WINDOW_DAYS = 31


@dataclass
class ExtractReport:
    articles: int = 0
    events: int = 0
    mentions: int = 0
    lines_written: int = 0
    output: Path | None = None
    skipped: list[str] = field(default_factory=list)  # bad input lines left out (--skip-invalid), each named


@dataclass
class IngestReport:
    articles: UpsertResult = field(default_factory=UpsertResult)
    events: UpsertResult = field(default_factory=UpsertResult)
    events_extracted: int = 0
    skipped: list[str] = field(default_factory=list)


def extract(articles: Sequence[Article]) -> list[Event]:
    """Articles → merged events (HanLP starts lazily on first use)."""
    import nlp

    return nlp.extract_events(articles)


def write_events(path: Path, events: Sequence[Event], fmt: OutputFormat = "flat") -> int:
    """Write `events` (one line per mention when `fmt` is "flat"); the number of lines written."""
    rows = (row for event in events for row in (FlatEvent.from_event(event) if fmt == "flat" else [event]))
    return write_models(path, rows)


def extract_file(
    input_path: Path, output_path: Path, fmt: OutputFormat = "flat", *, skip_invalid: bool = False
) -> ExtractReport:
    """JSONL of articles → JSONL of events. Validates every line before writing anything; a bad
    line stops it, naming the line, unless `skip_invalid` (then each bad line is reported)."""
    skipped: list[str] | None = [] if skip_invalid else None
    articles = read_models(input_path, Article, skipped=skipped)
    events = extract(articles)  # asserted events only: `nlp` leaves planned and negated ones out
    lines = write_events(output_path, events, fmt)
    return ExtractReport(
        articles=len(articles),
        events=len(events),
        mentions=sum(len(e.mentions) for e in events),
        lines_written=lines,
        output=output_path,
        skipped=skipped or [],
    )


def _stored_neighbours(store: Store, event: Event) -> list[Event]:
    if event.date.value is None:
        return []
    query = TimelineQuery(
        types=[event.type],
        date_from=event.date.value - timedelta(days=MERGE_WINDOW_DAYS),
        date_to=event.date.value + timedelta(days=MERGE_WINDOW_DAYS),
        limit=500,
    )
    return store.timeline(query).events


def index_events(store: Store, events: Sequence[Event]) -> UpsertResult:
    """Upsert events, first merging each with the stored events it may duplicate.

    A stored event keeps its id when a new report of the same fact merges into it, so a
    re-run or a later outlet adds mentions to the record analysts already know.
    """
    from nlp.merge import merge_events

    stored: dict[str, Event] = {}
    for event in events:
        for neighbour in _stored_neighbours(store, event):
            stored.setdefault(neighbour.id, neighbour)
    if not stored:
        return store.upsert_events(events)
    merged = merge_events([*stored.values(), *events])
    resolved: list[Event] = []
    for event in merged:
        known = [m for m in stored.values() if absorbed(event, m)]
        if known:
            event = event.model_copy(update={"id": known[0].id})
        resolved.append(event)
    return store.upsert_events(resolved)


def read_records(path: Path, skipped: list[str] | None = None) -> tuple[list[Article], list[Event]]:
    """A JSONL file of articles and/or full events (told apart by their fields); bad lines raise, or
    go to `skipped` when given."""
    articles: list[Article] = []
    events: list[Event] = []
    article_fields = set(Article.model_fields)
    for number, record in iter_json_lines(path, skipped):
        try:
            if "type" in record and "mentions" in record:
                events.append(Event.model_validate(record))
            else:
                articles.append(Article.model_validate({k: v for k, v in record.items() if k in article_fields}))
        except ValueError as exc:
            problem = InputError(f"{path}:{number}: invalid record: {exc}")
            if skipped is None:
                raise problem from exc
            skipped.append(str(problem))
    return articles, events


def ingest_file(
    store: Store, path: Path, *, extract_articles: bool = True, skip_invalid: bool = False
) -> IngestReport:
    """Articles and/or events from JSONL into the store; articles are extracted unless told not to."""
    skipped: list[str] | None = [] if skip_invalid else None
    articles, events = read_records(path, skipped)
    report = IngestReport(skipped=skipped or [])
    if articles:
        report.articles = store.upsert_articles(articles)
        if extract_articles:
            extracted = extract(articles)
            report.events_extracted = len(extracted)
            events = [*events, *extracted]
    if events:
        report.events = index_events(store, events)
    return report


def extract_stored(store: Store, since: date | None = None) -> IngestReport:
    """Extract events from the articles already in the store (what the extract DAG runs)."""
    articles = list(store.articles(since=since))
    report = IngestReport()
    if not articles:
        return report
    events = extract(articles)
    report.events_extracted = len(events)
    report.events = index_events(store, events)
    return report


def extract_files(store: Store, paths: Sequence[Path]) -> IngestReport:
    """Extract the articles of crawl output files (the new and updated articles of those crawls).

    A crawl that an extraction worker followed (`eventline.following`) left its events beside its
    articles (`events_path_for`): those events are read, not extracted again."""
    from eventline.following import events_path_for
    from nlp.merge import merge_events

    articles: dict[str, Article] = {}
    pending: dict[str, Article] = {}  # the articles of files without their events
    ready: list[Event] = []
    for path in paths:
        if not path.exists():
            logger.warning("crawl output %s is gone; its articles are extracted by the next lookback run", path)
            continue
        found = read_models(path, Article)
        articles.update((article.id, article) for article in found)
        events_file = events_path_for(path)
        if events_file.exists():
            ready += read_models(events_file, Event)
        else:
            pending.update((article.id, article) for article in found)
    report = IngestReport()
    if not articles:
        return report
    report.articles = store.upsert_articles(articles.values())
    events = extract(list(pending.values())) if pending else []
    report.events_extracted = len(events)
    if ready:  # merged with the fresh ones as one extraction of every file would have
        report.events_extracted += len(ready)
        events = merge_events([*ready, *events])
    report.events = index_events(store, events)
    return report
