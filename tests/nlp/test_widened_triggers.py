"""Triggers added from 同义词词林 (`python -m eval.widen`), end to end with real HanLP, on sentences we wrote.

Each accepted word (a word in its pattern's trigger list with a reason in `eval/widen_notes.tsv`) has
a sentence here that must yield its type; words with a risky second sense (颁发 an award, 揭幕 a
monument, 贺函 to a person, 安家落户 people settling, 签字 a signature, 征询 a board asking) have
sentences that must not.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eval.widen import judge, propose, read_cilin, read_notes, type_triggers
from nlp import extract_article
from nlp.analyzer import jar_path
from nlp.events import load_patterns
from schemas import Article, EventType

# (accepted word, its pattern, a sentence of ours, the type it must yield)
ACCEPTED = [
    ("签定", "signing.sign_document", "6月10日，甲科技公司与乙集团签定长期供货合同。", "signing"),
    ("缔结", "signing.sign_document", "5月20日，某市与德国某市缔结友好城市合作协议。", "signing"),
    ("签字", "signing.ceremony", "6月18日，甲能源与乙化工合作项目签字仪式在上海举行。", "signing"),
    ("确立", "signing.strategic", "6月22日，甲银行与乙汽车确立战略合作关系。", "signing"),
    ("确立", "signing.strategic_split", "6月23日，甲物流与乙快递确立战略合作伙伴关系。", "signing"),
    ("揭幕", "meeting.held", "6月21日，第五届某某数字经济论坛在杭州揭幕。", "meeting"),
    ("贺函", "meeting.greeted", "6月20日，联合国秘书长向第三届某某可持续发展论坛发来贺函。", "meeting"),
    ("颁发", "policy_release.issue", "6月9日，国务院颁发《某某行业管理条例》。", "policy_release"),
    ("征询", "policy_release.for_comment", "6月15日，某市住建局就《某市物业管理办法（征求意见稿）》公开征询意见。",
     "policy_release"),
    ("安家落户", "establishment.object_before", "6月8日，某某半导体华东研发中心在苏州工业园区安家落户。",
     "establishment"),
]

# (a sentence using a widened word in its other sense, the type it must not yield)
OTHER_SENSES = [
    ("6月9日，市市场监管局为首批企业颁发营业执照。", "policy_release"),
    ("大会为获奖单位颁发奖杯和证书。", "policy_release"),
    ("6月1日，烈士纪念碑在市中心广场揭幕。", "meeting"),
    ("6月20日，国家主席向某国新当选总统致贺函。", "meeting"),
    ("该市为人才安家落户提供住房补贴。", "establishment"),
    ("经办人员签字确认后，资金即可拨付。", "signing"),
    ("公司董事会征询了独立董事的意见。", "policy_release"),
]


def _types(text: str) -> list[str]:
    article = Article(id="t", url="http://example.test/t", source="test", title="", text=text,
                      published_at=datetime(2026, 7, 1, 10, tzinfo=UTC))
    return [e.type.value for e in extract_article(article)]


@pytest.mark.hanlp
@pytest.mark.parametrize(("word", "pattern_id", "text", "etype"), ACCEPTED, ids=[f"{p}:{w}" for w, p, _, _ in ACCEPTED])
def test_widened_trigger_yields_its_type(word: str, pattern_id: str, text: str, etype: str) -> None:
    assert word in text
    assert etype in _types(text), f"{word} ({pattern_id}) found nothing of type {etype} in {text}"


@pytest.mark.hanlp
@pytest.mark.parametrize(("text", "etype"), OTHER_SENSES)
def test_widened_trigger_other_sense_is_no_event(text: str, etype: str) -> None:
    assert etype not in _types(text)


def test_widened_triggers_every_accepted_word_has_a_sentence() -> None:
    """The record (patterns + notes) and this file agree: each accepted widening is tested here."""
    specs = {t.value: load_patterns(t.value) for t in EventType}
    notes = read_notes()
    accepted = {(p.word, p.pattern_id) for p in propose(specs, read_cilin(jar_path()))
                if judge(p, notes, type_triggers(specs[p.type])).status == "accepted"}
    assert accepted == {(word, pattern_id) for word, pattern_id, _, _ in ACCEPTED}
