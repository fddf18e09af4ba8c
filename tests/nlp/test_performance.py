"""Throughput machinery keeps behaviour: trigger prefilter, linear scaling (matching: test_token_matcher)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest
from spacy.tokens import Doc, Span

from nlp.analyzer import TriggerFilter, analyze_many, build_doc
from nlp.events.patterns_io import first_token_words, pattern_anchors
from nlp.rules import candidates_of, trigger_filter
from schemas import Article


@pytest.fixture()
def prefilter_off() -> Iterator[None]:
    old = os.environ.get("EVENTLINE_PREFILTER")
    os.environ["EVENTLINE_PREFILTER"] = "0"
    yield
    if old is None:
        del os.environ["EVENTLINE_PREFILTER"]
    else:
        os.environ["EVENTLINE_PREFILTER"] = old


def test_perf_pattern_anchors_concatenate_literal_tokens() -> None:
    assert pattern_anchors([{"TEXT": {"IN": ["签署", "签订"]}}]) == {"签署", "签订"}
    assert pattern_anchors([{"TEXT": "达成"}, {"TEXT": {"IN": ["战略合作", "合作"]}}]) == {"达成战略合作", "达成合作"}
    assert pattern_anchors([{"TEXT": "完成"}, {"TEXT": {"REGEX": "^(首单|首批)"}}]) == {"完成首单", "完成首批"}
    assert pattern_anchors([{"TEXT": {"REGEX": "^(融资|获投)$"}}]) == {"融资", "获投"}
    assert pattern_anchors([{"TEXT": "签约"}, {"TEXT": "仪式", "OP": "?"}]) == {"签约"}
    assert pattern_anchors([{"TAG": "v"}]) is None
    assert pattern_anchors([{"TEXT": {"REGEX": "融.?资"}}]) is None
    assert first_token_words([{"TEXT": "完成"}, {"TEXT": {"REGEX": "^(首单)"}}]) == {"完成"}
    assert first_token_words([{"TEXT": {"REGEX": "^(首单|首批)"}}]) is None


def test_perf_every_pipeline_rule_has_anchors() -> None:
    """The prefilter is only on when every rule states literal triggers (else whole texts go to HanLP)."""
    assert trigger_filter() is not None


def test_perf_trigger_filter_selects_sentence_blocks() -> None:
    text = "第一句没有。\n工信部批复了先导区。第三句也没有。签约仪式举行。"
    sentences = [(0, 6), (7, 17), (17, 24), (24, 31)]
    regions = TriggerFilter(["批复", "签约"]).regions(text, sentences)
    # a sentence block runs to the next sentence start; adjacent blocks are merged
    assert regions == [(7, 17), (24, 31)]
    assert TriggerFilter(["批复", "第三"]).regions(text, sentences) == [(7, 24)]  # adjacent blocks: one region
    assert TriggerFilter(["批复"]).regions("无触发词。", [(0, 5)]) == []
    assert TriggerFilter([]).regions(text, sentences) == []


def _synthetic_doc(n: int) -> Doc:
    """n sentences with triggers, tagged by hand (no JVM): policy releases and a signing each."""
    unit = [("近日", "t"), ("，", "w"), ("某市", "r"), ("印发", "v"), ("《", "w"), ("数据要素行动方案", "nz"),
            ("》", "w"), ("，", "w"), ("甲公司", "nt"), ("与", "cc"), ("乙集团", "nt"), ("签署", "v"),
            ("合作协议", "n"), ("。", "w")]
    terms = unit * n
    return build_doc("".join(w for w, _ in terms), terms)


def test_perf_rules_scale_linearly() -> None:
    """4× the text must not cost ~16× (it did: `doc.text` and clause walks per match)."""
    def cost(n: int) -> float:
        doc = _synthetic_doc(n)
        best = float("inf")
        for _ in range(3):
            t0 = time.process_time()  # this process's CPU time: other load on the machine does not count
            candidates_of(doc)
            best = min(best, time.process_time() - t0)
        return best

    cost(50)  # warm-up
    small, large = cost(100), cost(400)
    assert large / small < 9, (small, large)


@pytest.mark.hanlp
def test_perf_prefilter_keeps_offsets_and_sentences() -> None:
    text = "这是一段没有事件的开头。\n\n近日，工信部批复了云南昆明为国家区块链发展先导区。\n结尾也没有。"
    (doc,) = analyze_many([text], prefilter=trigger_filter())
    assert doc.text == text
    assert all(text[t.idx:t.idx + len(t)] == t.text for t in doc)
    trigger = next(t for t in doc if t.text == "批复")
    sentence = next(s for s in doc.sents if s.start <= trigger.i < s.end)
    assert sentence.text.startswith("近日，工信部批复")
    assert "开头" not in sentence.text and "结尾" not in sentence.text


@pytest.mark.hanlp
def test_perf_prefilter_same_events(prefilter_off: None) -> None:
    from nlp import extract_events

    texts = [
        "财联社6月1日电，合肥市人民政府与某某科技有限公司签署战略合作协议。今天天气很好。",
        "近日，江西省人民政府印发《江西省算力基础设施发展行动方案》。方案提出，到2025年建成……\n同日，南昌智能算力研究院揭牌。",
        "没有任何事件的一段文字。",
    ]
    articles = [Article(id=f"p{i}", source="测试", published_at="2026-06-01T10:00:00+08:00", text=t)
                for i, t in enumerate(texts)]
    off = [e.model_dump() for e in extract_events(articles)]
    os.environ["EVENTLINE_PREFILTER"] = "1"
    on = [e.model_dump() for e in extract_events(articles)]
    assert on == off
    assert on


def test_perf_entities_set_by_array_as_by_spans() -> None:
    """The Doc's entities come from one `from_array` call: the same as one-token spans set with
    `set_ents(default="outside")` (PERSON / GPE / ORG by tag, ORG for a government body)."""
    terms = [("工信部", "n"), ("与", "cc"), ("张明", "nr"), ("李华", "nr"), ("在", "p"), ("武汉", "ns"),
             ("签署", "v"), ("星河科技有限公司", "nt"), ("协议", "n"), ("发改委", "j"), ("。", "w")]
    doc = build_doc("".join(w for w, _ in terms), terms)
    expected = Doc(doc.vocab, words=[w for w, _ in terms])
    expected.set_ents([Span(expected, 0, 1, "ORG"), Span(expected, 2, 3, "PERSON"), Span(expected, 3, 4, "PERSON"),
                       Span(expected, 5, 6, "GPE"), Span(expected, 7, 8, "ORG"), Span(expected, 9, 10, "ORG")],
                      default="outside")
    assert [(e.start, e.end, e.label_) for e in doc.ents] == [(e.start, e.end, e.label_) for e in expected.ents]
    assert [(t.ent_iob_, t.ent_type_) for t in doc] == [(t.ent_iob_, t.ent_type_) for t in expected]
    assert doc.has_annotation("ENT_IOB")


@pytest.mark.parametrize(("raw", "text", "expected"), [
    ("[近日/t, ，/w, 1/2/m, 签署/v]", "近日，1/2签署", (["近日", "，", "1/2", "签署"], ["t", "w", "m", "v"])),
    ("[a, b/w, c/n]", "a, bc", (None, [])),  # a word holding ", ": the text-guided parse reads it
    ("[a/b, c/w, d/n]", "a/b, cd", (None, [])),
    ("[a/n, /w]", "a", (None, [])),  # an empty word
])
def test_perf_split_terms(raw: str, text: str, expected: tuple[list[str] | None, list[str]]) -> None:
    from nlp.analyzer import _split_terms

    assert _split_terms(raw, text) == expected
