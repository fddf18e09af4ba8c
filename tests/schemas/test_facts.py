"""The one same-fact rule (`schemas.facts`): across reports, inside one article, and how records combine."""

from __future__ import annotations

from datetime import date

import pytest

from schemas import Event, EventDate, EventType, Mention, Participant, Region
from schemas.facts import absorbed, combine, one_per_id, rank, same_fact


def _event(obj: str, *, article: str = "a1", start: int = 0, sentence: str | None = None, day: date | None = None,
           precision: str = "day", etype: EventType = EventType.policy_release, names: tuple[str, ...] = (),
           city: str | None = "南京市") -> Event:
    text = sentence or f"{obj}发布。"
    return Event(
        type=etype, object=obj,
        date=EventDate(value=day, precision=precision if day else "unknown"),  # type: ignore[arg-type]
        region=Region(province="江苏省", city=city) if city else None,
        participants=[Participant(name=n) for n in names],
        mentions=[Mention(article_id=article, source="财联社", published_at="2026-06-01", sentence=text,
                          start=start, end=start + len(text))],
    )


DAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # across articles: the same titled object, compatible dates
        (_event("南京市算力产业发展行动计划", day=DAY),
         _event("南京市算力产业发展行动计划", article="b", day=DAY), True),
        (_event("南京市算力产业发展行动计划", day=DAY),
         _event("南京市算力产业发展行动计划", article="b", day=date(2026, 6, 1), precision="month"), True),
        (_event("南京市算力产业发展行动计划", day=DAY),
         _event("南京市算力产业发展行动计划", article="b", day=date(2025, 6, 1)), False),
        (_event("南京市算力产业发展行动计划", day=DAY),
         _event("南京市算力产业发展行动计划", article="b", day=DAY, city="苏州市"), False),
        # a generic object: the same parties decide
        (_event("战略合作协议", etype=EventType.signing, names=("南京市人民政府", "腾讯")),
         _event("战略合作协议", article="b", etype=EventType.signing, names=("南京市人民政府", "腾讯")), True),
        (_event("战略合作协议", etype=EventType.signing, names=("南京市人民政府", "腾讯")),
         _event("战略合作协议", article="b", etype=EventType.signing, names=("南京市人民政府", "阿里")), False),
        # another type is another fact
        (_event("南京算力中心"), _event("南京算力中心", article="b", etype=EventType.launch), False),
    ],
)
def test_facts_same_fact_across_reports(a: Event, b: Event, same: bool) -> None:
    assert same_fact(a, b) is same and same_fact(b, a) is same


def test_facts_same_fact_inside_one_article() -> None:
    # one sentence, one type: one fact, whatever the objects
    assert same_fact(_event("行动计划"), _event("实施方案", start=0))
    # a short object inside a longer one of the same article (not across articles: 6 characters needed there)
    assert same_fact(_event("算力计划", start=0), _event("南京算力计划", start=50))
    assert not same_fact(_event("算力计划", start=0), _event("南京算力计划", article="b", start=50))
    # a sub-heading (short, unpunctuated, undated) and the dated paragraph below it
    heading = _event("重要会议", sentence="重要会议", start=0, etype=EventType.meeting)
    below = _event("南京算力大会开幕式", start=10, day=DAY, etype=EventType.meeting,
                   sentence="6月1日，南京算力大会开幕式举行。")
    assert same_fact(heading, below)
    assert not same_fact(heading, below.model_copy(update={"mentions": [
        below.mentions[0].model_copy(update={"article_id": "b"})]}))  # across articles a heading decides nothing
    assert not same_fact(heading, _event("其他活动", start=900, day=DAY, etype=EventType.meeting))


def test_facts_rank_prefers_finer_dates_then_titled_objects() -> None:
    dated = _event("南京市算力产业发展行动计划", day=DAY)
    undated = _event("南京市算力产业发展行动计划")
    assert rank(dated) > rank(undated)
    assert rank(_event("战略合作协议", day=DAY)) < rank(_event("算力中心共建协议", day=DAY))


def test_facts_combine_and_one_per_id_keep_the_first_fields_and_every_mention() -> None:
    first = _event("南京市算力产业发展行动计划", day=DAY)
    again = _event("南京市算力产业发展行动计划", article="b", day=DAY)
    again = again.model_copy(update={"id": first.id, "headline": "另一个标题"})
    merged = combine(first, again)
    assert merged.headline == first.headline and len(merged.mentions) == 2 and len(first.mentions) == 1
    pooled = one_per_id([first, again, _event("其他", day=DAY)])
    assert len(pooled) == 2 and len(pooled[0].mentions) == 2
    assert absorbed(merged, first) and absorbed(merged, again) and not absorbed(first, again)


def test_one_sentence_telling_two_financings_of_two_companies_is_two_facts() -> None:
    sentence = "甲公司完成3000万元融资，乙公司则获得数亿元投资。"
    first = _event("3000万元融资", sentence=sentence, etype=EventType.financing, names=("甲公司",))
    second = _event("数亿元投资", sentence=sentence, etype=EventType.financing, names=("乙公司",))
    assert not same_fact(first, second)


def test_one_sentence_telling_one_fact_twice_is_one_fact() -> None:
    sentence = "甲公司与乙公司签约，双方签署战略合作协议。"
    signed = _event("项目签约", sentence=sentence, etype=EventType.signing, names=("甲公司", "乙公司"))
    agreement = _event("战略合作协议", sentence=sentence, etype=EventType.signing, names=())
    assert same_fact(signed, agreement)
