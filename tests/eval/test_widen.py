"""`python -m eval.widen`: Cilin rows read, proposals made, verdicts given, pattern variants built, and a
variant really changing what the extractor finds (HanLP) and undone afterwards."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from eval.widen import (
    REPORT,
    Note,
    Proposal,
    SynonymGroup,
    judge,
    parse_cilin,
    propose,
    read_cilin,
    read_notes,
    report,
    rules_with,
    trigger_list,
    type_triggers,
    variant_specs,
    with_word,
)
from nlp.analyzer import jar_path
from nlp.events import PatternSpec

CILIN = "\ufeffHc16A01= 签字 签名 签署 签 签约\nHc16A02# 签发 签收\nHc16A03@ 画押\nHi31B01= 缔结 签订 订立\n"


def _spec(pattern_id: str, words: list[str] | str, **extra: object) -> PatternSpec:
    token = {"TEXT": words if isinstance(words, str) else {"IN": words}}
    return PatternSpec.model_validate({"id": pattern_id, "pattern": [token], **extra})


def test_widen_parse_cilin_keeps_only_synonym_rows() -> None:
    groups = parse_cilin(CILIN)
    assert groups == [SynonymGroup("Hc16A01=", ("签字", "签名", "签署", "签", "签约")),
                      SynonymGroup("Hi31B01=", ("缔结", "签订", "订立"))]


def test_widen_reads_the_jar_in_place() -> None:
    groups = read_cilin(jar_path())
    assert len(groups) > 9000
    assert any(g.code == "Hc16A01=" and "签署" in g.words for g in groups)


def test_widen_propose_members_of_groups_holding_a_trigger() -> None:
    specs = {"signing": [_spec("signing.sign", ["签署", "签订", "签字"]), _spec("signing.partners", "签约")]}
    found = {(p.pattern_id, p.word): p for p in propose(specs, parse_cilin(CILIN))}
    assert found["signing.sign", "缔结"].via == ("签订",) and found["signing.sign", "缔结"].groups == ("Hi31B01=",)
    assert not found["signing.sign", "签名"].in_list
    assert found["signing.sign", "签署"].in_list  # listed words stay in the record (via 签字 of the same group)
    assert ("signing.sign", "签收") not in found  # '#' rows are related words, not synonyms
    assert found["signing.partners", "签署"].via == ("签约",)  # a single TEXT is a list of one


def test_widen_judge_policy_notes_and_scopes() -> None:
    triggers = type_triggers([_spec("signing.sign", ["签署", "缔结"]), _spec("signing.partners", "签约")])
    notes = [Note("signing.sign", "缔结", "concludes an agreement"), Note("signing", "Hc16A01=", "a name signed"),
             Note("*", "订立", "legal prose")]

    def proposal(pattern_id: str, word: str, in_list: bool = False) -> Proposal:
        return Proposal("signing", pattern_id, word, ("Hc16A01=",), ("签署",), in_list)

    assert judge(proposal("signing.sign", "缔结", True), notes, triggers).status == "accepted"
    assert judge(proposal("signing.sign", "签署", True), notes, triggers).status == "earlier"
    assert judge(proposal("signing.sign", "签", False), notes, triggers).reason.startswith("one character")
    assert judge(proposal("signing.partners", "签署"), notes, triggers).reason == "already a trigger of signing.sign"
    assert judge(proposal("signing.sign", "签名"), notes, triggers).reason == "a name signed"  # by its group
    assert judge(proposal("signing.sign", "订立"), notes, triggers).reason == "legal prose"  # a note for all types
    unnoted = Proposal("signing", "signing.sign", "立约", ("Xx01A01=",), ("签署",), False)
    assert judge(unnoted, notes, triggers).status == "open"


def test_widen_read_notes_names_a_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.tsv"
    path.write_text("# comment\nsigning\t缔结\tfine\nsigning 缔结 spaces\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"notes.tsv:3"):
        read_notes(path)


def test_widen_read_notes_of_the_project() -> None:
    """Every note has a reason; a word noted for one pattern is an accepted widening, so it is in that
    pattern's list (a rejection is noted for the type or for all types)."""
    from nlp.events import load_patterns
    from schemas import EventType

    notes = read_notes()
    assert all(n.reason for n in notes)
    lists = {spec.id: set(trigger_list(spec) or ()) for t in EventType for spec in load_patterns(t.value)}
    misplaced = [n for n in notes if n.scope in lists and not n.key.endswith("=") and n.key not in lists[n.scope]]
    assert not misplaced, misplaced


def test_widen_report_is_current() -> None:
    """The committed record's summary (counts and accepted words per type) is what the patterns and
    the notes give now: regenerate it with `python -m eval.widen` after changing either."""
    from nlp.events import load_patterns
    from schemas import EventType

    specs = {t.value: load_patterns(t.value) for t in EventType}
    notes = read_notes()
    rows = [(p, judge(p, notes, type_triggers(specs[p.type])), None) for p in propose(specs, read_cilin(jar_path()))]

    def summary(text: str) -> str:
        return text.split("## Summary", 1)[1].split("\n## ", 1)[0]

    assert summary(REPORT.read_text(encoding="utf-8")) == summary(report(rows))


def test_widen_with_word_adds_and_removes_keeping_order() -> None:
    spec = _spec("signing.sign", ["签署", "签订"], requires_after=["协议"])
    added = with_word(spec, "缔结", True)
    assert added.pattern[0]["TEXT"]["IN"] == ["签署", "签订", "缔结"] and added.requires_after == ["协议"]
    assert with_word(added, "签署", False).pattern[0]["TEXT"]["IN"] == ["签订", "缔结"]
    assert with_word(_spec("signing.partners", "签约"), "签定", True).pattern[0]["TEXT"]["IN"] == ["签约", "签定"]
    regex = PatternSpec.model_validate({"id": "financing.raise", "pattern": [{"TEXT": {"REGEX": "^(融资|获投)$"}}]})
    assert with_word(regex, "筹资", True).pattern[0]["TEXT"]["REGEX"] == "^(融资|获投|筹资)$"
    with pytest.raises(ValueError, match="empty"):
        with_word(_spec("signing.partners", "签约"), "签约", False)
    assert variant_specs([spec, regex], "financing.raise", "募资", True)[0] is spec


@pytest.mark.hanlp
def test_widen_rules_with_a_word_finds_more_and_is_undone() -> None:
    from nlp import extract_article
    from nlp.events import load_patterns
    from schemas import Article

    text = "6月10日，甲科技公司与乙集团订立长期供货合同。"  # 订立: a candidate the notes reject
    article = Article(id="t", url="http://example.test/t", source="test", title="", text=text,
                      published_at=datetime(2026, 7, 1, 10, tzinfo=UTC))
    specs = load_patterns("signing")
    assert "signing" not in [e.type.value for e in extract_article(article)]
    with rules_with("signing", variant_specs(specs, "signing.sign_document", "订立", True), "订立"):
        assert "signing" in [e.type.value for e in extract_article(article)]
    assert "signing" not in [e.type.value for e in extract_article(article)]
