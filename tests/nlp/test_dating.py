"""nlp.dating: the occasion a report is about, and undated events taking it after de-duplication."""

from __future__ import annotations

from datetime import date

from nlp.dating import mentions_of, occasion_of, undated_step
from schemas import Event, EventDate

REPORT_DAY = date(2026, 8, 29)


def _occasion(text: str, anchor: date | None = REPORT_DAY):  # type: ignore[no-untyped-def]
    return occasion_of(text, mentions_of(text, anchor) if anchor else [], anchor)


def test_occasion_is_the_day_the_opening_paragraph_tells() -> None:
    text = "8月28日上午，某某学会产业创新论坛在长沙开幕。\n开幕式上还发布了“某某合作平台”。"
    occasion = _occasion(text)
    assert occasion is not None and occasion.value == date(2026, 8, 28) and occasion.expression == "8月28日"


def test_occasion_is_the_report_day_when_the_opening_gives_none() -> None:
    occasion = _occasion("某某学会产业创新论坛在长沙开幕，三百余人出席。\n8月28日，还发布了平台。")
    assert occasion is not None and occasion.value == REPORT_DAY


def test_occasion_is_not_an_old_day_of_the_opening() -> None:
    """A day long before the report in the opening is background, not the occasion."""
    occasion = _occasion("早在2016年11月3日，该市就发布了规划。今年，平台上线。")
    assert occasion is not None and occasion.value == REPORT_DAY


def test_occasion_is_none_without_a_report_date() -> None:
    assert _occasion("某某论坛开幕。", anchor=None) is None


class _State:
    def __init__(self, events: list[Event], occasion) -> None:  # type: ignore[no-untyped-def]
        self.events, self.occasion = events, occasion


def _event(value: date | None, precision: str = "unknown") -> Event:
    return Event(type="launch", date=EventDate(value=value, precision=precision))


def test_undated_step_dates_only_undated_events() -> None:
    occasion = _occasion("8月28日上午，某某论坛在长沙开幕。")
    undated, dated = _event(None), _event(date(2026, 8, 1), "month")
    undated_step(_State([undated, dated], occasion))  # type: ignore[arg-type]
    assert (undated.date.value, undated.date.precision) == (date(2026, 8, 28), "day")
    assert (dated.date.value, dated.date.precision) == (date(2026, 8, 1), "month")


def test_undated_step_leaves_dates_unknown_without_an_occasion() -> None:
    undated = _event(None)
    undated_step(_State([undated], None))  # type: ignore[arg-type]
    assert undated.date.value is None
