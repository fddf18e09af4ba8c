"""Summary wording: the digest states the absolute date once, not a relative lead after it."""

from __future__ import annotations

from datetime import date

import pytest

from digest.text import compose_summary
from schemas import Event, EventDate, EventType, Mention


def event_with(sentence: str) -> Event:
    mention = Mention(article_id="a1", source="江城日报", published_at="2026-11-03", sentence=sentence, start=0, end=9)
    return Event(type=EventType.meeting, date=EventDate(value=date(2026, 11, 2), precision="day"), mentions=[mention])


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("2日上午，江城数字经济峰会在江汉区开幕。", "11月2日，江城数字经济峰会在江汉区开幕。"),
        ("上周五，楚芯半导体宣布完成A轮融资。", "11月2日，楚芯半导体宣布完成A轮融资。"),
        ("揭牌当天，六个项目集中签约。", "11月2日，六个项目集中签约。"),
        ("其中，两家企业签署合作协议。", "11月2日，其中，两家企业签署合作协议。"),
        ("11月2日，峰会开幕。", "11月2日，峰会开幕。"),
    ],
)
def test_digest_summary_drops_a_relative_date_lead(sentence: str, expected: str) -> None:
    assert compose_summary(event_with(sentence), "11月2日", (), 200) == expected
