"""Load and schema-check the pattern files `nlp/events/patterns/<type>.jsonl`.

One JSON object a line (blank lines and lines starting with `//` are skipped):

    {"id": "signing.sign_agreement",            # unique, prefixed with the type
     "pattern": [{"TEXT": {"IN": ["签署", "签订"]}}],   # spaCy Matcher token pattern (the trigger)
     "object": ["title_after", "suffix_after"],  # argument strategies, tried in order
     "requires_after": ["协议", "合同"],           # optional: one of these in the clause after the trigger
     "requires_before": [],                       # optional: one of these in the clause before it
     "excludes": ["签约仪式"],                     # optional: none of these in the clause
     "participants": "before",                    # before | sentence
     "needs_object": true,                        # drop the match when no object is found
     "confidence": 0.8}

Errors name the file and the line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from spacy.matcher import Matcher
from spacy.vocab import Vocab

PATTERN_DIR = Path(__file__).resolve().parent / "patterns"

Strategy = Literal["title_after", "title_before", "np_right", "np_left", "suffix_after", "suffix_sentence", "fixed",
                   "product_right"]  # product_right: a product after 发布 / 推出 (nlp.events.launch)


class PatternError(ValueError):
    """A pattern file line is invalid; the message names file and line."""


class PatternSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=3)
    pattern: list[dict]  # type: ignore[type-arg]
    object: list[Strategy] = Field(default_factory=lambda: ["title_after", "np_right", "np_left"])
    requires_after: list[str] = Field(default_factory=list)
    requires_before: list[str] = Field(default_factory=list)
    excludes: list[str] = Field(default_factory=list)
    participants: Literal["before", "sentence"] = "before"
    needs_object: bool = True
    fixed_object: str | None = None
    confidence: float = Field(default=0.7, ge=0.0, le=1.0)


def load_patterns(event_type: str, path: Path | None = None, vocab: Vocab | None = None) -> list[PatternSpec]:
    """Parse and validate one pattern file; token patterns are checked by spaCy's validator."""
    path = path or PATTERN_DIR / f"{event_type}.jsonl"
    specs: list[PatternSpec] = []
    seen: set[str] = set()
    checker = Matcher(vocab or Vocab(), validate=True)
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        where = f"{path}:{lineno}"
        try:
            spec = PatternSpec.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise PatternError(f"{where}: not JSON: {exc.msg}") from exc
        except ValidationError as exc:
            first = exc.errors()[0]
            raise PatternError(f"{where}: field {'.'.join(map(str, first['loc']))}: {first['msg']}") from exc
        if not spec.id.startswith(f"{event_type}."):
            raise PatternError(f"{where}: id {spec.id!r} must start with {event_type!r}.")
        if spec.id in seen:
            raise PatternError(f"{where}: duplicate id {spec.id!r}")
        if "fixed" in spec.object and not spec.fixed_object:
            raise PatternError(f"{where}: strategy 'fixed' needs fixed_object")
        try:
            checker.add(spec.id, [spec.pattern])
        except Exception as exc:  # spaCy raises MatchPatternError / ValueError with details
            raise PatternError(f"{where}: invalid token pattern: {exc}") from exc
        seen.add(spec.id)
        specs.append(spec)
    return specs


# ------------------------------------------------------------------------------ trigger anchors
_LITERAL = r"[^\\.^$|?*+()\[\]{}]+"
_REGEX_ALTERNATION = re.compile(rf"\^(?:\((?:\?:)?({_LITERAL}(?:\|{_LITERAL})*)\)|({_LITERAL}))(\$?)")
_MAX_ANCHORS = 5000


def _token_literals(token: dict) -> tuple[set[str], bool] | None:  # type: ignore[type-arg]
    """The strings a token matching `token` has (exact) or starts with (not exact); None if unknown."""
    if token.get("OP") in ("?", "*", "!", "{0}") or str(token.get("OP", "")).startswith("{0"):
        return None
    value = token.get("TEXT", token.get("ORTH"))
    if isinstance(value, str):
        return ({value}, True) if value else None
    if not isinstance(value, dict) or len(value) != 1:
        return None
    if "IN" in value and isinstance(value["IN"], list) and value["IN"]:
        words = {w for w in value["IN"] if isinstance(w, str)}
        return (words, True) if words and "" not in words and len(words) == len(value["IN"]) else None
    if "REGEX" in value and isinstance(value["REGEX"], str):
        m = _REGEX_ALTERNATION.fullmatch(value["REGEX"])
        if m:
            return set((m.group(1) or m.group(2)).split("|")), bool(m.group(3))
    return None


def pattern_anchors(pattern: list[dict]) -> set[str] | None:  # type: ignore[type-arg]
    """Strings one of which the text of every match of a token pattern contains (tokens are
    contiguous in the text, so consecutive literal tokens concatenate: 达成 + 战略合作 → 达成战略合作);
    None when the first token is not literal (`TEXT`/`ORTH` string, `IN` list, `^(a|b)$` regex).
    The trigger prefilter (`nlp.analyzer.TriggerFilter`) sends only sentences holding one to HanLP."""
    anchors: set[str] | None = None
    for token in pattern:
        literal = _token_literals(token)
        if literal is None:
            break
        words, exact = literal
        joined = words if anchors is None else {a + w for a in anchors for w in words}
        if len(joined) > _MAX_ANCHORS:
            break
        anchors = joined
        if not exact or token.get("OP") not in (None, "1"):
            break
    return anchors


def first_token_words(pattern: list[dict]) -> set[str] | None:  # type: ignore[type-arg]
    """The exact texts the first token of every match has; None when not a closed word list."""
    literal = _token_literals(pattern[0]) if pattern else None
    return literal[0] if literal is not None and literal[1] else None
