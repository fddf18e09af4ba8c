"""Events as an Atom feed (RFC 4287), so any feed reader can follow a query: `GET /events.atom?…`.

An entry per event, its id a URN of the event id (stable: a reader shows an event once however often it
polls), `updated` the publication time of its latest mention (a new report of a known event updates the
entry instead of adding one), links to every source article and to the event in the API. XML is written
by `xml.etree.ElementTree`, which escapes every text and attribute.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time
from xml.etree import ElementTree as ET

from schemas import SHANGHAI, Event

ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
ET.register_namespace("", ATOM_NS)


def _tag(name: str) -> str:
    return f"{{{ATOM_NS}}}{name}"


def _sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, _tag(name), attrs)
    if text is not None:
        node.text = text
    return node


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def event_updated(event: Event) -> datetime:
    """When the event was last reported: its latest mention, else the day it was reported on, else its date."""
    times = [m.published_at for m in event.mentions if m.published_at]
    if times:
        return max(times)
    day = event.reported_on or event.date.value
    return datetime.combine(day, time(0), SHANGHAI) if day else datetime(1970, 1, 1, tzinfo=UTC)


def _entry(feed: ET.Element, event: Event, event_url: str) -> None:
    entry = _sub(feed, "entry")
    _sub(entry, "id", f"urn:eventline:event:{event.id}")
    _sub(entry, "title", event.headline or event.object or event.id)
    _sub(entry, "updated", _stamp(event_updated(event)))
    published = [m.published_at for m in event.mentions if m.published_at]
    if published:
        _sub(entry, "published", _stamp(min(published)))
    _sub(entry, "category", term=event.type.value)
    region = event.region
    place = " ".join(dict.fromkeys(p for p in (region.province, region.city, region.district) if p)) if region else ""
    lead = " · ".join(part for part in (event.date.as_text() or "日期未知", place) if part)
    _sub(entry, "summary", f"{lead}：{event.summary or event.headline}")
    evidence = "\n".join(f"{m.source}：{m.sentence}" for m in event.mentions)
    _sub(entry, "content", evidence, type="text")
    _sub(entry, "link", href=event_url, rel="related", type="application/json")
    urls = list(dict.fromkeys(m.url for m in event.mentions if m.url))
    for number, url in enumerate(urls):
        _sub(entry, "link", href=url, rel="alternate" if number == 0 else "related", type="text/html")
    for name in dict.fromkeys(p.normalized or p.name for p in event.participants):
        _sub(_sub(entry, "author"), "name", name)
    if not event.participants:
        _sub(_sub(entry, "author"), "name", ", ".join(dict.fromkeys(m.source for m in event.mentions)) or "eventline")


def atom_feed(events: Iterable[Event], *, title: str, feed_id: str, self_url: str, event_url: str) -> bytes:
    """The feed as UTF-8 XML; `event_url` is a format string with ``{id}`` for an event's API address."""
    events = list(events)
    feed = ET.Element(_tag("feed"))
    _sub(feed, "id", feed_id)
    _sub(feed, "title", title)
    _sub(feed, "link", href=self_url, rel="self", type="application/atom+xml")
    newest = max((event_updated(e) for e in events), default=datetime(1970, 1, 1, tzinfo=UTC))
    _sub(feed, "updated", _stamp(newest))
    _sub(feed, "generator", "eventline")
    for event in events:
        _entry(feed, event, event_url.format(id=event.id))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
