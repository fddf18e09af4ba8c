"""Analyst search through `eventline.search.resolve_query` on every backend: short place names, adcodes and
organisation aliases find the same events as the full names, on SQLite and Elasticsearch alike."""

from __future__ import annotations

import pytest

from eventline.search import UnknownPlace, org_aliases, resolve_query
from schemas import Event, EventDate, EventType, Mention, Participant, ParticipantKind
from store.base import MAX_PAGE_SIZE, Store, TimelineQuery
from tests.contract.data import ids


def resolved(store: Store, place: str | None = None, **filters: object) -> set[str]:
    page = store.timeline(resolve_query(TimelineQuery(limit=MAX_PAGE_SIZE, **filters), place=place))
    assert page.total == len(page.events)
    return {e.id for e in page.events}


HUBEI_NAMES = [
    "wuhan_blockchain_plan",
    "wuhan_5g_meeting",
    "tencent_jianghan_signing",
    "wuhan_blockchain_institute",
    "hubei_digital_economy_plan",
    "fiberhome_5g_platform",
    "optics_valley_report",
]
HUBEI = ids(*HUBEI_NAMES)


@pytest.mark.parametrize("province", ["湖北", "湖北省", " 湖北 "])
def test_search_province_short_name(loaded: Store, province: str) -> None:
    assert resolved(loaded, province=province) == HUBEI


@pytest.mark.parametrize("city", ["武汉", "武汉市"])
def test_search_city_short_name(loaded: Store, city: str) -> None:
    assert resolved(loaded, city=city) == HUBEI - ids("hubei_digital_economy_plan")


@pytest.mark.parametrize(
    ("place", "names"),
    [
        pytest.param("湖北", HUBEI_NAMES, id="province"),
        pytest.param("420000", HUBEI_NAMES, id="province-adcode"),
        pytest.param("广州", ["guangzhou_suihaoban_launch"], id="city"),
        pytest.param("江汉区", ["tencent_jianghan_signing"], id="district"),
        pytest.param("420103", ["tencent_jianghan_signing"], id="district-adcode"),
        pytest.param("光谷", ["optics_valley_report"], id="zone-alias"),
        pytest.param("东湖高新区", ["optics_valley_report"], id="zone-other-alias"),
    ],
)
def test_search_place_at_any_level(loaded: Store, place: str, names: list[str]) -> None:
    assert resolved(loaded, place=place) == ids(*names)


def test_search_city_filter_given_a_zone_narrows_to_it(loaded: Store) -> None:
    assert resolved(loaded, city="光谷") == ids("optics_valley_report")


def test_search_unknown_place_is_an_error_naming_it() -> None:
    with pytest.raises(UnknownPlace, match="火星"):
        resolve_query(TimelineQuery(), place="火星")


def test_search_unknown_province_stays_exact(loaded: Store) -> None:
    assert resolved(loaded, province="Hubei") == set()


def test_search_org_alias_finds_the_full_name(store: Store) -> None:
    """People type 工信部 and 央行; the text may have written the full names only."""
    def event(name: str, obj: str) -> Event:
        sentence = f"{name}发布{obj}。"
        return Event(
            type=EventType.policy_release,
            date=EventDate(value="2023-05-04", precision="day"),
            participants=[Participant(name=name, kind=ParticipantKind.government)],
            object=obj,
            headline=f"{name}发布{obj}",
            mentions=[Mention(article_id=f"a-{obj}", source="新华网", sentence=sentence, start=0,
                              end=len(sentence))],
        )

    miit, pboc = event("工业和信息化部", "5G应用扬帆行动计划"), event("中国人民银行", "金融科技发展规划")
    store.upsert_events([miit, pboc])

    assert {e.id for e in store.timeline(TimelineQuery(participant="工信部")).events} == set()
    assert resolved(store, participant="工信部") == {miit.id}
    assert resolved(store, participant="央行") == {pboc.id}
    assert resolved(store, participant="中国人民银行") == {pboc.id}


def test_search_org_aliases_of_a_government_body_and_a_zone() -> None:
    assert "工业和信息化部" in org_aliases("工信部")
    assert "工信部" in org_aliases("工业和信息化部")
    assert "东湖新技术开发区" in org_aliases("东湖高新区")
    assert org_aliases("腾讯") == ()
