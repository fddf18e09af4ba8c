"""Write expectation files for stored pages: `python tests/crawlers/record_expected.py KEY FILE [FETCHED]`.

Runs the same extraction the crawl runs (registry selectors + fallbacks) on a stored page in
../shared/corpus/html and writes tests/crawlers/expected/<name>.json with short strings only
(title, time, first and last body sentence). A human reads the page and checks the file before
committing; `absent` (navigation / comment / footer strings that must not reach the body) is
filled in by hand.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from crawl_helpers import sentences

from crawlers.charset import decode_body
from crawlers.cleaning import parse_datetime
from crawlers.extraction import extract_article
from crawlers.registry import load_registry

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT.parent / "shared" / "corpus" / "html"


def record(key: str, rel: str, fetched: str | None = None) -> Path:
    source = load_registry(ROOT / "sources.yaml").get(key)
    raw = (HTML / rel).read_bytes()
    text, codec = decode_body(raw, content_type="text/html", override=source.charset)
    got = extract_article(text, "http://127.0.0.1/", source.all_selectors(None))
    body = sentences("\n".join(got.paragraphs))
    published = parse_datetime(got.published)
    out = ROOT / "tests" / "crawlers" / "expected" / f"{Path(rel).stem}.json"
    previous = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    data = {
        "source": key,
        "page": rel,
        "url": previous.get("url"),
        "fetched": fetched or previous.get("fetched"),
        "charset": codec,
        "layouts": {
            "current": {
                "title": got.title,
                "published_at": published.isoformat() if published else None,
                "first_sentence": body[0] if body else None,
                "last_sentence": body[-1] if body else None,
            }
        },
        "absent": previous.get("absent", []),
    }
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":
    print(record(*sys.argv[1:4]))
