"""The `Store` contract (see `store/base.py`), checked against every backend through the `store` fixtures only.

`loaded` is a shared store holding `data.EVENTS` and `data.ARTICLES` (read-only tests); `store` is an empty one
for tests that write. Expected answers are named events from `data`, or for counts and text search a reference
computed here from the same events by the contract's own definition.

Pinned where `store/base.py` leaves a choice open, so that every backend answers alike:
* the `date_desc` order is the `date_asc` order reversed (date, then id, both descending), except that unknown
  dates come last in both;
* the `month` of a year-precision date is January of that year (``YYYY-MM`` of its date value);
* `articles(since)` and the days of `week_events` are calendar days in Asia/Shanghai;
* an event given twice in one call counts once per input: created, then updated or unchanged.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from itertools import product

import pytest

from schemas import Article, Event, EventType, Mention, Section
from schemas.weeks import iso_week_of
from store.base import COUNT_KEYS, MAX_PAGE_SIZE, CountRow, Store, TimelineQuery, UpsertResult
from tests.contract import data
from tests.contract.data import EVENTS, ids

ALL = list(EVENTS.values())


def everything(**filters: object) -> TimelineQuery:
    return TimelineQuery(limit=MAX_PAGE_SIZE, **filters)


def found(store: Store, **filters: object) -> set[str]:
    """Ids of all events matching the filters; also checks that `total` agrees with them."""
    page = store.timeline(everything(**filters))
    assert page.total == len(page.events)
    return {e.id for e in page.events}


def in_order(events: list[Event], *, descending: bool = False) -> list[str]:
    """The contract's order: by date then id (both reversed when descending), unknown dates last."""
    dated = sorted((e for e in events if e.date.value), key=lambda e: (e.date.value, e.id), reverse=descending)
    undated = sorted((e for e in events if not e.date.value), key=lambda e: e.id, reverse=descending)
    return [e.id for e in dated + undated]


def searchable(event: Event) -> list[str]:
    texts = [event.headline, event.object or "", event.summary]
    return texts + [m.sentence for m in event.mentions] + [m.title or "" for m in event.mentions]


def containing(text: str) -> set[str]:
    """Events with `text` in one of their searchable texts, by the contract's definition (case-insensitive)."""
    return {e.id for e in ALL if any(text.lower() in t.lower() for t in searchable(e))}


def keys_of(event: Event, key: str) -> list[str | None]:
    """The values an event counts under for `key`: one, or one per distinct participant / outlet (None for none)."""
    region = event.region
    if key == "org":
        return list(dict.fromkeys(p.normalized for p in event.participants)) or [None]
    if key == "outlet":
        return list(dict.fromkeys(m.source for m in event.mentions)) or [None]
    return [{
        "type": event.type.value,
        "section": event.section.value,
        "province": region.province if region else None,
        "city": region.city if region else None,
        "district": region.district if region else None,
        "month": event.date.value.isoformat()[:7] if event.date.value else None,
        "week": iso_week_of(event.date.value) if event.date.value else None,
    }[key]]


def as_counter(rows: list[CountRow]) -> Counter[tuple[tuple[str, str | None], ...]]:
    counter: Counter[tuple[tuple[str, str | None], ...]] = Counter()
    for row in rows:
        key = tuple(sorted(row.key.items()))
        assert key not in counter, f"bucket {key} appears twice"
        counter[key] = row.count
    return counter


def expected_counts(by: list[str], events: list[Event]) -> Counter[tuple[tuple[str, str | None], ...]]:
    counter: Counter[tuple[tuple[str, str | None], ...]] = Counter()
    for event in events:
        for values in product(*(keys_of(event, k) for k in by)):
            counter[tuple(sorted(zip(by, values, strict=True)))] += 1
    return counter


def with_mentions(event: Event, mentions: list[Mention], **changes: object) -> Event:
    """The same event (same id) with other mentions and changed non-identifying fields."""
    return event.model_copy(update={"mentions": mentions, **changes})


# ---- upserts -----------------------------------------------------------------------------------------------


