"""Widen the trigger lexicons from 同义词词林 (extended), each candidate measured on the dev sets.

    python -m eval.widen [--shared ../shared] [--out eval/trigger_widening.md] [--types signing,meeting]
                         [--no-measure] [--examples var/widen_examples.txt]

The resource: HIT-SCIR's 同义词词林扩展版 as HanLP ships it inside its Apache-2.0 jar
(`data/dictionary/synonym/CoreSynonym.txt` in `var/lib/hanlp-portable-1.8.6.jar`), read from the jar
at run time and never copied into the project. A row is `code word word …`; a code ending in '='
is a group of synonyms ('#' related words, '@' a word alone): only '=' rows are used.

Proposals. For each pattern of `nlp/events/patterns/<type>.jsonl`, the words its first token (the
trigger) may be (an `IN` list or a `^(a|b)$` regex) are looked up: every '=' group holding one of
them proposes its other members for that pattern.

Verdicts, one place for each fact:
* accepted: the word is in the pattern's trigger list (the patterns are the vocabulary) and
  `eval/widen_notes.tsv` gives the reason it was added;
* rejected: by policy (one character: as a token it mostly belongs to other words' senses; or
  already a trigger of another pattern of the type), or by a note in `widen_notes.tsv`, keyed by
  the word or by its Cilin group code (`Ig01B04=`: every candidate of that group), for one
  pattern, one type or all types (`*`);
* open: neither; the report lists them so that nothing is decided without a reason.

Measurement. Occurrences are counted as substrings in the texts of each gold set (seeds, dev,
dev_long) and of `corpus/dev/`. Where a candidate occurs in a gold set, the set is extracted with
the candidate in its pattern and without it (HanLP's custom dictionary gets the word too when
HanLP's own dictionaries lack it, as `nlp/lexicons/triggers.txt` would give it), both scored by the
shared scorer (`tools/score_events.py`): required gold found and false positives, with minus
without. In `corpus/dev/` (no gold) the report counts the events the word adds; `--examples`
writes their sentences to a file outside the project for reading.

The report (`--out`, default `eval/trigger_widening.md`) is generated: re-run after editing the
patterns or the notes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zipfile
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

from eval import SHARED, load_scorer
from eval.run import SETS
from nlp.events.patterns_io import PatternSpec, first_token_words, load_patterns

CILIN_ENTRY = "data/dictionary/synonym/CoreSynonym.txt"
NOTES = Path(__file__).resolve().with_name("widen_notes.tsv")
REPORT = Path(__file__).resolve().with_name("trigger_widening.md")
GOLD_SETS = tuple(s for s in SETS if s.articles is not None)  # seeds, dev, dev_long
CORPUS_DEV = "corpus/dev/articles.jsonl"
_REGEX_WORDS = re.compile(r"\^\((?:\?:)?([^()]*)\)\$")


# ------------------------------------------------------------------------------------------ Cilin
@dataclass(frozen=True)
class SynonymGroup:
    """One '=' row of 同义词词林: its code (`Hc16A01=`) and its words in order."""

    code: str
    words: tuple[str, ...]


def parse_cilin(text: str) -> list[SynonymGroup]:
    """The synonym groups ('=' rows) of a CoreSynonym.txt text; '#' and '@' rows are left out."""
    groups: list[SynonymGroup] = []
    for line in text.lstrip("\ufeff").splitlines():
        parts = line.split()
        if len(parts) > 2 and parts[0].endswith("="):
            groups.append(SynonymGroup(parts[0], tuple(dict.fromkeys(parts[1:]))))
    return groups


def read_cilin(jar: Path) -> list[SynonymGroup]:
    """The synonym groups of the Cilin file inside HanLP's jar (read in place, never copied)."""
    with zipfile.ZipFile(jar) as archive:
        return parse_cilin(archive.read(CILIN_ENTRY).decode("utf-8"))


# -------------------------------------------------------------------------------------- proposals
@dataclass(frozen=True)
class Proposal:
    """A word proposed for one pattern's trigger list, by the Cilin groups it shares with the list."""

    type: str
    pattern_id: str
    word: str
    groups: tuple[str, ...]  # the group codes that propose it
    via: tuple[str, ...]  # the pattern's words those groups hold
    in_list: bool  # already in the pattern's list (an accepted widening, or an earlier trigger)


