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