def test_store_upsert_events_twice_changes_nothing(store: Store) -> None:
    first = store.upsert_events(ALL)
    second = store.upsert_events(ALL)

    assert (first.created, first.updated, first.unchanged, first.failed) == (len(ALL), 0, 0, 0)
    assert (second.created, second.updated, second.unchanged, second.failed) == (0, 0, len(ALL), 0)
    assert store.count_events() == len(ALL)
    assert found(store) == {e.id for e in ALL}


def test_store_upsert_articles_twice_changes_nothing(store: Store) -> None:
    first = store.upsert_articles(data.ARTICLES)
    second = store.upsert_articles(data.ARTICLES)

    assert (first.created, first.updated, first.unchanged) == (len(data.ARTICLES), 0, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, len(data.ARTICLES))
    assert store.count_articles() == len(data.ARTICLES)


def test_store_upsert_article_with_new_text_is_updated(store: Store) -> None:
    original = data.ARTICLES[0]
    store.upsert_articles([original])
    revised = Article(**original.model_dump(exclude={"content_hash"}) | {"text": original.text + "（记者 张三）"})

    result = store.upsert_articles([revised])

    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert store.count_articles() == 1
    assert store.get_article(original.id) == revised
    assert store.content_hashes([original.url]) == {original.url: revised.content_hash}
    assert revised.content_hash != original.content_hash


def test_store_event_seen_again_gains_its_new_mentions(store: Store) -> None:
    signing = EVENTS["tencent_jianghan_signing"]
    first_report, second_report = signing.mentions
    store.upsert_events([with_mentions(signing, [first_report])])

    result = store.upsert_events([with_mentions(signing, [second_report], headline="腾讯云牵手江汉区共建智慧城市")])

    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    stored = store.get_event(signing.id)
    assert stored is not None
    assert [(m.article_id, m.start) for m in stored.mentions] == [("cjrb-20200723-02", 12), ("cls-20200723-17", 0)]
    assert stored.corroboration == 2
    assert stored.headline == "腾讯云牵手江汉区共建智慧城市"
    assert store.count_events() == 1


def test_store_event_with_only_known_mentions_and_same_fields_is_unchanged(store: Store) -> None:
    signing = EVENTS["tencent_jianghan_signing"]
    store.upsert_events([signing])

    result = store.upsert_events([with_mentions(signing, signing.mentions[:1])])

    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert store.get_event(signing.id) == signing


def test_store_event_update_replaces_what_queries_see(store: Store) -> None:
    """Other fields take the newer values, and filters and text search follow them (no stale index rows)."""
    approval = EVENTS["hangzhou_ai_zone_approval"]
    store.upsert_events([approval])
    miit, hangzhou = approval.participants
    renamed = [miit.model_copy(update={"name": "工业和信息化部科技司"}), hangzhou]
    newer = with_mentions(
        approval,
        [],
        summary="先导区将重点建设城市大脑和智能制造应用场景。",
        section=Section.other,
        participants=renamed,
        confidence=0.9,
    )
    assert newer.id == approval.id

    result = store.upsert_events([newer])

    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    stored = store.get_event(approval.id)
    assert stored is not None
    assert (stored.summary, stored.section, stored.confidence) == (newer.summary, Section.other, 0.9)
    assert stored.participants == renamed
    assert stored.mentions == approval.mentions
    assert found(store, sections=[Section.other]) == {approval.id}
    assert found(store, sections=[Section.policy]) == set()
    assert found(store, text="城市大脑") == {approval.id}
    assert found(store, text="第四个获批") == set()
    assert found(store, participant="科技司") == {approval.id}
    assert found(store, participant="工信部") == set()
    assert store.count_events() == 1


def test_store_same_event_twice_in_one_call_is_one_record(store: Store) -> None:
    plan = EVENTS["wuhan_blockchain_plan"]

    result = store.upsert_events([plan, plan])

    assert (result.created, result.updated, result.unchanged) == (1, 0, 1)
    assert store.count_events() == 1


