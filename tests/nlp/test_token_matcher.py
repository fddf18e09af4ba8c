"""`nlp.token_matcher.TokenMatcher` gives spaCy's Matcher's matches, in spaCy's order."""

from __future__ import annotations

import random

import pytest
from spacy.matcher import Matcher
from spacy.tokens import Doc

from nlp import registry
from nlp.analyzer import build_doc, shared_vocab
from nlp.rules import RULES
from nlp.token_matcher import TokenMatcher

# patterns of the kinds the replay supports, overlapping on purpose: optional tokens inside and at
# the end, two patterns matching the same span, a pattern inside another, a regex start
SYNTHETIC = [
    ("a_opt_c", [{"TEXT": "a"}, {"TEXT": {"IN": ["b", "x"]}, "OP": "?"}, {"TEXT": "c"}]),
    ("a_b", [{"TEXT": "a"}, {"TEXT": "b"}]),
    ("a", [{"TEXT": {"IN": ["a", "b"]}}]),
    ("b_opt_end", [{"TEXT": "b"}, {"TEXT": "c", "OP": "?"}]),
    ("c_opt_opt_a", [{"ORTH": "c"}, {"TEXT": "a", "OP": "?"}, {"TEXT": "b", "OP": "?"}, {"TEXT": "a"}]),
    ("regex_start", [{"TEXT": {"REGEX": "^(x|c)"}}, {"TEXT": "a"}]),
    ("x_two_opt_end", [{"TEXT": "x"}, {"TEXT": "a", "OP": "?"}, {"TEXT": "a", "OP": "?"}]),
    ("whole_words", [{"TEXT": {"REGEX": "^(y|xa)$"}}, {"TEXT": "c", "OP": "?"}]),  # `$` also before a final \n
]
WORDS = ["a", "b", "c", "x", "y", "xa", "y\n", "yy", "\ny"]


def _spacy(patterns: list[tuple[str, list[dict]]], doc: Doc) -> list[tuple[str, int, int]]:  # type: ignore[type-arg]
    matcher = Matcher(shared_vocab())
    for key, pattern in patterns:
        matcher.add(key, [pattern])
    return [(shared_vocab().strings[m], s, e) for m, s, e in matcher(doc)]


def _doc(words: list[str]) -> Doc:
    return build_doc("".join(words), [(w, "n") for w in words])


def _words_of(doc: Doc) -> list[str]:
    return doc.user_data["eventline_tokens"][0]


def test_token_matcher_synthetic_patterns_random_docs() -> None:
    matcher = TokenMatcher.compile(SYNTHETIC)
    assert matcher is not None
    rng = random.Random(17)
    for _ in range(1500):
        doc = _doc([rng.choice(WORDS) for _ in range(rng.randint(1, 14))])
        expected = _spacy(SYNTHETIC, doc)
        assert matcher(_words_of(doc), doc.user_data["eventline_word_index"]) == expected, _words_of(doc)
        assert matcher(_words_of(doc)) == expected  # without the word index: every token may start


def test_token_matcher_each_rule_equals_spacy() -> None:
    """Every pipeline rule's patterns, on random docs over the words its patterns name."""
    rng = random.Random(5)
    for name in RULES:
        rule = registry.get(name)()
        patterns = [(spec.id, spec.pattern) for spec in rule.specs.values()]
        matcher = TokenMatcher.compile(patterns)
        assert matcher is not None, f"{name}: a pattern is not replayed (the rule falls back to spaCy's Matcher)"
        vocabulary = sorted({w for _, p in patterns for t in p for v in t.values() if isinstance(v, dict)
                             for w in v.get("IN", [])} | {"首单业务", "轮融资", "首批", "了", "，", "公司"})
        for _ in range(300):
            doc = _doc([rng.choice(vocabulary) for _ in range(rng.randint(1, 12))])
            assert rule.match(doc) == _spacy(patterns, doc), (name, _words_of(doc))


@pytest.mark.parametrize("pattern", [
    [{"TEXT": "a", "OP": "?"}, {"TEXT": "b"}],  # an optional first token
    [{"TEXT": "a"}, {"TEXT": "b", "OP": "*"}],
    [{"TAG": "v"}],
    [{"TEXT": {"NOT_IN": ["a"]}}],
    [{"LOWER": "a"}],
])
def test_token_matcher_declines_what_it_does_not_replay(pattern: list[dict]) -> None:  # type: ignore[type-arg]
    assert TokenMatcher.compile([("k", pattern)]) is None
