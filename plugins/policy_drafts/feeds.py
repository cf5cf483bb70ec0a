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
from datetime import datetime
from email.utils import format_datetime

from .criteria import ALL_FOUR_LABEL
from .render import safe_json
from .site import DraftView, Listing, SiteModel
from .timeline import Happening

ARCHIVE_SIZE = 100  # events per archive document; a feed holds the newest 100 to 199 (RFC 5005)
ARCHIVE_DIR = "luu-tru"


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


@dataclass(frozen=True)
class FeedDocument:
    """One document of a feed: the subscription document (the newest events) or an archive.

    Archives are full chunks of ARCHIVE_SIZE events counted from the oldest, so an archive
    keeps its events as the feed grows; the subscription document holds the last full chunk
    and the events after it. Every event is in exactly one document (RFC 5005, section 4)."""

    path: str  # site-relative, ".xml" (".json" documents have the same stem)
    events: list[Happening]  # newest first
    number: int = 0  # archives: 1 for the oldest; 0 for the subscription document
    prev_archive: str = ""  # the next older archive
    next_archive: str = ""  # archives: the next newer one
    current: str = ""  # archives: the subscription document

    @property
    def archive(self) -> bool:
        return self.number > 0


def archive_path(path: str, number: int) -> str:
    """'rss/tat-ca.xml', 3 -> 'rss/tat-ca/luu-tru/3.xml'."""
    stem, _, suffix = path.rpartition(".")
    return f"{stem}/{ARCHIVE_DIR}/{number}.{suffix}"


def feed_documents(site: SiteModel, spec: FeedSpec, path: str = "") -> list[FeedDocument]:
    """The subscription document first, then the archives from the newest."""
    path = path or spec.path
    chosen = [h for h in site.happenings if spec.keep(h, site.by_id[h.draft.id])]
    oldest_first = chosen[::-1]
    archives = max(0, len(oldest_first) // ARCHIVE_SIZE - 1)
    docs = [
        FeedDocument(
            path, oldest_first[archives * ARCHIVE_SIZE :][::-1], 0, archive_path(path, archives) if archives else ""
        )
    ]
    for number in range(archives, 0, -1):
        chunk = oldest_first[(number - 1) * ARCHIVE_SIZE : number * ARCHIVE_SIZE][::-1]
        docs.append(
            FeedDocument(
                archive_path(path, number),
                chunk,
                number,
                prev_archive=archive_path(path, number - 1) if number > 1 else "",
                next_archive=archive_path(path, number + 1) if number < archives else "",
                current=path,
            )
        )
    return docs


def feed_items(site: SiteModel, spec: FeedSpec) -> list[Item]:
    """The items of the subscription document."""
    return [item(site, h) for h in feed_documents(site, spec)[0].events]


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


def json_feed(site: SiteModel, spec: FeedSpec, doc: FeedDocument, site_name: str, items: list[dict]) -> str:
    """JSON Feed 1.1 of the same events as the RSS document; `next_url` leads to older events."""
    data: dict = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{site_name} – {spec.title}" + (f" (lưu trữ {doc.number})" if doc.archive else ""),
        "home_page_url": site.urls.absolute(spec.page),
        "feed_url": site.urls.absolute(doc.path),
        "description": spec.description,
        "language": "vi",
    }
    if doc.prev_archive:
        data["next_url"] = site.urls.absolute(doc.prev_archive)
    data["items"] = items
    return safe_json(data)


def json_item(site: SiteModel, i: Item) -> dict:
    return {
        "id": i.guid,
        "url": i.link,
        "title": i.title,
        "content_text": i.text,
        "date_published": i.happening.at.astimezone(site.settings.timezone).isoformat(),
        "tags": list(i.categories),
    }