def test_store_same_event_with_other_mentions_in_one_call_merges(store: Store) -> None:
    signing = EVENTS["tencent_jianghan_signing"]
    first_report, second_report = signing.mentions

    result = store.upsert_events([with_mentions(signing, [second_report]), with_mentions(signing, [first_report])])

    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    stored = store.get_event(signing.id)
    assert stored is not None
    assert {m.article_id for m in stored.mentions} == {"cjrb-20200723-02", "cls-20200723-17"}
    assert store.count_events() == 1


def test_store_upsert_result_adds_up_over_calls(store: Store) -> None:
    total = store.upsert_events(ALL[:5]) + store.upsert_events(ALL)

    assert total == UpsertResult(created=len(ALL), unchanged=5)


# ---- get, count, articles -----------------------------------------------------------------------------------


def test_store_get_returns_what_was_stored(loaded: Store) -> None:
    for event in ALL:
        assert loaded.get_event(event.id) == event
    for article in data.ARTICLES:
        assert loaded.get_article(article.id) == article


def test_store_get_unknown_id_is_none(loaded: Store) -> None:
    assert loaded.get_event("ev_0000000000000000") is None
    assert loaded.get_article("0000000000000000") is None


def test_store_counts_records(loaded: Store) -> None:
    assert loaded.count_events() == len(EVENTS)
    assert loaded.count_articles() == len(data.ARTICLES)


def test_store_content_hashes_of_known_urls_only(loaded: Store) -> None:
    with_url = [a for a in data.ARTICLES if a.url]
    unknown = "https://news.example.cn/never-crawled.html"

    hashes = loaded.content_hashes([a.url for a in with_url if a.url] + [unknown])

    assert hashes == {a.url: a.content_hash for a in with_url}
    assert loaded.content_hashes([]) == {}


def test_store_articles_oldest_first_undated_last(loaded: Store) -> None:
    dated = sorted((a for a in data.ARTICLES if a.published_at), key=lambda a: (a.published_at, a.id))
    undated = sorted((a for a in data.ARTICLES if not a.published_at), key=lambda a: a.id)
    assert undated, "test data drifted"

    assert [a.id for a in loaded.articles()] == [a.id for a in dated + undated]


def test_store_articles_since_is_an_inclusive_shanghai_day(loaded: Store) -> None:
    """00:30 in Shanghai on the 22nd and 23:30 UTC on the 21st are both on the 22nd; 23:59 on the 21st is not."""
    since = list(loaded.articles(since=date(2020, 7, 22)))

    assert [a.title for a in since] == [
        "武汉今日凌晨发布暴雨蓝色预警",
        "Wuhan publishes blockchain plan",
        "武汉出台区块链产业三年行动计划",
    ]
    assert list(loaded.articles(since=date(2020, 7, 23))) == []


# ---- timeline filters -------------------------------------------------------------------------------------------


def test_timeline_without_filters_returns_everything(loaded: Store) -> None:
    assert found(loaded) == {e.id for e in ALL}


def test_timeline_date_from_is_inclusive_and_drops_unknown_dates(loaded: Store) -> None:
    assert found(loaded, date_from=date(2020, 12, 31)) == ids(
        "hubei_digital_economy_plan", "fiberhome_5g_platform", "optics_valley_report", "nanjing_ic_summit"
    )


def test_timeline_date_to_is_inclusive_and_drops_unknown_dates(loaded: Store) -> None:
    assert found(loaded, date_to=date(2020, 3, 24)) == ids("guangzhou_suihaoban_launch", "miit_5g_notice")


def test_timeline_date_range_compares_the_date_value(loaded: Store) -> None:
    """A month-precision event dated 2020-07 has the value 2020-07-01: a range starting on the 2nd misses it."""
    july = found(loaded, date_from=date(2020, 7, 1), date_to=date(2020, 7, 31))
    from_second = found(loaded, date_from=date(2020, 7, 2), date_to=date(2020, 7, 31))

    assert july - from_second == ids("wuhan_blockchain_institute")
    assert from_second == ids(
        "hangzhou_ai_zone_approval",
        "wuhan_blockchain_plan",
        "wuhan_5g_meeting",
        "tencent_jianghan_signing",
        "caict_blockchain_whitepaper",
        "waic_shanghai_meeting",
    )


