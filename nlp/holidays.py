"""Dates named by the holiday calendar: 春节后上班第一天 / 节后首个工作日 → the first working day after the
Spring Festival holiday of the report's year (`lexicons/spring_festival_workdays.tsv`).

News round-ups of the year's first meetings (新春第一会) date them this way; the day is a fact of the
State Council's yearly schedule, not something the text's digits say, so it is kept as a table.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from nlp.analyzer import LEXICONS
from nlp.dates import DateMention

_AFTER_SPRING_FESTIVAL = re.compile(
    r"(?:春节|新春|节)(?:假期)?(?:后|过后|结束后)?(?:上班|复工|开工)?(?:第一天|首日|首个工作日|第一个工作日)"
)


@cache
def first_workdays() -> dict[int, date]:
    """Year → the first working day after its Spring Festival holiday."""
    out: dict[int, date] = {}
    for line in (LEXICONS / "spring_festival_workdays.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            year, day = line.split("\t")
            out[int(year)] = date.fromisoformat(day)
    return out


def holiday_mentions(text: str, anchor: date | None) -> list[DateMention]:
    """春节后上班第一天 and its variants in `text`, dated for the year of the report (when it is in the
    table and not after the report)."""
    if anchor is None:
        return []
    day = first_workdays().get(anchor.year)
    if day is None or day > anchor:
        return []
    return [DateMention(day, "day", m.group(), m.start(), m.end()) for m in _AFTER_SPRING_FESTIVAL.finditer(text)
            if m.group().startswith(("春节", "新春")) or "工作日" in m.group() or "上班" in m.group()]
