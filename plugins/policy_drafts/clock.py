"""Instants in the site's time zone.

Editors write dates ("2025-05-31") or datetimes with or without an offset. A
date-only bound is a whole local day: it opens at 00:00:00 and closes at 23:59:59
local time, whatever the UTC date is. Every comparison happens on aware datetimes;
"now" is always passed in (the build instant), never read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

START_OF_DAY = time(0, 0, 0)
END_OF_DAY = time(23, 59, 59)
DAY = timedelta(days=1)


@dataclass(frozen=True, order=True)
class Moment:
    """An aware instant in the site zone, remembering whether the editor gave only a date."""

    at: datetime
    date_only: bool = False

    def iso(self) -> str:
        """ISO 8601 with the site's offset, e.g. 2025-05-31T23:59:59+07:00."""
        return self.at.isoformat(timespec="seconds")

    @property
    def day(self) -> date:
        return self.at.date()


class BadMoment(ValueError):
    pass


def parse_moment(value, tz: ZoneInfo, *, end_of_day: bool = False) -> Moment:
    """Read a YAML date, datetime or ISO string; naive values are local time."""
    if isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            value = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            raise BadMoment(f"'{value}' is not a date or a date and time") from None
    if isinstance(value, datetime):
        at = value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)
        return Moment(at, date_only=False)
    if isinstance(value, date):
        return Moment(datetime.combine(value, END_OF_DAY if end_of_day else START_OF_DAY, tz), date_only=True)
    raise BadMoment(f"{value!r} is not a date or a date and time")


def local(instant: datetime, tz: ZoneInfo) -> datetime:
    return instant.astimezone(tz)


def days_between(first: date, last: date) -> int:
    """Calendar days from first to last, both counted (1 May to 30 May is 30)."""
    return (last - first).days + 1