def test_timeline_one_type(loaded: Store) -> None:
    assert found(loaded, types=[EventType.signing]) == ids("tencent_jianghan_signing", "xiamen_kunpeng_signing")


def test_timeline_several_types_match_any(loaded: Store) -> None:
    assert found(loaded, types=[EventType.approval, EventType.financing]) == ids(
        "hangzhou_ai_zone_approval", "xian_backbone_approval", "shenzhen_chain_financing"
    )


def test_timeline_sections_match_any(loaded: Store) -> None:
    assert found(loaded, sections=[Section.research, Section.listed_company]) == ids(
        "caict_blockchain_whitepaper", "optics_valley_report", "fiberhome_5g_platform"
    )


def test_timeline_province(loaded: Store) -> None:
    assert found(loaded, province="湖北省") == ids(
        "wuhan_blockchain_plan",
        "wuhan_5g_meeting",
        "tencent_jianghan_signing",
        "wuhan_blockchain_institute",
        "hubei_digital_economy_plan",
        "fiberhome_5g_platform",
        "optics_valley_report",
    )


def test_timeline_city(loaded: Store) -> None:
    assert found(loaded, city="武汉市") == found(loaded, province="湖北省") - ids("hubei_digital_economy_plan")
    assert found(loaded, city="广州市") == ids("guangzhou_suihaoban_launch")


def test_timeline_province_and_city_are_exact(loaded: Store) -> None:
    assert found(loaded, province="湖北") == set()
    assert found(loaded, city="武汉") == set()


def test_timeline_participant_substring_of_name(loaded: Store) -> None:
    assert found(loaded, participant="腾讯") == ids("tencent_jianghan_signing")
    assert found(loaded, participant="工信部") == ids("hangzhou_ai_zone_approval", "miit_5g_notice")


def test_timeline_participant_substring_of_normalised_name(loaded: Store) -> None:
    assert found(loaded, participant="有限责任公司") == ids("tencent_jianghan_signing")
    assert found(loaded, participant="信息通信研究院") == ids("caict_blockchain_whitepaper")


def test_timeline_participant_common_part(loaded: Store) -> None:
    assert found(loaded, participant="人民政府") == {
        e.id for e in ALL if any("人民政府" in p.name or "人民政府" in p.normalized for p in e.participants)
    }
    assert found(loaded, participant="阿里巴巴") == set()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        pytest.param("区块链", None, id="3-char-many"),
        pytest.param("战略合作协议", ["tencent_jianghan_signing"], id="object-and-headline"),
        pytest.param("智联世界", ["waic_shanghai_meeting"], id="summary-only"),
        pytest.param("西北地区", ["xian_backbone_approval"], id="summary-undated"),
        pytest.param("深圳数链未来科技有限公司宣布", ["shenzhen_chain_financing"], id="evidence-only"),
        pytest.param("共建智慧城市", ["tencent_jianghan_signing"], id="article-title-only"),
        pytest.param("融资", ["shenzhen_chain_financing"], id="2-char"),
        pytest.param("白皮", ["caict_blockchain_whitepaper"], id="2-char-inside-word"),
        pytest.param("链", None, id="1-char"),
        pytest.param("5G", None, id="2-char-latin-digit"),
        pytest.param("量子计算", [], id="absent"),
    ],
)
def test_timeline_text_is_a_substring(loaded: Store, text: str, names: list[str] | None) -> None:
    expected = containing(text)
    if names is not None:
        assert expected == ids(*names), "test data drifted"
    else:
        assert 1 < len(expected) < len(ALL), "test data drifted"

    assert found(loaded, text=text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("合作协议智慧城市", id="headline-into-object"),
        pytest.param("合作协议双方", id="object-into-summary"),
        pytest.param("合作协议财联社", id="sentence-into-next-sentence"),
        pytest.param("协议财", id="3-char-across"),
    ],
)
def test_timeline_text_never_spans_two_texts(loaded: Store, text: str) -> None:
    assert containing(text) == set(), "test data drifted"

    assert found(loaded, text=text) == set()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("区块链 研究院", id="two-words"),
        pytest.param("武汉 5G", id="2-char-and-latin"),
        pytest.param("链 白皮书", id="1-char-and-3-char"),
        pytest.param("  战略合作   区块链 ", id="extra-spaces"),
        pytest.param("合作协议 城市大脑", id="words-in-different-texts"),
    ],
)
def test_timeline_text_words_are_all_required(loaded: Store, text: str) -> None:
    words = text.split()
    expected = set.intersection(*(containing(w) for w in words))
    assert expected, "test data drifted"
    assert any(expected < containing(w) for w in words), "test data drifted: no word narrows the others"

    assert found(loaded, text=text) == expected


