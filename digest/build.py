"""`build_digest`: the pure function from a week's events to a `Digest` (select, section, order, edit).

Selection follows `Store.week_events`: an event belongs to a week when its day-precision date
falls in it, or, for a coarser or unknown date, when its `reported_on` does. Events without
`reported_on` (flat files, early extractors) fall back to the latest day-precision date of the
events their article reports when the article itself looks like a late repost (published more
than a month after them), else to the article's publication date. Only asserted events are
printed; a coarse date whose period ended more than a month before the week is background
(e.g. "2016年发布白皮书" in a 2020 article) and is left out.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from urllib.parse import urlsplit

from digest.config import DigestConfig
from digest.importance import LEVEL_LABELS, event_level, importance_key
from digest.model import Digest, DigestItem, DigestSection, SourceLink
from digest.overrides import ItemOverride, WeekOverrides
from digest.text import compose_summary, event_date_text, party_names, place_text, week_range_text
from schemas import SHANGHAI, Event, Modality, Section, type_info
from schemas.facts import one_per_id
from schemas.weeks import iso_week_bounds, iso_week_of

logger = logging.getLogger(__name__)

REPOST_GAP = timedelta(days=31)
STALE_GAP = timedelta(days=31)

def _article_anchors(events: Iterable[Event]) -> dict[str, date]:
    """article id → the latest day-precision date among the asserted events it reports."""
    anchors: dict[str, date] = {}
    for event in events:
        if event.modality != Modality.asserted or event.date.precision != "day" or event.date.value is None:
            continue
        for mention in event.mentions:
            current = anchors.get(mention.article_id)
            if current is None or event.date.value > current:
                anchors[mention.article_id] = event.date.value
    return anchors


def effective_day(event: Event, anchors: Mapping[str, date]) -> date | None:
    """The day that places the event in a week (see the module docstring)."""
    if event.date.precision == "day" and event.date.value is not None:
        return event.date.value
    if event.reported_on is not None:
        return event.reported_on
    dated = (m.published_at.astimezone(SHANGHAI).date() for m in event.mentions if m.published_at)
    published = min(dated, default=None)
    anchor = max((anchors[m.article_id] for m in event.mentions if m.article_id in anchors), default=None)
    if anchor is not None and (published is None or published - anchor > REPOST_GAP):
        return anchor
    return published


def _period_end(event: Event) -> date | None:
    value = event.date.value
    if value is None:
        return None
    if event.date.precision == "month":
        following = date(value.year + (value.month == 12), value.month % 12 + 1, 1)
        return following - timedelta(days=1)
    if event.date.precision == "year":
        return date(value.year, 12, 31)
    return value


def select_week_events(events: Iterable[Event], week: str) -> list[tuple[Event, date | None]]:
    """The asserted events of `week` with the day that placed them there, by day then id."""
    start, end = iso_week_bounds(week)
    pool = one_per_id(events)
    anchors = _article_anchors(pool)
    chosen: list[tuple[Event, date | None]] = []
    for event in pool:
        if event.modality != Modality.asserted:
            continue
        day = effective_day(event, anchors)
        if day is None or not start <= day <= end:
            continue
        period_end = _period_end(event)
        if event.date.precision in ("month", "year") and period_end is not None and period_end < start - STALE_GAP:
            continue
        chosen.append((event, day))
    chosen.sort(key=lambda pair: (pair[1] or date.max, pair[0].id))
    return chosen


def busiest_week(events: Iterable[Event]) -> str:
    """The ISO week ("2020-W30") with the most asserted events; ties go to the later week."""
    pool = one_per_id(events)
    anchors = _article_anchors(pool)
    counts: Counter[str] = Counter()
    for event in pool:
        if event.modality != Modality.asserted:
            continue
        day = effective_day(event, anchors)
        if day is not None:
            counts[iso_week_of(day)] += 1
    if not counts:
        raise ValueError("no dated, asserted events: there is no busiest week")
    return max(counts.items(), key=lambda pair: (pair[1], pair[0]))[0]


def _safe_url(url: str | None) -> str | None:
    """Only http(s) links reach the digest (no javascript:, data:, file: …)."""
    if not url:
        return None
    return url if urlsplit(url).scheme.lower() in ("http", "https") else None


def _sources(event: Event) -> tuple[SourceLink, ...]:
    """One link per outlet: its earliest article about the event."""
    seen: dict[str, SourceLink] = {}
    for mention in sorted(event.mentions, key=lambda m: (m.published_at, m.article_id, m.start)):
        if mention.source not in seen:
            seen[mention.source] = SourceLink(outlet=mention.source, url=_safe_url(mention.url), title=mention.title)
    return tuple(seen.values())


def fallback_headline(event: Event) -> str:
    """A headline when the extractor gave none: who + verb + what."""
    parties = party_names(event)
    who = "、".join(parties[:2])
    what = event.object or ""
    info = type_info(event.type)
    if what and info.headline == "document" and "《" not in what:
        what = f"《{what}》"
    text = f"{who}{info.verb}{what}".strip()
    return text or (event.mentions[0].sentence[:40] if event.mentions else event.type.value)


def _item(event: Event, override: ItemOverride | None, week_start: date, config: DigestConfig) -> DigestItem:
    date_text = event_date_text(event.date, week_start)
    place = place_text(event)
    parties = party_names(event)
    headline = event.headline or fallback_headline(event)
    summary = compose_summary(event, date_text, place, parties, config.max_summary_chars)
    edited = False
    section = event.section
    if override is not None:
        if override.headline:
            headline, edited = override.headline, True
        if override.summary:
            summary, edited = override.summary, True
        if override.section is not None:
            section = override.section
    return DigestItem(
        event_id=event.id,
        section=section,
        headline=headline,
        summary=summary,
        date_text=date_text,
        place=place,
        parties=parties,
        sources=_sources(event),
        outlets=event.corroboration,
        level=LEVEL_LABELS[event_level(event)],
        pinned=bool(override and override.pin),
        edited=edited,
    )


def build_digest(
    events: Iterable[Event],
    week: str,
    config: DigestConfig | None = None,
    overrides: WeekOverrides | None = None,
) -> Digest:
    """Select `week`'s asserted events, apply the editors' overrides, group by section, order by importance.

    Within a section: pinned items first (in the overrides file's order), then more outlets,
    a higher acting body (national > provincial > city > district), an earlier date, the id.
    Sections come in print order (`Section`) and empty ones are left out.
    """
    config = config or DigestConfig()
    overrides = overrides or WeekOverrides()
    start, end = iso_week_bounds(week)
    selected = select_week_events(events, week)
    warnings: list[str] = []
    week_ids = {event.id for event, _ in selected}
    for event_id in overrides.items:
        if event_id not in week_ids:
            warnings.append(f"overrides name event {event_id}, which is not an event of {week}: ignored")
    pin_rank = {event_id: rank for rank, event_id in enumerate(overrides.items) if overrides.items[event_id].pin}

    grouped: dict[Section, list[tuple[tuple[object, ...], DigestItem]]] = {section: [] for section in Section}
    for event, day in selected:
        override = overrides.items.get(event.id)
        if override is not None and override.drop:
            continue
        item = _item(event, override, start, config)
        pinned = event.id in pin_rank
        key = (0 if pinned else 1, pin_rank.get(event.id, 0), *importance_key(event, day))
        grouped[item.section].append((key, item))

    sections: list[DigestSection] = []
    for section in Section:
        entries = sorted(grouped[section], key=lambda pair: pair[0])
        comment_override = overrides.sections.get(section)
        comment = comment_override.comment if comment_override else None
        if not entries:
            if comment:
                warnings.append(
                    f"overrides give a {config.comment_label} for {section.value}, which has no items: ignored"
                )
            continue
        sections.append(DigestSection(section=section, items=tuple(item for _, item in entries), comment=comment))

    for warning in warnings:
        logger.warning("%s", warning)
    start_text, end_text = week_range_text(start, end)
    return Digest(
        week=week,
        start=start,
        end=end,
        topic=config.topic,
        title=config.title(start_text, end_text, week),
        sections=tuple(sections),
        intro=overrides.intro,
        empty_message=config.empty_message.format(topic=config.topic),
        comment_label=config.comment_label,
        warnings=tuple(warnings),
    )
