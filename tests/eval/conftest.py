"""Fixtures of the evaluation tests: events built from the gold of seed 004 (the editors' week)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from schemas import SHANGHAI, Event, EventDate, EventType, Mention, Participant, Region, Section

SEED_004 = "004_d9a224aafac8ed23.txt"


def _mention(article_id: str, source: str, sentence: str, published: date) -> Mention:
    return Mention(
        article_id=article_id, source=source, title=f"{source}报道",
        published_at=datetime(published.year, published.month, published.day, 9, 0, tzinfo=SHANGHAI),
        sentence=sentence, start=0, end=len(sentence),
    )


def _gold_date(text: str | None) -> EventDate:
    if not text:
        return EventDate(expression="近日")
    parts = [int(p) for p in text.split("-")]
    precision = {3: "day", 2: "month", 1: "year"}[len(parts)]
    return EventDate(value=date(parts[0], *(parts[1:] + [1] * (3 - len(parts)))), precision=precision)


def events_from_gold(gold: list[dict], *, published: date = date(2025, 2, 25)) -> list[Event]:
    """Perfect 'extraction' of the editors' items of seed 004: what a good extractor would emit."""
    events: list[Event] = []
    for g in gold:
        if g["doc"] != SEED_004:
            continue
        events.append(
            Event(
                type=EventType(g["type"]),
                date=_gold_date(g["date"]),
                region=Region(**g["region"]) if g.get("region") else None,
                participants=[Participant(name=name) for name in g["participants"]],
                object=g["object"],
                headline=g["object"],
                section=Section(g["section"]) if g.get("section") else Section.other,
                mentions=[_mention(SEED_004, "巴比特", g["evidence"], published)],
            )
        )
    return events


@pytest.fixture(scope="session")
def gold(shared_dir: Path) -> list[dict]:
    with (shared_dir / "gold" / "seed_events.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture
def gold_events(gold: list[dict]) -> list[Event]:
    return events_from_gold(gold)
