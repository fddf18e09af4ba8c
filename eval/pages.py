"""Measure page extraction on the real pages of ../shared/corpus/html (expected.jsonl).

Prints title exact, date to the day, body F1 (character bigrams) and "first and last sentence
kept" for: eventline's generic path (no per-site selectors, bytes in), trafilatura alone (bytes
in) and, when a GeneralNewsExtractor interpreter is given (`--gne-python`, a separate venv: GNE
is GPL-3.0 on GitHub, so it is never a dependency of the project), GNE on the decoded page.

The expected file holds the first and last sentence of each body, not the whole body; the
reference body is the page's visible text from the first sentence to the last one (scripts,
styles and comments removed, whitespace dropped). `-v` prints one row per page.

    python eval/pages.py [-v] [--gne-python /path/to/venv/bin/python]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("EVENTLINE_SHARED", ROOT.parent / "shared"))
HTML = SHARED / "corpus" / "html"
_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")

_GNE_RUNNER = """
import json, sys
from gne import GeneralNewsExtractor
ex = GeneralNewsExtractor()
for line in sys.stdin:
    html = json.loads(line)
    try:
        r = ex.extract(html)
    except Exception as e:
        r = {"error": str(e)}
    print(json.dumps({"title": r.get("title"), "published": r.get("publish_time"), "text": r.get("content")}))
    sys.stdout.flush()
"""


@dataclass
class Got:
    title: str | None
    published: str | None  # YYYY-MM-DD or None
    text: str


def nows(text: str | None) -> str:
    return _WS.sub("", text or "")


def load_expected() -> list[dict]:
    lines = (HTML / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@functools.cache
def reference_body(file: str, charset: str, first: str, last: str) -> str:
    """Visible text of the page from its first sentence to its last, whitespace removed."""
    from lxml import html as lxml_html

    raw = (HTML / file).read_bytes()
    text = raw.decode(charset.replace("gb2312", "gb18030").replace("gbk", "gb18030"), errors="replace")
    # a browser ignores a stray mid-page </html> or </body>; lxml would cut the tree there
    root = lxml_html.fromstring(re.sub(r"</(?:body|html)\s*>", "", text, flags=re.I))
    for bad in root.xpath("//script|//style|//noscript|//comment()|//title|//textarea"):
        if bad.getparent() is not None:
            bad.drop_tree()
    visible = nows(root.text_content())
    first, last = nows(first), nows(last)
    start = visible.find(first)
    end = visible.find(last, max(start, 0))
    if start < 0 or end < 0:
        raise ValueError(f"{file}: expected sentences are not in the visible text")
    return visible[start : end + len(last)]


def bigram_prf(got: str, want: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the character-bigram multisets of two texts."""
    a = Counter(got[i : i + 2] for i in range(len(got) - 1))
    b = Counter(want[i : i + 2] for i in range(len(want) - 1))
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def day(value: object) -> str | None:
    from crawlers.cleaning import parse_datetime

    if value in (None, ""):
        return None
    parsed = parse_datetime(str(value))
    return parsed.date().isoformat() if parsed else None


# -- systems -----------------------------------------------------------------------------
def run_eventline(row: dict, raw: bytes) -> Got:
    from crawlers.page import read_page

    page = read_page(raw, row.get("url") or "")
    return Got(page.title, page.published.date().isoformat() if page.published else None, page.text)


def run_trafilatura(row: dict, raw: bytes) -> Got:
    import trafilatura

    doc = trafilatura.bare_extraction(raw, url=row.get("url"), with_metadata=True)
    if doc is None:
        return Got(None, None, "")
    return Got(doc.title, day(doc.date), doc.text or "")


def gne_runner(python: str) -> Callable[[dict, bytes], Got]:
    from crawlers.charset import decode_body

    proc = subprocess.Popen([python, "-c", _GNE_RUNNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def run(row: dict, raw: bytes) -> Got:
        html, _ = decode_body(raw)
        assert proc.stdin and proc.stdout
        proc.stdin.write(json.dumps(html) + "\n")
        proc.stdin.flush()
        out = json.loads(proc.stdout.readline())
        return Got(out["title"], day(out["published"]), out["text"] or "")

    return run


def score(name: str, system: Callable[[dict, bytes], Got], rows: list[dict], verbose: bool) -> dict[str, float]:
    titles = dates = kept = 0
    f1s: list[float] = []
    for row in rows:
        got = system(row, (HTML / row["file"]).read_bytes())
        want_titles = {nows(row["title"]), nows(row.get("title_alt"))} - {""}
        want_days = {row["published"][:10], (row.get("published_alt") or "")[:10]} - {""}
        text = nows(got.text)
        t_ok = nows(got.title) in want_titles
        d_ok = got.published in want_days
        k_ok = nows(row["first_sentence"]) in text and nows(row["last_sentence"]) in text
        reference = reference_body(row["file"], row["charset"], row["first_sentence"], row["last_sentence"])
        precision, recall, f1 = bigram_prf(text, reference)
        titles, dates, kept = titles + t_ok, dates + d_ok, kept + k_ok
        f1s.append(f1)
        if verbose:
            marks = "".join("." if ok else "x" for ok in (t_ok, d_ok, k_ok))
            scores = f"{f1:.3f} P{precision:.2f} R{recall:.2f}"
            print(f"{name:<12} {marks} {scores} {row['file']:<58} {got.published} {(got.title or '')[:30]!r}")
    n = len(rows)
    return {
        "title exact": titles / n,
        "date to the day": dates / n,
        "body F1": sum(f1s) / n,
        "first+last kept": kept / n,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--gne-python", help="a python with `gne` installed (kept out of the project)")
    parser.add_argument("--only", choices=["eventline", "trafilatura", "gne"], action="append")
    args = parser.parse_args()
    rows = load_expected()
    systems: dict[str, Callable[[dict, bytes], Got]] = {"eventline": run_eventline, "trafilatura": run_trafilatura}
    if args.gne_python:
        systems["gne"] = gne_runner(args.gne_python)
    results = {
        name: score(name, fn, rows, args.verbose) for name, fn in systems.items() if not args.only or name in args.only
    }
    print(f"{len(rows)} pages of {HTML}")
    print(f"{'':<18}" + "".join(f"{name:>14}" for name in results))
    for metric in next(iter(results.values())):
        print(f"{metric:<18}" + "".join(f"{figures[metric]:>14.3f}" for figures in results.values()))


if __name__ == "__main__":
    main()
