"""build_digest: selection of the week, sections in print order, importance ordering, wording."""

from __future__ import annotations

from datetime import date

import pytest

from digest import DigestConfig, build_digest, busiest_week, select_week_events
from digest.importance import Level, body_level, event_level
from schemas import EventType, Modality, ParticipantKind, Section

GOV = ParticipantKind.government
WEEK = "2020-W30"


def test_digest_title_default_and_configurable_topic() -> None:
    assert build_digest([], WEEK).title == "产业区块链一周动态（2020年7月20日—7月26日）"
    config = DigestConfig(topic="新能源汽车")
    assert build_digest([], WEEK, config).title == "新能源汽车一周动态（2020年7月20日—7月26日）"


def test_digest_title_names_the_leading_items_of_the_week(make_event) -> None:
    """Editors title a week by what it holds: the most reported item first, as many as fit 40 characters."""
    events = [
        make_event("湖北省印发数据条例", day=date(2020, 7, 21)),
        make_event("深圳龙华区与腾讯共建产业区块链联盟", day=date(2020, 7, 22), outlets=("财联社", "巴比特")),
        make_event("新四板试水区块链", section=Section.research, day=date(2020, 7, 23)),
    ]
    digest = build_digest(events, WEEK, DigestConfig(topic="数字经济"))
    assert digest.title == "数字经济一周动态丨深圳龙华区与腾讯共建产业区块链联盟，湖北省印发数据条例"
    assert digest.period == "2020年7月20日—7月26日"
    long_second = [events[1], make_event("某某省某某市某某区人民政府与某某科技股份有限公司签署战略合作协议")]
    assert build_digest(long_second, WEEK).title == "产业区块链一周动态丨深圳龙华区与腾讯共建产业区块链联盟"


def test_digest_title_repeats_year_across_new_year() -> None:
    assert build_digest([], "2020-W53").title == "产业区块链一周动态（2020年12月28日—2021年1月3日）"


def test_digest_empty_week_says_so() -> None:
    digest = build_digest([], WEEK)
    assert digest.is_empty and digest.sections == ()
    assert digest.empty_message == "本周暂无产业区块链动态。"


def test_digest_sections_in_print_order_and_empty_ones_left_out(make_event) -> None:
    events = [
        make_event("其它", section=Section.other),
        make_event("上市公司项", section=Section.listed_company),
        make_event("政策项", section=Section.policy),
        make_event("研究项", section=Section.research),
    ]
    digest = build_digest(events, WEEK)
    assert [s.section for s in digest.sections] == [
        Section.policy, Section.research, Section.listed_company, Section.other
    ]
    assert all(section.items for section in digest.sections)


def test_digest_orders_by_outlets_then_level_then_date(make_event) -> None:
    city_late = make_event("市级晚", day=date(2020, 7, 24), participants=(("济南市人民政府", GOV),))
    city_early = make_event("市级早", day=date(2020, 7, 20), participants=(("福州市委办公厅", GOV),))
    provincial = make_event("省级", day=date(2020, 7, 25), participants=(("贵州省大数据发展领导小组", GOV),))
    national = make_event("国家级", day=date(2020, 7, 26), participants=(("工信部", GOV),))
    widely = make_event("多家报道", day=date(2020, 7, 26), outlets=("财联社", "巴比特", "长江日报"))
    events = [city_late, city_early, provincial, national, widely]
    headlines = [item.headline for item in build_digest(events, WEEK).sections[0].items]
    assert headlines == ["多家报道", "国家级", "省级", "市级早", "市级晚"]


def test_digest_order_does_not_depend_on_input_order(make_event) -> None:
    events = [make_event(f"项目{i}", day=date(2020, 7, 20 + i % 7)) for i in range(12)]
    forward = build_digest(events, WEEK)
    backward = build_digest(list(reversed(events)), WEEK)
    assert forward == backward


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("工信部", Level.national),
        ("国家发展和改革委员会", Level.national),
        ("中国证券监督管理委员会", Level.national),
        ("国务院办公厅", Level.national),
        ("贵州省大数据发展领导小组", Level.provincial),
        ("上海市人民政府", Level.provincial),
        ("济南市人民政府", Level.city),
        ("武汉市市场监督管理局", Level.city),
        ("深圳市龙华区人民政府", Level.district),
        ("深圳市腾讯计算机系统有限公司", Level.city),
        ("腾讯", Level.unknown),
    ],
)
def test_digest_body_level(name: str, level: Level) -> None:
    assert body_level(name) == level


def test_digest_event_level_ignores_companies_and_falls_back_to_region(make_event) -> None:
    company = make_event("公司", participants=(("深圳市腾讯计算机系统有限公司", ParticipantKind.company),),
                         region={"province": "广东省", "city": "深圳市"})
    assert event_level(company) == Level.city
    mixed = make_event("政企", participants=(("腾讯", ParticipantKind.company), ("工业和信息化部", GOV)))
    assert event_level(mixed) == Level.national
    assert event_level(make_event("无")) == Level.unknown


def test_digest_only_asserted_events(make_event) -> None:
    events = [
        make_event("已发生"),
        make_event("计划中", modality=Modality.planned),
        make_event("被否认", modality=Modality.negated),
    ]
    assert [item.headline for item in build_digest(events, WEEK).items] == ["已发生"]


