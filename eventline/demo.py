"""`eventline demo`: the whole pipeline on local data, with nothing but SQLite.

Serves the sample site on 127.0.0.1, crawls its two outlets with the real Scrapy spiders
(each in a subprocess), extracts events with HanLP into a SQLite store under
`var/demo/`, prints the timeline and the digest of the busiest week. Running it again is
incremental (the site is served on a fixed port so its URLs, hence the article ids, stay
the same): unchanged pages are not re-emitted and no event is duplicated.
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Callable
from pathlib import Path

from eventline.config import PROJECT_ROOT, load_settings
from schemas import Event

DEMO_SOURCES = ("sample_jcrb", "sample_cylx")
# A fixed port keeps the sample articles' URLs, hence their ids, the same from run to run.
DEMO_PORT = 8765


def _free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def run_demo(
    data_dir: Path | None = None,
    echo: Callable[[str], None] = print,
    port: int = DEMO_PORT,
    show_timeline: Callable[[list[Event], int], None] | None = None,
) -> None:
    """Run the demo, reporting each stage through `echo`; `show_timeline(events, total)` prints
    the stored timeline (the CLI passes its table; by default one line per event)."""
    from digest import busiest_week
    from eventline.crawling import run_crawl
    from eventline.digesting import write_week_digest
    from eventline.pipeline import extract_stored
    from eventline.stores import open_store
    from sample_site.server import serve
    from store.base import TimelineQuery

    settings = load_settings(data_dir=data_dir or PROJECT_ROOT / "var" / "demo", store="sqlite", sqlite_path=None)
    if not _free(port):
        # Another port means other article URLs: start clean rather than mix two copies of the site.
        echo(f"== port {port} is busy: serving on another port, starting from an empty store")
        port = 0
        shutil.rmtree(settings.data_dir, ignore_errors=True)
    echo(f"== eventline demo: data in {settings.data_dir}")
    with serve(port=port) as (_server, base_url):
        echo(f"== sample site served at {base_url}")
        for key in DEMO_SOURCES:
            stats = run_crawl(key, settings, extra={"SAMPLE_SITE": base_url})
            echo(
                f"crawl {key}: {stats.pages_fetched} pages, {stats.articles_new} new, "
                f"{stats.articles_updated} updated, {stats.articles_unchanged} unchanged, "
                f"errors {stats.errors or 'none'}"
            )
    with open_store(settings) as store:
        report = extract_stored(store)
        events = report.events
        echo(
            f"== extraction: {store.count_articles()} articles → {report.events_extracted} events "
            f"({events.created} new, {events.updated} updated, {events.unchanged} unchanged); "
            f"{store.count_events()} events stored"
        )
        page = store.timeline(TimelineQuery(limit=100, sort="date_asc"))
        if show_timeline is not None:
            show_timeline(page.events, page.total)
        else:
            for event in page.events:
                echo(f"{event.date.as_text() or '—'}  {event.type.value}  {event.headline}")
        week = busiest_week(page.events)
        files = write_week_digest(week, store=store, out_dir=settings.digests_dir)
    echo(f"== digest of the busiest week, {week} ({files.items} items; files: {', '.join(map(str, files.paths))})")
    echo(files.markdown)
