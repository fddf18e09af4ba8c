"""Score extraction on the team's sample site (`sample_site/`) against its gold events.

    python -m eval.sample [--output var/eval/sample_events.jsonl] [--scorer PATH] [--json]

Articles are built from `sample_site/site/manifest.json` (full text, title, published_at, outlet)
with url = ``BASE_URL + path``, so that `sample_site.data.doc_for_url(url)` is the gold ``doc``;
`nlp.extract_events` runs over all of them (merge across the two outlets included), asserted
events are written as FlatEvent lines with ``article_id = doc`` and scored with the shared
scorer (``../shared/tools/score_events.py``, the same matching rule as the seeds).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import nlp
from eval import OUT, ROOT, SHARED, load_scorer
from sample_site.data import GOLD_PATH, doc_for_url, load_manifest
from schemas import Article, Event, FlatEvent, Modality

BASE_URL = "http://sample.eventline.test/"
DEFAULT_SCORER = SHARED / "tools" / "score_events.py"
DEFAULT_OUTPUT = OUT / "sample_events.jsonl"


def sample_articles() -> list[Article]:
    """The sample site's articles as pipeline `Article`s (url = BASE_URL + path)."""
    out = []
    for row in load_manifest()["articles"]:
        out.append(
            Article(url=BASE_URL + row["path"], source=row.get("source") or row["outlet"], title=row.get("title"),
                    published_at=row.get("published_at"), author=row.get("author"), text=row["text"])
        )
    return out


def flat_rows(events: list[Event], articles: list[Article]) -> list[dict[str, Any]]:
    """Asserted events as scorer lines, ``article_id`` replaced by the gold ``doc`` (site path)."""
    doc_of = {a.id: doc_for_url(a.url or "") for a in articles}
    rows = []
    for event in events:
        if event.modality != Modality.asserted:
            continue
        for flat in FlatEvent.from_event(event):
            row = json.loads(flat.model_dump_json())
            row["article_id"] = doc_of.get(flat.article_id, flat.article_id)
            rows.append(row)
    return rows


def evaluate(scorer_path: Path = DEFAULT_SCORER, output: Path | None = None) -> dict[str, Any]:
    """Extract, (optionally) write the prediction lines, and return the scorer's report."""
    articles = sample_articles()
    rows = flat_rows(nlp.extract_events(articles), articles)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    scorer = load_scorer(scorer_path)
    return scorer.score(scorer.load(str(GOLD_PATH)), rows)  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = evaluate(args.scorer, args.output)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    print(f"sample site ({GOLD_PATH.relative_to(ROOT)}):")
    for key, value in report.items():
        if key != "missed":
            print(f"{key:36s} {value}")
    for miss in report["missed"]:
        print("missed:", miss)
    print(f"sample events: precision {report['precision']} recall {report['recall']} F1 {report['f1']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
