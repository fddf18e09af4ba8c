"""Local government bodies in their official form: 福建省政府 → 福建省人民政府, 广东省发展改革委 →
广东省发展和改革委员会, 扬州市委 → 中共扬州市委, 山西金融监管局 → 国家金融监督管理总局山西监管局.

News abbreviates a local body as place + short body; the place may itself be short (福建, 扬州) or only
its level (省政府, 市财政局: the province or city the article is about). `official_name` expands a
name that states its place; `with_context_place` first supplies the place for a bare level from
the places named earlier in the text. `split_joint_bodies` reads 市委市政府 as the two bodies it names.
The short forms and their official patterns are data: `nlp/lexicons/local_bodies.tsv`.
"""

from __future__ import annotations

import re
from functools import cache

from nlp.analyzer import local_bodies
from nlp.regions import PlaceMention, find_places

_LEVELS = ("省", "市", "区", "县", "州", "自治区")
_LEVEL_KEY = {"省": "province", "自治区": "province", "市": "city", "州": "city", "区": "district", "县": "district"}


@cache
def _table() -> list[tuple[str, str]]:
    """(short body, official pattern), longest short form first."""
    return sorted(local_bodies(), key=lambda r: -len(r[0]))


def _place_of(head: str) -> str | None:
    """The full name of a place written whole (福建 → 福建省, 淮安市 → 淮安市, 江汉区 → 江汉区)."""
    if not 2 <= len(head) <= 10:
        return None
    places = find_places(head)
    if len(places) != 1 or places[0].start != 0 or places[0].end != len(head):
        return None
    region = places[0].region
    deepest = region.district or region.city or region.province
    if not deepest or not (deepest.startswith(head) or head.startswith(deepest.rstrip("省市区县"))):
        return None
    return deepest


def _short(place: str) -> str:
    return re.sub(r"(省|市|自治区|特别行政区)$", "", place)


def official_name(name: str) -> str | None:
    """The official form of place + short body, or None when the name is not one (or is already whole)."""
    for short, pattern in _table():
        if not name.endswith(short) or len(name) <= len(short):
            continue
        head = name[: -len(short)]
        if short == "委" and not head.endswith(_LEVELS):  # 科创委 is not a party committee: 深圳市委 is
            continue
        place = _place_of(head)
        if place is None:
            continue
        full = pattern.format(place=place, short=_short(place))
        return full if full != name else None
    return None


def split_joint_bodies(name: str) -> list[str]:
    """市委市政府 / 淮安市委市政府 / 南京市委、市政府: the party committee and the government, apart."""
    m = re.fullmatch(r"(.*?)(省|市|区|县)委[、和与及]?(?:\2)?政府", name)
    if not m:
        return [name]
    place = m.group(1) + m.group(2)
    return [place + "委", place + "政府"]


def with_context_place(name: str, places_before: list[PlaceMention]) -> str:
    """A bare level (省政府, 市财政局, 区发改委) takes the nearest place of that level named before it."""
    level = next((lv for lv in sorted(_LEVELS, key=len, reverse=True) if name.startswith(lv)), None)
    if level is None or len(name) <= len(level) + 1:
        return name
    body = name[len(level):]
    if not re.search(r"(政府|委|局|厅|办|办公室|委员会|中心|人大|常委会)$", body):
        return name
    key = _LEVEL_KEY[level]
    for place in reversed(places_before):
        value = getattr(place.region, key)
        if value and value.endswith(level):
            return value + body
    return name
