"""What an analyst types → what the stores compare: short place names and organisation aliases resolved.

The stores match places exactly and participants as substrings (`store.base`). People type 湖北, 武汉,
光谷, an adcode such as 420100, or 工信部 for 工业和信息化部; this module turns those into the names the
extraction wrote, from the same data the extraction used (the gazetteer of `nlp.regions`, the
government-body aliases of `nlp/lexicons/gov_bodies.tsv`), so that both backends get the same resolved
query and answer alike. The CLI, the API and watches call `resolve_query` before asking a store.

A place that the gazetteer does not know is kept as written (it may still match exactly); `place_region`
raises `UnknownPlace` instead, for the `place` filter that has no exact form to fall back on.
"""

from __future__ import annotations

import re
from functools import lru_cache

from schemas import Region
from store.base import TimelineQuery

_ADCODE = re.compile(r"\d{6}")


class UnknownPlace(ValueError):
    """A place filter naming nothing the gazetteer knows."""


@lru_cache(maxsize=1024)
def _region(text: str) -> Region | None:
    """The division `text` names as a whole (a full or short name, an alias or a 6-digit adcode), or None."""
    from nlp.regions import find_places, region_of_adcode

    text = text.strip()
    if _ADCODE.fullmatch(text):
        return region_of_adcode(text)
    places = find_places(text)
    if len(places) == 1 and (places[0].start, places[0].end) == (0, len(text)):
        return places[0].region
    return None


def place_region(text: str) -> Region:
    """The region a place filter names: 湖北 → 湖北省; 武汉 → 湖北省 / 武汉市; 光谷 → … / 东湖新技术开发区."""
    region = _region(text)
    if region is None:
        raise UnknownPlace(f"{text!r} is not a place the gazetteer knows (try a province, city or district name)")
    return region.model_copy()


def _apply_region(query: TimelineQuery, region: Region) -> TimelineQuery:
    """`query` narrowed to `region`, at the most specific level the region names."""
    update: dict[str, str] = {}
    if region.province:
        update["province"] = region.province
    if region.city:
        update["city"] = region.city
    if region.district:
        update["district"] = region.district
    return query.model_copy(update=update)


@lru_cache(maxsize=1024)
def org_aliases(name: str) -> tuple[str, ...]:
    """Other names of the organisation `name` stands for: 工信部 → (工业和信息化部,); a development zone's
    alias → its full name (东湖高新区 → 东湖新技术开发区). Empty when none is known."""
    from nlp.analyzer import gov_bodies  # imported here: it loads spaCy, needed only for organisation filters

    name = name.strip()
    bodies = gov_bodies()
    names: dict[str, None] = {}
    if name in bodies:
        full = bodies[name][0]
        names[full] = None
        names.update(dict.fromkeys(short for short, (other, _) in bodies.items() if other == full))
    region = _region(name)
    if region is not None and region.district:
        names[region.district] = None
    names.pop(name, None)
    return tuple(names)


def resolve_query(query: TimelineQuery, place: str | None = None) -> TimelineQuery:
    """`query` with short place names made full, `place` (any level, or an adcode) applied, and the participant's
    aliases added. Raises `UnknownPlace` for a `place` the gazetteer does not know."""
    if place and place.strip():
        query = _apply_region(query, place_region(place))
    update: dict[str, object] = {}
    if query.province and (region := _region(query.province)) and region.province:
        update["province"] = region.province
    if query.city and (region := _region(query.city)) and region.city:
        update["city"] = region.city
        if region.district and not query.district:  # 光谷 given as a city: the zone within it
            update["district"] = region.district
    if query.district and (region := _region(query.district)) and region.district:
        update["district"] = region.district
    if query.participant:
        update["participant_aliases"] = list(dict.fromkeys([*query.participant_aliases,
                                                            *org_aliases(query.participant)]))
    return query.model_copy(update=update) if update else query
