"""The dated events of a draft: what the press is told and what orders the listings.

An event is dated by the draft's facts, never by the build instant; its key never
changes, so a feed GUID built from it survives every rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from .model import Draft, Round


class Kind(str, Enum):
    PUBLISHED = "published"
    OPENED = "opened"
    EXTENDED = "extended"
    CLOSING_SOON = "closing-soon"
    CLOSED = "closed"
    RESPONDED = "responded"
    ADOPTED = "adopted"
    WITHDRAWN = "withdrawn"


KIND_LABELS = {
    Kind.PUBLISHED: "Công bố dự thảo",
    Kind.OPENED: "Bắt đầu lấy ý kiến",
    Kind.EXTENDED: "Gia hạn lấy ý kiến",
    Kind.CLOSING_SOON: "Sắp hết hạn góp ý",
    Kind.CLOSED: "Hết hạn góp ý",
    Kind.RESPONDED: "Công bố tiếp thu, giải trình",
    Kind.ADOPTED: "Ban hành văn bản",
    Kind.WITHDRAWN: "Dừng xây dựng dự thảo",
}

# Sections of the draft page an event links to.
ANCHORS = {
    Kind.PUBLISHED: "",
    Kind.OPENED: "lay-y-kien",
    Kind.EXTENDED: "lay-y-kien",
    Kind.CLOSING_SOON: "lay-y-kien",
    Kind.CLOSED: "lay-y-kien",
    Kind.RESPONDED: "tiep-thu-giai-trinh",
    Kind.ADOPTED: "ban-hanh",
    Kind.WITHDRAWN: "trang-thai",
}


@dataclass(frozen=True)
class Happening:
    draft: Draft
    kind: Kind
    at: datetime
    round: Round | None = None

    @property
    def slug(self) -> str:
        """Stable within the draft: kind and round number (1-based), e.g. 'opened-2'."""
        return f"{self.kind.value}-{self.round.index + 1}" if self.round is not None else self.kind.value

    @property
    def key(self) -> str:
        """Stable across the site: 'hoc-phi/opened-2'."""
        return f"{self.draft.id}/{self.slug}"

    @property
    def anchor(self) -> str:
        if self.round is not None:
            return f"dot-{self.round.index + 1}"
        return ANCHORS[self.kind]

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def timeline(draft: Draft, closing_soon_days: int = 7) -> list[Happening]:
    """Every event of the draft, past and future, oldest first."""
    events = [Happening(draft, Kind.PUBLISHED, draft.visible_from.at)]
    soon = timedelta(days=closing_soon_days)
    for rnd in draft.rounds:
        events.append(Happening(draft, Kind.OPENED, rnd.opens.at, rnd))
        if rnd.extended_to:
            announced = rnd.extended_at.at if rnd.extended_at else rnd.closes.at
            events.append(Happening(draft, Kind.EXTENDED, announced, rnd))
        if rnd.deadline.at - soon > rnd.opens.at:
            events.append(Happening(draft, Kind.CLOSING_SOON, rnd.deadline.at - soon, rnd))
        events.append(Happening(draft, Kind.CLOSED, rnd.deadline.at, rnd))
    if draft.response:
        events.append(Happening(draft, Kind.RESPONDED, draft.response.published.at))
    if draft.adoption:
        events.append(Happening(draft, Kind.ADOPTED, draft.adoption.date.at))
    if draft.withdrawn:
        stop = draft.withdrawn.date.at
        # Nothing happens to a withdrawn draft after the withdrawal.
        events = [e for e in events if e.at <= stop]
        events.append(Happening(draft, Kind.WITHDRAWN, stop))
    events.sort(key=lambda e: (e.at, list(Kind).index(e.kind)))
    return events


def happened(events: list[Happening], now: datetime) -> list[Happening]:
    return [e for e in events if e.at <= now]
