"""Pipeline functions of the weekly digest: build a week (one path for CLI, API and DAG), draft it, send it.

`build_week_digest` is the only way a week's digest is built: it reads the events (store or
JSON Lines file), always applies the editors' `<overrides dir>/<week>.yaml` (default
`<data dir>/overrides/`) and the configured topic and recipients (`EVENTLINE_DIGEST_TOPIC`,
`EVENTLINE_DIGEST_TO`). `write_week_digest` writes the drafts (.md / .html / .eml with
`X-Unsent: 1`); `render_week_digest` returns one format as text (the API); `send_week_digest`
re-drafts the week with the overrides as they are now and mails it, never an empty week.
The week defaults to the last complete ISO week before `today`, which the caller passes (pure
code never reads the clock).

An events file is JSON Lines of full `schemas.Event` records (`eventline extract --format
events`) or of `FlatEvent` lines (one per mention, the scorer's form); `schemas.jsonl` reads both.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from digest import Digest, DigestConfig, build_digest, load_overrides, render_eml, render_html, render_markdown
from eventline.config import Settings, load_settings
from schemas.jsonl import read_articles_file, read_events_file
from schemas.weeks import iso_week_bounds, last_iso_week
from store.base import Store

logger = logging.getLogger(__name__)

FORMATS = ("md", "html", "eml")
__all__ = [
    "FORMATS",
    "DigestFiles",
    "NothingToSend",
    "build_week_digest",
    "digest_config",
    "render_week_digest",
    "send_week_digest",
    "write_week_digest",
]


class NothingToSend(ValueError):
    """The week's digest has no item: an empty week is never mailed."""


class DigestFiles(BaseModel):
    """What `write_week_digest` produced: the files written (None for formats not asked) and the item count.

    `model_dump(mode="json")` is what the `weekly_digest` DAG hands to its review task
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


def digest_config(settings: Settings, topic: str | None = None) -> DigestConfig:
    """The digest options the settings configure (`topic` given here wins over `EVENTLINE_DIGEST_TOPIC`)."""
    options: dict[str, str] = {}
    if topic or settings.digest_topic:
        options["topic"] = topic or settings.digest_topic or ""
    if settings.digest_to:
        options["mail_to"] = settings.digest_to
    return DigestConfig(**options)


def build_week_digest(
    week: str,
    *,
    store: Store | None = None,
    events_file: Path | None = None,
    articles_file: Path | None = None,
    overrides_dir: Path | None = None,
    config: DigestConfig | None = None,
    settings: Settings | None = None,
) -> Digest:
    """The week's digest from `events_file` (if given) or `store`, with the week's overrides always applied.

    `overrides_dir` None means the settings' (`<data dir>/overrides/`); `config` None means
    `digest_config(settings)`. Raises ValueError for a bad week or no source of events,
    `digest.OverridesError` / `schemas.jsonl.InputError` for unusable input files.
    """
    iso_week_bounds(week)  # validates the week before any work
    settings = settings or load_settings()
    overrides = load_overrides(overrides_dir or settings.overrides_dir, week)
    if events_file is not None:
        articles = read_articles_file(articles_file) if articles_file is not None else None
        events = read_events_file(events_file, articles)
    elif store is not None:
        events = store.week_events(week)
    else:
        raise ValueError("a week's digest needs a store or an events file")
    return build_digest(events, week, config or digest_config(settings), overrides)


def render_week_digest(
    week: str, fmt: Literal["md", "html"], *, store: Store, overrides_dir: Path | None = None,
    settings: Settings | None = None,
) -> str:
    """One format of the week's digest as text (what the API serves), built by `build_week_digest`."""
    digest = build_week_digest(week, store=store, overrides_dir=overrides_dir, settings=settings)
    return render_markdown(digest) if fmt == "md" else render_html(digest)


def write_week_digest(
    week: str | None,
    *,
    store: Store | None = None,
    events_file: Path | None = None,
    out_dir: Path | None = None,
    overrides_dir: Path | None = None,
    config: DigestConfig | None = None,
    today: date | None = None,
    formats: Collection[str] = FORMATS,
    articles_file: Path | None = None,
    settings: Settings | None = None,
) -> DigestFiles:
    """Build the week's digest (`build_week_digest`) and write the drafts `<week>.md/.html/.eml` to `out_dir`.

    `week` None means the last ISO week before `today`; `out_dir` None the settings' digests
    directory. `formats` picks among md, html, eml. Raises ValueError for a bad week, a
    missing source of events, an unknown format, and `digest.OverridesError` /
    `schemas.jsonl.InputError` for unusable input files.
    """
    if week is None:
        if today is None:
            raise ValueError("give a week (e.g. 2020-W30) or today's date to default to last week")
        week = last_iso_week(today)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown digest format(s) {sorted(unknown)}; choose among {', '.join(FORMATS)}")
    settings = settings or load_settings()
    config = config or digest_config(settings)
    digest = build_week_digest(week, store=store, events_file=events_file, articles_file=articles_file,
                               overrides_dir=overrides_dir, config=config, settings=settings)
    markdown = render_markdown(digest)
    out_dir = out_dir or settings.digests_dir
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


def send_week_digest(week: str, *, store: Store, settings: Settings | None = None) -> str:
    """Re-draft the week with the overrides as they are now, then mail it; returns what was sent.

    The explicit sending step (`eventline digest send`, the DAG's `send` after approval).
    Raises `NothingToSend` for a week without items and `eventline.mailing.MailNotConfigured`
    when there is no SMTP connection or recipient: nothing is mailed in either case.
    """
    from eventline.mailing import send_digest

    settings = settings or load_settings()
    files = write_week_digest(week, store=store, settings=settings)
    if files.items == 0:
        raise NothingToSend(f"{week}: the digest has no items; an empty week is never mailed")
    assert files.eml is not None  # every format was written
    outcome = send_digest(files.eml, settings)
    logger.info("digest %s: %s", week, outcome)
    return outcome
