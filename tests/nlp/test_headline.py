"""Headlines and summaries as an editor writes them (issue 14), on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from nlp.headline import headline_for, strip_context, summary_for
from schemas import Event, EventDate, EventType, Mention, Participant, ParticipantKind, Region

C, G = ParticipantKind.company, ParticipantKind.government


def _event(etype: EventType, obj: str, sentence: str, *, trigger: str,
           parties: tuple[tuple[str, ParticipantKind], ...] = (), region: Region | None = None) -> Event:
    return Event(
        type=etype, object=obj, trigger=trigger, date=EventDate(value=date(2026, 6, 1), precision="day"),
        region=region, participants=[Participant(name=n, normalized=n, kind=k) for n, k in parties],
        mentions=[Mention(article_id="a", source="s", published_at="2026-06-01", sentence=sentence, start=0,
                          end=len(sentence))],
    )


def test_headline_never_doubles_the_verb_and_gives_a_clause_its_place() -> None:
    event = _event(EventType.signing, "12个数字经济项目集中签约", "论坛期间，12个数字经济项目集中签约，总投资80亿元。",
                   trigger="集中签约", region=Region(province="安徽省", city="合肥市", district="蜀山区"))
    assert headline_for(event) == "蜀山区12个数字经济项目集中签约"


def test_headline_object_that_opens_with_its_verb_gets_no_second_one() -> None:
    event = _event(EventType.approval, "同意设立长江数据交易中心", "省政府批复同意设立长江数据交易中心。",
                   trigger="批复", parties=(("湖北省人民政府", G),))
    assert headline_for(event) == "湖北省人民政府同意设立长江数据交易中心"


def test_headline_names_the_listed_company_of_the_evidence() -> None:
    sentence = "星河数智（600123.SH）晚间公告称，公司自主研发的工业质检平台已正式上线。"
    event = _event(EventType.launch, "工业质检平台", sentence, trigger="上线")
    assert headline_for(event) == "星河数智上线工业质检平台"
    financing = _event(EventType.financing, "5亿元定向增发", "远帆智能（300999.SZ）公告，已完成5亿元定向增发。",
                       trigger="增发")
    assert headline_for(financing) == "远帆智能完成5亿元定向增发"


def test_headline_too_long_takes_the_short_forms_the_article_introduces_never_a_cut_word() -> None:
    sentence = ("青岚城市数字科技发展有限公司（以下简称“青岚数科”）与江北新区产业发展管理委员会签署"
                "《城市级区块链基础设施共建合作协议》。")
    event = _event(EventType.signing, "城市级区块链基础设施共建合作协议", sentence, trigger="签署",
                   parties=(("青岚城市数字科技发展有限公司", C), ("江北新区产业发展管理委员会", G)))
    headline = headline_for(event)
    assert headline == "青岚数科与江北新区产业发展管委会签署城市级区块链基础设施共建合作协议"
    assert "…" not in headline


def test_headline_without_an_alias_drops_legal_and_trade_suffixes_when_long() -> None:
    event = _event(EventType.signing, "海上风电储能一体化示范项目投资合作协议", "双方签署协议。", trigger="签署",
                   parties=(("东海明湾新能源科技有限公司", C), ("南岭绿色能源投资集团有限公司", C)))
    assert headline_for(event) == "东海明湾新能源与南岭绿色能源签署海上风电储能一体化示范项目投资合作协议"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("其中，甲方科技有限公司与乙方集团签署合作协议。", "甲方科技有限公司与乙方集团签署合作协议。"),
        ("论坛上，市大数据中心发布了数据要素白皮书。", "市大数据中心发布了数据要素白皮书。"),
        ("签约当天，三家企业宣布共建实验室。", "三家企业宣布共建实验室。"),
        ("记者从市经信局获悉，首批算力券已经发放。", "首批算力券已经发放。"),
        ("云启智算科技有限公司（以下简称“云启智算”）今日宣布完成2亿元融资。",
         "云启智算科技有限公司宣布完成2亿元融资。"),
        ("星河数智（600123.SH）3日晚间公告称，平台已于当日正式上线。",
         "星河数智（600123.SH）公告称，平台已于当日正式上线。"),
        ("市数据局印发《数据流通办法》（以下简称《办法》），《办法》自7月1日起施行。",
         "市数据局印发《数据流通办法》（以下简称《办法》），《办法》自7月1日起施行。"),
        ("在2026长江数字经济论坛期间，两市签署合作备忘录。", "在2026长江数字经济论坛期间，两市签署合作备忘录。"),
    ],
)
def test_summary_starts_at_the_fact(sentence: str, expected: str) -> None:
    assert strip_context(sentence) == expected


def test_summary_is_shortened_at_a_clause_never_mid_word() -> None:
    clauses = "，".join(f"第{i}项任务涉及数据要素流通与算力调度" for i in range(12))
    event = _event(EventType.policy_release, "方案", f"其中，{clauses}。", trigger="印发")
    summary = summary_for(event, limit=60)
    assert summary.endswith("调度。") and len(summary) <= 61 and not summary.startswith("其中")
    unbroken = _event(EventType.launch, "平台", "某" * 80 + "平台上线。", trigger="上线")
    assert summary_for(unbroken, limit=60) == "某" * 80 + "平台上线。"  # no clause to end at: kept whole
