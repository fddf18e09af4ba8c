"""Phrasings the rules were widened for, end to end with real HanLP, on sentences we wrote.

Each case states a kind of phrasing (not a corpus sentence): a round without an amount, a loan, a
product launch, a go-live on trial, a project signing, a list made public, a meeting whose name
holds a plan word, a joint party-and-government host, a new company and its shareholders.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nlp import extract_article
from schemas import Article

pytestmark = pytest.mark.hanlp


def _events(text: str):  # type: ignore[no-untyped-def]
    article = Article(id="t", url="http://example.test/t", source="test", title="", text=text,
                      published_at=datetime(2026, 7, 1, 10, tzinfo=UTC))
    return extract_article(article)


@pytest.mark.parametrize(("text", "etype", "date", "actor"), [
    ("6月3日，远航动力宣布完成A轮融资。", "financing", "2026-06-03", "远航动力"),
    ("5月12日，某某智能科技公司完成数千万元天使轮融资，由红杉中国领投，高瓴创投跟投。", "financing", "2026-05-12",
     "高瓴创投"),
    ("国家开发银行向某市发放首笔城市更新专项贷款5亿元。", "financing", None, "国家开发银行"),
    ("6月18日，某手机品牌在深圳发布新一代折叠屏手机。", "launch", "2026-06-18", None),
    ("7月1日，城市智慧停车平台上线试运行。", "launch", "2026-07-01", None),
    ("6月26日，全市共签约28个项目，总投资达120亿元。", "signing", "2026-06-26", None),
    ("6月28日，2026年度省级专精特新企业名单公示。", "report_release", "2026-06-28", None),
    ("2月8日下午，某市“产业强市”推进大会召开。", "meeting", "2026-02-08", None),
    ("6月9日，无锡市委市政府召开全市营商环境大会。", "meeting", "2026-06-09", "中共无锡市委"),
    ("近日，某某新能源科技（苏州）有限公司成立，该公司由甲集团、乙资本共同持股。", "establishment", "2026-07",
     "乙资本"),
    ("6月5日，湖南省发展改革委印发《湖南省算力产业发展行动计划》。", "policy_release", "2026-06-05",
     "湖南省发展和改革委员会"),
])
def test_generalisation_phrasing(text: str, etype: str, date: str | None, actor: str | None) -> None:
    found = [e for e in _events(text) if e.type.value == etype]
    assert found, f"no {etype} in {text}: {[e.type.value for e in _events(text)]}"
    event = found[0]
    assert (event.date.as_text() if event.date.value else None) == date
    if actor:
        assert actor in [p.normalized for p in event.participants]


@pytest.mark.parametrize("text", [
    "根据某研究机构发布的《行业发展报告》显示，去年市场规模增长一成。",
    "该市已连续五年举办人才交流大会。",
    "本次论坛将于7月21日至22日在西安举行。",
    "鼓励企业通过联合投资、设立研发中心等方式开拓国际市场。",
    "该项目总投资50亿元，建成后年产值可达百亿元。",
])
def test_generalisation_not_events(text: str) -> None:
    assert _events(text) == []


def test_generalisation_people_by_office_are_not_participants() -> None:
    text = "6月2日，协会理事长王明远院士、某某集团代表李强与甲科技有限公司共同启动产业数据服务平台。"
    names = [p.normalized for e in _events(text) for p in e.participants]
    assert not [n for n in names if "院士" in n or "代表" in n], names

