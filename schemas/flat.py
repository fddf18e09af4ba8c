"""`FlatEvent`: the one-line-per-mention form the scorer reads, and the conversions both ways.

`FlatEvent.from_event` gives an event's lines (one per mention); `events_from_flat` groups
lines by `event_id` back into events (what the digest does with a flat file).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time

from pydantic import BaseModel

from schemas.models import SHANGHAI, Article, Event, EventDate, Mention, Participant, Region
from schemas.vocabulary import EventType, Section


class FlatEvent(BaseModel):
    """One line per mention: the shape `score_events.py` reads."""

    article_id: str
    event_id: str
    type: EventType
    date: str | None
    evidence: str
    participants: list[str]
    object: str | None
    region: dict[str, str | None] | None
    section: Section
    headline: str

    @classmethod
    def from_event(cls, event: Event) -> list[FlatEvent]:
        region = None
        if event.region and not event.region.is_empty():
            region = {"province": event.region.province, "city": event.region.city, "district": event.region.district}
        return [
            cls(
                article_id=m.article_id,
                event_id=event.id,
                type=event.type,
                date=event.date.as_text(),
                evidence=m.sentence,
                participants=[p.normalized for p in event.participants],
                object=event.object,
                region=region,
                section=event.section,
                headline=event.headline,
            )
            for m in event.mentions
        ]


def _flat_date(text: str | None) -> EventDate:
    if not text:
        return EventDate()
    parts = text.split("-")
    if len(parts) == 3:
        return EventDate(value=date.fromisoformat(text), precision="day", expression=text)
    if len(parts) == 2:
        return EventDate(value=date(int(parts[0]), int(parts[1]), 1), precision="month", expression=text)
    return EventDate(value=date(int(parts[0]), 1, 1), precision="year", expression=text)


def events_from_flat(lines: Iterable[FlatEvent], articles: Mapping[str, Article] | None = None) -> list[Event]:
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
