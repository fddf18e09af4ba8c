"""Events as a spreadsheet: the one CSV layout of the CLI (`timeline --format csv`) and the API (`/events.csv`).

One row per event. Lists are joined with ``; `` (participants, outlets, links); evidence sentences, one per
mention, with a line break inside the quoted cell (spreadsheets show it as a multi-line cell). With `bom`,
the text starts with U+FEFF so that Excel opens the UTF-8 file with its Chinese intact.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from schemas import Event
from store.base import MAX_PAGE_SIZE, Store, TimelineQuery

BOM = "\ufeff"
CSV_COLUMNS: tuple[str, ...] = (
    "id", "date", "date_precision", "type", "section", "province", "city", "district", "participants", "object",
    "headline", "summary", "evidence", "sources", "urls",
)
LIST_SEPARATOR = "; "


def csv_row(event: Event) -> dict[str, str]:
    """The `CSV_COLUMNS` of one event, as text (empty for a missing value)."""
    region = event.region
    return {
        "id": event.id,
        "date": event.date.as_text() or "",
        "date_precision": event.date.precision,
        "type": event.type.value,
        "section": event.section.value,
        "province": (region.province if region else None) or "",
        "city": (region.city if region else None) or "",
        "district": (region.district if region else None) or "",
        "participants": LIST_SEPARATOR.join(dict.fromkeys(p.normalized or p.name for p in event.participants)),
        "object": event.object or "",
        "headline": event.headline,
        "summary": event.summary,
        "evidence": "\n".join(dict.fromkeys(m.sentence for m in event.mentions)),
        "sources": LIST_SEPARATOR.join(dict.fromkeys(m.source for m in event.mentions)),
        "urls": LIST_SEPARATOR.join(dict.fromkeys(m.url for m in event.mentions if m.url)),
    }


def csv_lines(events: Iterable[Event], *, bom: bool = False) -> Iterator[str]:
    """The CSV text in pieces (header first), so a long export streams instead of being built in memory."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writeheader()
    yield (BOM if bom else "") + take()
    for event in events:
        writer.writerow(csv_row(event))
        yield take()


def iter_events(store: Store, query: TimelineQuery, limit: int | None = None) -> Iterator[Event]:
    """Every event matching `query` from its offset on, in its order, page by page (at most `limit`)."""
    done = 0
    while limit is None or done < limit:
        size = MAX_PAGE_SIZE if limit is None else min(MAX_PAGE_SIZE, limit - done)
        page = store.timeline(query.model_copy(update={"limit": size, "offset": query.offset + done}))
        yield from page.events
        done += len(page.events)
        if len(page.events) < size:
            return


def table_csv_lines(header: list[str], rows: Iterable[Iterable[object]], *, bom: bool = False) -> Iterator[str]:
    """Any table (e.g. counts) as CSV text in pieces, with the same dialect and BOM choice as the events CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    yield (BOM if bom else "") + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        yield buffer.getvalue()
