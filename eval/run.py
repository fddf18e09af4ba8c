"""`make eval`: extract every evaluation set, score it, print one table.

    python -m eval.run [--shared ../shared] [--out var/eval] [--sets seeds,dev,dev_long,sample] [--json]

Sets: the seeds (`seeds/articles.jsonl` against `gold/seed_events.jsonl`), the dev telegraphs
(`gold/dev_articles.jsonl` / `dev_events.jsonl`), the dev long-form articles
(`gold/dev_long_articles.jsonl` / `dev_long_events.jsonl`) and the sample site (`eval.sample`).
Files are extracted as `eventline extract` does (`eventline.pipeline.extract_file`, flat lines
written to `--out`), in one process so HanLP starts once, and scored with the shared scorer
(`tools/score_events.py`). The table has a row per set (P / R / F1, participants F1, region
accuracy, date_exact) and per type (P / R / F1); the seeds also get the digest's item recall and
section agreement against the editors' week (`eval.digest`). The exit status is 0 whatever the
figures: floors are the tests' job.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from eval import OUT, SHARED, load_scorer


@dataclass(frozen=True)
class EvalSet:
    name: str
    articles: str | None  # under the shared folder; None: the sample site
    gold: str | None


SETS = (
    EvalSet("seeds", "seeds/articles.jsonl", "gold/seed_events.jsonl"),
    EvalSet("dev", "gold/dev_articles.jsonl", "gold/dev_events.jsonl"),
    EvalSet("dev_long", "gold/dev_long_articles.jsonl", "gold/dev_long_events.jsonl"),
    EvalSet("sample", None, None),
)


def score_set(item: EvalSet, shared: Path, out: Path, scorer_path: Path) -> dict[str, Any]:
    """Extract one set, write its flat lines under `out`, return the scorer's report (plus seconds)."""
    started = time.perf_counter()
    predicted = out / f"{item.name}_events.jsonl"
    if item.articles is None:
        from eval.sample import evaluate

        report = evaluate(scorer_path, predicted)
    else:
        from eventline.pipeline import extract_file

        extract_file(shared / item.articles, predicted, "flat")
        scorer = load_scorer(scorer_path)
        report = scorer.score(scorer.load(str(shared / (item.gold or ""))), scorer.load(str(predicted)))
    if item.name == "seeds":
        report["digest"] = _digest_figures(shared, predicted)
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def _digest_figures(shared: Path, predicted: Path) -> dict[str, Any]:
    from eval.digest import evaluate, load_gold
    from schemas.jsonl import read_articles_file, read_events_file

    events = read_events_file(predicted, read_articles_file(shared / "seeds" / "articles.jsonl"))
    result = evaluate(events, load_gold(shared / "gold" / "seed_events.jsonl"))
    return {"summary": result.summary(), "missed": list(result.missed), "misplaced": list(result.misplaced)}


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def table(reports: dict[str, dict[str, Any]]) -> Table:
    """One row per set, then one per type of that set."""
    grid = Table(title="eventline extraction vs gold (tools/score_events.py)", show_lines=False)
    for column in ("set", "type", "pred", "gold", "P", "R", "F1", "partic F1", "region acc", "date_exact"):
        grid.add_column(column, justify="left" if column in ("set", "type") else "right", no_wrap=True)
    for name, report in reports.items():
        grid.add_row(name, "all", str(report["predicted"]), str(report["required_gold"]), _fmt(report["precision"]),
                     _fmt(report["recall"]), _fmt(report["f1"]), _fmt(report.get("participants_f1")),
                     _fmt(report.get("region_accuracy")), _fmt(report.get("date_exact")), style="bold")
        for etype, row in sorted(report.get("by_type", {}).items()):
            grid.add_row("", etype, str(row["predicted"]), str(row["required_gold"]), _fmt(row["precision"]),
                         _fmt(row["recall"]), _fmt(row["f1"]), "", "", "")
        grid.add_section()
    return grid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.run", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (seeds, gold, tools)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the predicted lines are written")
    parser.add_argument("--sets", default=",".join(s.name for s in SETS), help="comma-separated set names")
    parser.add_argument("--json", action="store_true", help="print the scorer's reports as JSON")
    args = parser.parse_args(argv)
    wanted = [s for s in SETS if s.name in args.sets.split(",")]
    unknown = set(args.sets.split(",")) - {s.name for s in SETS}
    if unknown:
        parser.error(f"unknown sets {sorted(unknown)}; known: {[s.name for s in SETS]}")
    args.out.mkdir(parents=True, exist_ok=True)
    scorer = args.shared / "tools" / "score_events.py"
    if not scorer.is_file():
        parser.error(f"no scorer at {scorer}: pass --shared (or set EVENTLINE_SHARED) to the shared folder")
    reports = {item.name: score_set(item, args.shared, args.out, scorer) for item in wanted}
    if args.json:
        print(json.dumps(reports, ensure_ascii=False))
        return 0
    console = Console(width=max(Console().width, 120))  # the table is ~105 columns: never squeeze it
    console.print(table(reports))
    for name, report in reports.items():
        if "digest" in report:
            console.print(f"{name} digest (week of seed 004): {report['digest']['summary']}")
    console.print("seconds: " + ", ".join(f"{name} {report['seconds']}" for name, report in reports.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
