"""Fixtures of the nlp tests: build `Doc`s by hand (words + HanLP tags) so rule tests never start the JVM."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from nlp.analyzer import build_doc


def _doc_of(tagged: str) -> Doc:
    """`"7月21日/t ，/w 济南市/ns"` → a Doc whose text is the words joined."""
    terms = [tuple(item.rsplit("/", 1)) for item in tagged.split()]
    text = "".join(w for w, _ in terms)
    return build_doc(text, terms)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def doc_of() -> Callable[[str], Doc]:
    return _doc_of
