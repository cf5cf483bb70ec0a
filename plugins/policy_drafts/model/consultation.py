"""Consultation windows and the status a draft has at an instant (pure).

Status is derived, never typed: editors write dated facts and the first rule that
applies wins (design.md): withdrawn, adopted, open, upcoming, responded, closed,
announced. `closing_soon` is a flag beside `open`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from functools import lru_cache
from urllib.parse import quote

from .records import Draft, Round, Version
from .registries import DEFAULTS


class Status(str, Enum):
    WITHDRAWN = "withdrawn"
    ADOPTED = "adopted"
    OPEN = "open"
    UPCOMING = "upcoming"
    RESPONDED = "responded"
    CLOSED = "closed"
    ANNOUNCED = "announced"


@dataclass(frozen=True)
class StatusInfo:
    label: str  # shown on badges and in feeds
    slug: str  # the listing URL /du-thao/trang-thai/<slug>/
    description: str  # one sentence for listing headers
    icon: str  # a symbol beside the label, so status is never told by colour alone


STATUS_INFO = {
    Status.OPEN: StatusInfo("Đang lấy ý kiến", "dang-lay-y-kien", "Dự thảo đang mở lấy ý kiến Nhân dân.", "✎"),
    Status.UPCOMING: StatusInfo("Sắp lấy ý kiến", "sap-lay-y-kien", "Dự thảo đã có lịch lấy ý kiến sắp tới.", "◷"),
    Status.CLOSED: StatusInfo(
        "Hết hạn góp ý, chờ tiếp thu",
        "het-han-gop-y",
        "Đã hết hạn góp ý; cơ quan soạn thảo chưa công bố tiếp thu, giải trình.",
        "⌛",
    ),
    Status.RESPONDED: StatusInfo(
        "Đã tiếp thu, giải trình",
        "da-tiep-thu-giai-trinh",
        "Cơ quan soạn thảo đã công bố việc tiếp thu, giải trình ý kiến góp ý.",
        "✉",
    ),
    Status.ADOPTED: StatusInfo("Đã ban hành", "da-ban-hanh", "Văn bản đã được thông qua, ban hành.", "✔"),
    Status.WITHDRAWN: StatusInfo("Đã dừng xây dựng", "da-dung", "Dự thảo đã dừng xây dựng.", "⊘"),
    Status.ANNOUNCED: StatusInfo(
        "Đã công bố, chưa lấy ý kiến", "da-cong-bo", "Dự thảo đã công bố, chưa đến đợt lấy ý kiến.", "ℹ"
    ),
}
CLOSING_SOON_LABEL = "Sắp hết hạn"


@dataclass(frozen=True)
class State:
    """A draft's status at one instant, with the window the page talks about."""

    status: Status
    closing_soon: bool
    window: Round | None  # the current, else the next, else the last window
    remaining: timedelta | None  # until the deadline, while open
    since_close: timedelta | None  # since the last deadline, when closed
    response_due: datetime | None  # when closed: the deadline for publishing the response
    overdue: timedelta | None  # how late the response is, once past response_due

    @property
    def info(self) -> StatusInfo:
        return STATUS_INFO[self.status]

    @property
    def current(self) -> Round:
        """The window the status is about, for statuses that have one (open, upcoming, closed)."""
        assert self.window is not None, self.status
        return self.window


def state_at(
    draft: Draft,
    now: datetime,
    *,
    closing_soon_days: int = DEFAULTS.closing_soon_days,
    response_due_days: int = DEFAULTS.response_due_days,
) -> State:
    current = next((r for r in draft.rounds if r.opens.at <= now <= r.deadline.at), None)
    upcoming = next((r for r in draft.rounds if r.opens.at > now), None)
    last = draft.rounds[-1] if draft.rounds else None
    window = current or upcoming or last
    remaining = current.deadline.at - now if current else None
    closing_soon = remaining is not None and remaining <= timedelta(days=closing_soon_days)
    ended = last is not None and last.deadline.at < now and current is None and upcoming is None
    since_close = now - last.deadline.at if last is not None and ended else None

    def happened(fact) -> bool:
        return fact is not None and fact.at <= now

    if draft.withdrawn and happened(draft.withdrawn.date):
        status = Status.WITHDRAWN
    elif draft.adoption and happened(draft.adoption.date):
        status = Status.ADOPTED
    elif current:
        status = Status.OPEN
    elif upcoming:
        status = Status.UPCOMING
    elif draft.final_response and happened(draft.final_response.published):
        status = Status.RESPONDED
    elif ended:
        status = Status.CLOSED
    else:
        status = Status.ANNOUNCED
    due = last.deadline.at + timedelta(days=response_due_days) if last and status is Status.CLOSED else None
    return State(
        status=status,
        closing_soon=status is Status.OPEN and closing_soon,
        window=window,
        remaining=remaining if status is Status.OPEN else None,
        since_close=since_close if status is Status.CLOSED else None,
        response_due=due,
        overdue=now - due if due and now > due else None,
    )


def fill_form(template: str, draft: Draft, article: str = "") -> str:
    """A form address with {id}, {title} and {article} (e.g. 'Điều 5', '' for the draft as a
    whole) filled, URL-encoded; a judged URL may carry a placeholder percent-encoded (in a path)."""
    values = {"id": draft.id, "title": draft.title, "article": article}
    for name, value in values.items():
        encoded = _quoted(value)
        for placeholder in ("{" + name + "}", "%7B" + name + "%7D", "%7b" + name + "%7d"):
            template = template.replace(placeholder, encoded)
    return template


@lru_cache(maxsize=1 << 15)
def _quoted(value: str) -> str:
    """`value` URL-encoded whole: a draft's id and title are quoted for every page of every build
    (`mkdocs serve`'s rebuilds find the last build's)."""
    return quote(value, safe="")


def comment_form_url(template: str, draft: Draft, window: Round | None, article: str = "") -> str:
    """The window's own form, else the site default, with {id}, {title} and {article} filled."""
    if window and window.form:
        return fill_form(window.form, draft, article)
    if not template:
        return ""
    return fill_form(template, draft, article)


def round_version(draft: Draft, window: Round) -> Version | None:
    """The version of the text a window puts out: the one it names (`version:`), else the latest
    version dated on or before the window opens (None: no such version, or not yet published)."""
    if window.version is not None:
        return next((v for v in draft.versions if v.number == window.version), None)
    dated = [v for v in draft.versions if v.date is not None and v.date.at <= window.opens.at]
    return dated[-1] if dated else None


def version_window(draft: Draft, version: Version, now: datetime) -> Round | None:
    """The window that puts out `version` and is open or still to come at `now` (comments on its
    articles are taken), unless the draft was withdrawn or adopted by then."""
    for fact in (draft.withdrawn and draft.withdrawn.date, draft.adoption and draft.adoption.date):
        if fact and fact.at <= now:
            return None
    return next(
        (
            r
            for r in draft.rounds
            if r.deadline.at >= now and (found := round_version(draft, r)) and found.number == version.number
        ),
        None,
    )
