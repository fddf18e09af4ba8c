"""The data contracts of eventline: pydantic models every other package builds on.

`Article` is what crawlers emit; `Event` (with `EventDate`, `Region`, `Participant`,
`Mention`) is what `nlp/` extracts and `store/` keeps. `EventType` and `Section` (the
vocabularies of `../shared/gold/README.md`) live in `schemas.vocabulary`. `FlatEvent`, the
one-line-per-mention form that the scorer (`score_events.py`) reads, is in `schemas.flat`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from datetime import date, datetime, time
from enum import StrEnum
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator, model_validator

from schemas.ids import article_id_for, canonical_url, event_id_for
from schemas.vocabulary import EventType, Section

SHANGHAI = ZoneInfo("Asia/Shanghai")


class ParticipantKind(StrEnum):
    government = "government"
    company = "company"
    university = "university"
    institute = "institute"
    association = "association"
    person = "person"
    other = "other"


class Modality(StrEnum):
    """Whether the text asserts the event happened, or only plans / denies it."""

    asserted = "asserted"
    planned = "planned"
    negated = "negated"


DatePrecision = Literal["day", "month", "year", "unknown"]


def as_shanghai(value: datetime | date | str) -> datetime:
    """Parse an ISO date or datetime; naive values are taken as Asia/Shanghai."""
    if isinstance(value, str):
        text = value.strip()
        has_time = "T" in text or " " in text or ":" in text
        value = datetime.fromisoformat(text) if has_time else date.fromisoformat(text)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=SHANGHAI)
    return datetime.combine(value, time(0, 0), tzinfo=SHANGHAI)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Article(_Model):
    """One crawled (or imported) news article."""

    id: str = Field(default="", description="hash of the canonical URL; given ids (seed file names) are kept")
    url: str | None = None
    source: str = Field(default="", description="outlet name, e.g. 财联社; empty when an imported record names none")
    title: str | None = None
    published_at: datetime | None = Field(
        default=None,
        description="tz-aware; Asia/Shanghai when the page gives no zone; None when the page gives no date at all",
    )
    fetched_at: datetime | None = None
    author: str | None = None
    text: str = Field(min_length=1)
    content_hash: str = ""
    lang: str = "zh"

    @model_validator(mode="before")
    @classmethod
    def _null_is_missing(cls, data: object) -> object:
        """An imported record gives null for what it does not know (source: null, id: null): such a field
        is missing and takes its default; a null text stays an error."""
        if isinstance(data, dict) and any(data.get(k, "") is None for k in _DEFAULTED):
            return {k: v for k, v in data.items() if not (v is None and k in _DEFAULTED)}
        return data

    @field_validator("published_at", "fetched_at", mode="before")
    @classmethod
    def _tz_aware(cls, value: object) -> object:
        if value is None or value == "":
            return None
        if isinstance(value, (str, date, datetime)):
            return as_shanghai(value)
        return value

    @field_validator("url", mode="before")
    @classmethod
    def _canonical(cls, value: object) -> object:
        return canonical_url(value) if isinstance(value, str) and value.strip() else None

    @model_validator(mode="after")
    def _derive_ids(self) -> Article:
        if not self.content_hash:
            self.content_hash = content_hash_of(self.title, self.text)
        if not self.id:
            if self.url is None:
                self.id = "h" + self.content_hash[:16]
            else:
                self.id = article_id_for(self.url)
        return self


_DEFAULTED = ("id", "source", "content_hash", "lang")  # Article fields whose default stands for "not known"


def content_hash_of(title: str | None, text: str) -> str:
    """sha1 of title + text: what decides whether a re-crawled page changed."""
    return hashlib.sha1(f"{title or ''}\n{text}".encode()).hexdigest()


def date_text(value: date | None, precision: str) -> str | None:
    """A date cut to its precision: 2020-07-22, 2020-07, 2020, or None (no value, or precision unknown)."""
    if value is None:
        return None
    iso = value.isoformat()
    return {"day": iso, "month": iso[:7], "year": iso[:4]}.get(precision)


class EventDate(_Model):
    value: date | None = None
    precision: DatePrecision = "unknown"
    expression: str | None = Field(default=None, description="the words of the text, e.g. 7月22日, 近日")

    @model_validator(mode="after")
    def _consistent(self) -> EventDate:
        if self.value is None:
            self.precision = "unknown"
        elif self.precision == "unknown":
            raise ValueError("a dated EventDate needs precision day, month or year")
        return self

    def as_text(self) -> str | None:
        """The date cut to its precision: 2020-07-22, 2020-07, 2020 or None."""
        return date_text(self.value, self.precision)


class Region(_Model):
    province: str | None = None
    city: str | None = None
    district: str | None = None
    adcode: str | None = None

    def is_empty(self) -> bool:
        return not (self.province or self.city or self.district)


class Participant(_Model):
    name: str = Field(min_length=1, description="as written in the text")
    normalized: str = Field(default="", description="canonical full name, e.g. 工信部 → 工业和信息化部")
    kind: ParticipantKind = ParticipantKind.other

    @model_validator(mode="after")
    def _default_normalized(self) -> Participant:
        if not self.normalized:
            self.normalized = self.name
        return self


class Mention(_Model):
    """One sentence of one article that states the event."""

    article_id: str
    url: str | None = None
    source: str
    title: str | None = None
    published_at: datetime | None = None
    sentence: str
    start: int = Field(ge=0, description="character offset of the sentence in the article text")
    end: int = Field(ge=0)

    @field_validator("published_at", mode="before")
    @classmethod
    def _tz_aware(cls, value: object) -> object:
        return as_shanghai(value) if isinstance(value, (str, date, datetime)) else value

    @property
    def key(self) -> tuple[str, int, int]:
        """What identifies a mention: its article and the offsets of its sentence."""
        return (self.article_id, self.start, self.end)


class Event(_Model):
    id: str = ""
    type: EventType
    date: EventDate = Field(default_factory=EventDate)
    region: Region | None = None
    participants: list[Participant] = Field(default_factory=list)
    object: str | None = None
    trigger: str | None = Field(default=None, description="the trigger word in the evidence, e.g. 签署")
    modality: Modality = Modality.asserted
    headline: str = ""
    summary: str = ""
    section: Section = Section.other
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    reported_on: dt.date | None = Field(
        default=None,
        description="effective date of the earliest report (article date, or the date inferred for a repost); "
        "places events with a coarse or unknown date in a digest week",
    )
    mentions: list[Mention] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _drop_computed(cls, data: object) -> object:
        """`corroboration` is derived from the mentions: accept it on input (round trips) and ignore it."""
        if isinstance(data, dict) and "corroboration" in data:
            data = {k: v for k, v in data.items() if k != "corroboration"}
        return data

    @model_validator(mode="after")
    def _stable_id(self) -> Event:
        if not self.id:
            self.id = compute_event_id(self)
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def corroboration(self) -> int:
        """How many distinct outlets report the event."""
        return len({m.source for m in self.mentions})

    def merge_mentions(self, others: list[Mention]) -> bool:
        """Add mentions not yet present (same article and offsets); True if any was added."""
        seen = {m.key for m in self.mentions}
        added = False
        for mention in others:
            if mention.key not in seen:
                self.mentions.append(mention)
                seen.add(mention.key)
                added = True
        self.mentions.sort(key=_mention_order)
        return added


def _mention_order(mention: Mention) -> tuple[bool, datetime | None, str, int]:
    """Oldest report first; mentions of undated articles last."""
    undated = mention.published_at is None
    return (undated, None if undated else mention.published_at, mention.article_id, mention.start)


def compute_event_id(event: Event) -> str:
    return event_id_for(
        event_type=event.type.value,
        date_text=event.date.as_text(),
        obj=event.object,
        participants=[p.normalized for p in event.participants],
        place=(event.region.city or event.region.province) if event.region else None,
    )
