"""The argument helpers read plain token lists and suffix tables; they must answer as the spaCy
objects and the plain loops they replace."""

from __future__ import annotations

import random
from collections.abc import Callable

from spacy.tokens import Doc

from nlp.analyzer import shared_vocab
from nlp.arguments import Phrase, clean_name, names_between, names_memo, span_text, token_lists, trim_to_suffix
from nlp.events.establishment import ESTABLISHMENT_SUFFIXES


def _trim_reference(phrase: Phrase, suffixes: tuple[str, ...]) -> tuple[int, str | None]:
    """The definition: the end of the last occurrence of any suffix (one `rfind` each), and the
    first suffix of the tuple that the text cut there ends with."""
    best = max((phrase.text.rfind(s) + len(s) for s in suffixes if s in phrase.text), default=-1)
    cut = phrase.text[:best] if best > 0 else ""
    return best, next((s for s in suffixes if best > 0 and cut.endswith(s)), None)


def test_trim_to_suffix_cuts_after_the_last_suffix_and_keeps_an_apposition() -> None:
    suffixes = ("产业园", "园区", "研究院")
    assert trim_to_suffix(Phrase("星沙区块链产业园正式", 3, 13), suffixes) == Phrase("星沙区块链产业园", 3, 11)
    apposition = Phrase("区块链产业园星沙区块链产业园", 0, 14)
    assert trim_to_suffix(apposition, suffixes) == Phrase("星沙区块链产业园", 6, 14)
    assert trim_to_suffix(Phrase("2024年3月光谷研究院", 0, 12), suffixes) == Phrase("光谷研究院", 7, 12)
    assert trim_to_suffix(Phrase("没有后缀的短语", 0, 7), suffixes) is None
    assert trim_to_suffix(None, suffixes) is None


def test_trim_to_suffix_agrees_with_the_plain_definition_on_random_phrases() -> None:
    rng = random.Random(17)
    pieces = [*ESTABLISHMENT_SUFFIXES, "光谷", "星沙", "区块链", "产业", "2024年", "的", "与", "园", "中"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        phrase = Phrase(text, 5, 5 + len(text))
        best, first = _trim_reference(phrase, ESTABLISHMENT_SUFFIXES)
        got = trim_to_suffix(phrase, ESTABLISHMENT_SUFFIXES)
        if best <= 0:
            assert got is None, text
        elif got is not None:
            assert got.end == phrase.start + best, text  # cut where the last suffix ends
            assert first is not None and got.text.endswith(first), text


def test_token_lists_and_span_text_match_spacy(doc_of: Callable[[str], Doc]) -> None:
    doc = doc_of("7月21日/t ，/w 深圳星衡智/nz 算/v 科技有限公司/n 与/c 济南市/ns 签约/v")
    words, tags, offsets = token_lists(doc)
    assert words == [t.text for t in doc] and tags == [t.tag_ for t in doc] and offsets == [t.idx for t in doc]
    for i in range(len(doc)):
        for j in range(i + 1, len(doc) + 1):
            assert span_text(doc, i, j) == doc[i:j].text


def test_a_doc_built_without_the_analyzer_gets_its_token_lists() -> None:
    doc = Doc(shared_vocab(), words=["华为", "与", "光谷", "研究院", "签约"], spaces=[False, False, True, False, False])
    for token, tag in zip(doc, ["nt", "c", "ns", "n", "v"], strict=True):
        token.tag_ = tag
    assert token_lists(doc)[2] == [0, 2, 3, 6, 9]
    assert span_text(doc, 2, 4) == doc[2:4].text == "光谷 研究院"
    assert [p.text for p in names_between(doc, 0, 4)] == ["华为", "光谷 研究院"]


def test_memoised_names_last_until_the_outermost_scope_ends() -> None:
    with names_memo():
        with names_memo():  # one analyze_articles call inside a caller's scope
            clean_name("近日江城链科信息技术有限公司")
        assert clean_name.cache_info().currsize > 0  # kept for the caller's next batch
    assert clean_name.cache_info().currsize == 0