def test_digest_week_selection_by_day_and_reported_on(make_event) -> None:
    inside = make_event("本周", day=date(2020, 7, 26))
    before = make_event("上周", day=date(2020, 7, 19))
    after = make_event("下周", day=date(2020, 7, 27))
    recent = make_event("近日", day=None, reported_on=date(2020, 7, 21), published=date(2020, 7, 21))
    month = make_event("七月", day=date(2020, 7, 1), precision="month", reported_on=date(2020, 7, 23))
    month_next_week = make_event("七月下周报道", day=date(2020, 7, 1), precision="month", reported_on=date(2020, 7, 28))
    chosen = {event.headline for event, _ in select_week_events(
        [inside, before, after, recent, month, month_next_week], WEEK)}
    assert chosen == {"本周", "近日", "七月"}


def test_digest_repost_places_undated_events_by_their_articles_dated_events(make_event) -> None:
    """Seed 004 is a 2025 repost of a 2020 digest: its 近日 items belong with its 7月 items."""
    dated = make_event("7月22日事件", day=date(2020, 7, 22), published=date(2025, 2, 25), article_id="repost")
    undated = make_event("近日事件", day=None, published=date(2025, 2, 25), article_id="repost")
    background = make_event("2016年白皮书", day=date(2016, 1, 1), precision="year", published=date(2025, 2, 25),
                            article_id="repost")
    chosen = [event.headline for event, _ in select_week_events([dated, undated, background], WEEK)]
    assert chosen == ["7月22日事件", "近日事件"]


def test_digest_undated_event_of_a_fresh_article_uses_its_publication_day(make_event) -> None:
    fresh = make_event("新闻", day=None, published=date(2020, 7, 23))
    assert [e.headline for e, _ in select_week_events([fresh], WEEK)] == ["新闻"]
    assert select_week_events([fresh], "2020-W31") == []


def test_digest_duplicate_ids_merge_their_outlets(make_event) -> None:
    first = make_event("同一事件", outlets=("财联社",))
    second = first.model_copy(deep=True)
    second.mentions[0] = second.mentions[0].model_copy(update={"source": "巴比特", "article_id": "other"})
    digest = build_digest([first, second], WEEK)
    assert digest.item_count == 1
    assert digest.items[0].outlets == 2
    assert len(first.mentions) == 1  # the inputs are not changed


def test_digest_item_summary_has_date_and_parties_but_no_place_note(make_event) -> None:
    event = make_event(
        "珠海牵手蚂蚁集团",
        day=date(2020, 7, 20),
        sentence="珠海市不动产登记中心和蚂蚁集团签订合作框架协议。双方将合作共创区块链不动产登记方案。",
        participants=(("珠海市不动产登记中心", ParticipantKind.other), ("蚂蚁集团", ParticipantKind.company)),
        region={"province": "广东省", "city": "珠海市"},
        event_type=EventType.signing,
        section=Section.application,
    )
    item = build_digest([event], WEEK).items[0]
    assert item.summary.startswith("7月20日，珠海市不动产登记中心和蚂蚁集团签订合作框架协议。")
    assert "地点" not in item.summary  # issue 14: editors don't tack a place note onto every item
    assert item.date_text == "7月20日" and item.place == "广东省珠海市"
    assert item.parties == ("珠海市不动产登记中心", "蚂蚁集团")
    assert 1 <= item.summary.count("。") <= 3


def test_digest_summary_is_clipped_at_a_sentence(make_event) -> None:
    long = "。".join(f"第{i}句话说明了很多很多很多很多很多细节" for i in range(40)) + "。"
    item = build_digest([make_event("长", sentence=long)], WEEK, DigestConfig(max_summary_chars=80)).items[0]
    assert len(item.summary) <= 90 and item.summary.endswith("。")


def test_digest_sources_one_per_outlet_and_only_http_links(make_event) -> None:
    event = make_event("多源", outlets=("财联社", "财联社", "巴比特"))
    assert sorted(s.outlet for s in build_digest([event], WEEK).items[0].sources) == ["巴比特", "财联社"]
    assert build_digest([event], WEEK).items[0].outlets == 2
    unsafe = make_event("脚本链接", url="javascript:alert({n})")
    assert build_digest([unsafe], WEEK).items[0].sources[0].url is None


def test_digest_headline_fallback_when_extractor_gave_none(make_event) -> None:
    event = make_event("贵阳贵安区块链发展三年行动计划", participants=(("贵州省大数据发展领导小组", GOV),))
    event = event.model_copy(update={"headline": ""})
    expected = "贵州省大数据发展领导小组发布《贵阳贵安区块链发展三年行动计划》"
    assert build_digest([event], WEEK).items[0].headline == expected


def test_digest_busiest_week(make_event) -> None:
    events = [make_event(f"a{i}", day=date(2020, 7, 21)) for i in range(3)]
    events += [make_event(f"b{i}", day=date(2020, 7, 28)) for i in range(2)]
    events += [make_event("planned", day=date(2020, 7, 28), modality=Modality.planned)]
    assert busiest_week(events) == "2020-W30"
    with pytest.raises(ValueError):
        busiest_week([])


def test_digest_bad_week_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="2020-30"):
        build_digest([], "2020-30")


def test_digest_sentences_do_not_split_inside_titles() -> None:
    from digest.text import split_sentences

    text = "巴比特发布文章《产业区块链破局路在何方？》。第二句！第三句"
    assert split_sentences(text) == ["巴比特发布文章《产业区块链破局路在何方？》。", "第二句！", "第三句"]