def test_timeline_text_word_absent_anywhere_finds_nothing(loaded: Store) -> None:
    assert found(loaded, text="区块链 量子计算") == set()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        pytest.param('"Kunpeng Ecosystem"', ["xiamen_kunpeng_signing"], id="phrase"),
        pytest.param('"ecosystem center"', ["xiamen_kunpeng_signing"], id="phrase-case-insensitive"),
        pytest.param('"Ecosystem Kunpeng"', [], id="phrase-order-matters"),
        pytest.param("Ecosystem Kunpeng", ["xiamen_kunpeng_signing"], id="words-in-any-order"),
        pytest.param('鲲鹏 "Ecosystem Center"', ["xiamen_kunpeng_signing"], id="word-and-phrase"),
        pytest.param('区块链 "Ecosystem Center"', [], id="word-and-phrase-in-different-events"),
    ],
)
def test_timeline_text_quoted_phrases_are_kept_whole(loaded: Store, text: str, names: list[str]) -> None:
    assert found(loaded, text=text) == ids(*names)


def test_timeline_district(loaded: Store) -> None:
    assert found(loaded, district="江汉区") == ids("tencent_jianghan_signing")
    assert found(loaded, district="东湖新技术开发区", city="武汉市") == ids("optics_valley_report")
    assert found(loaded, district="光谷") == set()  # exact: short names are resolved before the store


def test_timeline_participant_aliases_match_any(loaded: Store) -> None:
    assert found(loaded, participant="工业和信息化部科技司") == set()
    assert found(loaded, participant="工业和信息化部科技司", participant_aliases=["工信部"]) == ids(
        "hangzhou_ai_zone_approval", "miit_5g_notice"
    )
    assert found(loaded, participant="腾讯", participant_aliases=["华为", "数链"]) == ids(
        "tencent_jianghan_signing", "xiamen_kunpeng_signing", "shenzhen_chain_financing"
    )
    assert found(loaded, participant="腾讯", participant_aliases=["华为"], province="湖北省") == ids(
        "tencent_jianghan_signing"
    )


def test_timeline_filters_combine_with_and(loaded: Store) -> None:
    july = {"date_from": date(2020, 7, 1), "date_to": date(2020, 7, 31)}
    hubei_july = found(loaded, province="湖北省", **july)
    assert hubei_july == ids(
        "wuhan_blockchain_plan", "wuhan_5g_meeting", "tencent_jianghan_signing", "wuhan_blockchain_institute"
    )

    assert found(loaded, province="湖北省", types=[EventType.signing, EventType.meeting], **july) == ids(
        "tencent_jianghan_signing", "wuhan_5g_meeting"
    )
    assert found(loaded, city="武汉市", sections=[Section.other], text="5G", **july) == ids("wuhan_5g_meeting")
    assert found(loaded, province="湖北省", participant="腾讯", text="江汉", **july) == ids(
        "tencent_jianghan_signing"
    )
    assert found(loaded, province="湖北省", participant="腾讯", types=[EventType.meeting]) == set()
    assert found(loaded, province="浙江省", participant="工信部", text="先导区") == ids("hangzhou_ai_zone_approval")


