"""Cross-article merge: the same fact reported by several articles becomes one event.

`merge_events` is a pure function. Two events are the same fact when they have the same type,
compatible dates (equal, or one a prefix of the other, or one unknown), compatible places, and
either the same object (normalised, one containing the other) or — for generic objects such as
合作协议 — the same participants. A merged event keeps the fields of its best-described member
(chosen by a total order on the fields only, so re-merging gives the same result) and the union
of the mentions; ids are recomputed from the final fields. Idempotent: merging merged events
again, alone or with new ones, gives the same ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from nlp.registry import register
from schemas import Event, compute_event_id, type_info
from schemas import normalize_key as _normalize_key

# merging compares events pairwise: each pair would normalise the same objects and names again
normalize_key = lru_cache(maxsize=1 << 16)(_normalize_key)

GENERIC_OBJECTS = {"合作协议", "战略合作", "融资", "合作框架协议", "框架协议", "战略合作协议", "协议", "合同"}
_PRECISION = {"day": 3, "month": 2, "year": 1, "unknown": 0}


def dates_compatible(a: Event, b: Event) -> bool:
    ta, tb = a.date.as_text(), b.date.as_text()
    if ta is None or tb is None:
        return True
    return ta.startswith(tb) or tb.startswith(ta)


def _places_compatible(a: Event, b: Event) -> bool:
    ca = (a.region.city or a.region.province) if a.region else None
    cb = (b.region.city or b.region.province) if b.region else None
    return not ca or not cb or ca == cb


def same_fact(a: Event, b: Event) -> bool:
    if a.type != b.type or not dates_compatible(a, b) or not _places_compatible(a, b):
        return False
    ka, kb = normalize_key(a.object), normalize_key(b.object)
    names_a = {normalize_key(p.normalized) for p in a.participants}
    names_b = {normalize_key(p.normalized) for p in b.participants}
    if (a.object in GENERIC_OBJECTS or b.object in GENERIC_OBJECTS or not ka or not kb):
        common = names_a & names_b
        return len(common) >= 2 or (len(common) == 1 and len(names_a) == 1 and len(names_b) == 1)
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    if len(short) >= 6 and short in long_:
        return True
    # the same deal told in other words by another outlet: the same parties (≥ 2), both dated
    return (type_info(a.type).multi_party and a.date.value is not None and b.date.value is not None
            and _shared_parties(names_a, names_b) >= 2)



def _shared_parties(names_a: set[str], names_b: set[str]) -> int:
    """Parties in common, a short name matching a longer one (东湖新技术开发区管理委员会 / 武汉东湖…)."""
    return sum(1 for x in names_a if len(x) >= 2 and any(x == y or (min(len(x), len(y)) >= 4 and (x in y or y in x))
                                                         for y in names_b))


def _rank(event: Event) -> tuple[int, int, int, int, str]:
    """Total order on fields only: better date, titled/longer object, more participants, then id."""
    return (
        _PRECISION[event.date.precision],
        0 if event.object in GENERIC_OBJECTS else 1,
        len(event.participants),
        len(normalize_key(event.object)),
        compute_event_id(event),
    )


def _reading_order(event: Event) -> tuple[str, str, int, str]:
    """Articles by date, events of an article in the order the text tells them (ties: id)."""
    first = event.mentions[0] if event.mentions else None
    when = first.published_at.isoformat() if first and first.published_at else str(event.reported_on or "")
    return (when, first.article_id if first else "", first.start if first else 0, event.id)


def _candidate_pairs(items: list[Event]) -> Iterator[tuple[int, int]]:
    """The pairs (i < j) `same_fact` may accept: same type, and compatible dates, which share the
    year (or one is undated). The groups are the connected components of `same_fact`, whatever the
    order the pairs are tried in, so skipping pairs it must reject changes nothing but the time."""
    buckets: dict[tuple[str, str | None], list[int]] = {}
    for i, item in enumerate(items):
        text = item.date.as_text()
        buckets.setdefault((item.type, text[:4] if text else None), []).append(i)
    for (etype, year), members in buckets.items():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                yield i, j
        if year is None:  # undated: compatible with every date of its type
            for (other_type, other_year), others in buckets.items():
                if other_type == etype and other_year is not None:
                    for i in members:
                        for j in others:
                            yield (i, j) if i < j else (j, i)


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
        base = max(members, key=_rank).model_copy(deep=True)
        for other in members:
            base.merge_mentions(other.mentions)
        base.confidence = max(m.confidence for m in members)
        dated = [m.reported_on for m in members if m.reported_on]
        base.reported_on = min(dated) if dated else None
        base.id = compute_event_id(base)
        merged.append(base)
    merged.sort(key=_reading_order)
    return merged


@register("eventline.merge.v1")
def make_merge() -> object:
    return merge_events