def trigger_list(spec: PatternSpec) -> list[str] | None:
    """The words the trigger token (the first) of a pattern may be: its `IN` list or `^(a|b)$` regex."""
    value = spec.pattern[0].get("TEXT", spec.pattern[0].get("ORTH")) if spec.pattern else None
    if isinstance(value, dict) and isinstance(value.get("IN"), list):
        return list(value["IN"])
    words = first_token_words(spec.pattern)
    return sorted(words) if words is not None else None


def propose(specs: dict[str, list[PatternSpec]], groups: Sequence[SynonymGroup]) -> list[Proposal]:
    """Every (pattern, word) pair where a synonym group holds the word and another word of the
    pattern's trigger list; words of the list are proposed too (so an accepted widening stays in
    the record), in pattern-file order then Cilin order."""
    by_word: dict[str, list[SynonymGroup]] = defaultdict(list)
    for group in groups:
        for word in group.words:
            by_word[word].append(group)
    out: list[Proposal] = []
    for etype, type_specs in specs.items():
        for spec in type_specs:
            words = trigger_list(spec)
            if words is None:
                continue
            listed = set(words)
            found: dict[str, tuple[list[str], list[str]]] = {}
            for trigger in words:
                for group in by_word.get(trigger, ()):
                    for word in group.words:
                        if word == trigger:
                            continue
                        codes, via = found.setdefault(word, ([], []))
                        if group.code not in codes:
                            codes.append(group.code)
                        if trigger not in via:
                            via.append(trigger)
            out += [Proposal(etype, spec.id, word, tuple(codes), tuple(via), word in listed)
                    for word, (codes, via) in found.items()]
    return out


# --------------------------------------------------------------------------------------- verdicts
@dataclass(frozen=True)
class Note:
    scope: str  # a pattern id, an event type, or "*" (every type)
    key: str  # a word, or a Cilin group code ending in '='
    reason: str


def read_notes(path: Path = NOTES) -> list[Note]:
    """`scope<TAB>word-or-group<TAB>reason` lines (scope: a pattern id, a type or *); '#' starts a
    comment. A bad line names itself."""
    notes: list[Note] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not all(p.strip() for p in parts):
            raise ValueError(f"{path}:{number}: want 'scope<TAB>word-or-group<TAB>reason', got {line!r}")
        notes.append(Note(*(p.strip() for p in parts)))
    return notes


@dataclass(frozen=True)
class Verdict:
    status: str  # accepted | rejected | open | earlier (in the list before the widening: not reported)
    reason: str


def judge(proposal: Proposal, notes: Sequence[Note], triggers_of_type: dict[str, str]) -> Verdict:
    """The verdict on one proposal: the pattern decides acceptance; notes and policy give reasons.
    `triggers_of_type` maps each trigger word of the proposal's type to the first pattern holding it."""
    def note_for(*keys: str) -> str | None:
        for key in keys:  # a word's own note before its group's; the pattern's, the type's, then all types'
            for scope in (proposal.pattern_id, proposal.type, "*"):
                found = next((n.reason for n in notes if n.scope == scope and n.key == key), None)
                if found:
                    return found
        return None

    word_note = note_for(proposal.word)
    if proposal.in_list:
        return Verdict("accepted", word_note) if word_note else Verdict("earlier", "")
    if len(proposal.word) == 1:
        return Verdict("rejected", "one character: as a token it mostly belongs to other words' senses")
    elsewhere = triggers_of_type.get(proposal.word)
    if elsewhere:
        return Verdict("rejected", f"already a trigger of {elsewhere}")
    reason = word_note or note_for(*proposal.groups)
    return Verdict("rejected", reason) if reason else Verdict("open", "")


def type_triggers(specs: Sequence[PatternSpec]) -> dict[str, str]:
    """Each trigger word of a type → the first of its patterns holding it."""
    out: dict[str, str] = {}
    for spec in specs:
        for word in trigger_list(spec) or ():
            out.setdefault(word, spec.id)
    return out


