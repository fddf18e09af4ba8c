"""Phrasings that use an event word without reporting an event (nlp/non_events.py), on sentences we wrote."""

from __future__ import annotations

import pytest

from nlp.non_events import non_event_reason


def _reason(sentence: str, trigger: str, etype: str, has_participants: bool = True) -> str | None:
    at = sentence.index(trigger)
    return non_event_reason(sentence, at, at + len(trigger), etype, has_participants)


@pytest.mark.parametrize(("sentence", "trigger", "etype", "reason"), [
    ("根据某研究机构发布的《行业报告》，去年市场规模增长一成。", "发布", "report_release", "citation"),
    ("某平台发布的《出行数据简报》显示，假期客流创新高。", "发布", "report_release", "citation"),
    ("目前，多个城市都已经出台支持低空经济的专项政策。", "出台", "policy_release", "aggregate"),
    ("该市已连续五年举办人才交流大会。", "举办", "meeting", "aggregate"),
    ("会议强调，要推出更多稳就业的政策措施。", "推出", "policy_release", "content"),
    ("出席本次签约仪式的有市领导和企业代表。", "签约", "signing", "attendance"),
    ("机构评估后，签订服务协议并制定照护计划。", "签订", "signing", "procedure"),
    ("社区卫生服务中心与居民开展家庭医生签约服务。", "签约", "signing", "service"),
    ("省长在调研期间专门召开这次座谈会。", "召开", "meeting", "back_reference"),
    ("本次获授牌的示范基地为全省首家。", "授牌", "approval", "back_reference"),
    ("《社区养老服务规范》中明确，机构应配备护理人员。", "明确", "policy_release", "content"),
    ("在《关于推进城市更新的意见》中明确提出要稳步推进试点。", "提出", "policy_release", "content"),
    ("项目签约仪式", "签约", "signing", "heading"),
    ("各地推出了一系列稳就业举措。", "推出", "policy_release", "aggregate"),
    ("今年以来，成都、西安等多地出台了支持首店经济的措施。", "出台", "policy_release", "aggregate"),
    ("多家银行推出了线上消费贷产品。", "推出", "launch", "aggregate"),
    ("近期，郑州、贵阳等多地“保交楼”相关举措继续出台。", "出台", "policy_release", "aggregate"),
    ("据统计，今年以来，全市共签约项目120个，总投资超千亿元。", "签约", "signing", "aggregate"),
    ("学会举办多领域高端学术研讨会。", "举办", "meeting", "aggregate"),
    ("各部门实施细则制定出台取得积极进展。", "出台", "policy_release", "nominal"),
    ("根据其此前发布的《某省制造强省建设规划》提出，到2030年实现目标。", "提出", "policy_release", "citation"),
    ("服务内容包括上门巡诊、开通转诊绿色通道等。", "开通", "launch", "content"),
    ("项目建成投产后，将年增产值十亿元。", "投产", "launch", "condition"),
    ("此次设立合伙企业的最终目的是开展合作。", "设立", "establishment", "background"),
    ("自去年下半年启动首轮融资以来，公司累计融资近十亿元。", "融资", "financing", "background"),
    ("这一原则自1990年在全体会议上通过后，一直是基本政策。", "会议上", "meeting", "background"),
    ("对入选省级示范项目的企业给予一次性奖励。", "入选", "approval", "condition"),
    ("组织开展“创新周”“产业峰会”等各类活动。", "开展", "meeting", "condition"),
])
def test_non_events_named(sentence: str, trigger: str, etype: str, reason: str) -> None:
    assert _reason(sentence, trigger, etype, has_participants=etype != "signing") == reason


@pytest.mark.parametrize(("sentence", "trigger", "etype"), [
    ("5月8日，省工信厅联合印发的《制造业数字化转型方案》正式实施。", "印发", "policy_release"),
    ("某研究院今日发布《算力发展白皮书》。", "发布", "report_release"),
    ("在日前举行的产业大会上，多家企业签约。", "举行", "meeting"),
    ("甲公司与乙公司签订服务协议。", "签订", "signing"),
])
def test_non_events_reported_acts_pass(sentence: str, trigger: str, etype: str) -> None:
    assert _reason(sentence, trigger, etype) is None


def test_non_events_a_breakdown_of_a_tally_is_no_second_event() -> None:
    sentence = "全市共签约30个项目，其中某县签约12个项目。"
    at = sentence.rindex("签约")
    assert non_event_reason(sentence, at, at + 2, "signing", True) == "aggregate"
    first = sentence.index("签约")
    assert non_event_reason(sentence, first, first + 2, "signing", True) is None
