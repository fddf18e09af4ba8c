"""Precision and recall on telegraph-style news (sentences written for the tests, not corpus text).

Tables, one behaviour per test: what is no event (warnings, press conferences, broadcast digests,
announced meetings, back-references to a document), which dates do not date an act (到2030年,
占2025年营收, 自9月1日起施行), how descriptors are cut from names (总书记, 全资子公司, 见证, 客户),
and approvals / meetings the rules must find.
"""

from __future__ import annotations

import pytest

from nlp import extract_article
from nlp.arguments import clean_name, looks_like_name
from schemas import Article

LEAD = "财联社6月10日电，"


def _article(text: str, published: str = "2026-06-10T10:00:00+08:00") -> Article:
    return Article(id="tp", source="测试", published_at=published, text=text)


def _types(text: str) -> list[str]:
    return [e.type.value for e in extract_article(_article(text))]


# ------------------------------------------------------------------------------ not events
@pytest.mark.hanlp
@pytest.mark.parametrize(
    ("text", "absent"),
    [
        (LEAD + "水文监测中心6月10日升级发布暴雨橙色预警，提醒公众注意防范。", "launch"),
        (LEAD + "某部新闻发言人在10日举行的例行新闻发布会上表示，相关工作进展顺利。", "meeting"),
        (LEAD + "某省政府定于6月20日召开全省数字经济工作推进会议。", "meeting"),
        (LEAD + "本届论坛将于7月15日在成都举行，主题为算力互联。", "meeting"),
        (LEAD + "该企业将持续深耕智能制造，加速新型储能产品商业化落地。", "launch"),
    ],
)
def test_telegraph_non_events(text: str, absent: str) -> None:
    assert absent not in _types(text)


@pytest.mark.hanlp
def test_broadcast_digest_yields_no_event() -> None:
    text = ("【6月9日《新闻联播》要闻15条】" + LEAD + "今天《新闻联播》主要内容有：1、某地召开全省算力产业大会；"
            "2、某市印发《数据要素行动方案》。")
    assert _types(text) == []


@pytest.mark.hanlp
def test_back_reference_to_a_document_is_no_second_release() -> None:
    text = LEAD + "某省工业和信息化厅印发《算力基础设施提升行动方案》。《方案》明确，到2028年算力规模翻番。"
    events = [e for e in extract_article(_article(text)) if e.type.value == "policy_release"]
    assert [e.object for e in events] == ["算力基础设施提升行动方案"]


# ------------------------------------------------------------------------------ dates
@pytest.mark.hanlp
@pytest.mark.parametrize(
    ("text", "etype", "expected"),
    [
        (LEAD + "某部印发《智能算力发展规划》，到2030年算力总规模大幅提升。", "policy_release", "2026-06-10"),
        (LEAD + "某科技公司与某能源集团签订储能系统采购合同，合同金额占2025年营业收入的20%。", "signing", "2026-06-10"),
        (LEAD + "某局发布《数据出境安全管理办法》，自2026年9月1日起施行。", "policy_release", "2026-06-10"),
    ],
)
def test_dates_that_do_not_date_the_act(text: str, etype: str, expected: str) -> None:
    events = [e for e in extract_article(_article(text)) if e.type.value == etype]
    assert events and events[0].date.as_text() == expected


# ------------------------------------------------------------------------------ names
@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("习近平总书记", "习近平"),
        ("公司全资子公司中材新能", "中材新能"),
        ("控股子公司华芯微电子", "华芯微电子"),
        ("见证福建省政府", "福建省政府"),
        ("【某某集团", "某某集团"),
    ],
)
def test_clean_name_cuts_roles_subsidiary_words_and_lead_verbs(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


@pytest.mark.parametrize("text", ["VB客户", "上海电信用户", "控股子公司", "人形机器人子公司", "全资孙公司"])
def test_described_parties_are_no_names(text: str) -> None:
    assert not looks_like_name(text, ["nt"])


# ------------------------------------------------------------------------------ recall
@pytest.mark.hanlp
@pytest.mark.parametrize(
    ("text", "etype", "obj_part"),
    [
        (LEAD + "国务院批复《低空经济发展“十五五”规划》。", "approval", "低空经济发展"),
        (LEAD + "证监会同意某某芯片股份有限公司首次公开发行股票注册。", "approval", "注册"),
        (LEAD + "某省工业和信息化厅召开人工智能产业发展工作推进会。", "meeting", "推进会"),
        (LEAD + "某省委书记在合肥调研量子科技工作并主持召开座谈会。", "meeting", "座谈会"),
    ],
)
def test_telegraph_approvals_and_meetings_found(text: str, etype: str, obj_part: str) -> None:
    events = [e for e in extract_article(_article(text)) if e.type.value == etype]
    assert events and obj_part in (events[0].object or "")


@pytest.mark.hanlp
@pytest.mark.parametrize(
    ("text", "obj"),
    [
        (LEAD + "某某量子科技有限公司完成数亿元Pre-IPO轮融资。", "数亿元Pre-IPO轮融资"),
        (LEAD + "某某火箭科技有限公司完成亿元天使++轮融资。", "亿元天使++轮融资"),
    ],
)
def test_financing_rounds_of_unlisted_companies(text: str, obj: str) -> None:
    events = [e for e in extract_article(_article(text)) if e.type.value == "financing"]
    assert events and events[0].object == obj
