"""Every file the site writes besides pages, declared once as data (pure).

Each `Output` is a format (formats.py: media type, suffix, whether it may be announced, its
archives) and a scope (the pages that announce it in `<head>`), with where it is written and
how it is rendered, like Hugo's outputs: the files MkDocs writes and the
`<link rel="alternate">` of every page both follow from the one list. All of them are built
from the SiteModel, hence from the published set only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

import jinja2
from markupsafe import Markup

from ..model import paths
from ..model.timeline import Happening
from . import opendata, standards
from .broadcast import announcement
from .calendars import Calendars
from .feeds import FeedDocument, Item, feed_documents, item, json_feed, json_item, rfc822
from .formats import ALTERNATE, CSV, HTML, ICS, JSON, JSON_FEED, JSONLD, RSS, TEXT, Format
from .memo import Memo
from .notices import has_notice, notice_path, notice_stylesheet, qr_svg
from .report import csv_text
from .search import SearchIndex
from .site import DraftView, Feed, Listing, SiteModel

SITE = "site"  # announced on every page
T = TypeVar("T")


@dataclass(frozen=True)
class Announce:
    type: str
    title: str
    path: str  # site-relative


@dataclass(frozen=True)
class Output:
    path: str  # site-relative
    format: Format
    render: Callable[[], str | bytes]  # called when the file is written (memory at scale)
    title: str = ""  # the <link> title where it is announced
    announce: frozenset[str] = frozenset()  # scopes: SITE, "listing:<key>", "draft:<id>"
    label: str = ""  # on the press page (outputs with a label are listed there)
    description: str = ""
    # The drafts the file is made of, alone (with the site's facts and the host's key: its
    # inputs' key, site.input_key); None: made of the whole site (compared by its bytes).
    inputs: tuple[DraftView, ...] | None = None
    facts: tuple = ()  # what else of the site it shows (a feed document: its place among the feed's)
    key: str = ""  # its inputs' key when already known (a feed's documents: Outputs._documents)

    def __post_init__(self) -> None:
        if self.announce and self.format.rel != ALTERNATE:
            raise ValueError(
                f"{self.path}: a {self.format.media_type} file is not announced in <head> (head.html writes rel=alternate)"
            )

    @property
    def media_type(self) -> str:
        return self.format.media_type

    @property
    def format_name(self) -> str:
        return self.format.name

    @property
    def link(self) -> Announce:
        return Announce(self.media_type, self.title, self.path)


def _member_of(listing: Listing) -> Callable[[DraftView], bool]:
    members = {v.id for v in listing.items}
    return lambda view: view.id in members


def listing_scope(key: str) -> str:
    return f"listing:{key}"


def draft_scope(draft_id: str) -> str:
    return f"draft:{draft_id}"


class Outputs:
    def __init__(
        self,
        site: SiteModel,
        env: jinja2.Environment,
        site_name: str,
        licence: dict | None = None,
        memo: Memo | None = None,
    ):
        self.site = site
        self.memo = memo  # None: nothing is kept (a single build: kept values would only cost memory)
        self.licence = licence or opendata.DEFAULT_LICENCE
        self.env = env
        self.site_name = site_name
        self.calendars = Calendars(site, site_name, self.remember)
        self._items: dict[str, Item] = {}
        self._items_xml: dict[str, Markup] = {}
        self._feed_docs: dict[tuple[str, str], dict[str, FeedDocument]] = {}  # by feed and format, as written
        # A single build (no memo): each draft's record text as the open-data document serialised
        # it, until the changes document has taken its digest and the draft's own file its text.
        self._record_texts: dict[str, str] = {}
        self.all: list[Output] = self._declare()
        # Announcements by scope, in declaration order: a page's <head> costs the same at any
        # archive size (a scan of every output per page grew with drafts x outputs).
        self._by_scope: dict[str, list[tuple[int, Announce]]] = {}
        for order, output in enumerate(self.all):
            for scope in output.announce:
                self._by_scope.setdefault(scope, []).append((order, output.link))

    def _declare(self) -> list[Output]:
        """Every output, in the order pages announce them: the feed of all events first."""
        name = self.site_name
        site_wide = ("all", "status/open", "criteria/all-four")
        feeds = {feed.key: self._feeds(feed, frozenset({self._scope(feed, site_wide)})) for feed in self.site.feeds}
        out = [o for key in site_wide for o in feeds[key] if o.announce and o.format is RSS]
        out += [o for o in feeds["all"] if o.announce and o.format is JSON_FEED]
        out.append(
            Output(
                paths.SITE_CALENDAR,
                ICS,
                self.calendars.site_calendar,
                f"{name} – Lịch lấy ý kiến",
                frozenset({SITE}),
                "Lịch lấy ý kiến",
                "Hạn góp ý và hội nghị, đối thoại của mọi dự thảo; mỗi trang dự thảo có thêm lịch riêng (lich.ics).",
            )
        )
        out.append(
            Output(
                paths.OPEN_DATA,
                JSON,
                self._open_data,
                f"{name} – Dữ liệu mở các dự thảo",
                frozenset({SITE}),
                "Dữ liệu mở",
                "Toàn bộ dự thảo đã công bố, cho cổng thông tin liên thông; mô tả cấu trúc tại "
                f"{paths.OPEN_DATA_SCHEMA}.",
            )
        )
        out += [o for key in feeds if key not in site_wide for o in feeds[key] if o.announce]
        out += [o for key in feeds for o in feeds[key] if not o.announce]  # archives, linked from the feeds
        for listing in self.site.listings:
            if listing.calendar:
                out.append(
                    Output(
                        listing.calendar,
                        ICS,
                        partial(
                            self.calendars.shared_calendar,
                            _member_of(listing),
                            f"{name} – Lịch: {listing.title}",
                        ),
                        f"Lịch lấy ý kiến: {listing.title}",
                        frozenset({listing_scope(listing.key)}),
                        f"Lịch: {listing.title}",
                        f"Hạn góp ý và hội nghị của các dự thảo: {listing.title}.",
                    )
                )
        for view in self.site.drafts:
            out.append(
                Output(
                    self.site.urls.draft_calendar(view.id),
                    ICS,
                    partial(self.calendars.draft_calendar, view),
                    f"Lịch lấy ý kiến: {view.draft.title}",
                    frozenset({draft_scope(view.id)}),
                    inputs=(view,),
                )
            )
            if has_notice(view):
                out.append(Output(notice_path(self.site, view), HTML, partial(self._notice, view), inputs=(view,)))
            out.append(
                Output(self.site.urls.broadcast(view.id), TEXT, partial(announcement, view, self.site), inputs=(view,))
            )
        for year, report in self.site.reports.items():
            out.append(Output(paths.report_csv(year), CSV, partial(csv_text, report)))
        out.append(Output(paths.OPEN_DATA_SCHEMA, JSON, opendata.schema_text))
        out += self._standard_outputs()
        out.append(
            Output(
                paths.OPEN_DATA_CSV,
                CSV,
                self._open_data_csv,
                f"{name} – Dữ liệu mở (CSV)",
                frozenset(),
                "Dữ liệu mở (CSV)",
                "Mỗi dự thảo một dòng, mở được bằng Excel, LibreOffice.",
            )
        )
        for view in self.site.drafts:
            out.append(
                Output(
                    self.site.urls.page_file(self.site.short_url(view)),
                    HTML,
                    partial(self._redirect, view),
                    inputs=(view,),
                )
            )
        index = SearchIndex(self.site, self.memo)
        out += [
            Output(path, TEXT if path.endswith(".txt") else JSON, partial(lambda p: index.files()[p], path))
            for path in index.files()
        ]
        return out

    def _feeds(self, feed: Feed, announce: frozenset[str]) -> list[Output]:
        """A feed in each of its formats: the subscription document (announced) and the archives
        (linked from it)."""
        out = []
        for form in feed.formats:
            render = self._json_feed if form is JSON_FEED else self._rss
            title = f"{self.site_name} – {feed.title}" + (f" ({form.name})" if form is not RSS else "")
            what = (
                feed.description
                if form is RSS
                else f"Như nguồn RSS {feed.title.lower()}, định dạng {form.name} {form.version}."
            )
            for path, archive, key in self._documents(feed, form):
                current = not archive
                out.append(
                    Output(
                        path,
                        form,
                        partial(self._render_document, render, feed, form, path),
                        title,
                        announce if current else frozenset(),
                        feed.title if current else "",
                        what if current else "",
                        (),  # made of some drafts alone: those of its events (`key`)
                        key=key,
                    )
                )
        return out

    def _documents(self, feed: Feed, form: Format) -> list[tuple[str, bool, str]]:
        """Each document of a feed in a format: its path, whether it is an archive, its inputs' key.
        A document is made of its events' drafts and its place among the feed's documents, which
        follow from the feed's drafts (their keys) and the build instant (the site key): a feed
        whose drafts did not change has the documents and keys of the last build (memo.py),
        without its events being gathered and ordered again."""

        def declare() -> list[tuple[str, bool, str]]:
            facts = (feed.key, feed.stem, feed.title, feed.description, feed.page, feed.consultations_only)
            out = []
            for doc in feed_documents(self.site, feed, form):
                inputs = tuple({h.draft.id: self.site.by_id[h.draft.id] for h in doc.events}.values())
                place = (doc.number, doc.prev_archive, doc.next_archive, doc.current)
                key = self.site.input_key(inputs, doc.path, (facts, place, [h.key for h in doc.events]))
                out.append((doc.path, doc.archive, key))
            return out

        if self.memo is None or not self.site.site_key:
            return declare()
        members = [self.site.by_id[i] for i in ([feed.draft] if feed.draft else sorted(feed.members))]
        feed_key = (feed.key, feed.stem, feed.title, feed.description, feed.page, feed.consultations_only)
        return self.memo.get(self.site.input_key(members, "feed documents", form.name, feed_key), declare)

    def _render_document(self, render: Callable, feed: Feed, form: Format, path: str) -> str:
        """A feed document, rendered when it is written (its events gathered then)."""
        docs = self._feed_docs.get((feed.key, form.name))
        if docs is None:
            docs = self._feed_docs[(feed.key, form.name)] = {d.path: d for d in feed_documents(self.site, feed, form)}
        return render(feed, docs[path])

    @property
    def press(self) -> list[Output]:
        """What the press page lists: every feed, calendar and data file of the whole site."""
        return [o for o in self.all if o.label]

    def files(self) -> dict[str, Callable[[], str | bytes]]:
        """site-relative path -> a function that renders the content."""
        return {o.path: o.render for o in self.all}

    def input_key(self, output: Output) -> str:
        """The key of what `output` is made of, when it is made of some drafts alone ("" otherwise:
        its bytes tell whether it changed)."""
        if output.inputs is None:
            return ""
        return output.key or self.site.input_key(output.inputs, output.path, output.facts)

    def remember(self, kind: str, view: DraftView, compute: Callable[[], T]) -> T:
        """What `compute` derives from `view` alone, kept for the next build (memo.py)."""
        key = self.site.input_key([view], kind) if self.memo is not None else ""
        return self.memo.get(key, compute) if self.memo is not None and key else compute()

    def independent_groups(self) -> list[list[str]]:
        """The paths in groups that share no work, to be written by separate processes: the
        feeds (whose documents share each event's rendered item), and everything else (about
        as much work at any size)."""
        feeds = {RSS, JSON_FEED}
        return [
            [o.path for o in self.all if o.format in feeds],
            [o.path for o in self.all if o.format not in feeds],
        ]

    # -- <head> ------------------------------------------------------------------------------

    def announced(self, scopes: set[str]) -> list[Announce]:
        found = dict(pair for scope in scopes for pair in self._by_scope.get(scope, ()))
        return [found[order] for order in sorted(found)]

    def site_wide(self) -> list[Announce]:
        """On every page; the feed of all events first."""
        return self.announced({SITE})

    def for_draft(self, view: DraftView) -> list[Announce]:
        """A draft's pages: the site-wide ones, its fields' and agency's feeds, its calendar."""
        d = view.draft
        scopes = {SITE, draft_scope(d.id), listing_scope(f"agency/{d.agency}")}
        scopes |= {listing_scope(f"field/{key}") for key in d.fields}
        return self.announced(scopes)

    def for_listing(self, listing: Listing) -> list[Announce]:
        return self.announced({SITE, listing_scope(listing.key), listing_scope(listing.key) + "/open"})

    @staticmethod
    def _scope(feed: Feed, site_wide: tuple[str, ...]) -> str:
        """Where a feed is announced: site-wide ones everywhere, a draft's on its pages, a listing's
        on its pages (and, for a field or an agency, on the pages of its drafts)."""
        if feed.key in site_wide:
            return SITE
        if feed.draft:
            return draft_scope(feed.draft)
        return listing_scope(feed.key)

    # -- rendering ---------------------------------------------------------------------------

    def _rss(self, feed: Feed, doc: FeedDocument) -> str:
        return self.env.get_template("policy_drafts/rss.xml").render(
            spec=feed,
            doc=doc,
            items=[self._item_xml(h) for h in doc.events],
            site=self.site,
            site_name=self.site_name,
            rfc822=self._rfc822,
        )

    def _json_feed(self, feed: Feed, doc: FeedDocument) -> str:
        return json_feed(self.site, feed, doc, self.site_name, [self._json_item(h) for h in doc.events])

    def _json_item(self, h: Happening) -> dict:
        return self.remember(
            f"item-json {h.key}", self.site.by_id[h.draft.id], lambda: json_item(self.site, self._item(h))
        )

    def _rfc822(self, at) -> str:
        return rfc822(at, self.site)

    def _item(self, h: Happening) -> Item:
        if h.key not in self._items:
            view = self.site.by_id[h.draft.id]
            self._items[h.key] = self.remember(f"item {h.key}", view, partial(item, self.site, h))
        return self._items[h.key]

    def _item_xml(self, h: Happening) -> Markup:
        """Each event's item is rendered once, whatever the number of feeds that hold it."""
        if h.key not in self._items_xml:
            template = self.env.get_template("policy_drafts/rss-item.xml")
            view = self.site.by_id[h.draft.id]
            self._items_xml[h.key] = self.remember(
                f"item-xml {h.key}",
                view,
                lambda: Markup(template.render(i=self._item(h), rfc822=self._rfc822).strip()),
            )
        return self._items_xml[h.key]

    def _notice(self, view: DraftView) -> str:
        url = self.site.urls.absolute(view.url)
        short = self.site.urls.absolute(self.site.short_url(view)).split("://", 1)[-1]
        return self.env.get_template("policy_drafts/notice.html").render(
            v=view,
            site=self.site,
            site_name=self.site_name,
            url=url,
            short_url=short,
            qr=qr_svg(url),
            now=self.site.now,
            stylesheet=notice_stylesheet(self.site, view),
            back=self.site.urls.relative(view.url, self.site.urls.notice(view.id)),
            broadcast=self.site.urls.relative(self.site.urls.broadcast(view.id), self.site.urls.notice(view.id)),
        )

    def _redirect(self, view: DraftView) -> str:
        return self.env.get_template("policy_drafts/redirect.html").render(
            url=self.site.urls.absolute(view.url), title=view.draft.title
        )

    def _links(self, view: DraftView) -> dict[str, str]:
        return {
            "calendar": self.site.urls.absolute(self.site.urls.draft_calendar(view.id)),
            "feed": self.site.urls.absolute(self.site.urls.draft_feed(view.id)),
        }

    def _record(self, view: DraftView) -> dict:
        return self.remember("record", view, lambda: opendata.draft_record(self.site, view, self._links(view)))

    def _open_data(self) -> str:
        records = [self._record_text(view) for view in self.site.drafts]  # each record's text, kept
        if self.memo is None:
            # The changes document and the drafts' own files (declared after this one, written by
            # the same process) take these texts instead of serialising every record again.
            self._record_texts = {view.id: text for view, text in zip(self.site.drafts, records)}
        return opendata.document_of_texts(self.site, records, self.site_name, self.licence)

    def _record_file(self, view: DraftView) -> str:
        """One draft's record alone (api/du-thao/<id>.json): what an incremental harvester fetches
        when the changes document says the draft changed."""
        # Written once per build: the text the open-data document kept is let go here.
        kept = self._record_texts.pop(view.id, None)
        return kept if kept is not None else self._record_text(view)

    def _record_text(self, view: DraftView) -> str:
        """Kept for the next build: the open-data document joins these texts (`_open_data`), a
        rebuild serialises only the changed drafts'."""
        return self.remember("record-text", view, lambda: standards.record_text(self._record(view)))

    def _changes(self) -> str:
        digests = {
            view.id: self.remember("record-digest", view, partial(self._record_digest, view))
            for view in self.site.drafts
        }
        return standards.changes_document(self.site, self.site_name, digests)

    def _record_digest(self, view: DraftView) -> str:
        kept = self._record_texts.get(view.id)
        return standards.digest(kept if kept is not None else self._record_text(view))

    def _standard_outputs(self) -> list[Output]:
        """The DCAT-AP catalogue (paged), each draft's own record, and the changes document."""
        name = self.site_name
        own = [
            standards.OwnDataset(
                "du-thao",
                f"{name} – Dữ liệu mở các dự thảo chính sách",
                "Mọi dự thảo chính sách đã công bố: các đợt lấy ý kiến, tiếp thu, giải trình, ban hành; "
                "mỗi dự thảo một bản ghi.",
                (
                    standards.DataFile(paths.OPEN_DATA, "application/json", "JSON", "Dữ liệu mở (JSON)"),
                    standards.DataFile(paths.OPEN_DATA_CSV, "text/csv", "CSV", "Dữ liệu mở (CSV)"),
                    standards.DataFile(paths.CHANGES, "application/json", "JSON", "Các thay đổi (JSON)"),
                ),
                self.site.urls.doc(paths.OPEN_DATA_DOC),
            )
        ]
        for year in self.site.reports:
            own.append(
                standards.OwnDataset(
                    f"bao-cao-407-{year}",
                    f"{name} – Báo cáo thực hiện Quyết định 407 năm {year}",
                    f"Kết quả truyền thông dự thảo chính sách năm {year}, theo từng cơ quan soạn thảo.",
                    (standards.DataFile(paths.report_csv(year), "text/csv", "CSV", f"Báo cáo năm {year} (CSV)"),),
                    self.site.urls.page(paths.report_folder(year)),
                )
            )
        pages = standards.catalog_pages(self.site, name, self.licence, own, self._document_url)
        shown = standards.catalog_page_drafts(self.site)
        # A page after the first is made of its drafts alone, with the numbers of pages and of
        # data sets (the first also lists the site's own data sets: compared by its bytes).
        sizes = (len(pages), len(self.site.drafts) + len(own), standards.DATASETS_PER_PAGE)
        out = [
            Output(
                path,
                JSONLD,
                render,
                f"{name} – Danh mục dữ liệu (DCAT-AP)",
                frozenset(),
                "Danh mục dữ liệu (DCAT-AP)" if path == paths.CATALOG else "",
                "Danh mục dữ liệu mở theo chuẩn DCAT-AP 3 (JSON-LD), để các cổng dữ liệu (CKAN) thu thập."
                if path == paths.CATALOG
                else "",
                None if path == paths.CATALOG else shown[path],
                sizes,
            )
            for path, render in pages.items()
        ]
        out.append(
            Output(
                paths.CHANGES,
                JSON,
                self._changes,
                f"{name} – Các thay đổi",
                frozenset(),
                "Các thay đổi (JSON)",
                "Mỗi dự thảo với thời điểm thay đổi cuối và mã băm bản ghi: để thu thập dữ liệu chỉ "
                "tải phần đã đổi (api/du-thao/<mã>.json).",
            )
        )
        out += [
            Output(self.site.urls.record(view.id), JSON, partial(self._record_file, view), inputs=(view,))
            for view in self.site.drafts
        ]
        return out

    def _document_url(self, view: DraftView, link) -> str:
        return self.site.urls.absolute(self.site.urls.attachment(view.id, link.file)) if link.file else link.url

    def _open_data_csv(self) -> str:
        return opendata.csv_of_rows(
            [
                self.remember("csv-row", view, partial(opendata.csv_row, self.site, view, self._links(view)))
                for view in self.site.drafts
            ]
        )
