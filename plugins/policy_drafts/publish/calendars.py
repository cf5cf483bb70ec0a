"""iCalendar (RFC 5545) of consultations, through the `icalendar` library, made for calendar
apps that subscribe (pure).

For each consultation window: an all-day event on the opening day and one on the deadline
day (a timed deadline is the hour before it, a visible interval), with a reminder two days
before the deadline; each conference or hearing as an event. UIDs never change; SEQUENCE
and LAST-MODIFIED change when a fact changes (an extension, a withdrawal), so that an app
that subscribed updates the event instead of keeping the old deadline. Every VEVENT is
serialised once and shared by every calendar that holds it (the draft's, its field's and
agency's, the site's), which keeps the cost flat per draft; the shared calendars keep the
recent past and what is ahead, as much as fits under 1 MB.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from icalendar import Alarm, Calendar, Component, Event, Timezone
from icalendar.parser import Contentline, Parameters
from icalendar.prop import vText

from ..model import paths
from ..model.formatting import vi_deadline
from ..model.records import SUBJECT_INFO, Round
from .site import DraftView, SiteModel

SITE_CALENDAR = paths.SITE_CALENDAR
PAST = timedelta(days=30)  # shared calendars keep past items this long, and everything ahead ...
MAX_BYTES = 900_000  # ... as far ahead as fits under 1 MB (calendar apps refuse larger files)
REMINDER = timedelta(days=2)
PRODID = "-//mkdocs-policy-drafts//Lich lay y kien//VI"
Remember = Callable[[str, DraftView, Callable[[], Any]], Any]


def to_ical(component: Component) -> bytes:
    """`component.to_ical()`: icalendar's own content lines (names, parameters, escaping),
    folded by `fold` instead of icalendar's loop over every character (half of a large site's
    calendar time). tests/test_pure_core.py checks both give the same bytes."""
    return b"".join(fold(line) + b"\r\n" for line in component.content_lines() if line)


FOLD_AT = 75  # RFC 5545 3.1: lines of 75 octets at most (icalendar folds before reaching it)


def fold(line: str) -> bytes:
    """A content line folded as icalendar folds it: pieces of at most 74 octets, never inside
    a UTF-8 character, never right after a backslash or caret (its escapes)."""
    data = line.encode("utf-8")
    pieces, start = [], 0
    while len(data) - start >= FOLD_AT:
        cut = start + FOLD_AT - 1
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            cut -= 1
        if data[cut - 1] in b"\\^" and cut - 1 > start:
            cut -= 1
        pieces.append(data[start:cut])
        start = cut
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


class Calendars:
    """Builds the calendars of one build."""

    def __init__(self, site: SiteModel, site_name: str, remember: Remember | None = None):
        self.site = site
        # A draft's events kept from the last build while the draft is the same (outputs.py).
        self._remember: Remember = remember or (lambda kind, view, compute: compute())
        self.host = urlsplit(site.urls.site_url).hostname or "policy-drafts.invalid"
        self.stamp = site.now
        header = Calendar()
        header.add("prodid", PRODID)
        header.add("version", "2.0")
        header.add("calscale", "GREGORIAN")
        header.add("method", "PUBLISH")
        header.add("x-wr-timezone", str(site.settings.timezone))
        header.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
        header.add("x-published-ttl", "PT12H")
        header.add_component(Timezone.from_tzinfo(site.settings.timezone))
        self._head, self._tail = header.to_ical().split(b"END:VCALENDAR")
        self._name = site_name
        self._events: dict[str, list[tuple[datetime, bytes]]] = {}

    def events_of(self, view: DraftView) -> list[tuple[datetime, bytes]]:
        if view.id not in self._events:
            self._events[view.id] = self._remember(
                "ics-events", view, lambda: [(start, to_ical(event)) for start, event in self._vevents(view)]
            )
        return self._events[view.id]

    def draft_calendar(self, view: DraftView) -> bytes:
        """A draft's own calendar, also before any window is scheduled: who subscribes to an
        announced draft is told when its consultation opens."""
        return self._calendar([ical for _, ical in self.events_of(view)], f"Dự thảo: {view.draft.title}")

    def site_calendar(self) -> bytes:
        return self.shared_calendar(lambda v: True, f"{self._name} – Lịch lấy ý kiến")

    def shared_calendar(self, keep: Callable[[DraftView], bool], name: str) -> bytes:
        """What a subscriber needs: the last 30 days and what is ahead, the nearest first, as
        much as fits in MAX_BYTES whatever the size of the archive."""
        cutoff = self.site.now - PAST
        recent = [v for v in self.site.drafts if keep(v) and self._last_item(v) >= cutoff]
        chosen = [(start, ical) for v in recent for start, ical in self.events_of(v) if start >= cutoff]
        chosen.sort(key=lambda pair: pair[0])
        budget = MAX_BYTES - len(self._head) - len(self._tail) - 400
        kept = []
        for _, ical in chosen:
            budget -= len(ical)
            if budget < 0:
                break
            kept.append(ical)
        return self._calendar(kept, name)

    def _last_item(self, view: DraftView) -> datetime:
        d = view.draft
        items = [r.deadline.at for r in d.rounds] + [e.start.at for e in d.events]
        return max(items, default=d.visible_from.at)

    def _calendar(self, events: list[bytes], name: str) -> bytes:
        # The VCALENDAR frame and VTIMEZONE are serialised once per build; the name line is
        # folded and escaped by icalendar like every other property.
        name_line = Contentline.from_parts("X-WR-CALNAME", Parameters(), vText(name)).to_ical() + b"\r\n"
        return self._head + name_line + b"".join(events) + b"END:VCALENDAR" + self._tail

    def _vevents(self, view: DraftView):
        d = view.draft
        url = self.site.urls.absolute(view.url)
        withdrawn = d.withdrawn.date if d.withdrawn else None
        for r in d.rounds:
            short = SUBJECT_INFO[r.subject].short
            anchor = f"{url}#dot-{r.number}"
            form = self.site.comment_url(d, r)
            how = f"\nGửi góp ý: {form}" if form.startswith("https://") else ""
            opening = self._event(f"{d.id}-mo-gop-y-{r.number}", f"Bắt đầu lấy ý kiến {short}: {d.title}", anchor)
            self._day_or_time(opening, r.opens, start=True)
            opening.add(
                "description", f"{SUBJECT_INFO[r.subject].label} từ hôm nay đến {self._deadline_text(r)}.{how}\n{url}"
            )
            self._changes(opening, d.published, None, withdrawn, r.opens.at)
            yield r.opens.at, opening
            deadline = self._event(f"{d.id}-han-gop-y-{r.number}", f"Hạn góp ý {short}: {d.title}", anchor)
            self._day_or_time(deadline, r.deadline, start=False)
            deadline.add(
                "description",
                f"{SUBJECT_INFO[r.subject].label}: hạn góp ý {self._deadline_text(r)} (giờ Việt Nam).{how}\n{url}",
            )
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Còn 2 ngày để góp ý: {d.title}")
            alarm.add("trigger", -REMINDER)
            deadline.add_component(alarm)
            extension = (r.extended_at or r.closes) if r.extended_to else None
            self._changes(deadline, d.published, extension, withdrawn, r.deadline.at)
            yield r.deadline.at, deadline
        for e in d.events:
            event = self._event(f"{d.id}-su-kien-{e.index + 1}", f"{e.title}: {d.title}", e.url or url)
            if e.start.date_only:
                event.add("dtstart", e.start.day)
                event.add("dtend", (e.end.day if e.end else e.start.day) + timedelta(days=1))
            else:
                event.add("dtstart", e.start.at)
                if e.end:
                    event.add("dtend", e.end.at)
            if e.location:
                event.add("location", e.location)
            event.add("description", f"{d.summary}\n{url}")
            self._changes(event, d.published, None, withdrawn, e.start.at)
            yield e.start.at, event

    @staticmethod
    def _deadline_text(r: Round) -> str:
        return vi_deadline(r.deadline)

    @staticmethod
    def _day_or_time(event: Event, moment, *, start: bool) -> None:
        """A date-only bound is an all-day event on that day; a timed one an hour-long interval
        (from the opening, or up to the deadline)."""
        if moment.date_only:
            event.add("dtstart", moment.day)
            event.add("dtend", moment.day + timedelta(days=1))
        elif start:
            event.add("dtstart", moment.at)
            event.add("dtend", moment.at + timedelta(hours=1))
        else:
            event.add("dtstart", moment.at - timedelta(hours=1))
            event.add("dtend", moment.at)

    @staticmethod
    def _changes(event: Event, published, extension, withdrawn, starts: datetime) -> None:
        """SEQUENCE counts the facts that changed the event; LAST-MODIFIED dates the last one."""
        sequence, modified = 0, published.at
        if extension is not None:
            sequence, modified = sequence + 1, max(modified, extension.at)
        if withdrawn is not None and withdrawn.at <= starts:
            event.add("status", "CANCELLED")
            sequence, modified = sequence + 1, max(modified, withdrawn.at)
        event.add("sequence", sequence)
        event.add("last-modified", modified)

    def _event(self, uid: str, summary: str, url: str) -> Event:
        event = Event()
        event.add("uid", f"{uid}@{self.host}")
        event.add("dtstamp", self.stamp)
        event.add("summary", summary)
        event.add("url", url)
        return event
