"""The dated events of a draft: what the press is told and what orders the listings (pure).

An event is dated by the draft's facts, never by the build instant; its key never
changes, so a feed GUID built from it survives every rebuild. Every kind of event is
described once, in `KIND_INFO`: its label, the section of the draft page it links to,
how a feed item names and tells it, and whether it belongs to the feed of open
consultations. Adding a kind is one row there and one rule in `timeline()`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from .clock import Moment
from .formatting import vi_date, vi_datetime, vi_deadline
from .records import SUBJECT_INFO, Draft, Response, Round


class EventKind(str, Enum):
    PUBLISHED = "published"
    OPENED = "opened"
    EXTENDED = "extended"
    CLOSING_SOON = "closing-soon"
    CLOSED = "closed"
    RESPONDED = "responded"
    ADOPTED = "adopted"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Happening:
    draft: Draft
    kind: EventKind
    at: datetime
    round: Round | None = None

    @property
    def slug(self) -> str:
        """Stable within the draft: kind and round number (1-based), e.g. 'opened-2'."""
        # `_value_`: the member's value as stored (`.value` is a descriptor, slow for 100,000 events)
        kind = self.kind._value_
        return f"{kind}-{self.round.index + 1}" if self.round is not None else kind

    @property
    def key(self) -> str:
        """Stable across the site: 'hoc-phi/opened-2'."""
        return f"{self.draft.id}/{self.slug}"

    @property
    def info(self) -> EventKindInfo:
        return KIND_INFO[self.kind]

    @property
    def anchor(self) -> str:
        if self.round is not None:
            return self.info.round_anchor.format(n=self.round.number)
        return self.info.anchor

    @property
    def label(self) -> str:
        return self.info.label

    @property
    def title(self) -> str:
        """A feed item's title: 'Bắt đầu lấy ý kiến dự thảo văn bản: <draft title>'."""
        return f"{self.info.heading(self)}: {self.draft.title}"

    @property
    def what(self) -> str:
        """One or two sentences: what happened, with dates in Viet Nam time."""
        return self.info.what(self)

    @property
    def response(self) -> Response | None:
        """The response a RESPONDED event publishes."""
        if self.kind is not EventKind.RESPONDED:
            return None
        return self.round.response if self.round is not None else self.draft.response


def _window(h: Happening) -> Round:
    assert h.round is not None, h.kind
    return h.round


def _short(h: Happening) -> str:
    """'dự thảo văn bản', with the window's number when two windows ask about the same thing."""
    rnd = _window(h)
    same = [r for r in h.draft.rounds if r.subject is rnd.subject]
    return SUBJECT_INFO[rnd.subject].short + (f" (đợt {rnd.number})" if len(same) > 1 else "")


def _deadline_then(h: Happening) -> Moment:
    """The deadline as known at the event: an extension counts from the day it was announced
    (without extended_at, from the original deadline)."""
    rnd = _window(h)
    announced = rnd.extended_at or rnd.closes
    return rnd.extended_to if rnd.extended_to is not None and announced.at <= h.at else rnd.closes


def _published(h: Happening) -> str:
    upcoming = next((r for r in h.draft.rounds if r.closes.at >= h.at), None)
    return f"Dự thảo được công bố: {h.draft.summary}" + (
        f" Lấy ý kiến {SUBJECT_INFO[upcoming.subject].short} từ {vi_datetime(upcoming.opens)} đến "
        f"{vi_deadline(upcoming.closes)} (giờ Việt Nam)."
        if upcoming
        else ""
    )


def _responded(h: Happening) -> str:
    response = h.response
    counts = ""
    if response and response.received is not None:
        counts = f" Đã nhận {response.received} ý kiến"
        counts += f", tiếp thu {response.accepted} ý kiến." if response.accepted is not None else "."
    about = f" đợt lấy ý kiến {_short(h)}" if h.round is not None else ""
    return f"Cơ quan soạn thảo công bố việc tiếp thu, giải trình ý kiến góp ý{about}.{counts}"


def _adopted(h: Happening) -> str:
    adoption = h.draft.adoption
    assert adoption is not None
    number = f" số {adoption.number}" if adoption.number else ""
    return f"Văn bản{number} được ban hành ngày {vi_date(adoption.date)}."


def _withdrawn(h: Happening) -> str:
    withdrawn = h.draft.withdrawn
    assert withdrawn is not None
    return f"Dự thảo dừng xây dựng từ ngày {vi_date(withdrawn.date)}. Lý do: {withdrawn.reason}"


@dataclass(frozen=True)
class EventKindInfo:
    label: str  # on the home page's recent activity and in listings
    anchor: str  # the section of the draft page an item links to (a round's own anchor wins)
    heading: Callable[[Happening], str]  # a feed item's title, before the draft's title
    what: Callable[[Happening], str]  # a feed item's text: what happened, as known on its date
    consultation: bool = False  # in the feeds of consultations open now
    round_anchor: str = "dot-{n}"  # the section for an event of window n


