"""Participant names: alias normalisation (工信部 → 工业和信息化部) and kind (government, company, …).

Pure functions over the lexicons in `nlp/lexicons/` (`gov_bodies.tsv`, `org_suffixes.txt`, read by `nlp.analyzer`).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from nlp.analyzer import gov_bodies, org_suffixes
from nlp.arguments import clean_name
from nlp.gov_names import official_name
from schemas import Participant, ParticipantKind

_STOCK = re.compile(r"[（(]\s*\d{6}\s*[.．]\s*(SH|SZ|BJ)\s*[)）]|[（(]\s*\d{4,5}\s*[.．]\s*HK\s*[)）]", re.I)
_PROVINCIAL_SHORT = re.compile(r"^(省|市|区|县)(?=[\u4e00-\u9fff]{2,})")


_PLACE_END = re.compile(r"(省|市|区|县|州|自治区|特别行政区|盟|旗)$")
_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,3}$")


def strip_stock_code(name: str) -> str:
    return _STOCK.sub("", name).strip()


@lru_cache(maxsize=4096)  # a pure function of the name, asked for each actor of each event (twice by `participant`)
def normalize_name(name: str) -> str:
    """Canonical form of an organisation name: aliases expanded, stock codes and quotes dropped."""
    name = strip_stock_code(name).strip("“”\"'‘’《》 ")
    bodies = gov_bodies()
    gloss = _GLOSS.search(name)  # 国家药品监督管理局(NMPA), 市场监管总局（国家认监委）: the name before the note
    if gloss and (not re.search(r"[\u4e00-\u9fff]", gloss.group(1)) or name[:gloss.start()] in bodies):
        name = name[:gloss.start()].strip() or name
    if name in bodies:
        return bodies[name][0]
    return official_name(name) or _place_form(name)


_GLOSS = re.compile(r"\s*[（(]([^（()）]{1,20})[)）]$")
_GOV_TAIL = re.compile(r"(人民政府|政府|管理委员会|管委会)$")


@cache
def _place_form(name: str) -> str:
    """A place (or its government) in full form: 昆明 → 昆明市, 深圳龙华区人民政府 → 深圳市龙华区人民政府."""
    tail = _GOV_TAIL.search(name)
    head = name[: tail.start()] if tail else name
    if not 2 <= len(head) <= 12:
        return name
    try:
        from nlp.regions import find_places

        places = find_places(head)
    except Exception:  # pragma: no cover - gazetteer trouble keeps the name as written
        return name
    if len(places) != 1 or places[0].start != 0 or places[0].end != len(head):
        return name
    region = places[0].region
    deepest = region.district or region.city or region.province or ""
    if not deepest or not (deepest.startswith(head) or head.endswith(deepest)):
        return name
    if region.district and ("开发区" in region.district or "高新" in region.district or "新区" in region.district):
        return name  # a development zone's official name carries no 市 (武汉东湖新技术开发区管理委员会)
    if region.district == head:  # a bare district keeps its name (龙华区: 深圳 or 海口 is for the context to say)
        return name
    if region.district and region.district.endswith("市"):
        full = region.district  # a county-level city is named alone (瑞丽市, not 德宏傣族景颇族自治州瑞丽市)
    else:
        full = (region.city or region.province or "") + region.district if region.district else deepest
    return full + (tail.group() if tail else "")


def kind_of(name: str, tag: str | None = None) -> ParticipantKind:
    """Participant kind from the lexicon, the name's suffix, or the HanLP tag."""
    bodies = gov_bodies()
    if name in bodies:
        return ParticipantKind(bodies[name][1])
    for suffix, kind in org_suffixes():
        if name.endswith(suffix) and len(name) > len(suffix):
            return kind
    if _PLACE_END.search(name) or (tag or "").startswith("ns"):
        return ParticipantKind.government  # a place acting (江汉区与…签署) is its government
    if (tag or "").startswith("nr"):
        return ParticipantKind.person
    if (tag or "").startswith("nt"):
        return ParticipantKind.company if (tag or "") in {"ntc", "ntcf", "ntcb", "nth"} else ParticipantKind.other
    return ParticipantKind.other


def is_listed(name: str, context: str = "") -> bool:
    """True when the name carries a stock code or the context calls it a listed company."""
    if _STOCK.search(name):
        return True
    if not context or not name:
        return False
    if f"上市公司{name}" in context:
        return True
    at = context.find(name)
    while at >= 0:  # the name followed by its code: one compiled pattern, not one per name
        if _CODE_AFTER.match(context, at + len(name)):
            return True
        at = context.find(name, at + 1)
    return False


_CODE_AFTER = re.compile(r"\s*[（(]\s*\d{6}\s*[.．]\s*(SH|SZ|BJ)", re.I)


_ALIAS = re.compile(
    r"([^\s，。；：、（）()“”\"]{2,40}?)[（(]\s*(?:以下简称|以下称|下称|简称)[“\"]?([^”\"）)，,]{2,12})[”\"]?\s*[）)]"
)
# 跨境银行间支付清算有限责任公司（跨境清算公司）: a short form in brackets right after a full organisation name
_FULL_NAME_END = r"(?:有限责任公司|股份有限公司|有限公司|集团|委员会|研究院|交易所|银行|协会)"
_BARE_ALIAS = re.compile(
    r"([^\s，。；：、（）()“”\"—]{4,40}?" + _FULL_NAME_END + r")[（(]([^（()）\d，,。；]{2,10})[）)]"
)
_BARE_ALIAS_CUE = re.compile(_FULL_NAME_END + r"[（(]")  # what a match holds, found without trying every start
_ALIAS_LEAD = re.compile(r"^.*?(?:与|和|同|及|由|的|是|为|在|对|向|了|，)")


def aliases_in(text: str) -> dict[str, str]:
    """Short names the text defines: 深圳星衡智算科技有限公司（以下简称“星衡智算”） → {星衡智算: full name}."""
    out: dict[str, str] = {}
    text = text or ""
    # each pattern tries a name at every character: first look for what a match must hold
    for m in _ALIAS.finditer(text) if "简称" in text or "下称" in text else ():
        full = clean_name(_ALIAS_LEAD.sub("", m.group(1)))
        if len(full) > len(m.group(2)) >= 2:
            out[m.group(2)] = full
    for m in _BARE_ALIAS.finditer(text) if _BARE_ALIAS_CUE.search(text) else ():
        short = m.group(2).strip("“”\"")
        full = clean_name(_ALIAS_LEAD.sub("", m.group(1)))
        if short not in out and len(full) > len(short) >= 2 and not short.startswith(("以下", "简称", "下称")):
            out[short] = full
    return out


def expand_alias(name: str, aliases: dict[str, str]) -> str:
    """The full name behind a defined short name (also for a short name HanLP cut: 星衡智 of 星衡智算)."""
    if name in aliases:
        return aliases[name]
    for short, full in aliases.items():
        if len(name) >= 3 and short.startswith(name) and len(short) - len(name) <= 1:
            return full
    return name


def participant(name: str, tag: str | None = None) -> Participant:
    clean = strip_stock_code(name)
    return Participant(name=clean, normalized=normalize_name(clean), kind=kind_of(normalize_name(clean), tag))
