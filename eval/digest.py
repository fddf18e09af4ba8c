"""How close the drafted digest is to the editors' own: section agreement and item recall.

The editors' items are the gold events with a `section` (seed 004, week 2020-W30). A digest
item matches a gold event by the rules of `../shared/tools/score_events.py`: one of the
item's mentions is in the gold document, its type is the gold type or an accepted
alternative, and a mention's sentence shares a run of 8 characters with the gold evidence
or the item's object shares one with the gold object (dates are not compared here).

* item recall = required editors' items matched by some digest item / required editors' items
* section agreement = matched editors' items (required or not) whose best-matching digest item
  (the longest shared run) sits in the editors' section / matched editors' items

Usage: ``python -m eval.digest EVENTS.jsonl [--gold GOLD] [--articles ARTICLES] [--week 2020-W30]``
prints both figures (and the misses); the exit status is 0 either way: floors are the tests' job.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from digest.build import build_digest
from digest.config import DigestConfig
from digest.model import Digest, DigestItem
from digest.overrides import WeekOverrides
from eval import SHARED
from schemas import Event
from schemas.jsonl import InputError, read_articles_file, read_events_file

SEED_WEEK = "2020-W30"
ANCHOR_RUN = 8
_NORM = re.compile(r"[\s“”\"'《》（）()【】\[\]、，,。．.·\-—–]")


def norm(text: str | None) -> str:
    """The scorer's normalisation: drop spaces, quotes, brackets and common punctuation."""
    return _NORM.sub("", text or "")


def shares(a: str | None, b: str | None, k: int = ANCHOR_RUN) -> bool:
    """True when `a` and `b` share a run of `k` characters (or the whole of the shorter one)."""
    return longest_shared_run(a, b) >= min(k, len(norm(a)), len(norm(b))) > 0


def longest_shared_run(a: str | None, b: str | None) -> int:
    """Length of the longest common substring of the normalised texts."""
    x, y = norm(a), norm(b)
    if not x or not y:
        return 0
    best = 0
    previous = [0] * (len(y) + 1)
    for i in range(1, len(x) + 1):
        current = [0] * (len(y) + 1)
        xi = x[i - 1]
        for j in range(1, len(y) + 1):
            if xi == y[j - 1]:
                current[j] = previous[j - 1] + 1
                if current[j] > best:
                    best = current[j]
        previous = current
    return best


@dataclass(frozen=True)
class DigestScore:
    """Section agreement and item recall of a digest against the editors' items."""

    item_recall: float
    section_agreement: float
    required_items: int
    required_found: int
    matched_items: int
    agreeing_items: int
    digest_items: int
    missed: tuple[str, ...] = field(default=())
    misplaced: tuple[str, ...] = field(default=())

    def summary(self) -> str:
        return (
            f"digest vs editors: item recall {self.item_recall:.1%} ({self.required_found}/{self.required_items}), "
            f"section agreement {self.section_agreement:.1%} ({self.agreeing_items}/{self.matched_items}), "
            f"{self.digest_items} digest items"
        )


def load_gold(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def editors_items(gold: Iterable[dict]) -> list[dict]:
    """The gold events the editors printed: those with a section."""
    return [g for g in gold if g.get("section")]


def _match_strength(gold: dict, event: Event) -> int:
    """0 when `event` does not match `gold`, else the longest run anchoring it (≥ 1)."""
    if event.type.value not in [gold["type"], *gold.get("type_alt", [])]:
        return 0
    in_doc = [m for m in event.mentions if m.article_id == gold["doc"]]
    if not in_doc:
        return 0
    best = 0
    for mention in in_doc:
        if shares(gold["evidence"], mention.sentence):
            best = max(best, longest_shared_run(gold["evidence"], mention.sentence))
    if shares(gold.get("object"), event.object):
        best = max(best, longest_shared_run(gold.get("object"), event.object))
    return best


def score_digest(digest: Digest, events: Iterable[Event], gold: Sequence[dict]) -> DigestScore:
    """Compare the digest's items (and sections) with the editors' items of `gold`."""
    by_id = {event.id: event for event in events}
    items: list[tuple[DigestItem, Event]] = [(item, by_id[item.event_id]) for item in digest.items]
    wanted = editors_items(gold)
    required = [g for g in wanted if g.get("required", True)]
    matched = agreeing = found = 0
    missed: list[str] = []
    misplaced: list[str] = []
    for g in wanted:
        strengths = [(_match_strength(g, event), index) for index, (_, event) in enumerate(items)]
        hits = [(strength, index) for strength, index in strengths if strength > 0]
        label = f"{g['type']} {g['evidence'][:30]}"
        if not hits:
            if g.get("required", True):
                missed.append(f"{g['section']}: {label}")
            continue
        if g.get("required", True):
            found += 1
        matched += 1
        best_index = max(hits, key=lambda pair: (pair[0], -pair[1]))[1]
        placed = items[best_index][0].section.value
        if placed == g["section"]:
            agreeing += 1
        else:
            misplaced.append(f"{label}: editors {g['section']}, digest {placed}")
    return DigestScore(
        item_recall=found / len(required) if required else 0.0,
        section_agreement=agreeing / matched if matched else 0.0,
        required_items=len(required),
        required_found=found,
        matched_items=matched,
        agreeing_items=agreeing,
        digest_items=digest.item_count,
        missed=tuple(missed),
        misplaced=tuple(misplaced),
    )


def evaluate(
    events: Sequence[Event],
    gold: Sequence[dict],
    week: str = SEED_WEEK,
    config: DigestConfig | None = None,
    overrides: WeekOverrides | None = None,
) -> DigestScore:
    """Build `week`'s digest from `events` and score it against the editors' items of `gold`."""
    digest = build_digest(events, week, config, overrides)
    return score_digest(digest, events, gold)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.digest", description=__doc__.split("\n\n")[0])
    parser.add_argument("events", type=Path, help="events JSONL (Event or FlatEvent lines)")
    parser.add_argument("--gold", type=Path, default=SHARED / "gold" / "seed_events.jsonl")
    parser.add_argument("--articles", type=Path, default=None, help="articles JSONL (outlets and dates of flat lines)")
    parser.add_argument("--week", default=SEED_WEEK)
    args = parser.parse_args(argv)
    try:
        articles = read_articles_file(args.articles) if args.articles else None
        events = read_events_file(args.events, articles)
    except (OSError, InputError) as exc:
        parser.exit(2, f"error: {exc}\n")
    result = evaluate(events, load_gold(args.gold), args.week)
    print(result.summary())
    for line in result.missed:
        print(f"  missed: {line}")
    for line in result.misplaced:
        print(f"  misplaced: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
