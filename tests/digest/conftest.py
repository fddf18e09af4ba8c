"""Fixtures of the digest tests: hand-built events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from schemas import (
    SHANGHAI,
    Event,
    EventDate,
    EventType,
    Mention,
    Modality,
    Participant,
    ParticipantKind,
    Region,
    Section,
)

EventFactory = Callable[..., Event]


def _mention(article_id: str, source: str, sentence: str, published: date, url: str | None = None) -> Mention:
    return Mention(
        article_id=article_id,
        url=url,
        source=source,
        title=f"{source}报道",
        published_at=datetime(published.year, published.month, published.day, 9, 0, tzinfo=SHANGHAI),
        sentence=sentence,
        start=0,
        end=len(sentence),
    )


@pytest.fixture
def make_event() -> EventFactory:
    """Build an event: `outlets` names the outlets reporting it (one article each)."""

    def build(
        headline: str,
        *,
        day: date | None = date(2020, 7, 22),
        precision: str = "day",
        section: Section = Section.policy,
        event_type: EventType = EventType.policy_release,
        participants: tuple[tuple[str, ParticipantKind], ...] = (),
        region: dict[str, str] | None = None,
        outlets: tuple[str, ...] = ("财联社",),
        sentence: str | None = None,
        summary: str = "",
        modality: Modality = Modality.asserted,
        reported_on: date | None = None,
        published: date | None = None,
        url: str | None = "https://news.example/{n}.html",
        article_id: str | None = None,
    ) -> Event:
        text = sentence or f"{headline}。"
        pub = published or day or date(2020, 7, 22)
        mentions = [
            _mention(
                article_id or f"a{abs(hash((headline, outlet))) % 10**8}",
                outlet,
                text,
                pub,
                url.format(n=i) if url else None,
            )
            for i, outlet in enumerate(outlets)
        ]
        return Event(
            type=event_type,
            date=EventDate(value=day, precision=precision if day else "unknown"),
            region=Region(**region) if region else None,
            participants=[Participant(name=name, kind=kind) for name, kind in participants],
            object=headline,
            headline=headline,
            summary=summary,
            section=section,
            modality=modality,
            reported_on=reported_on,
            mentions=mentions,
        )

    return build
