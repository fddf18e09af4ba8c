"""Cross-article merge: the same fact reported by several articles becomes one event.

`merge_events` is a pure function. Which records state one fact is `schemas.facts.same_fact`
(the rule the store and the digest share). A merged event keeps the fields of its best-described
member (`schemas.facts.rank`, a total order on the fields only, so re-merging gives the same
result) and the union of the mentions; ids are recomputed from the final fields. Idempotent:
merging merged events again, alone or with new ones, gives the same ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from schemas import Event, compute_event_id
from schemas.facts import rank, same_fact


def _reading_order(event: Event) -> tuple[str, str, int, str]:
    """Articles by date, events of an article in the order the text tells them (ties: id)."""
    first = event.mentions[0] if event.mentions else None
    when = first.published_at.isoformat() if first and first.published_at else str(event.reported_on or "")
    return (when, first.article_id if first else "", first.start if first else 0, event.id)


def copy_event(event: Event) -> Event:
    """A copy sharing no mutable part with `event`: `model_copy(deep=True)` without its generic
    deep-copy walk (a third of the merge's time). The nested models hold only immutable values
    (strings, dates, enums), so a shallow copy of each is a deep one."""
    copy = event.model_copy()
    copy.date = event.date.model_copy()
    copy.region = event.region.model_copy() if event.region is not None else None
    copy.participants = [p.model_copy() for p in event.participants]
    copy.mentions = [m.model_copy() for m in event.mentions]
    return copy


def _candidate_pairs(items: list[Event]) -> Iterator[tuple[int, int]]:
    """The pairs (i < j) `same_fact` may accept: same type, and compatible dates (one date's text a
    prefix of the other's, or one undated), or else one article (whose records it compares on
    other grounds). The groups are the connected components of `same_fact`, whatever the order the
    pairs are tried in, so skipping pairs it must reject changes nothing but the time."""
    buckets: dict[tuple[str, str | None], list[int]] = {}
    for i, item in enumerate(items):
        text = item.date.as_text()
        buckets.setdefault((item.type, text[:4] if text else None), []).append(i)
    for (etype, year), members in buckets.items():
        if year is None:  # undated: compatible with every date of its type
            for x, i in enumerate(members):
                for j in members[x + 1:]:
                    yield i, j
            for (other_type, other_year), others in buckets.items():
                if other_type == etype and other_year is not None:
                    for i in members:
                        for j in others:
                            yield (i, j) if i < j else (j, i)
            continue
        by_date: dict[str, list[int]] = {}
        by_article: dict[str, list[int]] = {}
        for i in members:
            by_date.setdefault(items[i].date.as_text() or "", []).append(i)
            if items[i].mentions:
                by_article.setdefault(items[i].mentions[0].article_id, []).append(i)
        dates = list(by_date)
        for x, da in enumerate(dates):
            for db in dates[x:]:
                if da == db:
                    group = by_date[da]
                    for y, i in enumerate(group):
                        for j in group[y + 1:]:
                            yield i, j
                elif da.startswith(db) or db.startswith(da):
                    for i in by_date[da]:
                        for j in by_date[db]:
                            yield (i, j) if i < j else (j, i)
        for group in by_article.values():  # one article's records of other dates (pairs tried twice are harmless)
            for y, i in enumerate(group):
                for j in group[y + 1:]:
                    yield i, j


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Merge events that state the same fact; distinct facts stay distinct."""
    items = list(events)
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _candidate_pairs(items):
        if find(i) != find(j) and same_fact(items[i], items[j]):
            parent[find(j)] = find(i)
    groups: dict[int, list[Event]] = {}
    for i, event in enumerate(items):
        groups.setdefault(find(i), []).append(event)
    merged: list[Event] = []
    for members in groups.values():
        base = copy_event(max(members, key=rank))
        for other in members:
            base.merge_mentions(other.mentions)
        base.confidence = max(m.confidence for m in members)
        dated = [m.reported_on for m in members if m.reported_on]
        base.reported_on = min(dated) if dated else None
        base.id = compute_event_id(base)
        merged.append(base)
    merged.sort(key=_reading_order)
    return merged

