"""Wording of digest items: Chinese dates, places, parties and the 1–2 sentence summary.

Pure functions: an event (and the week it is printed in) in, strings out.
"""

from __future__ import annotations

import re
from datetime import date

from schemas import Event, EventDate


def cn_day(day: date, *, with_year: bool = True) -> str:
    """2020-07-20 → 2020年7月20日 (or 7月20日)."""
    text = f"{day.month}月{day.day}日"
    return f"{day.year}年{text}" if with_year else text


def week_range_text(start: date, end: date) -> tuple[str, str]:
    """The two ends of a week as the title prints them: 2020年7月20日 — 7月26日 (year repeated only when it changes)."""
    return cn_day(start), cn_day(end, with_year=end.year != start.year)


def event_date_text(value: EventDate, week_start: date | None = None) -> str:
    """The event's date in the digest's words: 7月22日, 2020年7月, 2020年, or 近日 when unknown.

    The year is left out when it is the week's year (as editors write).
    """
    if value.value is None:
        return value.expression if value.expression in {"近日", "日前", "近期"} else "近日"
    day = value.value
    same_year = week_start is not None and day.year == week_start.year
    if value.precision == "day":
        return cn_day(day, with_year=not same_year)
    if value.precision == "month":
        return f"{day.month}月" if same_year else f"{day.year}年{day.month}月"
    return "今年" if same_year else f"{day.year}年"


def place_text(event: Event) -> str | None:
    """省 + 市 + 区 of the event, without repeating a level (北京市北京市 → 北京市)."""
    region = event.region
    if region is None or region.is_empty():
        return None
    parts: list[str] = []
    for part in (region.province, region.city, region.district):
        if part and part not in parts:
            parts.append(part)
    return "".join(parts)


def party_names(event: Event) -> tuple[str, ...]:
    """Participants' display names, in order, without duplicates."""
    seen: list[str] = []
    for participant in event.participants:
        name = participant.normalized or participant.name
        if name and name not in seen:
            seen.append(name)
    return tuple(seen)


def split_sentences(text: str) -> list[str]:
    """Split after 。！？!?；; — but never inside 《…》 or “…” (a title may end in a question mark)."""
    sentences: list[str] = []
    depth = 0
    current = ""
    for char in text:
        current += char
        if char in "《“":
            depth += 1
        elif char in "》”" and depth:
            depth -= 1
        elif char in "。！？!?；;" and depth == 0:
            sentences.append(current)
            current = ""
    if current:
        sentences.append(current)
    return sentences


def _clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a sentence end when one fits, else with an ellipsis."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in split_sentences(text):
        if len(kept) + len(sentence) > limit:
            break
        kept += sentence
    return kept if kept else text[: limit - 1] + "…"


def _mentions(text: str, value: str) -> bool:
    """Does `text` name `value` (or its core without the administrative suffix)?"""
    core = re.sub(r"(?:省|市|自治区|特别行政区|区|县)$", "", value)
    return value in text or (len(core) >= 2 and core in text)


_RELATIVE_LEAD = re.compile(
    r"^(?:\d{1,2}日|[上本]周[一二三四五六日天]|昨[日天]|当[日天]|同日|揭牌当天|签约当天)"
    r"(?:上午|下午|晚间|晚上|早间)?，"
)


def compose_summary(event: Event, date_text: str, parties: tuple[str, ...], limit: int) -> str:
    """1–2 sentences: what happened (the extractor's summary, else the evidence), when, who.

    The first sentence starts with the date unless it already does; a short second sentence
    adds the parties when the first does not name them. The place is not tacked on as a
    "地点：" note (editors don't write one): the headline carries it where the event needs it,
    and `DigestItem.place` keeps it for whoever wants it.
    """
    base = event.summary or (event.mentions[0].sentence if event.mentions else "") or event.headline
    base = _clip(base, limit)
    if base and not base.endswith(("。", "！", "？", "!", "?", "…")):
        base += "。"
    starts_dated = bool(re.match(r"^(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?|^(?:近日|日前|近期|今年|今日)", base))
    if base and not starts_dated:
        # the digest writes the absolute date itself, so a relative lead ("2日上午，", "上周五，") would repeat it
        base = f"{date_text}，{_RELATIVE_LEAD.sub('', base, count=1)}"
    facts: list[str] = []
    written = {p.normalized or p.name: p.name for p in event.participants}
    missing = [name for name in parties if not (_mentions(base, name) or _mentions(base, written.get(name, name)))]
    if missing:
        facts.append("参与方：" + "、".join(missing[:6]) + ("等" if len(missing) > 6 else ""))
    if facts:
        base += "；".join(facts) + "。"
    return base
