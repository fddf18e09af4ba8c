"""spaCy's `Matcher` for the rules' trigger patterns, run over a Doc's plain word list.

spaCy's Matcher walks every token with every pattern (a state per token and pattern, a Python
predicate call per `IN` / `REGEX` test), even where no trigger word stands: on the dev corpus it
was a fifth of the rules' time. The rules' patterns use a small part of its language: per token one
`TEXT` (or `ORTH`) test, an exact string, an `IN` list or a `REGEX`, optionally with `"OP": "?"`;
the first token is never optional. For such patterns `TokenMatcher` gives the same matches in the
same order as `Matcher(doc)`: it replays spaCy's state machine (`find_matches` /
`transition_states` / `get_action` / `finish_states` of `spacy/matcher/matcher.pyx`, for the
quantifiers "one" and "zero or one"), but starts states only at the tokens whose word a pattern
can start with (the Doc's word → tokens index, `nlp.analyzer`) and skips the stretches where no
state is alive. A state spaCy would start elsewhere dies on its first token without a trace, so
nothing else changes. `compile` returns None for any other pattern: the caller keeps spaCy's
Matcher then. `tests/nlp/test_token_matcher.py` checks the two against each other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Test = Callable[[str], bool]
_LITERAL = r"[^\\.^$|?*+()\[\]{}]+"
_WHOLE_WORDS = re.compile(rf"\^(?:\((?:\?:)?({_LITERAL}(?:\|{_LITERAL})*)\)|({_LITERAL}))\$")  # ^(a|b)$ / ^a$


@dataclass(frozen=True)
class _Token:
    test: Test
    optional: bool


def _test_of(spec: dict) -> tuple[Test, frozenset[str] | None] | None:  # type: ignore[type-arg]
    """(the test of one token spec, the closed set of words it accepts or None); None if unsupported."""
    keys = set(spec) - {"OP"}
    if len(keys) != 1 or next(iter(keys)) not in ("TEXT", "ORTH"):
        return None
    value = spec[next(iter(keys))]
    if isinstance(value, str):
        return frozenset((value,)).__contains__, frozenset((value,))
    if not isinstance(value, dict) or len(value) != 1:
        return None
    if isinstance(value.get("IN"), list) and all(isinstance(w, str) for w in value["IN"]):
        words = frozenset(value["IN"])
        return words.__contains__, words
    if isinstance(value.get("REGEX"), str):
        whole = _WHOLE_WORDS.fullmatch(value["REGEX"])
        if whole:  # ^(融资|获投)$: those words, or one of them before a final newline (what `$` allows)
            alternatives = (whole.group(1) or whole.group(2)).split("|")
            words = frozenset(alternatives) | frozenset(w + "\n" for w in alternatives)
            return words.__contains__, words
        search = re.compile(value["REGEX"]).search  # spaCy's REGEX predicate searches the token text
        return (lambda word: search(word) is not None), None
    return None


class TokenMatcher:
    """Matches of token patterns over a word list, as `spacy.matcher.Matcher` returns them."""

    def __init__(self, keys: list[str], patterns: list[list[_Token]], firsts: list[frozenset[str] | None]) -> None:
        self.keys = keys
        self.patterns = patterns
        # word → the patterns (in order) whose first token accepts it; patterns with an open first token
        self._by_first: dict[str, tuple[int, ...]] = {}
        self._open = tuple(j for j, words in enumerate(firsts) if words is None)
        for word in sorted({w for words in firsts if words is not None for w in words}):
            self._by_first[word] = tuple(j for j, words in enumerate(firsts) if words is None or word in words)

    @classmethod
    def compile(cls, patterns: Sequence[tuple[str, list[dict]]]) -> TokenMatcher | None:  # type: ignore[type-arg]
        """The matcher of (key, token pattern) pairs, in the order they were added to spaCy's
        Matcher; None when a pattern uses more than this class replays."""
        keys, compiled, firsts = [], [], []
        for key, pattern in patterns:
            tokens: list[_Token] = []
            first: frozenset[str] | None = None
            for k, spec in enumerate(pattern):
                found = _test_of(spec)
                if found is None or spec.get("OP", "1") not in ("1", "?") or (k == 0 and spec.get("OP") == "?"):
                    return None
                tokens.append(_Token(found[0], spec.get("OP") == "?"))
                if k == 0:
                    first = found[1]
            if not tokens:
                return None
            keys.append(key)
            compiled.append(tokens)
            firsts.append(first)
        return cls(keys, compiled, firsts)

    def _starts(self, words: Sequence[str], index: dict[str, list[int]] | None) -> list[int]:
        """The tokens a match may start at, in order."""
        if self._open or index is None:
            return list(range(len(words)))
        return sorted(i for word in self._by_first if word in index for i in index[word])

    def __call__(
        self, words: Sequence[str], index: dict[str, list[int]] | None = None
    ) -> list[tuple[str, int, int]]:
        """(key, start, end) of every match, in spaCy's order; `index` maps a word to its tokens."""
        starts = self._starts(words, index)
        found: list[tuple[int, int, int]] = []  # (pattern, start, length), as spaCy emits them
        states: list[tuple[int, int, int, int]] = []  # (pattern, token of the pattern, start, length)
        n, s = len(words), 0
        i = starts[0] if starts else n
        while i < n:
            word = words[i]
            if s < len(starts) and starts[s] == i:
                s += 1
                states += [(j, 0, i, 0) for j in self._by_first.get(word, self._open)]
            states = self._transition(states, word, found)
            if states:
                i += 1
            elif s < len(starts):
                i = starts[s]
            else:
                break
        for j, k, start, length in states:  # at the end of the Doc: states waiting on optional tokens
            pattern = self.patterns[j]
            while pattern[k].optional:
                if k == len(pattern) - 1:
                    found.append((j, start, length))
                    break
                k += 1
        out: list[tuple[str, int, int]] = []
        seen: set[tuple[str, int, int]] = set()
        for j, start, length in found:  # one match reached by two paths is one match; none is empty
            match = (self.keys[j], start, start + length)
            if length > 0 and match not in seen:
                seen.add(match)
                out.append(match)
        return out

    def _transition(
        self, states: list[tuple[int, int, int, int]], word: str, found: list[tuple[int, int, int]]
    ) -> list[tuple[int, int, int, int]]:
        """spaCy's `transition_states` on one token: the states alive after it, matches appended."""
        kept: list[tuple[int, int, int, int]] = []
        added: list[tuple[int, int, int, int]] = []
        for j, k, start, length in states:
            pattern = self.patterns[j]
            last = len(pattern) - 1
            while True:
                token = pattern[k]
                hit = token.test(word)
                if not token.optional:
                    if hit:
                        if k == last:
                            found.append((j, start, length + 1))
                        else:
                            kept.append((j, k + 1, start, length + 1))
                    break
                if k == last:  # an optional last token: the match with it and without it
                    if hit and length > 0:
                        found.append((j, start, length))
                    found.append((j, start, length + 1 if hit else length))
                    break
                if hit:  # take the token (a new state) and also try the next pattern token on it
                    added.append((j, k + 1, start, length + 1))
                k += 1
        return kept + added