KIND_INFO: dict[EventKind, EventKindInfo] = {
    EventKind.PUBLISHED: EventKindInfo("Công bố dự thảo", "", lambda h: "Công bố dự thảo", _published),
    EventKind.OPENED: EventKindInfo(
        "Bắt đầu lấy ý kiến",
        "lay-y-kien",
        lambda h: f"Bắt đầu lấy ý kiến {_short(h)}",
        lambda h: (
            f"{SUBJECT_INFO[_window(h).subject].label} từ {vi_datetime(_window(h).opens)}, hạn góp ý "
            f"{vi_deadline(_deadline_then(h))} (giờ Việt Nam)."
        ),
        consultation=True,
    ),
    EventKind.EXTENDED: EventKindInfo(
        "Gia hạn lấy ý kiến",
        "lay-y-kien",
        lambda h: f"Gia hạn góp ý {_short(h)} đến {_window(h).deadline.at:%d/%m}",
        lambda h: (
            f"Thời hạn góp ý {_short(h)} được gia hạn từ {vi_deadline(_window(h).closes)} đến "
            f"{vi_deadline(_window(h).deadline)} (giờ Việt Nam)."
        ),
        consultation=True,
    ),
    EventKind.CLOSING_SOON: EventKindInfo(
        "Sắp hết hạn góp ý",
        "lay-y-kien",
        lambda h: f"Sắp hết hạn góp ý {_short(h)} ({_deadline_then(h).at:%d/%m})",
        lambda h: f"Hạn góp ý {_short(h)}: {vi_deadline(_deadline_then(h))} (giờ Việt Nam).",
        consultation=True,
    ),
    EventKind.CLOSED: EventKindInfo(
        "Hết hạn góp ý",
        "lay-y-kien",
        lambda h: f"Hết hạn góp ý {_short(h)}",
        lambda h: f"Đã hết hạn góp ý {_short(h)} ({vi_deadline(_window(h).deadline)}, giờ Việt Nam).",
    ),
    EventKind.RESPONDED: EventKindInfo(
        "Công bố tiếp thu, giải trình",
        "tiep-thu-giai-trinh",
        lambda h: "Công bố tiếp thu, giải trình" + (f" {_short(h)}" if h.round is not None else ""),
        _responded,
        round_anchor="tiep-thu-dot-{n}",
    ),
    EventKind.ADOPTED: EventKindInfo(
        "Ban hành văn bản",
        "ban-hanh",
        lambda h: f"Ban hành văn bản {h.draft.adoption.number}".rstrip() if h.draft.adoption else "Ban hành văn bản",
        _adopted,
    ),
    EventKind.WITHDRAWN: EventKindInfo(
        "Dừng xây dựng dự thảo", "dung-xay-dung", lambda h: "Dừng xây dựng dự thảo", _withdrawn
    ),
}
KIND_ORDER = {kind: i for i, kind in enumerate(EventKind)}
EVENT_ANCHOR = "su-kien-{n}"  # a conference or dialogue (events:) on the draft page


def _anchor_patterns() -> re.Pattern[str]:
    """Every id a feed item, a calendar event or a page links to on a draft page, from the table
    that makes the links: each kind's section, each window's, and each event's own slug (the
    fragment of a feed item's id). No heading of an editor's text may take one."""
    parts = {re.escape(info.anchor) for info in KIND_INFO.values() if info.anchor}
    for info in KIND_INFO.values():
        parts.add(re.escape(info.round_anchor).replace(re.escape("{n}"), r"[0-9]+"))
    for kind in EventKind:
        parts.add(re.escape(kind.value) + r"(?:-[0-9]+)?")
    parts.add(re.escape(EVENT_ANCHOR).replace(re.escape("{n}"), r"[0-9]+"))
    return re.compile("(?:" + "|".join(sorted(parts)) + ")")


RESERVED_ANCHORS = _anchor_patterns()


def reserved_anchor(value: str) -> bool:
    """Whether `value` is an id that the draft page keeps for its own sections and events."""
    return RESERVED_ANCHORS.fullmatch(value) is not None


def timeline(draft: Draft, closing_soon_days: int) -> list[Happening]:
    """Every event of the draft, past and future, oldest first."""
    events = [Happening(draft, EventKind.PUBLISHED, draft.visible_from.at)]
    soon = timedelta(days=closing_soon_days)
    for rnd in draft.rounds:
        events.append(Happening(draft, EventKind.OPENED, rnd.opens.at, rnd))
        if rnd.extended_to:
            announced = rnd.extended_at.at if rnd.extended_at else rnd.closes.at
            events.append(Happening(draft, EventKind.EXTENDED, announced, rnd))
        if rnd.deadline.at - soon > rnd.opens.at:
            events.append(Happening(draft, EventKind.CLOSING_SOON, rnd.deadline.at - soon, rnd))
        events.append(Happening(draft, EventKind.CLOSED, rnd.deadline.at, rnd))
    for answered, response in draft.responses():
        # A window's own response is "responded-<n>"; the top-level one keeps the key "responded".
        events.append(Happening(draft, EventKind.RESPONDED, response.published.at, answered))
    if draft.adoption:
        events.append(Happening(draft, EventKind.ADOPTED, draft.adoption.date.at))
    if draft.withdrawn:
        stop = draft.withdrawn.date.at
        # Nothing happens to a withdrawn draft after the withdrawal.
        events = [e for e in events if e.at <= stop]
        events.append(Happening(draft, EventKind.WITHDRAWN, stop))
    events.sort(key=lambda e: (e.at, KIND_ORDER[e.kind]))
    return events


def happened(events: list[Happening], now: datetime) -> list[Happening]:
    return [e for e in events if e.at <= now]
