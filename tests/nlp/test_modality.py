"""Plans, drafts and negations are recognised; plain reports are asserted."""

from __future__ import annotations

import pytest

from nlp.modality import modality_of
from schemas import Modality

CASES = [
    ("市政府近日印发《数据要素行动方案》。", "印发", "policy_release", Modality.asserted),
    ("该市将出台《算力券管理办法》。", "出台", "policy_release", Modality.planned),
    ("公司拟与某研究院签署合作协议。", "签署", "signing", Modality.planned),
    ("省工信厅计划成立储能产业联盟。", "成立", "establishment", Modality.planned),
    # a draft for comment is released
    ("国家数据局发布《数据流通规则（征求意见稿）》。", "发布", "policy_release", Modality.asserted),
    ("双方未签署任何协议。", "签署", "signing", Modality.negated),
    ("该平台不上线收费功能。", "上线", "launch", Modality.negated),
]


@pytest.mark.parametrize(("sentence", "trigger", "etype", "expected"), CASES, ids=[c[0][:10] for c in CASES])
def test_modality_of_sentence(sentence: str, trigger: str, etype: str, expected: Modality) -> None:
    at = sentence.index(trigger)
    assert modality_of(sentence, at, at + len(trigger), etype) == expected
