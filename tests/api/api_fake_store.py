"""A tiny in-memory `Store` for fast unit tests of the API plumbing (not a backend: no persistence).

It follows the semantics of `store/base.py` closely enough for handler tests; the contract
behaviour itself is proven on the real backends.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from schemas import Article, Event
from schemas.weeks import iso_week_bounds
from store.base import CountKey, CountRow, Store, TimelinePage, TimelineQuery, UpsertResult


def _matches(event: Event, q: TimelineQuery) -> bool:
    value = event.date.value
    if (q.date_from or q.date_to) and value is None:
        return False
    if q.date_from and value and value < q.date_from:
        return False
    if q.date_to and value and value > q.date_to:
        return False
    if q.types and event.type not in q.types:
        return False
    if q.sections and event.section not in q.sections:
        return False
    region = event.region
    if q.province and (region is None or region.province != q.province):
        return False
    if q.city and (region is None or region.city != q.city):
        return False
    if q.participant and not any(q.participant in p.name or q.participant in p.normalized for p in event.participants):
        return False
    if q.text:
        haystack = [event.headline, event.object or "", event.summary]
        haystack += [m.sentence for m in event.mentions] + [m.title or "" for m in event.mentions]
        if not any(q.text in h for h in haystack):
            return False
    return True


def _key(event: Event, by: str) -> str | None:
    if by == "type":
        return event.type.value
    if by == "section":
        return event.section.value
    if by == "month":
        return event.date.value.isoformat()[:7] if event.date.value else None
    return getattr(event.region, by) if event.region else None


class FakeStore(Store):
    def __init__(self, events: Iterable[Event] = (), articles: Iterable[Article] = (), fail: bool = False) -> None:
        self.events = {e.id: e for e in events}
        self.arts = {a.id: a for a in articles}
        self.fail = fail
        self.queries: list[TimelineQuery] = []

    def _check(self) -> None:
        if self.fail:
            raise ConnectionError("store is down")

    def upsert_articles(self, articles: Iterable[Article]) -> UpsertResult:
        n = 0
        for a in articles:
            self.arts[a.id] = a
            n += 1
        return UpsertResult(created=n)

    def upsert_events(self, events: Iterable[Event]) -> UpsertResult:
        n = 0
        for e in events:
            self.events[e.id] = e
            n += 1
        return UpsertResult(created=n)

    def get_article(self, article_id: str) -> Article | None:
        return self.arts.get(article_id)

    def get_event(self, event_id: str) -> Event | None:
        self._check()
        return self.events.get(event_id)

    def content_hashes(self, urls: Iterable[str]) -> dict[str, str]:
        wanted = set(urls)
        return {a.url: a.content_hash for a in self.arts.values() if a.url in wanted}

    def articles(self, since: date | None = None) -> Iterable[Article]:
        return sorted(self.arts.values(), key=lambda a: a.published_at)

    def timeline(self, query: TimelineQuery) -> TimelinePage:
        self._check()
        self.queries.append(query)
        found = [e for e in self.events.values() if _matches(e, query)]
        dated = sorted((e for e in found if e.date.value), key=lambda e: (e.date.value, e.id),
                       reverse=query.sort == "date_desc")
        ordered = dated + sorted((e for e in found if not e.date.value), key=lambda e: e.id)
        return TimelinePage(total=len(found), events=ordered[query.offset : query.offset + query.limit])

    def counts(self, by: list[CountKey], query: TimelineQuery | None = None) -> list[CountRow]:
        self._check()
        q = query or TimelineQuery()
        counter = Counter(tuple(_key(e, k) for k in by) for e in self.events.values() if _matches(e, q))
        return [CountRow(key=dict(zip(by, key, strict=True)), count=n) for key, n in sorted(counter.items(), key=str)]

    def week_events(self, week: str) -> list[Event]:
        monday, sunday = iso_week_bounds(week)
        return [e for e in self.events.values() if e.reported_on and monday <= e.reported_on <= sunday]

    def count_articles(self) -> int:
        self._check()
        return len(self.arts)

    def count_events(self) -> int:
        self._check()
        return len(self.events)
