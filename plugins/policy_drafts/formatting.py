"""Vietnamese wording of dates, times and durations (also used as template filters)."""

from __future__ import annotations

from datetime import datetime, timedelta

from .clock import Moment

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def vi_date(value: Moment | datetime) -> str:
    at = value.at if isinstance(value, Moment) else value
    return at.strftime("%d/%m/%Y")


def vi_datetime(value: Moment | datetime) -> str:
    """'23:59:59 ngày 30/11/2026' for a date-only deadline, 'ngày 01/11/2026' for a date-only
    start, '08:00 ngày 05/12/2026' otherwise."""
    at = value.at if isinstance(value, Moment) else value
    if isinstance(value, Moment) and value.date_only and not (at.hour or at.minute or at.second):
        return f"ngày {at.strftime('%d/%m/%Y')}"
    clock = at.strftime("%H:%M:%S") if at.second else at.strftime("%H:%M")
    return f"{clock} ngày {at.strftime('%d/%m/%Y')}"


def vi_deadline(value: Moment) -> str:
    """How people say a deadline: 'hết ngày 30/11/2026' for a date-only one (it ends at
    23:59:59), '17:00 ngày 30/11/2026' otherwise."""
    if value.date_only:
        return f"hết ngày {value.at.strftime('%d/%m/%Y')}"
    return vi_datetime(value)


def vi_day_words(value: Moment | datetime) -> str:
    """'Thứ Hai, ngày 30 tháng 11 năm 2026' (notices read aloud and printed)."""
    at = value.at if isinstance(value, Moment) else value
    return f"{WEEKDAYS[at.weekday()]}, ngày {at.day} tháng {at.month} năm {at.year}"


def vi_duration(delta: timedelta) -> str:
    """'6 ngày 14 giờ', '3 giờ 20 phút', 'dưới 1 phút' (floors, like the live script)."""
    seconds = max(0, int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days} ngày {hours} giờ" if hours else f"{days} ngày"
    if hours:
        return f"{hours} giờ {minutes} phút" if minutes else f"{hours} giờ"
    return f"{minutes} phút" if minutes else "dưới 1 phút"


def whole_days(delta: timedelta) -> int:
    return max(0, int(delta.total_seconds()) // 86400)
