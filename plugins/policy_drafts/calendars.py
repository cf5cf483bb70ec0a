"""iCalendar (RFC 5545) of consultation deadlines and events, through the `icalendar` library.

Each deadline and each conference is one VEVENT with a UID that never changes. A
date-only deadline is a timed event at 23:59:59 local time (its true end), in the
site's time zone with its VTIMEZONE. Every VEVENT is serialised once and shared by
the draft's own calendar and the site-wide one, which keeps the cost flat per draft.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from icalendar import Calendar, Event, Timezone
from icalendar.parser import Contentline, Parameters
from icalendar.prop import vText

from .model import SUBJECT_INFO
from .site import DraftView, SiteModel

SITE_CALENDAR = "lich/tat-ca.ics"
PAST = timedelta(days=30)  # the site-wide calendar keeps past items this long, and everything ahead ...
MAX_BYTES = 900_000  # ... as far ahead as fits under 1 MB (calendar apps refuse larger files)
PRODID = "-//mkdocs-policy-drafts//Lich lay y kien//VI"


def draft_calendar_path(site: SiteModel, view: DraftView) -> str:
    return f"{view.url if site.urls.directory_urls else view.url.rsplit('/', 1)[0] + '/'}lich.ics"


class Calendars:
    """Builds the per-draft and site-wide calendars of one build."""

    def __init__(self, site: SiteModel, site_name: str):
        self.site = site
        self.host = urlsplit(site.urls.site_url).hostname or "policy-drafts.invalid"
        self.stamp = site.now
        header = Calendar()
        header.add("prodid", PRODID)
        header.add("version", "2.0")
        header.add("calscale", "GREGORIAN")
        header.add("x-wr-timezone", str(site.settings.timezone))
        header.add_component(Timezone.from_tzinfo(site.settings.timezone))
        self._head, self._tail = header.to_ical().split(b"END:VCALENDAR")
        self._name = site_name
        self._events: dict[str, list[tuple[datetime, bytes]]] = {}

    def events_of(self, view: DraftView) -> list[tuple[datetime, bytes]]:
        if view.id not in self._events:
            self._events[view.id] = [(start, event.to_ical()) for start, event in self._vevents(view)]
        return self._events[view.id]

    def draft_calendar(self, view: DraftView) -> bytes:
        return self._calendar([ical for _, ical in self.events_of(view)], view.draft.title)

    def has_calendar(self, view: DraftView) -> bool:
        """A draft gets its own calendar while it has a deadline or an event ahead."""
        now = self.site.now
        return any(r.deadline.at >= now for r in view.draft.rounds) or any(
            (e.end or e.start).at >= now for e in view.draft.events
        )

    def site_calendar(self) -> bytes:
        """What a subscriber needs: the last 30 days and what is ahead, the nearest first, as
        much as fits in MAX_BYTES whatever the size of the archive."""
        cutoff = self.site.now - PAST
        recent = [v for v in self.site.drafts if self._last_item(v) >= cutoff]
        chosen = [(start, ical) for v in recent for start, ical in self.events_of(v) if start >= cutoff]
        chosen.sort(key=lambda pair: pair[0])
        budget = MAX_BYTES - len(self._head) - len(self._tail) - 200
        kept = []
        for _, ical in chosen:
            budget -= len(ical)
            if budget < 0:
                break
            kept.append(ical)
        return self._calendar(kept, f"{self._name} – Lịch lấy ý kiến")

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
        withdrawn = d.withdrawn.date.at if d.withdrawn else None
        for r in d.rounds:
            event = self._event(f"{d.id}-han-gop-y-{r.index + 1}", f"Hạn góp ý: {d.title}", url + f"#dot-{r.index + 1}")
            event.add("dtstart", r.deadline.at)
            event.add(
                "description",
                f"{SUBJECT_INFO[r.subject].label} từ {r.opens.at:%d/%m/%Y} đến hết "
                f"{r.deadline.at:%H:%M:%S ngày %d/%m/%Y} (giờ Việt Nam). {d.summary}\n{url}",
            )
            if withdrawn and withdrawn <= r.deadline.at:
                event.add("status", "CANCELLED")
            yield r.deadline.at, event
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
            if withdrawn and withdrawn <= e.start.at:
                event.add("status", "CANCELLED")
            yield e.start.at, event

    def _event(self, uid: str, summary: str, url: str) -> Event:
        event = Event()
        event.add("uid", f"{uid}@{self.host}")
        event.add("dtstamp", self.stamp)
        event.add("summary", summary)
        event.add("url", url)
        return event
