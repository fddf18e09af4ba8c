"""ISO weeks, the digest's calendar: labels like '2020-W30', their Monday–Sunday bounds, last week.

Shared by the stores (`week_events`), the digest, the API and the application, so each reads
the calendar here rather than from another room.
"""

from __future__ import annotations

from datetime import date, timedelta

#: what a week label looks like (W53 exists only in long years: `iso_week_bounds` checks that)
WEEK_PATTERN = r"^(19|20)\d{2}-W(0[1-9]|[1-4]\d|5[0-3])$"


def iso_week_of(day: date) -> str:
    """The ISO week label of a day: 2020-07-22 → '2020-W30' (the inverse of `iso_week_bounds`)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def iso_week_bounds(week: str) -> tuple[date, date]:
    """'2020-W30' → (Monday, Sunday) of that ISO week; ValueError names the bad input."""
    try:
        year_text, week_text = week.upper().split("-W")
        monday = date.fromisocalendar(int(year_text), int(week_text), 1)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"not an ISO week like 2020-W30: {week!r}") from exc
    return monday, monday + timedelta(days=6)


def last_iso_week(today: date) -> str:
    """The ISO week before the one containing `today` ("2020-W30" for any day of 2020-W31)."""
    return iso_week_of(today - timedelta(days=7))
