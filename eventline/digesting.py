"""Pipeline function of the weekly digest: events (store or JSONL file) → .md / .html / .eml files.

`write_week_digest` takes plain arguments and returns what it wrote; the CLI and the
`weekly_digest` DAG call it. The week defaults to the last complete ISO week before `today`,
which the caller passes (pure code never reads the clock).

An events file is JSON Lines of full `schemas.Event` records (`eventline extract --format
events`) or of `FlatEvent` lines (one per mention, the scorer's form); `schemas.jsonl` reads both.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import date
from pathlib import Path

from pydantic import BaseModel, Field

from digest import DigestConfig, build_digest, load_overrides, render_eml, render_html, render_markdown
from schemas.jsonl import read_articles_file, read_events_file
from schemas.weeks import iso_week_bounds, last_iso_week
from store.base import Store

logger = logging.getLogger(__name__)

FORMATS = ("md", "html", "eml")
__all__ = ["FORMATS", "DigestFiles", "write_week_digest"]


class DigestFiles(BaseModel):
    """What `write_week_digest` produced: the files written (None for formats not asked) and the item count.

    `model_dump(mode="json")` is what the `weekly_digest` DAG hands to its send task
    (keys week, items, title, md, html, eml, warnings); the Markdown text is kept out of it.
    """

    week: str
    items: int
    title: str
    md: Path | None = None
    html: Path | None = None
    eml: Path | None = None
    warnings: list[str] = Field(default_factory=list)
    markdown: str = Field(default="", exclude=True, repr=False)

    @property
    def paths(self) -> list[Path]:
        return [p for p in (self.md, self.html, self.eml) if p is not None]


def write_week_digest(
    week: str | None,
    *,
    store: Store | None = None,
    events_file: Path | None = None,
    out_dir: Path,
    overrides_dir: Path | None = None,
    config: DigestConfig | None = None,
    today: date | None = None,
    formats: Collection[str] = FORMATS,
    articles_file: Path | None = None,
) -> DigestFiles:
    """Build the week's digest from `events_file` (if given) or `store`, and write `<week>.md/.html/.eml`.

    `week` None means the last ISO week before `today`. `formats` picks among md, html, eml.
    Raises ValueError for a bad week, a missing source of events, an unknown format, and
    `digest.OverridesError` / `schemas.jsonl.InputError` for unusable input files.
    """
    if week is None:
        if today is None:
            raise ValueError("give a week (e.g. 2020-W30) or today's date to default to last week")
        week = last_iso_week(today)
    iso_week_bounds(week)  # validates the week before any work
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown digest format(s) {sorted(unknown)}; choose among {', '.join(FORMATS)}")
    config = config or DigestConfig()
    overrides = load_overrides(overrides_dir, week)
    if events_file is not None:
        articles = read_articles_file(articles_file) if articles_file is not None else None
        events = read_events_file(events_file, articles)
    elif store is not None:
        events = store.week_events(week)
    else:
        raise ValueError("write_week_digest needs a store or an events file")

    digest = build_digest(events, week, config, overrides)
    markdown = render_markdown(digest)
    out_dir.mkdir(parents=True, exist_ok=True)
    renderers = {
        "md": lambda: markdown.encode("utf-8"),
        "html": lambda: render_html(digest).encode("utf-8"),
        "eml": lambda: render_eml(digest, config),
    }
    paths: dict[str, Path] = {}
    for fmt, render in renderers.items():
        if fmt in formats:
            paths[fmt] = out_dir / f"{week}.{fmt}"
            paths[fmt].write_bytes(render())
    logger.info("digest %s: %d items, %d warnings", week, digest.item_count, len(digest.warnings))
    return DigestFiles(
        week=week,
        items=digest.item_count,
        title=digest.title,
        md=paths.get("md"),
        html=paths.get("html"),
        eml=paths.get("eml"),
        warnings=list(digest.warnings),
        markdown=markdown,
    )
