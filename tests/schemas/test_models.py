"""Unit tests of the contract models: stable event and article ids, Asia/Shanghai times, `EventDate`, `FlatEvent`."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

import pytest
from pydantic import ValidationError

from schemas import (
    SHANGHAI,
    Article,
    Event,
    EventDate,
    EventType,
    FlatEvent,
    Mention,
    Participant,
    ParticipantKind,
    Region,
    Section,
    article_id_for,
    as_shanghai,
)

CLEAN_URL = "https://news.example.cn/2020/07/t20200723_01.html"


def report(article_id: str, sentence: str, *, source: str = "长江日报", hour: int = 9) -> Mention:
    return Mention(
        article_id=article_id,
        source=source,
        published_at=datetime(2020, 7, 23, hour, tzinfo=SHANGHAI),
        sentence=sentence,
        start=0,
        end=len(sentence),
    )


def signing(**changes: object) -> Event:
    """The Tencent–Jianghan signing of 23 July 2020; `changes` replace fields before validation."""
    fields: dict[str, object] = {
        "type": EventType.signing,
        "date": EventDate(value=date(2020, 7, 23), precision="day", expression="23日"),
        "region": Region(province="湖北省", city="武汉市", district="江汉区"),
        "participants": [
            Participant(name="腾讯云", normalized="腾讯云计算（北京）有限责任公司", kind=ParticipantKind.company),
            Participant(name="江汉区政府", normalized="武汉市江汉区人民政府", kind=ParticipantKind.government),
        ],
        "object": "智慧城市战略合作协议",
        "headline": "腾讯云与武汉市江汉区签署智慧城市战略合作协议",
        "section": Section.application,
        "mentions": [report("cjrb-0723-02", "23日，腾讯云与江汉区政府签署智慧城市战略合作协议。")],
    }
    return Event(**(fields | changes))


# ---- event ids ---------------------------------------------------------------------------------------------------


def test_models_event_id_same_facts_same_id() -> None:
    """Wording, section, confidence, reporting date and mentions are not facts: a second report joins the event."""
    first = signing()
    second = signing(
        headline="腾讯云牵手江汉区",
        summary="双方将共建城市大脑。",
        section=Section.other,
        confidence=0.95,
        trigger="签署",
        reported_on=date(2020, 7, 24),
        mentions=[report("cls-0723-17", "腾讯云计算（北京）有限责任公司与江汉区人民政府签署协议。", source="财联社")],
    )

    assert first.id == second.id
    assert first.id.startswith("ev_")
    assert len(first.id) == len("ev_") + 16


def test_models_event_id_ignores_participant_order() -> None:
    event = signing()

    assert signing(participants=list(reversed(event.participants))).id == event.id


def test_models_event_id_uses_normalised_names_not_written_ones() -> None:
    event = signing()
    renamed = [p.model_copy(update={"name": p.name + "（简称）"}) for p in event.participants]

    assert signing(participants=renamed).id == event.id


def test_models_event_id_ignores_object_punctuation_and_width() -> None:
    assert signing(object="《智慧城市 战略合作协议》").id == signing().id
    assert signing(object="ＡＩ智慧城市协议").id == signing(object="ai智慧城市协议").id


@pytest.mark.parametrize(
    "precision_pair",
    [("day", "month"), ("month", "year"), ("day", "year")],
)
def test_models_event_id_date_precision_matters(precision_pair: tuple[str, str]) -> None:
    """2020-07-01 as a day and 2020-07 as a month are different facts."""
    finer, coarser = (signing(date=EventDate(value=date(2020, 7, 1), precision=p)) for p in precision_pair)

    assert finer.id != coarser.id


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"type": EventType.establishment}, id="type"),
        pytest.param({"date": EventDate(value=date(2020, 7, 24), precision="day")}, id="date"),
        pytest.param({"date": EventDate()}, id="no-date"),
        pytest.param({"object": "区块链存证合作协议"}, id="object"),
        pytest.param({"participants": [Participant(name="腾讯云")]}, id="participants"),
        pytest.param({"region": Region(province="湖北省", city="宜昌市")}, id="city"),
        pytest.param({"region": None}, id="no-region"),
    ],
)
def test_models_event_id_changes_with_each_fact(change: dict[str, object]) -> None:
    assert signing(**change).id != signing().id


def test_models_event_id_given_is_kept() -> None:
    assert signing(id="ev_from_the_gold_file").id == "ev_from_the_gold_file"


# ---- article ids and times ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        CLEAN_URL,
        CLEAN_URL + "#comments",
        CLEAN_URL + "?utm_source=weibo&utm_medium=social&utm_campaign=0723",
        CLEAN_URL + "?spm=a2c4g.11186623.0.0&from=timeline#top",
        "HTTPS://News.Example.CN/2020/07/t20200723_01.html?share_token=abc",
        "https://news.example.cn:443/2020/07/t20200723_01.html",
    ],
)
def test_models_article_id_from_canonical_url(url: str) -> None:
    article = Article(url=url, source="长江日报", published_at="2020-07-23T10:00:00", text="正文")

    assert article.url == CLEAN_URL
    assert article.id == hashlib.sha1(CLEAN_URL.encode()).hexdigest()[:16]
    assert article.id == article_id_for(url)


def test_models_article_id_keeps_meaningful_query_parameters_in_any_order() -> None:
    assert article_id_for(CLEAN_URL + "?id=7&page=2") == article_id_for(CLEAN_URL + "?page=2&id=7")
    assert article_id_for(CLEAN_URL + "?id=7") != article_id_for(CLEAN_URL + "?id=8")
    assert article_id_for(CLEAN_URL) != article_id_for(CLEAN_URL.replace("_01", "_02"))


def test_models_article_without_url_is_identified_by_its_content() -> None:
    article = Article(source="陕西日报", title="标题", published_at="2020-05-02", text="正文")

    assert article.url is None
    assert article.id == "h" + article.content_hash[:16]
    assert article.content_hash == hashlib.sha1("标题\n正文".encode()).hexdigest()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2020-07-22 09:30", datetime(2020, 7, 22, 9, 30, tzinfo=SHANGHAI)),
        ("2020-07-22T09:30:00", datetime(2020, 7, 22, 9, 30, tzinfo=SHANGHAI)),
        ("2020-07-22", datetime(2020, 7, 22, 0, 0, tzinfo=SHANGHAI)),
        (datetime(2020, 7, 22, 9, 30), datetime(2020, 7, 22, 9, 30, tzinfo=SHANGHAI)),
        (date(2020, 7, 22), datetime(2020, 7, 22, 0, 0, tzinfo=SHANGHAI)),
    ],
)
def test_models_naive_times_are_asia_shanghai(given: str | datetime | date, expected: datetime) -> None:
    for parsed in (
        as_shanghai(given),
        Article(url=CLEAN_URL, source="长江日报", published_at=given, text="正文").published_at,
        Mention(article_id="a", source="长江日报", published_at=given, sentence="句子", start=0, end=2).published_at,
    ):
        assert parsed == expected
        assert parsed is not None and parsed.utcoffset() == timedelta(hours=8)


def test_models_aware_times_keep_their_zone() -> None:
    article = Article(url=CLEAN_URL, source="Example Wire", published_at="2020-07-21T23:30:00+00:00", text="text")

    assert article.published_at is not None
    assert article.published_at.utcoffset() == timedelta(0)
    assert article.published_at == datetime(2020, 7, 22, 7, 30, tzinfo=SHANGHAI)


# ---- EventDate ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("precision", "text"), [("day", "2020-07-22"), ("month", "2020-07"), ("year", "2020")]
)
def test_models_event_date_text_is_cut_to_its_precision(precision: str, text: str) -> None:
    assert EventDate(value=date(2020, 7, 22), precision=precision).as_text() == text


def test_models_event_date_without_value_is_unknown() -> None:
    undated = EventDate(precision="day", expression="近日")

    assert undated.precision == "unknown"
    assert undated.as_text() is None


def test_models_event_date_with_value_needs_a_precision() -> None:
    with pytest.raises(ValidationError, match="precision day, month or year"):
        EventDate(value=date(2020, 7, 22), precision="unknown")
    with pytest.raises(ValidationError, match="precision day, month or year"):
        EventDate(value=date(2020, 7, 22))


def test_models_event_date_rejects_other_precisions() -> None:
    with pytest.raises(ValidationError, match="precision"):
        EventDate(value=date(2020, 7, 22), precision="week")


# ---- FlatEvent ----------------------------------------------------------------------------------------------------


def test_models_flat_event_one_line_per_mention() -> None:
    sentences = [
        "23日，腾讯云与江汉区政府签署协议。",
        "腾讯云与武汉市江汉区人民政府签署战略合作协议。",
        "双方签署智慧城市协议。",
    ]
    event = signing(
        date=EventDate(value=date(2020, 7, 1), precision="month", expression="7月"),
        mentions=[
            report("cjrb-0723-02", sentences[0]),
            report("cls-0723-17", sentences[1], source="财联社", hour=15),
            report("8btc-0724-03", sentences[2], source="巴比特", hour=18),
        ],
    )

    lines = FlatEvent.from_event(event)

    assert [(line.article_id, line.evidence) for line in lines] == [
        ("cjrb-0723-02", sentences[0]),
        ("cls-0723-17", sentences[1]),
        ("8btc-0724-03", sentences[2]),
    ]
    for line in lines:
        assert line.event_id == event.id
        assert line.type is EventType.signing
        assert line.date == "2020-07"
        assert line.participants == ["腾讯云计算（北京）有限责任公司", "武汉市江汉区人民政府"]
        assert line.object == "智慧城市战略合作协议"
        assert line.region == {"province": "湖北省", "city": "武汉市", "district": "江汉区"}
        assert line.section is Section.application
        assert line.headline == event.headline


@pytest.mark.parametrize("region", [None, Region()])
def test_models_flat_event_without_region_or_date(region: Region | None) -> None:
    (line,) = FlatEvent.from_event(signing(region=region, date=EventDate(expression="近日")))

    assert line.region is None
    assert line.date is None


def test_models_flat_event_of_event_without_mentions_is_empty() -> None:
    assert FlatEvent.from_event(signing(mentions=[])) == []


def test_models_event_json_round_trip_accepts_computed_corroboration() -> None:
    event = signing(mentions=[report("a1", "签约。"), report("a2", "签约。", source="财联社")])
    dumped = event.model_dump_json()

    assert '"corroboration":2' in dumped
    assert Event.model_validate_json(dumped) == event


def test_article_null_optional_fields_take_their_defaults() -> None:
    from schemas import Article

    article = Article.model_validate({"id": None, "source": None, "title": None, "url": None, "text": "正文。"})
    assert article.source == "" and article.id.startswith("h") and article.title is None


def test_article_null_text_is_still_an_error() -> None:
    import pydantic

    from schemas import Article

    with pytest.raises(pydantic.ValidationError, match="text"):
        Article.model_validate({"source": None, "text": None})
