"""ISO week labels and bounds: each the inverse of the other, across year boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from schemas.weeks import iso_week_bounds, iso_week_of, last_iso_week


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (date(2020, 7, 22), "2020-W30"),
        (date(2020, 7, 20), "2020-W30"),
        (date(2020, 7, 26), "2020-W30"),
        (date(2021, 1, 3), "2020-W53"),
        (date(2024, 12, 30), "2025-W01"),
    ],
)
def test_weeks_iso_week_of_and_back(day: date, week: str) -> None:
    assert iso_week_of(day) == week
    monday, sunday = iso_week_bounds(week)
    assert monday <= day <= sunday
    assert (sunday - monday).days == 6 and monday.isoweekday() == 1


def test_weeks_last_iso_week() -> None:
    assert last_iso_week(date(2020, 7, 27)) == "2020-W30"
    assert last_iso_week(date(2020, 8, 2)) == "2020-W30"
    assert last_iso_week(date(2021, 1, 4)) == "2020-W53"