# ---- order and pages ------------------------------------------------------------------------------------------


def test_timeline_sort_ascending(loaded: Store) -> None:
    page = loaded.timeline(everything(sort="date_asc"))

    assert [e.id for e in page.events] == in_order(ALL)
    assert [e.date.value for e in page.events][-2:] == [None, None]


def test_timeline_sort_descending_keeps_unknown_dates_last(loaded: Store) -> None:
    page = loaded.timeline(everything(sort="date_desc"))

    assert [e.id for e in page.events] == in_order(ALL, descending=True)
    assert page.events[0].id == EVENTS["nanjing_ic_summit"].id
    assert [e.date.value for e in page.events][-2:] == [None, None]


def test_timeline_same_date_is_ordered_by_id(loaded: Store) -> None:
    same_day = sorted(ids("wuhan_blockchain_plan", "wuhan_5g_meeting"))
    on_the_22nd = {"date_from": date(2020, 7, 22), "date_to": date(2020, 7, 22)}

    assert [e.id for e in loaded.timeline(TimelineQuery(sort="date_asc", **on_the_22nd)).events] == same_day
    assert [e.id for e in loaded.timeline(TimelineQuery(sort="date_desc", **on_the_22nd)).events] == same_day[::-1]


@pytest.mark.parametrize("sort", ["date_asc", "date_desc"])
@pytest.mark.parametrize("limit", [1, 4, 5])
def test_timeline_pages_are_stable_and_disjoint(loaded: Store, sort: str, limit: int) -> None:
    seen: list[str] = []
    for offset in range(0, len(ALL) + limit, limit):
        page = loaded.timeline(TimelineQuery(sort=sort, limit=limit, offset=offset))
        assert page.total == len(ALL)
        assert len(page.events) == min(limit, max(0, len(ALL) - offset))
        seen += [e.id for e in page.events]

    assert seen == in_order(ALL, descending=sort == "date_desc")


def test_timeline_filtered_pages_follow_the_filtered_order(loaded: Store) -> None:
    hubei = [e for e in ALL if e.region and e.region.province == "湖北省"]
    query = TimelineQuery(province="湖北省", sort="date_asc", limit=2)
    pages = [loaded.timeline(query.model_copy(update={"offset": offset})) for offset in (0, 2, 4, 6)]

    assert [e.id for page in pages for e in page.events] == in_order(hubei)
    assert {page.total for page in pages} == {len(hubei)}


def test_timeline_offset_past_the_end_is_empty(loaded: Store) -> None:
    page = loaded.timeline(TimelineQuery(offset=len(ALL) + 10))

    assert page.total == len(ALL)
    assert page.events == []


# ---- counts ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", COUNT_KEYS)
def test_counts_by_one_key(loaded: Store, key: str) -> None:
    rows = loaded.counts([key])

    assert as_counter(rows) == expected_counts([key], ALL)
    if key not in ("org", "outlet"):  # many-valued: an event counts under each of its values
        assert sum(r.count for r in rows) == len(ALL)


@pytest.mark.parametrize(
    "by",
    [
        ["province", "city"],
        ["type", "month"],
        ["city", "type"],
        ["section", "province", "month"],
        ["org", "week"],
        ["outlet", "district"],
        ["org", "outlet"],
        list(COUNT_KEYS),
    ],
)
def test_counts_by_several_keys(loaded: Store, by: list[str]) -> None:
    assert as_counter(loaded.counts(by)) == expected_counts(by, ALL)


def test_counts_month_buckets(loaded: Store) -> None:
    months = {row.key["month"]: row.count for row in loaded.counts(["month"])}

    assert months["2020-07"] == 7
    assert months["2021-01"] == 3  # the 3rd, the 4th, and the year-precision 2021 report
    assert months["2020-12"] == 3
    assert months[None] == 2


def test_counts_province_none_for_events_without_region(loaded: Store) -> None:
    provinces = {row.key["province"]: row.count for row in loaded.counts(["province"])}

    assert provinces[None] == 1
    assert provinces["湖北省"] == 7


