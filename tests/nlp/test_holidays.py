"""nlp.holidays: 春节后上班第一天 and its variants dated by the holiday calendar of the report's year."""

from __future__ import annotations

from datetime import date

import pytest

from nlp.holidays import first_workdays, holiday_mentions


@pytest.mark.parametrize(("text", "report", "expected"), [
    ("春节后上班第一天，某市召开全市营商环境大会。", date(2022, 2, 13), date(2022, 2, 7)),
    ("节后首个工作日，某区召开项目推进会。", date(2024, 2, 20), date(2024, 2, 18)),
    ("新春上班第一天，某市召开高质量发展大会。", date(2025, 2, 6), date(2025, 2, 5)),
])
def test_holidays_first_workday_after_the_spring_festival(text: str, report: date, expected: date) -> None:
    [mention] = holiday_mentions(text, report)
    assert (mention.value, mention.precision) == (expected, "day")
    assert text[mention.start:mention.end] == mention.expression


@pytest.mark.parametrize(("text", "report"), [
    ("春节后上班第一天，某市召开大会。", None),  # no report date: no year
    ("春节后上班第一天，某市将召开大会。", date(2022, 1, 20)),  # reported before that day
    ("春节后上班第一天，某市召开大会。", date(2040, 2, 20)),  # a year the table does not know
    ("春节期间，全市消费增长一成。", date(2022, 2, 13)),  # the holiday itself names no day
])
def test_holidays_no_day_without_a_known_year(text: str, report: date | None) -> None:
    assert holiday_mentions(text, report) == []


def test_holidays_table_is_one_day_a_year_in_january_or_february() -> None:
    days = first_workdays()
    assert all(day.year == year and day.month in (1, 2) for year, day in days.items())
    assert sorted(days) == list(range(min(days), max(days) + 1))
