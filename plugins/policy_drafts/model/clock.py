"""Instants in the site's time zone.

Editors write dates ("2025-05-31") or datetimes with or without an offset. A
date-only bound is a whole local day: it opens at 00:00:00 and closes at 23:59:59
local time, whatever the UTC date is. Every comparison happens on aware datetimes;
"now" is always passed in (the build instant), never read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

START_OF_DAY = time(0, 0, 0)
END_OF_DAY = time(23, 59, 59)


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


# The instant `policy-drafts serve --at` previews, passed to `mkdocs serve` in this environment
# variable; the plugin refuses it for any command but serve, so a preview can never be published.
PREVIEW_AT = "POLICY_DRAFTS_PREVIEW_AT"

# Dates outside these years are typing mistakes; refusing them also keeps every date
# arithmetic of the build (deadlines plus days, time zones) far from datetime's limits.
MIN_YEAR, MAX_YEAR = 1990, 2100
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class BadMoment(ValueError):
    def __init__(self, message: str, fix: str = ""):
        super().__init__(message)
        self.fix = fix


def parse_moment(value, tz: ZoneInfo, *, end_of_day: bool = False) -> Moment:
    """Read a YAML date, datetime or ISO string; naive values are local time."""
    if isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            value = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            raise BadMoment(f"'{value}' không phải là ngày hoặc ngày giờ", _suggest(text)) from None
    if isinstance(value, (date, datetime)) and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise BadMoment(f"'{value}' nằm ngoài khoảng năm {MIN_YEAR}–{MAX_YEAR}", "kiểm tra lại năm")
    try:
        if isinstance(value, datetime):
            at = value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)
            return Moment(at, date_only=False)
        if isinstance(value, date):
            return Moment(datetime.combine(value, END_OF_DAY if end_of_day else START_OF_DAY, tz), date_only=True)
    except (OverflowError, ValueError):
        raise BadMoment(f"'{value}' không dùng được làm ngày", "kiểm tra lại năm") from None
    raise BadMoment(f"{value!r} không phải là ngày hoặc ngày giờ", "viết ngày dạng 2025-05-31")


def _suggest(text: str) -> str:
    """'write 2026-11-25' for '25/11/2026' (the way dates are written in Viet Nam)."""
    match = _DAY_MONTH_YEAR.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return f"viết {date(year, month, day).isoformat()}"
        except ValueError:
            pass
    return ""


def build_instant(epoch: str | None, fallback: datetime | None) -> datetime | None:
    """The build instant from SOURCE_DATE_EPOCH (seconds since 1970, UTC), else `fallback`.
    Raises BadMoment with one readable line for anything else."""
    if epoch is None or epoch == "":
        return fallback
    try:
        seconds = int(epoch.strip())
        at = datetime.fromtimestamp(seconds, UTC)
    except (ValueError, OverflowError, OSError):
        raise BadMoment(
            f"SOURCE_DATE_EPOCH={epoch[:40]!r} không phải là số giây kể từ năm 1970",
            "bỏ biến này, hoặc viết ví dụ SOURCE_DATE_EPOCH=1764900000",
        ) from None
    if not MIN_YEAR <= at.year <= MAX_YEAR:
        raise BadMoment(f"SOURCE_DATE_EPOCH={seconds} rơi vào năm {at.year}", "kiểm tra lại số")
    return at


def local(instant: datetime, tz: ZoneInfo) -> datetime:
    return instant.astimezone(tz)


def days_between(first: date, last: date) -> int:
    """Calendar days from first to last, both counted (1 May to 30 May is 30)."""
    return (last - first).days + 1
