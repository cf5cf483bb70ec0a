"""Feeds for the press: one item per dated event of a draft (pure).

Which feeds exist, which events each holds, and the plain-text wording of every item.
RSS is written by the `rss.xml` template (autoescaped XML); JSON Feed 1.1 by `json`.
Items are dated by the draft's facts and identified by the event's stable key, so a
rebuild at a later instant keeps every earlier GUID and link.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from ..model import paths
from ..model.criteria import ALL_FOUR_LABEL
from ..model.text import safe_json
from ..model.timeline import EventKind, Happening
from .formats import RSS, Format
from .site import DraftView, Feed, SiteModel

ARCHIVE_SIZE = 100  # events per archive document; a feed holds the newest 100 to 199 (RFC 5005)


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int
    type: str


@dataclass(frozen=True)
class Category:
    """An RSS category: `term` in the vocabulary named by `domain` (an address of the site)."""

    domain: str
    term: str


@dataclass(frozen=True)
class Item:
    happening: Happening
    view: DraftView
    title: str
    text: str
    link: str
    guid: str
    categories: tuple[Category, ...]
    enclosure: Enclosure | None
    extension: dict  # JSON Feed "_policy_drafts": the event in machine-readable form


@dataclass(frozen=True)
class FeedDocument:
    """One document of a feed: the subscription document (the newest events) or an archive.

    Archives are full chunks of ARCHIVE_SIZE events counted from the oldest, so an archive
    keeps its events as the feed grows; the subscription document holds the last full chunk
    and the events after it. Every event is in exactly one document (RFC 5005, section 4)."""

    path: str  # site-relative, in the document's format
    events: list[Happening]  # newest first
    number: int = 0  # archives: 1 for the oldest; 0 for the subscription document
    prev_archive: str = ""  # the next older archive
    next_archive: str = ""  # archives: the next newer one
    current: str = ""  # archives: the subscription document

    @property
    def archive(self) -> bool:
        return self.number > 0


def feed_documents(site: SiteModel, feed: Feed, form: Format = RSS) -> list[FeedDocument]:
    """The subscription document first, then the archives from the newest (for a format that
    has archives; otherwise one document holds every event)."""
    path = form.path(feed.stem)
    oldest_first = site.feed_events(feed)[::-1]
    archives = max(0, len(oldest_first) // ARCHIVE_SIZE - 1) if form.archived else 0
    docs = [
        FeedDocument(
            path,
            oldest_first[archives * ARCHIVE_SIZE :][::-1],
            0,
            paths.archive_file(path, archives) if archives else "",
        )
    ]
    for number in range(archives, 0, -1):
        chunk = oldest_first[(number - 1) * ARCHIVE_SIZE : number * ARCHIVE_SIZE][::-1]
        docs.append(
            FeedDocument(
                paths.archive_file(path, number),
                chunk,
                number,
                prev_archive=paths.archive_file(path, number - 1) if number > 1 else "",
                next_archive=paths.archive_file(path, number + 1) if number < archives else "",
                current=path,
            )
        )
    return docs


def feed_items(site: SiteModel, feed: Feed) -> list[Item]:
    """The items of the subscription document."""
    return [item(site, h) for h in feed_documents(site, feed)[0].events]


def item(site: SiteModel, h: Happening) -> Item:
    """An event as a feed item: what belongs to this event only (its window's form and deadline,
    its response's document, the adopted text), told as it was known on its date."""
    view = site.by_id[h.draft.id]
    d, rnd, urls = h.draft, h.round, site.urls
    page = urls.absolute(view.url)
    categories = [Category(urls.absolute(paths.EVENT_VOCABULARY), h.kind.value)]
    categories += [
        Category(urls.absolute(site.listing_by_key[f"field/{key}"].url), name) for key, name in view.field_names
    ]
    categories.append(Category(urls.absolute(site.listing_by_key[f"agency/{d.agency}"].url), view.agency_name))
    categories.append(Category(urls.absolute(urls.document_types()), view.document_type_name))
    if d.criteria.all_four:
        categories.append(Category(urls.absolute(site.listing_by_key["criteria/all-four"].url), ALL_FOUR_LABEL))
    text = [h.what]
    form = document = ""
    if rnd is not None and h.info.consultation:
        form = site.comment_url(d, rnd)
        # A window's own form is short enough to print; the site's form is reached from the page.
        text.append(f"Gửi góp ý: {rnd.form}" if rnd.form else f"Gửi góp ý tại trang dự thảo: {page}")
    response = h.response
    if response is not None and response.document is not None:
        document = _href(site, view, response.document)
        text.append(f"Báo cáo tiếp thu, giải trình: {document}")
    if h.kind is EventKind.ADOPTED and d.adoption is not None and d.adoption.url:
        document = d.adoption.url
        text.append(f"Toàn văn: {document}")
    text.append(f"Cơ quan chủ trì soạn thảo: {view.agency_name}.")
    extension = {
        "about": urls.absolute(urls.doc(paths.OPEN_DATA_DOC)) + "#" + paths.OPEN_DATA_FEEDS_ID,
        "event": h.kind.value,
        "draft": d.id,
        "round": rnd.number if rnd is not None else None,
        "subject": rnd.subject.value if rnd is not None else None,
        "deadline": rnd.deadline.iso() if rnd is not None else None,
        "form": form or None,
        "document": document or None,
    }
    return Item(
        h,
        view,
        h.title,
        " ".join(text),
        page + (f"#{h.anchor}" if h.anchor else ""),
        page + "#" + h.slug,
        tuple(categories),
        enclosure(site, view, h),
        extension,
    )


def enclosure(site: SiteModel, view: DraftView, h: Happening) -> Enclosure | None:
    """The file this event is about: the response's report for a response, the draft document
    otherwise; nothing for an adoption or a withdrawal (no file of the draft folder is theirs)."""
    if h.kind in (EventKind.ADOPTED, EventKind.WITHDRAWN):
        return None
    doc = h.response.document if h.response is not None else view.draft.main_document
    if doc is None or not doc.file:
        return None
    kind = mimetypes.guess_type(doc.file)[0] or "application/octet-stream"
    url = site.urls.absolute(site.urls.attachment(view.id, doc.file))
    return Enclosure(url, view.draft.size_of(doc.file), kind)


def _href(site: SiteModel, view: DraftView, link) -> str:
    return site.urls.absolute(site.urls.attachment(view.id, link.file)) if link.file else link.url


def rfc822(at: datetime, site: SiteModel) -> str:
    return format_datetime(at.astimezone(site.settings.timezone))


def json_feed(site: SiteModel, feed: Feed, doc: FeedDocument, site_name: str, items: list[dict]) -> str:
    """JSON Feed 1.1 of the same events as the RSS document; `next_url` leads to older events."""
    data: dict = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{site_name} – {feed.title}" + (f" (lưu trữ {doc.number})" if doc.archive else ""),
        "home_page_url": site.urls.absolute(feed.page),
        "feed_url": site.urls.absolute(doc.path),
        "description": feed.description,
        "language": "vi",
    }
    if doc.prev_archive:
        data["next_url"] = site.urls.absolute(doc.prev_archive)
    data["items"] = items
    return safe_json(data)


def json_item(site: SiteModel, i: Item) -> dict:
    item = {
        "id": i.guid,
        "url": i.link,
        "title": i.title,
        "content_text": i.text,
        "date_published": i.happening.at.astimezone(site.settings.timezone).isoformat(),
        "tags": [c.term for c in i.categories[1:]],
        "_policy_drafts": i.extension,
    }
    if i.enclosure is not None:
        item["attachments"] = [
            {"url": i.enclosure.url, "mime_type": i.enclosure.type, "size_in_bytes": i.enclosure.length}
        ]
    return item
