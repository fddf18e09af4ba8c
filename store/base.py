"""The one storage interface every backend implements (SQLite embedded, Elasticsearch).

Semantics every backend must honour (the contract suite in `tests/contract/` checks them):

* `upsert_articles` / `upsert_events` are idempotent by id. An event seen again keeps one
  record and gains the mentions it did not have; its other fields take the newer values.
* `timeline` filters are ANDed: date range on `event.date.value` (inclusive; events with
  an unknown date only appear when no date filter is set), any of `types`, any of
  `sections`, exact `province` / `city` / `district`, `participant` (or any of
  `participant_aliases`, other names of the same organisation) as a substring of a
  participant's name or normalised name, and `text`: its search terms (`search_terms`:
  words split on whitespace, ``"quoted phrases"`` kept whole) must each be a substring of
  the headline, object, summary, an evidence sentence or an article title (not necessarily
  the same one; no match spans two of them). Sort by date (unknown dates last) then id, so
  pagination is stable. Short place names and aliases are resolved before the store sees
  the query (`eventline.search`): the store compares names exactly.
* `counts(by=[...])` groups the events matching a query by any of `type`, `section`,
  `province`, `city`, `district`, `month` (``YYYY-MM`` of the event date), `week` (the ISO
  week ``2020-W30`` of the event date), `org` (a participant's normalised name) and
  `outlet` (the source of a mention); events without the value count under ``None``. An
  event with several participants or outlets counts once under each of them, so the counts
  of `org` and `outlet` may add up to more than the events.
* `week_events("2020-W30")` returns the events of that ISO week (Monday to Sunday): those
  with a day-precision date in it, and those with a coarser or unknown date whose
  `reported_on` falls in it (so a fresh "近日" event lands in the week it was reported,
  once), ordered by date then id.
"""

from __future__ import annotations

import abc
import re
from collections.abc import Iterable
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas import Article, Event, EventType, Section

CountKey = Literal["type", "section", "province", "city", "district", "month", "week", "org", "outlet"]
COUNT_KEYS: tuple[str, ...] = ("type", "section", "province", "city", "district", "month", "week", "org", "outlet")
MAX_PAGE_SIZE = 500
_TERM = re.compile(r'"([^"]*)"?|(\S+)')


class TimelineQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date_from: date | None = None
    date_to: date | None = None
    types: list[EventType] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    province: str | None = None
    city: str | None = None
    district: str | None = None
    participant: str | None = None
    participant_aliases: list[str] = Field(
        default_factory=list, description="other names of the participant's organisation (工信部 → 工业和信息化部)"
    )
    text: str | None = None
    sort: Literal["date_desc", "date_asc"] = "date_desc"
    limit: int = Field(default=50, ge=1, le=MAX_PAGE_SIZE)
    offset: int = Field(default=0, ge=0)


class TimelinePage(BaseModel):
    total: int
    events: list[Event]


class CountRow(BaseModel):
    key: dict[str, str | None]
    count: int


class UpsertResult(BaseModel):
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    spooled: int = Field(default=0, description="kept in a local spool file for a later replay (store unreachable)")
    errors: list[str] = Field(default_factory=list)

    def __add__(self, other: UpsertResult) -> UpsertResult:
        return UpsertResult(
            created=self.created + other.created,
            updated=self.updated + other.updated,
            unchanged=self.unchanged + other.unchanged,
            failed=self.failed + other.failed,
            spooled=self.spooled + other.spooled,
            errors=self.errors + other.errors,
        )


def search_terms(text: str | None) -> list[str]:
    """The terms of a text query, each to be found: words split on whitespace, "quoted phrases" kept whole.

    '区块链 "Service Network" 平台' → ['区块链', 'Service Network', '平台']; an unclosed quote runs to the end;
    empty and repeated terms are dropped."""
    terms = (m.group(1) if m.group(1) is not None else m.group(2) for m in _TERM.finditer(text or ""))
    return list(dict.fromkeys(t.strip() for t in terms if t and t.strip()))


class Store(abc.ABC):
    """A place to keep articles and events, and to ask timeline questions of them."""

    @abc.abstractmethod
    def upsert_articles(self, articles: Iterable[Article]) -> UpsertResult: ...

    @abc.abstractmethod
    def upsert_events(self, events: Iterable[Event]) -> UpsertResult: ...

    @abc.abstractmethod
    def get_article(self, article_id: str) -> Article | None: ...

    @abc.abstractmethod
    def get_event(self, event_id: str) -> Event | None: ...

    @abc.abstractmethod
    def content_hashes(self, urls: Iterable[str]) -> dict[str, str]:
        """url → content_hash of the stored articles among `urls` (for incremental crawls)."""

    @abc.abstractmethod
    def articles(self, since: date | None = None) -> Iterable[Article]:
        """Stored articles, oldest first; `since` bounds `published_at` (inclusive)."""

    @abc.abstractmethod
    def timeline(self, query: TimelineQuery) -> TimelinePage: ...

    @abc.abstractmethod
    def counts(self, by: list[CountKey], query: TimelineQuery | None = None) -> list[CountRow]: ...

    @abc.abstractmethod
    def week_events(self, week: str) -> list[Event]: ...

    @abc.abstractmethod
    def count_articles(self) -> int: ...

    @abc.abstractmethod
    def count_events(self) -> int: ...

    def close(self) -> None:  # noqa: B027 - optional hook, most backends hold nothing
        """Release connections; the store is unusable afterwards."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
