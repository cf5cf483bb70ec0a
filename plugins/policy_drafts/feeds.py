"""Feeds for the press: one item per dated event of a draft (pure).

Which feeds exist, which events each holds, and the plain-text wording of every item.
RSS is written by the `rss.xml` template (autoescaped XML); JSON Feed 1.1 by `json`.
Items are dated by the draft's facts and identified by the event's stable key, so a
rebuild at a later instant keeps every earlier GUID and link.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime
from typing import Callable

from .consultation import SUBJECT_LABELS, Status
from .criteria import ALL_FOUR_LABEL
from .formatting import vi_date, vi_datetime
from .render import safe_json
from .site import DraftView, SiteModel
from .timeline import Happening, Kind

RECENT = timedelta(days=90)  # the site-wide feed holds at least every event this recent ...
AT_LEAST = 50  # ... and never fewer than this many of the newest
CONSULTATION_KINDS = (Kind.OPENED, Kind.EXTENDED, Kind.CLOSING_SOON)
SUBJECT_SHORT = {"proposal": "đề nghị xây dựng", "draft": "dự thảo văn bản"}


@dataclass(frozen=True)
class FeedSpec:
    key: str  # "all", "open", "all-four", "field/<key>", "agency/<key>"
    title: str
    description: str
    path: str  # site-relative, e.g. "rss/tat-ca.xml"
    page: str  # the site page the feed is about
    keep: Callable[[Happening, DraftView], bool]


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int
    type: str


@dataclass(frozen=True)
class Item:
    happening: Happening
    view: DraftView
    title: str
    text: str
    link: str
    guid: str
    categories: tuple[str, ...]
    enclosure: Enclosure | None


def feed_specs(site: SiteModel) -> list[FeedSpec]:
    s = site.settings
    now = site.now

    def open_now(h: Happening, v: DraftView) -> bool:
        return h.kind in CONSULTATION_KINDS and v.status is Status.OPEN and h.round is not None \
            and h.round.opens.at <= now <= h.round.deadline.at

    specs = [
        FeedSpec("all", "Tất cả hoạt động", "Mọi sự kiện của các dự thảo chính sách: công bố, lấy ý kiến, gia hạn, "
                 "hết hạn, tiếp thu, giải trình, ban hành, dừng xây dựng.", "rss/tat-ca.xml", "du-thao/",
                 lambda h, v: True),
        FeedSpec("open", "Đang lấy ý kiến", "Các đợt lấy ý kiến đang mở: bắt đầu, gia hạn, sắp hết hạn.",
                 "rss/dang-lay-y-kien.xml", "du-thao/trang-thai/dang-lay-y-kien/", open_now),
        FeedSpec("all-four", ALL_FOUR_LABEL, "Sự kiện của các dự thảo đáp ứng đủ bốn tiêu chí Quyết định 407.",
                 "rss/du-4-tieu-chi.xml", "du-thao/du-4-tieu-chi/",
                 lambda h, v: v.draft.criteria.all_four),
    ]
    for key, fld in s.fields.items():
        specs.append(FeedSpec(f"field/{key}", f"Lĩnh vực {fld.name}", f"Sự kiện của các dự thảo lĩnh vực {fld.name}.",
                              f"rss/linh-vuc/{key}.xml", f"du-thao/linh-vuc/{key}/",
                              lambda h, v, key=key: key in v.draft.fields))
    for key, agency in s.agencies.items():
        specs.append(FeedSpec(f"agency/{key}", agency.name, f"Sự kiện của các dự thảo do {agency.name} chủ trì.",
                              f"rss/co-quan/{key}.xml", f"du-thao/co-quan/{key}/",
                              lambda h, v, key=key: v.draft.agency == key))
    return specs


def recent(events: list[Happening], now: datetime) -> list[Happening]:
    """Newest first: every event of the last 90 days, and at least the 50 newest."""
    cutoff = now - RECENT
    return [e for i, e in enumerate(events) if i < AT_LEAST or e.at >= cutoff]


def feed_items(site: SiteModel, spec: FeedSpec) -> list[Item]:
    chosen = [h for h in site.happenings if spec.keep(h, site.by_id[h.draft.id])]
    return [item(site, h) for h in recent(chosen, site.now)]


def item(site: SiteModel, h: Happening) -> Item:
    view = site.by_id[h.draft.id]
    link = site.urls.absolute(view.url) + (f"#{h.anchor}" if h.anchor else "")
    categories = [name for _, name in view.field_names] + [view.agency_name, view.document_type_name]
    if h.draft.criteria.all_four:
        categories.append(ALL_FOUR_LABEL)
    return Item(h, view, event_title(h), event_text(h, view), link, site.urls.absolute(view.url) + "#" + h.slug,
                tuple(categories), enclosure(site, view))


def enclosure(site: SiteModel, view: DraftView) -> Enclosure | None:
    """The main draft document, when it is a file of the draft folder."""
    doc = view.draft.main_document
    if doc is None or not doc.file:
        return None
    kind = mimetypes.guess_type(doc.file)[0] or "application/octet-stream"
    url = site.urls.absolute(site.urls.attachment(view.id, doc.file))
    return Enclosure(url, view.draft.size_of(doc.file), kind)


def event_title(h: Happening) -> str:
    d, r = h.draft, h.round
    heading = {
        Kind.PUBLISHED: "Công bố dự thảo",
        Kind.OPENED: f"Bắt đầu lấy ý kiến {SUBJECT_SHORT[r.subject]}" if r else "",
        Kind.EXTENDED: f"Gia hạn lấy ý kiến đến {vi_date(r.deadline)}" if r else "",
        Kind.CLOSING_SOON: f"Sắp hết hạn góp ý ({vi_datetime(r.deadline)})" if r else "",
        Kind.CLOSED: "Hết hạn góp ý",
        Kind.RESPONDED: "Công bố tiếp thu, giải trình",
        Kind.ADOPTED: f"Ban hành văn bản {d.adoption.number}".rstrip() if d.adoption else "",
        Kind.WITHDRAWN: "Dừng xây dựng dự thảo",
    }[h.kind]
    return f"{heading}: {d.title}"


def event_text(h: Happening, view: DraftView) -> str:
    """Plain text: what happened, the deadline in local time, the summary, who drafts it."""
    d, r = h.draft, h.round
    if r is not None:
        window = (f"{SUBJECT_LABELS[r.subject]} từ {vi_datetime(r.opens)} đến {vi_datetime(r.deadline)} "
                  "(giờ Việt Nam).")
        what = {
            Kind.OPENED: window,
            Kind.EXTENDED: f"Thời hạn góp ý được gia hạn từ {vi_datetime(r.closes)} đến {vi_datetime(r.deadline)} "
                           "(giờ Việt Nam).",
            Kind.CLOSING_SOON: f"Hạn góp ý: {vi_datetime(r.deadline)} (giờ Việt Nam).",
            Kind.CLOSED: f"Đã hết hạn góp ý lúc {vi_datetime(r.deadline)} (giờ Việt Nam).",
        }[h.kind]
    elif h.kind is Kind.RESPONDED and d.response:
        counts = ""
        if d.response.received is not None:
            counts = f" Đã nhận {d.response.received} ý kiến"
            counts += f", tiếp thu {d.response.accepted} ý kiến." if d.response.accepted is not None else "."
        what = f"Cơ quan soạn thảo công bố việc tiếp thu, giải trình ý kiến góp ý.{counts}"
    elif h.kind is Kind.ADOPTED and d.adoption:
        number = f" số {d.adoption.number}" if d.adoption.number else ""
        what = f"Văn bản{number} được ban hành {vi_date(d.adoption.date)}."
    elif h.kind is Kind.WITHDRAWN and d.withdrawn:
        what = f"Dự thảo dừng xây dựng từ {vi_date(d.withdrawn.date)}. Lý do: {d.withdrawn.reason}"
    else:
        upcoming = next((x for x in d.rounds if x.deadline.at >= h.at), None)
        what = "Dự thảo được công bố." + (
            f" Lấy ý kiến từ {vi_datetime(upcoming.opens)} đến {vi_datetime(upcoming.deadline)} (giờ Việt Nam)."
            if upcoming else "")
    return f"{what} {d.summary} Cơ quan chủ trì soạn thảo: {view.agency_name}."


def rfc822(at: datetime, site: SiteModel) -> str:
    return format_datetime(at.astimezone(site.settings.timezone))


def json_feed(site: SiteModel, spec: FeedSpec, items: list[Item], site_name: str) -> str:
    """JSON Feed 1.1 of the same items as the RSS feed."""
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{site_name} – {spec.title}",
        "home_page_url": site.urls.absolute(spec.page),
        "feed_url": site.urls.absolute(spec.path.replace(".xml", ".json")),
        "description": spec.description,
        "language": "vi",
        "items": [{
            "id": i.guid,
            "url": i.link,
            "title": i.title,
            "content_text": i.text,
            "date_published": i.happening.at.astimezone(site.settings.timezone).isoformat(),
            "tags": list(i.categories),
        } for i in items],
    }
    return safe_json(data)