# ----------------------------------------------------------------------------- pattern variants
def with_word(spec: PatternSpec, word: str, present: bool) -> PatternSpec:
    """The pattern with `word` in (present) or out of its trigger list (a word, an `IN` list or a
    `^(a|b)$` regex); the list's order is kept and the word appended at its end."""
    token = dict(spec.pattern[0])
    key = "TEXT" if "TEXT" in token else "ORTH"
    value = token[key]
    if isinstance(value, str) or (isinstance(value, dict) and isinstance(value.get("IN"), list)):
        listed = [value] if isinstance(value, str) else value["IN"]
        words = [w for w in listed if w != word] + ([word] if present else [])
        if not words:
            raise ValueError(f"{spec.id}: without {word!r} the trigger list would be empty")
        token[key] = {"IN": words}
    elif isinstance(value, dict) and isinstance(value.get("REGEX"), str) and _REGEX_WORDS.fullmatch(value["REGEX"]):
        listed = _REGEX_WORDS.fullmatch(value["REGEX"]).group(1).split("|")  # type: ignore[union-attr]
        words = [w for w in listed if w != word] + ([word] if present else [])
        token[key] = {"REGEX": "^(" + "|".join(re.escape(w) for w in words) + ")$"}
    else:
        raise ValueError(f"{spec.id}: the trigger token is not a word list: {value!r}")
    return spec.model_copy(update={"pattern": [token, *spec.pattern[1:]]})


def variant_specs(specs: Sequence[PatternSpec], pattern_id: str, word: str, present: bool) -> list[PatternSpec]:
    return [with_word(s, word, present) if s.id == pattern_id else s for s in specs]


def hanlp_knows(word: str) -> bool:
    """Whether HanLP's own dictionaries (core or custom, including ours) hold the word."""
    import jpype

    from nlp.analyzer import _start_jvm

    _start_jvm()
    core = jpype.JClass("com.hankcs.hanlp.dictionary.CoreDictionary")
    custom = jpype.JClass("com.hankcs.hanlp.dictionary.CustomDictionary")
    return bool(core.contains(word)) or bool(custom.contains(word))


@contextmanager
def rules_with(etype: str, specs: list[PatternSpec], word: str | None) -> Iterator[None]:
    """Extraction inside the block runs the type's rule built from `specs`; `word`, when HanLP's
    dictionaries lack it, is a custom word (nature v) for the block, as triggers.txt would make it."""
    import jpype

    from nlp import rules as rules_module
    from nlp.analyzer import _start_jvm

    _start_jvm()
    current = rules_module.rules()
    patched = [type(rule)(specs) if rule.type == etype else rule for rule in current]
    custom = jpype.JClass("com.hankcs.hanlp.dictionary.CustomDictionary")
    inserted = word is not None and len(word) > 1 and not hanlp_knows(word)
    if inserted:
        custom.insert(word, "v 1000")
    # a fresh prefilter cache too: it is keyed by the rules' ids, which a freed rule may hand on
    try:
        with mock.patch.object(rules_module, "_rules", patched), \
                mock.patch.object(rules_module, "_trigger_filters", {}):
            yield
    finally:
        if inserted:
            custom.remove(word)


# ------------------------------------------------------------------------------------ measuring
@dataclass
class Effect:
    """What a word does to the articles of one gold set holding it: (with it) minus (without it)."""

    found: int  # required gold events found
    false_positives: int  # predictions matching no gold event


@dataclass
class Measured:
    occurrences: dict[str, int] = field(default_factory=dict)  # set name (and corpus_dev) → substring count
    effects: dict[str, Effect] = field(default_factory=dict)  # gold set name → effect
    corpus_dev_events: int | None = None  # events the word adds in corpus/dev (no gold)
    needs_custom_word: bool | None = None  # HanLP's dictionaries lack it: triggers.txt must keep it whole


