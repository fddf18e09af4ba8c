"""Each event type on sentences we wrote: trigger, object and participants from a hand-built Doc."""

from __future__ import annotations

import pytest

from nlp import registry
from nlp.rules import RULES

CASES = [
    # (type, tagged sentence, expected object, expected participant)
    ("policy_release", "3月5日/t ，/w 江西省/ns 人民政府/nis 印发/v 《/w 江西省算力基础设施发展行动方案/nz 》/w 。/w",
     "江西省算力基础设施发展行动方案", "江西省人民政府"),
    ("approval", "国家发改委/nt 批复/v 了/ule 成都/ns 为/p 国家/n 人工智能/nz 创新/vn 应用/vn 先导区/nz 。/w",
     "国家人工智能创新应用先导区", "国家发展和改革委员会"),
    ("signing", "合肥市/ns 人民政府/nis 与/cc 某某科技/nz 有限公司/nis 签署/v 战略/n 合作/vn 协议/n 。/w",
     "战略合作协议", "合肥市人民政府"),
    ("establishment", "昨日/t ，/w 南昌/ns 智能/n 算力/nz 研究院/nz 揭牌/v 。/w", "南昌智能算力研究院", None),
    ("launch", "6月1日/t ，/w 湖南省/ns 企业/n 数据/n 服务/vn 平台/n 正式/ad 上线/v 。/w", "湖南省企业数据服务平台", None),  # noqa: E501
    ("report_release", "中国/ns 信通院/nt 发布/v 《/w 人工智能发展白皮书/nz 》/w 。/w", "人工智能发展白皮书", None),
    ("meeting", "2026/m 世界/n 储能/nz 大会/n 在/p 宁德/ns 开幕/v 。/w", "2026世界储能大会", None),
    ("financing", "某某芯片/nz 公司/n 完成/v 5亿元/m B轮/n 融资/v 。/w", "5亿元B轮融资", None),
]


@pytest.fixture(scope="module")
def rules() -> dict[str, object]:
    return {name: registry.get(name)() for name in RULES}


@pytest.mark.parametrize(("etype", "tagged", "obj", "actor"), CASES, ids=[c[0] for c in CASES])
def test_events_type_found_with_object(rules, doc_of, etype, tagged, obj, actor) -> None:
    doc = doc_of(tagged)
    found = [c for rule in rules.values() for c in rule(doc) if c.type == etype]
    assert found, f"no {etype} in {doc.text}"
    assert found[0].object is not None and found[0].object.text == obj


@pytest.mark.parametrize(("etype", "tagged", "obj", "actor"), [c for c in CASES if c[3]], ids=lambda v: str(v)[:12])
def test_events_type_participant(rules, doc_of, etype, tagged, obj, actor) -> None:
    from nlp.orgs import normalize_name

    doc = doc_of(tagged)
    cand = next(c for rule in rules.values() for c in rule(doc) if c.type == etype)
    assert actor in [normalize_name(p.text) for p in cand.participants]


def test_events_trigger_inside_title_is_no_trigger(rules, doc_of) -> None:
    doc = doc_of("央行/nt 下发/v 《/w 关于/p 同意/v 试点/n 的/u 函/n 》/w 。/w")
    types = {c.type for rule in rules.values() for c in rule(doc)}
    assert types == {"approval"}  # the document approves; 同意 inside the title triggers nothing itself


def test_events_vague_policy_word_is_no_object(rules, doc_of) -> None:
    doc = doc_of("多地/n 出台/v 扶持/vn 政策/n 。/w")
    assert not [c for rule in rules.values() for c in rule(doc)]


def test_events_experiential_signing_is_no_event(rules, doc_of) -> None:
    doc = doc_of("公司/n 与/cc 某某银行/nt 签署/v 过/uguo 合作/vn 协议/n 。/w")
    assert not [c for rule in rules.values() for c in rule(doc) if c.type == "signing"]
