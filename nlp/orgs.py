"""Participant names: alias normalisation (工信部 → 工业和信息化部) and kind (government, company, …).

Pure functions over the lexicons in `nlp/lexicons/` (`gov_bodies.tsv`, `org_suffixes.txt`).
"""

from __future__ import annotations

import re
from functools import cache

from nlp.analyzer import LEXICONS, gov_bodies
from schemas import Participant, ParticipantKind

_STOCK = re.compile(r"[（(]\s*\d{6}\s*[.．]\s*(SH|SZ|BJ)\s*[)）]|[（(]\s*\d{4,5}\s*[.．]\s*HK\s*[)）]", re.I)
_PROVINCIAL_SHORT = re.compile(r"^(省|市|区|县)(?=[\u4e00-\u9fff]{2,})")


@cache
def org_suffixes() -> list[tuple[str, ParticipantKind]]:
    """(suffix, kind), longest first."""
    rows: list[tuple[str, ParticipantKind]] = []
    for line in (LEXICONS / "org_suffixes.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            suffix, kind = line.split("\t")
            rows.append((suffix, ParticipantKind(kind)))
    return sorted(rows, key=lambda r: -len(r[0]))


_PLACE_END = re.compile(r"(省|市|区|县|州|自治区|特别行政区|盟|旗)$")
_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,3}$")


def strip_stock_code(name: str) -> str:
    return _STOCK.sub("", name).strip()


def normalize_name(name: str) -> str:
    """Canonical form of an organisation name: aliases expanded, stock codes and quotes dropped."""
    name = strip_stock_code(name).strip("“”\"'‘’《》 ")
    bodies = gov_bodies()
    if name in bodies:
        return bodies[name][0]
    return name


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
    if not context:
        return False
    return bool(re.search(re.escape(name) + r"\s*[（(]\s*\d{6}\s*[.．]\s*(SH|SZ|BJ)", context, re.I)) or (
        f"上市公司{name}" in context
    )


def participant(name: str, tag: str | None = None) -> Participant:
    clean = strip_stock_code(name)
    return Participant(name=clean, normalized=normalize_name(clean), kind=kind_of(normalize_name(clean), tag))
