"""Names of the Elasticsearch store's indices: versioned, behind one alias per kind, events split per year.

* ``{prefix}-articles`` → ``{prefix}-articles-v{N}``: one index (the alias's write index).
* ``{prefix}-events`` → ``{prefix}-events-v{N}-{year}`` for every year that has events, plus
  ``{prefix}-events-v{N}-undated`` for events without a date. The year is the event's own date
  (part of its id), so an event always lands in the same index and an upsert finds it there.

Why per year: an index stays a size that one or a few shards serve well however many years the
store holds (10^8 events over ten years is ~10^7 a year), old years can be force-merged,
snapshotted, moved to cheaper nodes or dropped one index at a time, and a query for a date range
still reads the alias, where Elasticsearch skips the shards whose date range cannot match.
"""

from __future__ import annotations

import re
from typing import Any

KINDS: tuple[str, ...] = ("articles", "events")
UNDATED = "undated"


def index_name(prefix: str, kind: str, version: int) -> str:
    """The versioned name of `kind`: the articles index itself, or the prefix of the per-year event indices."""
    return f"{prefix}-{kind}-v{version}"


def event_bucket(source: Any) -> str:
    """The year of an event (an `Event` or its stored source) as the suffix of its index, or ``undated``."""
    date = getattr(source, "date", None)
    if date is not None:
        value = date.value
        return str(value.year) if value is not None else UNDATED
    value = ((source or {}).get("date") or {}).get("value")
    return str(value)[:4] if value else UNDATED


def event_index(prefix: str, version: int, bucket: str) -> str:
    return f"{index_name(prefix, 'events', version)}-{bucket}"


def version_of(prefix: str, kind: str, name: str) -> int:
    """N of an index named ``{prefix}-{kind}-vN`` or ``{prefix}-{kind}-vN-{bucket}``."""
    match = re.fullmatch(rf"{re.escape(prefix)}-{kind}-v(\d+)(?:-[^-]+)?", name)
    if match is None:
        raise ValueError(f"{name} is not a versioned {kind} index of prefix {prefix!r}")
    return int(match.group(1))


def renamed(prefix: str, kind: str, name: str, version: int) -> str:
    """`name` moved to `version`, keeping its year bucket (``…-v1-2020`` → ``…-v2-2020``)."""
    old = index_name(prefix, kind, version_of(prefix, kind, name))
    return index_name(prefix, kind, version) + name[len(old):]
