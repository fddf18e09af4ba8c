"""The computed digest: plain frozen dataclasses the templates render and nothing else builds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from schemas import Section


@dataclass(frozen=True)
class SourceLink:
    """One outlet that reported an item, linking to its (earliest) article when it has a URL."""

    outlet: str
    url: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class DigestItem:
    """One event as the digest prints it."""

    event_id: str
    section: Section
    headline: str
    summary: str
    date_text: str
    place: str | None
    parties: tuple[str, ...]
    sources: tuple[SourceLink, ...]
    outlets: int
    level: str
    pinned: bool = False
    edited: bool = False


@dataclass(frozen=True)
class DigestSection:
    """A section in print order, with its items (never empty) and the editors' 简评, if any."""

    section: Section
    items: tuple[DigestItem, ...]
    comment: str | None = None

    @property
    def title(self) -> str:
        return self.section.value


@dataclass(frozen=True)
class Digest:
    """A week's digest: title, sections in print order, and warnings for the editor."""

    week: str
    start: date
    end: date
    topic: str
    title: str
    sections: tuple[DigestSection, ...]
    period: str = ""
    intro: str | None = None
    empty_message: str = ""
    comment_label: str = "简评"
    warnings: tuple[str, ...] = field(default=())

    @property
    def items(self) -> tuple[DigestItem, ...]:
        return tuple(item for section in self.sections for item in section.items)

    @property
    def item_count(self) -> int:
        return sum(len(section.items) for section in self.sections)

    @property
    def is_empty(self) -> bool:
        return self.item_count == 0
