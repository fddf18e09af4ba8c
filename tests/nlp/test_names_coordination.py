"""Names in telegraphs (sentences written for the tests): coordinated actors split on 与/和, names holding
和 kept whole, regulators' full names, parenthesised places inside objects, investors before 领投,
the place of an establishment from the new body's name, cancelled acts, finance decisions."""

from __future__ import annotations

import pytest

from nlp import extract_article
from nlp.arguments import clean_name, grow_name_left
from nlp.modality import modality_of
from nlp.orgs import normalize_name
from schemas import Article, Modality

LEAD = "财联社6月10日电，"


def _events(text: str) -> list:  # type: ignore[type-arg]
    return extract_article(Article(id="nc", source="测试", published_at="2026-06-10T10:00:00+08:00", text=text))


def _names(text: str, kind: str) -> list[str]:
    return [p.normalized for e in _events(text) if e.type.value == kind for p in e.participants]


@pytest.mark.hanlp
@pytest.mark.parametrize(
    ("text", "kind", "present", "absent"),
    [
        (LEAD + "工行与比亚迪签署全面战略合作协议。", "signing", ["比亚迪"], ["工行与比亚迪"]),
        (LEAD + "长沙高新区与华为技术有限公司签署合作协议。", "signing", ["华为技术有限公司"], ["长沙高新区与华为"]),
        (LEAD + "中核医疗与浙江大学附属第一医院签署战略合作协议。", "signing", [], ["中核医疗与浙江大学"]),
        # a place and a field before 与 and a ministry after it: two parties (a society's name ends with 学会)
        (LEAD + "中国建筑与沙特阿拉伯住房部签订工程承包合同。", "signing", ["沙特阿拉伯住房部"], ["中国建筑与沙特"]),
        (LEAD + "湖南省发展和改革委员会与长沙市人民政府签署合作协议。", "signing",
         ["湖南省发展和改革委员会", "长沙市人民政府"], []),
        (LEAD + "国家金融监督管理总局、浙江省人民政府联合印发《关于支持杭州科技金融发展的若干措施》。",
         "policy_release", ["国家金融监督管理总局", "浙江省人民政府"], ["总局", "国家金融"]),
    ],
)
def test_coordinated_and_regulator_names(text: str, kind: str, present: list[str], absent: list[str]) -> None:
    names = _names(text, kind)
    assert all(n in names for n in present), names
    assert not any(a == n or ("与" in a and a in n) for n in names for a in absent), names


@pytest.mark.hanlp
@pytest.mark.parametrize(
    ("text", "obj"),
    [
        (LEAD + "6月9日，云启智算科技（南京）有限公司成立，注册资本5亿元。", "云启智算科技（南京）有限公司"),
        (LEAD + "6月9日，星河共创（湖南）股权投资基金合伙企业（有限合伙）成立。",
         "星河共创（湖南）股权投资基金合伙企业（有限合伙）"),
    ],
)
def test_objects_grow_over_parenthesised_places(text: str, obj: str) -> None:
    assert obj in [e.object for e in _events(text) if e.type.value == "establishment"]


@pytest.mark.hanlp
def test_establishment_is_placed_by_the_new_body_not_by_a_company_in_the_headline() -> None:
    text = "【上海某晶成立半导体新公司】" + LEAD + "河南晶材半导体有限公司成立，经营范围包含电子专用材料研发。"
    regions = [e.region for e in _events(text) if e.type.value == "establishment"]
    assert regions and regions[0] is not None and regions[0].province == "河南省"


@pytest.mark.hanlp
def test_investor_before_lead_role_is_whole() -> None:
    text = LEAD + "宁德时代领投了某聚变科技公司数亿元天使轮融资，多家机构跟投。"
    names = _names(text, "financing")
    assert "宁德时代" in names and "宁德时代领" not in names


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("公司与某公司签订的《总承包合同》因先决条件未满足，决定终止该合同。", "签订", Modality.negated),
        ("公司与某银行签署的合作协议已解除。", "签署", Modality.negated),
        ("公司与某银行签署战略合作协议。", "签署", Modality.asserted),
    ],
)
def test_cancelled_acts_are_negated(sentence: str, trigger: str, expected: Modality) -> None:
    at = sentence.index(trigger)
    assert modality_of(sentence, at, at + len(trigger), "signing") == expected


@pytest.mark.hanlp
@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        (LEAD + "某某科技今日股价涨停，主力资金净流入2亿元，融资余额增加。", "financing", False),
        (LEAD + "某某科技宣布完成定增，募集资金总额12亿元。", "financing", True),
        (LEAD + "某某科技公告称，公司拟定增募资20亿元。", "financing", False),
    ],
)
def test_finance_decisions(text: str, kind: str, expected: bool) -> None:
    assert (kind in [e.type.value for e in _events(text)]) is expected


@pytest.mark.parametrize(
    ("raw", "normal"),
    [("国家药品监督管理局(NMPA)", "国家药品监督管理局"), ("市场监管总局（国家认监委）", "国家市场监督管理总局"),
     ("国家金融监督管理总局", "国家金融监督管理总局"),
     ("金信昊达（甘肃）科技有限公司", "金信昊达（甘肃）科技有限公司")],
)
def test_normalised_regulators(raw: str, normal: str) -> None:
    assert normalize_name(raw) == normal


@pytest.mark.parametrize(
    ("text", "start", "grown"),
    [("6月9日，联通智算科技（杭州）有限公司成立", "科技（杭州）", "联通智算科技（杭州）有限公司成立"),
     ("近日，凯博共创（湖北）股权投资基金成立", "（湖北）", "凯博共创（湖北）股权投资基金成立"),
     ("公司在杭州成立研究院", "研究院", "研究院")],
)
def test_grow_name_left(text: str, start: str, grown: str) -> None:
    at = grow_name_left(text, 0, text.index(start))
    assert text[at:] == grown


def test_open_latin_gloss_is_cut() -> None:
    assert clean_name("贝塔聚变（Beta") == "贝塔聚变"
