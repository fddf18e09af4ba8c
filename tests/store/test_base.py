"""ISO week labels and bounds: each the inverse of the other, across year boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from store.base import iso_week_bounds, iso_week_of


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
def test_base_iso_week_of_and_back(day: date, week: str) -> None:
    assert iso_week_of(day) == week
    monday, sunday = iso_week_bounds(week)
    assert monday <= day <= sunday
    assert (sunday - monday).days == 6 and monday.isoweekday() == 1