def test_counts_apply_the_query_filters(loaded: Store) -> None:
    query = TimelineQuery(province="湖北省", date_from=date(2020, 7, 1), limit=1, offset=3, sort="date_asc")
    hubei = [e for e in ALL if e.region and e.region.province == "湖北省"]
    matching = [e for e in hubei if e.date.value and e.date.value >= date(2020, 7, 1)]

    assert as_counter(loaded.counts(["city", "month"], query)) == expected_counts(["city", "month"], matching)
    assert as_counter(loaded.counts(["type"], TimelineQuery(text="区块链"))) == expected_counts(
        ["type"], [e for e in ALL if e.id in containing("区块链")]
    )


def test_counts_org_and_outlet_count_an_event_once_per_value(loaded: Store) -> None:
    orgs = {row.key["org"]: row.count for row in loaded.counts(["org"])}
    outlets = {row.key["outlet"]: row.count for row in loaded.counts(["outlet"])}

    assert orgs["工业和信息化部"] == 2
    assert outlets["财联社"] == len({e.id for e in ALL if any(m.source == "财联社" for m in e.mentions)})
    assert sum(outlets.values()) > len(ALL)  # one event reported by two outlets counts under both


def test_counts_week_is_the_iso_week_of_the_date(loaded: Store) -> None:
    weeks = {row.key["week"]: row.count for row in loaded.counts(["week"], TimelineQuery(province="湖北省"))}

    assert weeks["2020-W30"] == 3  # the 22nd (two) and the 23rd; the month-precision 2020-07-01 is in W27
    assert weeks["2020-W53"] == 3  # 31 December, 3 January, and the year-precision 2021-01-01 (a Friday)


def test_counts_reject_unknown_keys(loaded: Store) -> None:
    with pytest.raises(ValueError, match="county"):
        loaded.counts(["county"])  # type: ignore[list-item]


# ---- weeks -------------------------------------------------------------------------------------------------------


def test_week_events_day_dates_and_reported_coarse_dates(loaded: Store) -> None:
    week = loaded.week_events("2020-W30")

    assert [e.id for e in week] == in_order(
        [
            EVENTS[name]
            for name in (
                "hangzhou_ai_zone_approval",
                "wuhan_blockchain_plan",
                "wuhan_5g_meeting",
                "tencent_jianghan_signing",
                "caict_blockchain_whitepaper",
                "wuhan_blockchain_institute",
                "shenzhen_chain_financing",
            )
        ]
    )
    assert week[0].id == EVENTS["wuhan_blockchain_institute"].id  # month precision: 2020-07-01 sorts first
    assert week[-1].id == EVENTS["shenzhen_chain_financing"].id  # unknown date: last


def test_week_events_across_the_new_year(loaded: Store) -> None:
    """2020-W53 is 28 Dec 2020 – 3 Jan 2021. The year-precision report (value 2021-01-01) was reported in March;
    the Xiamen signing of the Sunday before was reported on the Monday: neither belongs to the week."""
    week = loaded.week_events("2020-W53")

    assert [e.id for e in week] == in_order(
        [EVENTS["chengdu_blockchain_alliance"], EVENTS["hubei_digital_economy_plan"], EVENTS["fiberhome_5g_platform"]]
    )


def test_week_events_next_week(loaded: Store) -> None:
    assert [e.id for e in loaded.week_events("2020-W31")] == [EVENTS["waic_shanghai_meeting"].id]
    assert [e.id for e in loaded.week_events("2021-W01")] == [EVENTS["nanjing_ic_summit"].id]


def test_week_events_empty_week(loaded: Store) -> None:
    assert loaded.week_events("2018-W10") == []


@pytest.mark.parametrize("week", ["2020-30", "2021-W53", "2020-W00", "W30", "2020-W3x", ""])
def test_week_events_bad_iso_week(loaded: Store, week: str) -> None:
    with pytest.raises(ValueError, match="ISO week"):
        loaded.week_events(week)
