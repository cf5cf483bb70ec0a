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


def vi_range(start: Moment, end: Moment | None) -> str:
    """An event's time as people write it: '08:00–11:30 ngày 18/11/2026' on one day,
    'ngày 18/11/2026' or 'từ ngày 18/11/2026 đến ngày 19/11/2026' for whole days."""
    if end is None:
        return vi_datetime(start)
    if start.date_only:
        first, last = start.at.strftime("%d/%m/%Y"), end.at.strftime("%d/%m/%Y")
        return f"ngày {first}" if first == last else f"từ ngày {first} đến ngày {last}"
    if start.day == end.day:
        return f"{start.at.strftime('%H:%M')}–{end.at.strftime('%H:%M')} ngày {start.at.strftime('%d/%m/%Y')}"
    return f"{vi_datetime(start)} – {vi_datetime(end)}"


def file_size(size: int) -> str:
    """'1,2 MB', '340 KB' (Vietnamese decimal comma)."""
    if size >= 1024 * 1024:
        return f"{size / 1048576:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


def tel(phone: str) -> str:
    """A tel: link for a phone number as written ('0276 3822 123' -> 'tel:02763822123')."""
    digits = "".join(c for c in phone if c.isdigit() or c == "+")
    return f"tel:{digits}" if len(digits) >= 6 else ""


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
