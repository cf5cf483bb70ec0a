"""When what a site shows could next change, from its drafts (pure).

A site built at an instant t0 is the site built at any later instant before the next *time
boundary*: the first instant after t0 at which some output could come out different. A preview
at the real clock (`mkdocs serve` without `--at` or SOURCE_DATE_EPOCH) keeps building at t0
until then (host/plugin.py), so that a rebuild after an edit makes again only what the edit
changed instead of everything that prints or compares the build instant.

What the build does with the instant, and the boundaries each gives (each moment M below is
any date or datetime an editor wrote in any draft, published or not yet, including the facts
`known_at` still hides at t0: a response, an adoption, a version or an extension dated later):

- a fact is public, a window open or closed, a draft visible, a version commented on, an event
  in the past (`known_at`, `state_at`, `happened`, `version_window`, `Entry.visibility`, the
  feeds of open consultations): M itself;
- "closing soon" (`state_at`, the timeline's CLOSING_SOON event): M - closing_soon_days;
- the response's due date, overdue in whole days (`state_at`, the yearly report): M +
  response_due_days, and every whole day after (within the duration grid below);
- the shared calendars' past items (calendars.PAST): M + 30 days;
- countdowns ("Còn 6 ngày 14 giờ", "Đã hết hạn góp ý 3 giờ 20 phút trước", `vi_duration`,
  which shows hours from one day away and minutes closer): for every window's opening, closing
  and extension, each whole hour before and after it, and each whole minute from one day
  before to one day after it;
- the printed date of a notice (`vi_date(now)`) and anything else said in days: the next local
  midnight in the site's time zone.

Beyond those, a hold never lasts longer than MAX_HOLD: the clock is taken again at least that
often, for whatever this list may miss. Each boundary is an instant at which, or just after
which, an output may change: stopping at it is never late; a point at t0 itself may change the
output right after t0, and makes the hold end at once.

Outputs that print the build instant itself (a calendar's DTSTAMP, the open data's
`generated_at` and `dct:modified`, the yearly report's "Số liệu tính đến") print t0 while it is
held: what they describe is what the site is at t0, the same as at the real instant.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import fields, is_dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..model.clock import Moment
from ..model.records import Draft
from ..model.registries import Settings
from .calendars import PAST

MAX_HOLD = timedelta(hours=1)  # the longest a preview keeps one instant, whatever the drafts say
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)
JUST_AFTER = timedelta(microseconds=1)  # the next instant a datetime can tell
MINUTES_NEAR = timedelta(days=1, hours=1)  # countdowns show minutes under a day (one hour more, to be safe)


def moments_of(value: object) -> list[Moment]:
    """Every Moment in a draft (its dataclasses, tuples and lists, all the way down): a field
    added later is counted without anyone listing it here."""
    found: list[Moment] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Moment):
            found.append(item)
        elif isinstance(item, (tuple, list)):
            stack.extend(item)
        else:
            stack.extend(getattr(item, name) for name in _field_names(type(item)))
    return found


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(item.name for item in fields(kind)) if is_dataclass(kind) else ()
    return names


def countdown_targets(draft: Draft) -> Iterator[datetime]:
    """The instants countdowns count to or from: every window's opening, closing and extension."""
    for window in draft.rounds:
        yield window.opens.at
        yield window.closes.at
        if window.extended_to is not None:
            yield window.extended_to.at


def next_on_grid(anchor: datetime, step: timedelta, after: datetime) -> datetime:
    """The first instant at or after `after` that is a whole number of `step`s from `anchor`."""
    return anchor - ((anchor - after) // step) * step


def next_midnight(after: datetime, tz: ZoneInfo) -> datetime:
    """The next local midnight after `after` in the site's time zone."""
    day = after.astimezone(tz).date() + timedelta(days=1)
    return datetime.combine(day, time(0), tz)


def next_boundary(
    drafts: Iterable[Draft], settings: Settings, after: datetime, *, hold: timedelta = MAX_HOLD
) -> datetime:
    """The earliest instant after `after` at which anything the site built at `after` from
    `drafts` (every draft read, whether published at `after` or not) could be different;
    never later than `after` + `hold`, nor than the next local midnight."""
    after = after.astimezone(UTC)
    offsets = (
        timedelta(0),
        -timedelta(days=settings.closing_soon_days),
        timedelta(days=settings.response_due_days),
        PAST,
    )
    earliest = min(after + hold, next_midnight(after, settings.timezone))

    def consider(instant: datetime) -> None:
        # What changes at a point may change just after it (a window closes after its last
        # second, a countdown drops a minute just after a whole one): a point at `after` itself
        # makes the very next instant a boundary.
        nonlocal earliest
        if instant >= after:
            earliest = min(earliest, max(instant, after + JUST_AFTER))

    for draft in drafts:
        for moment in moments_of(draft):
            for offset in offsets:
                # As the build adds days (to the local datetime), and as it compares with an
                # instant days earlier (the calendars' cutoff): two instants where a zone changes
                # its offset (daylight saving time), one elsewhere.
                consider(moment.at + offset)
                consider(moment.at.astimezone(UTC) + offset)
        for target in countdown_targets(draft):
            consider(next_on_grid(target, HOUR, after))
            if abs(after - target) <= MINUTES_NEAR:
                consider(next_on_grid(target, MINUTE, after))
    return earliest
