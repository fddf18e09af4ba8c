"""Argument clean-up without the JVM: bylines, dates and counts glued to names, role clauses, aliases,
referents, sections, summaries, planned establishments and articles without a date."""

from __future__ import annotations

from datetime import date

from nlp.arguments import clean_name, role_names, split_enumeration, split_juxtaposed
from nlp.dating import anchor_of, mentions_of
from nlp.headline import strip_lead
from nlp.modality import modality_of
from nlp.orgs import aliases_in, expand_alias, normalize_name
from nlp.sections import section_for
from schemas import Article, Event, EventDate, EventType, Mention, Modality, Participant, Section


def test_clean_name_drops_byline_tail_dates_counts_and_descriptors() -> None:
    assert clean_name("王明）智能装备制造商南京祥瑞机器人有限公司") == "南京祥瑞机器人有限公司"
    assert clean_name("国家数据局4日") == "国家数据局"
    assert clean_name("李华）12日上午") == ""
    assert clean_name("中国科学院计算技术研究所三") == "中国科学院计算技术研究所"
    assert clean_name("上市公司金陵数智科技股份有限公司") == "金陵数智科技股份有限公司"


def test_role_clauses_name_hosts_and_investors() -> None:
    text = ("论坛由江苏省工业和信息化厅、南京市人民政府共同主办，南京市数据局承办。"
            "本轮融资由紫金资本领投，钟山创投、秦淮产业基金跟投。")
    names = [p.text for p in role_names(text, ("主办", "承办", "领投", "跟投"))]
    assert names == ["江苏省工业和信息化厅", "南京市人民政府", "南京市数据局", "紫金资本", "钟山创投", "秦淮产业基金"]
    assert [x for x, _ in split_enumeration("国家发展和改革委员会、南京大学和紫金资本")] == [
        "国家发展和改革委员会", "南京大学", "紫金资本"]


def test_juxtaposed_names_are_split_and_tails_dropped() -> None:
    assert split_juxtaposed("长江数字产业联盟金陵人工智能研究院调研国内数百家") == [
        "长江数字产业联盟", "金陵人工智能研究院"]


def test_aliases_expand_short_names() -> None:
    aliases = aliases_in("近日，算力服务商南京云脉智算科技有限公司（以下简称“云脉智算”）宣布完成融资。")
    assert aliases == {"云脉智算": "南京云脉智算科技有限公司"}
    assert expand_alias("云脉智", aliases) == "南京云脉智算科技有限公司"


def test_place_names_in_full_form() -> None:
    assert normalize_name("南京") == "南京市"
    assert normalize_name("深圳龙华区人民政府") == "深圳市龙华区人民政府"
    assert normalize_name("武汉东湖新技术开发区管理委员会") == "武汉东湖新技术开发区管理委员会"


def test_summary_drops_outlet_lead_and_byline() -> None:
    assert strip_lead("南京日报6月2日讯（记者 王明 通讯员 李华）1日，论坛开幕。") == "1日，论坛开幕。"
    assert strip_lead("（记者 王明）1日，论坛开幕。") == "1日，论坛开幕。"


def test_planned_cue_far_from_trigger_and_directives() -> None:
    s = "公司拟以自有资金不超过2亿元在苏州投资设立全资子公司。"
    at = s.index("设立")
    assert modality_of(s, at, at + 2, "establishment") == Modality.planned
    s2 = "支持高校与企业加快组建联合实验室。"
    at2 = s2.index("组建")
    assert modality_of(s2, at2, at2 + 2, "establishment") == Modality.planned
    s3 = "公司已于5月在苏州设立全资子公司。"
    at3 = s3.index("设立")
    assert modality_of(s3, at3, at3 + 2, "establishment") == Modality.asserted


def test_article_without_date_keeps_absolute_dates_only() -> None:
    text = "2025年3月5日，南京市印发《南京市算力发展方案》。12日，论坛开幕。"
    undated = Article(id="u1", source="测试", published_at=None, text=text)
    anchor = anchor_of(undated)
    assert anchor is not None and anchor.year == 2025
    no_year = Article(id="u2", source="测试", published_at=None, text="12日，论坛开幕。近日，平台上线。")
    assert anchor_of(no_year) is None
    mentions = mentions_of(no_year.text, None)
    assert all(m.value is None for m in mentions)
    absolute = mentions_of("2024年6月1日平台上线，12日论坛开幕。", None)
    assert [m.as_text() for m in absolute if m.value] == ["2024-06-01"]


def _ev(etype: EventType, obj: str, sentence: str, names: tuple[str, ...] = (), kind: str = "company") -> Event:
    return Event(type=etype, object=obj, date=EventDate(value=date(2026, 6, 1), precision="day"),
                 participants=[Participant(name=n, kind=kind) for n in names],  # type: ignore[arg-type]
                 mentions=[Mention(article_id="a", source="s", sentence=sentence, start=0, end=len(sentence))])


def test_sections_follow_the_editors() -> None:
    assert section_for(_ev(EventType.meeting, "算力大会", "算力大会开幕。")) == Section.other
    assert section_for(_ev(EventType.financing, "3亿元B轮融资", "某公司完成3亿元B轮融资。")) == Section.other
    assert section_for(_ev(EventType.approval, "车联网先导区", "工信部批复先导区。", kind="government")) == \
        Section.application
    assert section_for(_ev(EventType.signing, "项目集中签约", "8个项目集中签约，总投资30亿元。")) == Section.other
    assert section_for(_ev(EventType.establishment, "氢能产业园", "氢能产业园揭牌。")) == Section.alliance


def test_aliases_in_every_form_the_patterns_take() -> None:
    """`aliases_in` looks for what a definition must hold before trying its patterns: each form is still found."""
    text = ("跨境银行间支付清算有限责任公司（跨境清算公司）与江城链科信息技术有限公司(下称“江城链科”)签约；"
            "光谷数据研究院（简称光谷数研）参与。")
    assert aliases_in(text) == {"江城链科": "江城链科信息技术有限公司", "光谷数研": "光谷数据研究院",
                                "跨境清算公司": "跨境银行间支付清算有限责任公司"}
    assert aliases_in("没有任何简称的句子（附注）。") == {}
