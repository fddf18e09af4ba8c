"""When two event records state the same fact, which one describes it best, and how they combine.

The one rule every room uses: in-article de-duplication and the cross-article merge (`nlp`),
folding new reports into stored events (`eventline.pipeline`), the store upsert and the digest
(records sharing an id).

Two records are the same fact (`same_fact`) when they have the same type, compatible dates
(equal, one a prefix of the other, or one unknown), compatible places, and either the same
object (normalised, one containing the other) or — for generic objects such as 合作协议 — the
same participants. Inside one article the text says more: two records of one sentence, a
sub-heading and the dated paragraph below it, or two objects one containing the other are one
fact. `rank` orders records of one fact by how well they describe it (finer date first), on
fields only, so choosing a base is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from schemas.ids import normalize_key as _normalize_key
from schemas.models import Event, compute_event_id
from schemas.vocabulary import type_info

# facts are compared pairwise: each pair would normalise the same objects and names again
normalize_key = lru_cache(maxsize=1 << 16)(_normalize_key)

PRECISION_RANK = {"day": 3, "month": 2, "year": 1, "unknown": 0}
GENERIC_OBJECTS = {"合作协议", "战略合作", "融资", "合作框架协议", "框架协议", "战略合作协议", "协议", "合同"}
_HEADING_REACH = 400  # characters a sub-heading summarises below it


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
    """Do the two records state one fact? (See the module docstring.)"""
    if a.type != b.type:
        return False
    if _one_article(a, b) and _same_in_article(a, b):
        return True
    return _same_across(a, b)


def _same_across(a: Event, b: Event) -> bool:
    if not dates_compatible(a, b) or not _places_compatible(a, b):
        return False
    ka, kb = normalize_key(a.object), normalize_key(b.object)
    names_a = {normalize_key(p.normalized) for p in a.participants}
    names_b = {normalize_key(p.normalized) for p in b.participants}
    if a.object in GENERIC_OBJECTS or b.object in GENERIC_OBJECTS or not ka or not kb:
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


def _one_article(a: Event, b: Event) -> bool:
    return bool(a.mentions) and bool(b.mentions) and a.mentions[0].article_id == b.mentions[0].article_id


def _same_in_article(a: Event, b: Event) -> bool:
    if a.mentions[0].start == b.mentions[0].start:  # same sentence, same type: one fact told twice…
        return not _two_in_one_sentence(a, b)
    if (_is_heading(a) and _heads(a, b)) or (_is_heading(b) and _heads(b, a)):
        return True
    ka, kb = object_key(a.object), object_key(b.object)
    return bool(ka and kb and min(len(ka), len(kb)) >= 4 and (ka in kb or kb in ka) and ka not in GENERIC_OBJECTS
                and kb not in GENERIC_OBJECTS and dates_compatible(a, b))


def _two_in_one_sentence(a: Event, b: Event) -> bool:
    """…unless the sentence tells two: different parties and different objects (A完成3000万元融资，B则获得
    数亿元投资), neither object containing the other."""
    names_a = {normalize_key(p.normalized) for p in a.participants}
    names_b = {normalize_key(p.normalized) for p in b.participants}
    ka, kb = object_key(a.object), object_key(b.object)
    return bool(names_a and names_b and not (names_a & names_b) and ka and kb and ka not in kb and kb not in ka)


def object_key(text: str | None) -> str:
    """An object without spaces, quotes, brackets and punctuation (in-article comparison)."""
    return re.sub(r"[\s“”\"《》（）()\-—–·、，,。:：]", "", text or "")


def _is_heading(event: Event) -> bool:
    """A sub-heading line (short, no closing punctuation, undated) summarises the paragraph below it."""
    sentence = event.mentions[0].sentence.strip()
    return len(sentence) <= 40 and sentence[-1:] not in "。！？!?；;" and event.date.value is None


def _heads(heading: Event, other: Event) -> bool:
    gap = other.mentions[0].start - heading.mentions[0].end
    return 0 <= gap <= _HEADING_REACH and other.date.value is not None


def _shared_parties(names_a: set[str], names_b: set[str]) -> int:
    """Parties in common, a short name matching a longer one (东湖新技术开发区管理委员会 / 武汉东湖…)."""
    return sum(1 for x in names_a if len(x) >= 2 and any(x == y or (min(len(x), len(y)) >= 4 and (x in y or y in x))
                                                         for y in names_b))


def rank(event: Event) -> tuple[int, int, int, int, str]:
    """Total order on fields only: finer date, titled/longer object, more participants, then id."""
    return (
        PRECISION_RANK[event.date.precision],
        0 if event.object in GENERIC_OBJECTS else 1,
        len(event.participants),
        len(normalize_key(event.object)),
        compute_event_id(event),
    )


def absorbed(merged: Event, stored: Event) -> bool:
    """Did `merged` take `stored` in (same type, every one of its mentions)?"""
    keys = {m.key for m in merged.mentions}
    return stored.type == merged.type and all(m.key in keys for m in stored.mentions)


def combine(record: Event, other: Event) -> Event:
    """Two records of one id: `record`'s fields and the mentions of both (a new object; inputs unchanged)."""
    merged = record.model_copy(update={"mentions": list(record.mentions)})
    merged.merge_mentions(other.mentions)
    return merged


def one_per_id(events: Iterable[Event]) -> list[Event]:
    """One record per id (a file may repeat one): the first one's fields, every copy's mentions."""
    by_id: dict[str, Event] = {}
    for event in events:
        kept = by_id.get(event.id)
        by_id[event.id] = event if kept is None else combine(kept, event)
    return list(by_id.values())
