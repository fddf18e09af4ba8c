"""A stand-in for `eventline.crawling.run_crawl` that writes given article lines slowly, as a crawl
does, for the tests of extraction that follows a crawl (`eventline.following`, `eventline.extract_service`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from crawlers.stats import CrawlStats


def writer(lines: list[str], pause_s: float = 0.005, after: Callable[[], None] | None = None):  # type: ignore[no-untyped-def]
    """A crawl that appends `lines` one by one, each in two flushed halves; `after` runs once they are written."""

    def crawl(source_key: str, settings: object, *, output: Path) -> CrawlStats:
        with output.open("a", encoding="utf-8") as handle:
            for line in lines:
                handle.write(line[:15])
                handle.flush()
                time.sleep(pause_s)
                handle.write(line[15:])
                handle.flush()
        if after is not None:
            after()
        return CrawlStats(source=source_key, ok=True, output=str(output))

    return crawl