class Bench:
    """The gold sets and corpus/dev, loaded once; extraction of the articles holding a word."""

    def __init__(self, shared: Path) -> None:
        from schemas import Article
        from schemas.jsonl import read_models

        self.scorer = load_scorer(shared / "tools" / "score_events.py")
        self.articles = {s.name: read_models(shared / (s.articles or ""), Article) for s in GOLD_SETS}
        self.articles["corpus_dev"] = read_models(shared / CORPUS_DEV, Article)
        self.gold = {s.name: self.scorer.load(str(shared / (s.gold or ""))) for s in GOLD_SETS}

    @staticmethod
    def text_of(article: Any) -> str:
        return (article.title or "") + "\n" + article.text

    def holding(self, name: str, word: str) -> list[Any]:
        return [a for a in self.articles[name] if word in self.text_of(a)]

    def occurrences(self, name: str, word: str) -> int:
        return sum(self.text_of(a).count(word) for a in self.articles[name])

    @staticmethod
    def flat(articles: Sequence[Any]) -> list[dict[str, Any]]:
        """Extraction as `eventline extract` does it, as the scorer's flat lines."""
        from eventline.pipeline import extract
        from schemas import FlatEvent

        return [json.loads(row.model_dump_json()) for event in extract(list(articles))
                for row in FlatEvent.from_event(event)]

    def effect(self, name: str, articles: Sequence[Any], present: list[dict[str, Any]],
               absent: list[dict[str, Any]]) -> Effect:
        ids = {a.id for a in articles}
        gold = [g for g in self.gold[name] if g["doc"] in ids]
        with_word, without = self.scorer.score(gold, present), self.scorer.score(gold, absent)

        def fp(report: dict[str, Any]) -> int:
            return int(report["predicted"]) - int(report["correct_predictions"])

        return Effect(found=with_word["required_found"] - without["required_found"],
                      false_positives=fp(with_word) - fp(without))


def measure(bench: Bench, proposal: Proposal, specs: list[PatternSpec], examples: list[str] | None) -> Measured:
    """Occurrences everywhere; on the articles holding the word, its effect on each gold set and
    the events it adds in corpus/dev. Only an article holding the word can change (the rules read
    one article at a time), so both runs, with and without it, take just those articles."""
    word = proposal.word
    result = Measured(occurrences={name: bench.occurrences(name, word) for name in bench.articles})
    if len(word) == 1:
        return result
    result.needs_custom_word = not hanlp_knows(word)
    if not any(result.occurrences.values()):
        return result
    with_specs = variant_specs(specs, proposal.pattern_id, word, True)
    without_specs = variant_specs(specs, proposal.pattern_id, word, False)
    for name in bench.articles:
        subset = bench.holding(name, word)
        if not subset:
            continue
        with rules_with(proposal.type, with_specs, word):
            present = bench.flat(subset)
        with rules_with(proposal.type, without_specs, None):
            absent = bench.flat(subset)
        if name != "corpus_dev":
            result.effects[name] = bench.effect(name, subset, present, absent)
            continue
        before = {(r["article_id"], r["type"], r["evidence"]) for r in absent}
        added = [r for r in present if (r["article_id"], r["type"], r["evidence"]) not in before]
        result.corpus_dev_events = len(added)
        if examples is not None:
            examples += [f"{proposal.pattern_id}\t{word}\t{r['article_id']}\t{r['type']}\t{r['evidence']}"
                         for r in added]
    return result


# --------------------------------------------------------------------------------------- report
_COLUMNS = (*(s.name for s in GOLD_SETS), "corpus_dev")


def _effects_cell(measured: Measured | None) -> str:
    if measured is None or not measured.effects:
        return "–"
    return "; ".join(f"{name} {e.found:+d} found {e.false_positives:+d} FP" for name, e in measured.effects.items())


def _occurrence_cell(measured: Measured | None) -> str:
    return "–" if measured is None else " / ".join(str(measured.occurrences.get(name, 0)) for name in _COLUMNS)


