"""Write expectation files for stored pages: `python tests/crawlers/record_expected.py KEY FILE [FETCHED]`.

Runs the same extraction the crawl runs (registry selectors + fallbacks) on a stored page in
../shared/corpus/html and writes tests/crawlers/expected/<name>.json with short strings only
(title, time, first and last body sentence, and the selector or generic rule that gave each
field). A human reads the page and checks the file before
committing; `absent` (navigation / comment / footer strings that must not reach the body) is
filled in by hand.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

from crawl_helpers import sentences

from crawlers.page import read_page
from crawlers.registry import load_registry

ROOT = Path(__file__).resolve().parents[2]
HTML = Path(os.environ.get("EVENTLINE_SHARED", ROOT.parent / "shared")) / "corpus" / "html"
AS_OF = date(2020, 1, 1)  # the layout date the stored-page crawl test uses too


def record(key: str, rel: str, fetched: str | None = None) -> Path:
    source = load_registry(ROOT / "sources.yaml").get(key)
    got = read_page((HTML / rel).read_bytes(), "http://127.0.0.1/", source=source, as_of=AS_OF)
    body = sentences(got.text)
    out = ROOT / "tests" / "crawlers" / "expected" / f"{Path(rel).stem}.json"
    previous = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    data = {
        **previous,  # hand-written notes stay
        "source": key,
        "page": rel,
        "url": previous.get("url"),
        "fetched": fetched or previous.get("fetched"),
        "charset": got.charset,
        "layouts": {
            "current": {
                "title": got.title,
                "published_at": got.published.isoformat() if got.published else None,
                "first_sentence": body[0] if body else None,
                "last_sentence": body[-1] if body else None,
                "rules": got.rules,
            }
        },
        "absent": previous.get("absent", []),
    }
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":
    print(record(*sys.argv[1:4]))
