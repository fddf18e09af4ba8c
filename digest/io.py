"""Reading events for the digest: JSONL of `schemas.Event` records and/or `FlatEvent` lines.

Flat lines (one per mention, the scorer's form) are grouped by `event_id` back into events.
An optional articles file names the outlet, URL and publication date of each article.
Errors name the file and the line.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import date, datetime, time
from pathlib import Path

from pydantic import ValidationError

from schemas import SHANGHAI, Article, Event, EventDate, FlatEvent, Mention, Participant, Region

logger = logging.getLogger(__name__)


class EventsFileError(ValueError):
    """A line of an events file that is neither an Event nor a FlatEvent; names file and line."""


def _flat_date(text: str | None) -> EventDate:
    if not text:
        return EventDate()
    parts = text.split("-")
    if len(parts) == 3:
        return EventDate(value=date.fromisoformat(text), precision="day", expression=text)
    if len(parts) == 2:
        return EventDate(value=date(int(parts[0]), int(parts[1]), 1), precision="month", expression=text)
    return EventDate(value=date(int(parts[0]), 1, 1), precision="year", expression=text)


def events_from_flat(lines: Iterable[FlatEvent], articles: dict[str, Article] | None = None) -> list[Event]:
    """Group flat mention lines by event id into events.

    Flat lines carry no outlet, URL or publication date: they come from `articles` when given,
    else the article id stands in for the outlet and the day the event is dated (or, for an
    undated one, the latest dated event of its article) stands in for publication.
    """
    articles = articles or {}
    groups: dict[str, list[FlatEvent]] = {}
    for line in lines:
        groups.setdefault(line.event_id, []).append(line)
    day_of_article: dict[str, date] = {}
    for line in (line for group in groups.values() for line in group):
        parsed = _flat_date(line.date)
        if parsed.precision == "day" and parsed.value is not None:
            current = day_of_article.get(line.article_id)
            day_of_article[line.article_id] = max(current, parsed.value) if current else parsed.value
    events: list[Event] = []
    for event_id, group in groups.items():
        first = group[0]
        event_date = _flat_date(first.date)
        mentions: list[Mention] = []
        seen: set[tuple[str, str]] = set()
        for line in group:
            if (line.article_id, line.evidence) in seen:
                continue
            seen.add((line.article_id, line.evidence))
            article = articles.get(line.article_id)
            stand_in = event_date.value if event_date.precision == "day" else day_of_article.get(line.article_id)
            published = (
                article.published_at
                if article is not None
                else datetime.combine(stand_in or date(1970, 1, 1), time(12), tzinfo=SHANGHAI)
            )
            start = article.text.find(line.evidence) if article is not None else -1
            start = max(start, 0)
            mentions.append(
                Mention(
                    article_id=line.article_id,
                    url=article.url if article is not None else None,
                    source=article.source if article is not None else line.article_id,
                    title=article.title if article is not None else None,
                    published_at=published,
                    sentence=line.evidence,
                    start=start,
                    end=start + len(line.evidence),
                )
            )
        region = Region(**{k: v for k, v in (first.region or {}).items() if k in ("province", "city", "district")})
        events.append(
            Event(
                id=event_id,
                type=first.type,
                date=event_date,
                region=None if region.is_empty() else region,
                participants=[Participant(name=name) for name in first.participants if name],
                object=first.object,
                headline=first.headline,
                section=first.section,
                mentions=mentions,
            )
        )
    return events


def read_events_file(path: Path, articles: dict[str, Article] | None = None) -> list[Event]:
    """Events of a JSONL file of `Event` records and/or `FlatEvent` lines (see the module docstring)."""
    events: list[Event] = []
    flat: list[FlatEvent] = []
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise EventsFileError(f"{path}:{number}: not JSON: {exc.msg}") from exc
            if not isinstance(record, dict):
                raise EventsFileError(f"{path}:{number}: expected a JSON object")
            is_flat = "event_id" in record and "evidence" in record
            try:
                if is_flat:
                    flat.append(FlatEvent.model_validate(record))
                else:
                    events.append(Event.model_validate(record))
            except ValidationError as exc:
                kind = "FlatEvent" if is_flat else "Event"
                problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
                raise EventsFileError(f"{path}:{number}: not a valid {kind}: {problems}") from exc
    return events + events_from_flat(flat, articles)


def read_articles_file(path: Path) -> dict[str, Article]:
    """article id → Article, from a JSONL file of articles (lines that do not validate are skipped, logged)."""
    articles: dict[str, Article] = {}
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                article = Article.model_validate_json(raw)
            except ValidationError as exc:
                logger.warning("%s:%d: skipped, not a valid Article: %s", path, number, exc.errors()[0]["msg"])
                continue
            articles[article.id] = article
    return articles