def report(rows: Sequence[tuple[Proposal, Verdict, Measured | None]]) -> str:
    """The generated Markdown record: counts per type, then every proposal with its verdict."""
    lines = [
        "# Trigger widening from 同义词词林 (extended)",
        "",
        "Generated by `python -m eval.widen` (its docstring gives the method); do not edit by hand.",
        "The patterns (`nlp/events/patterns/*.jsonl`) are the vocabulary; the reasons are in `eval/widen_notes.tsv`.",
        "Cilin ships inside HanLP's Apache-2.0 jar (`data/dictionary/synonym/CoreSynonym.txt`) and is read",
        "from the jar at run time; nothing of it is copied into the project.",
        "",
        "*occurrences*: substring counts in the texts of " + " / ".join(_COLUMNS) + ".",
        "*effect*: with the word minus without, on the articles of each gold set holding it (required gold",
        "events found, false positives), by the shared scorer. *corpus_dev +ev*: events the word adds in",
        "`corpus/dev/`, which has no gold. *custom*: HanLP's dictionaries lack the word, so",
        "`nlp/lexicons/triggers.txt` must keep it whole.",
        "",
    ]
    counted = [(p, v, m) for p, v, m in rows if v.status != "earlier"]
    etypes = list(dict.fromkeys(p.type for p, _, _ in counted))
    lines += ["## Summary", "", "| type | proposals | accepted | rejected | open | accepted words |",
              "|---|---|---|---|---|---|"]
    for etype in [*etypes, None]:
        mine = [(p, v) for p, v, _ in counted if etype in (None, p.type)]
        accepted = sorted({p.word for p, v in mine if v.status == "accepted"}) if etype else []
        lines.append(f"| {etype or 'all'} | {len(mine)} | {sum(v.status == 'accepted' for _, v in mine)} | "
                     f"{sum(v.status == 'rejected' for _, v in mine)} | {sum(v.status == 'open' for _, v in mine)} | "
                     f"{' '.join(accepted)} |")
    for etype in etypes:
        lines += ["", f"## {etype}", "",
                  "| pattern | word | verdict | via (group) | occurrences | effect | corpus_dev +ev | custom "
                  "| reason |",
                  "|---|---|---|---|---|---|---|---|---|"]
        single: dict[str, list[str]] = defaultdict(list)
        for p, v, m in counted:
            if p.type != etype:
                continue
            if len(p.word) == 1 and not p.in_list:
                single[p.pattern_id].append(p.word)
                continue
            added = "–" if m is None or m.corpus_dev_events is None else str(m.corpus_dev_events)
            custom = "–" if m is None or m.needs_custom_word is None else ("yes" if m.needs_custom_word else "no")
            lines.append(f"| {p.pattern_id} | {p.word} | {v.status} | {' '.join(p.via)} ({' '.join(p.groups)}) | "
                         f"{_occurrence_cell(m)} | {_effects_cell(m)} | {added} | {custom} | {v.reason} |")
        lines += [f"| {pattern_id} | {' '.join(words)} | rejected | | | | | | one character each: as a token it "
                  "mostly belongs to other words' senses |" for pattern_id, words in single.items()]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------ main
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.widen", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (gold, corpus, tools)")
    parser.add_argument("--out", type=Path, default=REPORT, help="the Markdown report written")
    parser.add_argument("--types", default="", help="comma-separated event types (default: all)")
    parser.add_argument("--no-measure", action="store_true", help="proposals and verdicts only, no extraction")
    parser.add_argument("--examples", type=Path, help="write the corpus/dev sentences each word adds here")
    args = parser.parse_args(argv)

    from nlp.analyzer import jar_path
    from schemas import EventType

    types = [t.value for t in EventType]
    wanted = [t for t in args.types.split(",") if t] or types
    unknown = set(wanted) - set(types)
    if unknown:
        parser.error(f"unknown types {sorted(unknown)}; known: {types}")
    if not jar_path().is_file():
        parser.error(f"no HanLP jar at {jar_path()}: run `make setup` or set EVENTLINE_HANLP_JAR")
    specs = {t: load_patterns(t) for t in wanted}
    notes = read_notes()
    proposals = propose(specs, read_cilin(jar_path()))
    verdicts = [judge(p, notes, type_triggers(specs[p.type])) for p in proposals]

    bench = None
    if not args.no_measure:
        if not (args.shared / "tools" / "score_events.py").is_file():
            parser.error(f"no scorer under {args.shared}: pass --shared (or set EVENTLINE_SHARED)")
        bench = Bench(args.shared)
    examples: list[str] | None = [] if args.examples else None
    rows: list[tuple[Proposal, Verdict, Measured | None]] = []
    for proposal, verdict in zip(proposals, verdicts, strict=True):
        measured = None
        if bench is not None and verdict.status != "earlier":
            measured = measure(bench, proposal, specs[proposal.type], examples)
            print(f"{proposal.pattern_id}\t{proposal.word}\t{verdict.status}\t{_occurrence_cell(measured)}\t"
                  f"{_effects_cell(measured)}", file=sys.stderr)
        rows.append((proposal, verdict, measured))
    args.out.write_text(report(rows), encoding="utf-8")
    if args.examples and examples is not None:
        args.examples.parent.mkdir(parents=True, exist_ok=True)
        args.examples.write_text("\n".join(examples) + "\n", encoding="utf-8")
    print(f"{len(rows)} proposals; report written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
