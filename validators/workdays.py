"""Working days between two dates: national holidays and 调休 via ``chinesecalendar``, regional days from policy.

``chinesecalendar`` knows only the years it ships data for and raises beyond them; this module turns that into
``CalendarUnknown`` so the rule can say so instead of guessing.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar

from validators.policy import RegionalCalendar


class CalendarUnknown(Exception):
    """The national calendar has no data for a day of the period."""

    def __init__(self, day: dt.date) -> None:
        """Keep the first unknown day."""
        super().__init__(f"no holiday data for {day.isoformat()}")
        self.day = day


def is_working_day(day: dt.date, regional: RegionalCalendar) -> bool:
    """Return whether ``day`` is a working day in the region.

    Args:
        day: The day.
        regional: The policy's regional festival days (non-working) and regional workdays.

    Raises:
        CalendarUnknown: The national calendar has no data for ``day``'s year.
    """
    if any(d.date == day for d in regional.holidays):
        return False
    if any(d.date == day for d in regional.workdays):
        return True
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError as exc:
        raise CalendarUnknown(day) from exc


def working_days(start: dt.date, end: dt.date, regional: RegionalCalendar) -> int:
    """Count working days from ``start`` to ``end``, both included (0 when ``end`` is before ``start``).

    Raises:
        CalendarUnknown: The national calendar has no data for a day of the period.
    """
    count = 0
    day = start
    while day <= end:
        count += is_working_day(day, regional)
        day += dt.timedelta(days=1)
    return count
