"""Feeds for the press: one item per dated event of a draft (pure).

Which feeds exist, which events each holds, and the plain-text wording of every item.
RSS is written by the `rss.xml` template (autoescaped XML); JSON Feed 1.1 by `json`.
Items are dated by the draft's facts and identified by the event's stable key, so a
rebuild at a later instant keeps every earlier GUID and link.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime

from .criteria import ALL_FOUR_LABEL
from .render import safe_json
from .site import DraftView, Listing, SiteModel
from .timeline import Happening

RECENT = timedelta(days=90)  # the site-wide feed holds at least every event this recent ...
AT_LEAST = 50  # ... and never fewer than this many of the newest


@dataclass(frozen=True)
class FeedSpec:
    """A feed, derived from the listing it belongs to (site.Listing.feed)."""

    key: str  # the listing's key: "all", "status/open", "criteria/all-four", "field/<key>", "agency/<key>"
    title: str
    description: str
    path: str  # site-relative, e.g. "rss/tat-ca.xml"
    page: str  # the listing page the feed is about
    keep: Callable[[Happening, DraftView], bool]

    @property
    def json_path(self) -> str:
        return self.path.removesuffix(".xml") + ".json"


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
    now = site.now

    def keeper(listing: Listing) -> Callable[[Happening, DraftView], bool]:
        members = {v.id for v in listing.items}
        only_open = listing.feed is not None and listing.feed.consultations_only

        def keep(h: Happening, v: DraftView) -> bool:
            if v.id not in members:
                return False
            if not only_open:
                return True
            return h.info.consultation and h.round is not None and h.round.opens.at <= now <= h.round.deadline.at

        return keep

    return [
        FeedSpec(
            listing.key,
            listing.feed.title,
            listing.feed.description,
            listing.feed.path + ".xml",
            listing.path,
            keeper(listing),
        )
        for listing in site.listings
        if listing.feed is not None
    ]


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
    return Item(
        h,
        view,
        h.title,
        event_text(h, view),
        link,
        site.urls.absolute(view.url) + "#" + h.slug,
        tuple(categories),
        enclosure(site, view),
    )


def enclosure(site: SiteModel, view: DraftView) -> Enclosure | None:
    """The main draft document, when it is a file of the draft folder."""
    doc = view.draft.main_document
    if doc is None or not doc.file:
        return None
    kind = mimetypes.guess_type(doc.file)[0] or "application/octet-stream"
    url = site.urls.absolute(site.urls.attachment(view.id, doc.file))
    return Enclosure(url, view.draft.size_of(doc.file), kind)


def event_text(h: Happening, view: DraftView) -> str:
    """Plain text: what happened, the deadline in local time, the summary, who drafts it."""
    return f"{h.what} {h.draft.summary} Cơ quan chủ trì soạn thảo: {view.agency_name}."


def rfc822(at: datetime, site: SiteModel) -> str:
    return format_datetime(at.astimezone(site.settings.timezone))


def json_feed(site: SiteModel, spec: FeedSpec, items: list[Item], site_name: str) -> str:
    """JSON Feed 1.1 of the same items as the RSS feed."""
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{site_name} – {spec.title}",
        "home_page_url": site.urls.absolute(spec.page),
        "feed_url": site.urls.absolute(spec.json_path),
        "description": spec.description,
        "language": "vi",
        "items": [
            {
                "id": i.guid,
                "url": i.link,
                "title": i.title,
                "content_text": i.text,
                "date_published": i.happening.at.astimezone(site.settings.timezone).isoformat(),
                "tags": list(i.categories),
            }
            for i in items
        ],
    }
    return safe_json(data)
