"""What the site shows at the build instant, computed once per build (pure).

`SiteModel` joins the published drafts with their state, timeline and registry
names, and defines the listing views, the feeds (each described once), the yearly
reports, what a page offers to follow and a draft page's Open Graph facts. Templates,
pages and outputs read it; none of them recomputes a status or re-filters the drafts.
"""

from __future__ import annotations

import base64
import hashlib
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from urllib.parse import quote

from ..model import paths
from ..model.articles import Article, article_id
from ..model.consultation import STATUS_INFO, State, Status, comment_form_url, round_version, state_at, version_window
from ..model.criteria import ALL_FOUR_LABEL
from ..model.formatting import vi_datetime
from ..model.paths import Urls
from ..model.records import Draft, Round, Version
from ..model.registries import Settings
from ..model.timeline import Happening, happened, timeline
from ..read.versions import renumbering
from .formats import JSON_FEED, RSS, Format
from .memo import Memo, digest
from .report import YearReport, report_years, year_report

DEFAULT_URLS = Urls()


@dataclass(frozen=True)
class Facet:
    """A filter of the listings' and the search page's forms. `kind` names it everywhere else:
    the listings' and feeds' keys ("field/<key>"), the search index's facets (search.py) and the
    search page's script, which reads this table from the page (pages.py, search_config)."""

    parameter: str  # in the search page's URL: /tim-kiem/?linh-vuc=giao-duc
    heading: str
    kind: str


FACETS = (
    Facet(paths.GROUPS["status"], "Trạng thái", "status"),  # the value is the status's listing slug
    Facet(paths.GROUPS["field"], "Lĩnh vực", "field"),
    Facet(paths.GROUPS["agency"], "Cơ quan soạn thảo", "agency"),
)


@dataclass
class DraftView:
    """A published draft as the site shows it at the build instant."""

    draft: Draft
    state: State
    events: list[Happening]  # every event, past and future
    past: list[Happening]  # those dated at or before the build instant
    url: str
    agency_name: str
    document_type_name: str
    field_names: list[tuple[str, str]]
    comment_url: str

    @property
    def id(self) -> str:
        return self.draft.id

    @property
    def last_activity(self) -> datetime:
        return self.past[-1].at

    @property
    def status(self) -> Status:
        return self.state.status

    @property
    def live_facts(self) -> dict:
        """The dated facts the browser needs to derive the status again (page markers)."""
        d = self.draft
        return {
            "windows": [[r.opens.iso(), r.deadline.iso()] for r in d.rounds],
            "responded": d.final_response.published.iso() if d.final_response else None,
            "adopted": d.adoption.date.iso() if d.adoption else None,
            "withdrawn": d.withdrawn.date.iso() if d.withdrawn else None,
        }


@dataclass(frozen=True)
class CommentGroup:
    """Published comments on one article (or on the draft as a whole)."""

    label: str  # "Điều 5" | "Góp ý chung cho cả dự thảo"
    article: str  # "dieu-5", "" for the draft as a whole
    text_url: str  # the article in the version consulted (relative to the draft page), "" if unknown
    changes_url: str  # the article in the next version's redline, "" if there is none yet
    comments: tuple  # comments.Comment


@dataclass(frozen=True)
class Feed:
    """A feed, described once: the events of a listing's drafts (or only its consultations open
    at the build instant), or of one draft. Its documents in each of its formats, their archives
    and the pages that announce it follow from this (outputs.py)."""

    key: str  # "all", "status/open", "field/<key>", "field/<key>/open", "draft/<id>" ...
    stem: str  # site-relative without suffix, e.g. "rss/linh-vuc/giao-duc"
    title: str
    description: str
    page: str  # URL of the page the feed is about
    members: frozenset[str] = frozenset()  # a listing's feed: the ids of its drafts
    consultations_only: bool = False
    draft: str = ""  # a draft's feed: its id
    formats: tuple[Format, ...] = (RSS,)

    @property
    def path(self) -> str:
        """The RSS document, which pages link to."""
        return RSS.path(self.stem)


@dataclass(frozen=True)
class Listing:
    """A view of the drafts: all, per status, field, agency, or meeting all four criteria."""

    key: str  # "all", "status/open", "field/giao-duc", "agency/so-gddt", "criteria/all-four"
    title: str
    description: str
    path: str  # directory path of page 1, e.g. "du-thao/linh-vuc/giao-duc/"
    items: tuple[DraftView, ...]
    group: str = ""  # "status", "field", "agency", "criteria" or "" for all
    feed: Feed | None = None
    open_feed: Feed | None = None  # fields and agencies: only their consultations open now
    calendar: str = ""  # fields and agencies: their calendar (site-relative)
    urls: Urls = DEFAULT_URLS

    def page_count(self, size: int) -> int:
        return max(1, math.ceil(len(self.items) / size))

    def page_path(self, number: int) -> str:
        """The folder of page `number`."""
        return paths.listing_page_folder(self.path, number)

    def page_url(self, number: int = 1) -> str:
        return self.urls.page(self.page_path(number))

    @property
    def url(self) -> str:
        return self.page_url(1)


@dataclass(frozen=True)
class ListingPage:
    listing: Listing
    number: int
    count: int
    items: tuple[DraftView, ...]


@dataclass(frozen=True)
class GroupWording:
    """What the listing of one field or one agency is called ({name}: the registry's name), in its
    page, its feed and its feed of open consultations ("<feed>: đang lấy ý kiến")."""

    title: str
    description: str
    feed: str
    feed_description: str
    open_description: str


GROUP_WORDING = {
    "field": GroupWording(
        "Lĩnh vực: {name}",
        "Dự thảo thuộc lĩnh vực {name}.",
        "Lĩnh vực {name}",
        "Sự kiện của các dự thảo lĩnh vực {name}.",
        "Các đợt lấy ý kiến đang mở của dự thảo lĩnh vực {name}.",
    ),
    "agency": GroupWording(
        "{name}",
        "Dự thảo do {name} chủ trì soạn thảo.",
        "{name}",
        "Sự kiện của các dự thảo do {name} chủ trì.",
        "Các đợt lấy ý kiến đang mở của dự thảo do {name} chủ trì.",
    ),
}


class SiteModel:
    def __init__(
        self,
        drafts: list[Draft],
        settings: Settings,
        now: datetime,
        urls: Urls = DEFAULT_URLS,
        page_size: int = 20,
        *,
        site_key: str = "",
        source_keys: dict[str, str] | None = None,
        memo: Memo | None = None,
    ):
        self.settings = settings
        self.now = now
        self.urls = urls
        self.page_size = page_size
        # The host's key of everything a page or file is made of besides the drafts (its
        # configuration, code, templates, the build instant): `input_key`.
        self.site_key = site_key
        # Each draft's key as read (catalog.py, Catalog.keys): with the site key, all a view is
        # made of; a draft without one is known by the hash of its view's data.
        self.source_keys: dict[str, str] = source_keys or {}
        views = [self._kept_view(d, memo) for d in drafts]
        # Newest activity first; the id breaks ties so the order never depends on the disk.
        views.sort(key=lambda v: v.id)
        views.sort(key=lambda v: v.last_activity, reverse=True)
        self.drafts: list[DraftView] = views
        self.by_id = {v.id: v for v in views}
        self._filters: dict[str, list] = {}

    def _kept_view(self, draft: Draft, memo: Memo | None) -> DraftView:
        """A draft's view, the last build's when the draft (its key as read) and the site key
        (settings, addresses, the build instant) are the same: it is made of nothing else."""
        source = self.source_keys.get(draft.id)
        if memo is None or not source or not self.site_key:
            return self._view(draft)
        return memo.get(("view", self.site_key, draft.id, source), lambda: self._view(draft))

    def _view(self, draft: Draft) -> DraftView:
        s = self.settings
        state = state_at(draft, self.now, closing_soon_days=s.closing_soon_days, response_due_days=s.response_due_days)
        agency = s.agencies[draft.agency]
        events = timeline(draft, s.closing_soon_days)
        return DraftView(
            draft=draft,
            state=state,
            events=events,
            past=happened(events, self.now),
            url=self.urls.draft(draft.id),
            agency_name=agency.name_on(draft.published.day),
            document_type_name=s.document_types[draft.document_type].name,
            field_names=[(k, s.fields[k].name) for k in draft.fields],
            comment_url=self.comment_url(draft, state.window),
        )

    def comment_url(self, draft: Draft, window: Round | None) -> str:
        url = comment_form_url(self.settings.comment_form, draft, window)
        if url:
            return url
        email = (window.email if window else "") or self.settings.agencies[draft.agency].email
        return f"mailto:{email}?subject={quote('Góp ý dự thảo: ' + draft.title)}" if email else ""

    def article_comment_url(self, draft: Draft, window: Round, article: Article) -> str:
        """The window's form with the article filled in, else a mailto: whose subject names the
        draft's id and the article (the agency files e-mails by it)."""
        url = comment_form_url(self.settings.comment_form, draft, window, article.label)
        if url:
            return url
        email = window.email or self.settings.agencies[draft.agency].email
        subject = f"Góp ý dự thảo {draft.id}: {article.label}"
        return f"mailto:{email}?subject={quote(subject)}" if email else ""

    def consultation_of(self, view: DraftView, version: Version) -> Round | None:
        """The window putting out `version` that is open or to come at the build instant."""
        return version_window(view.draft, version, self.now)

    @staticmethod
    def text_of_window(view: DraftView) -> Version | None:
        """The version of the text the draft's current (else next, else last) window puts out."""
        window = view.state.window
        return round_version(view.draft, window) if window else None

    def comments_on(self, view: DraftView, version: Version) -> dict[str, int] | None:
        """Comments received on each article of `version` (by number) in the windows that put it
        out; None where no such window has a table of comments."""
        d = view.draft
        tables = [
            r.table for r in d.rounds if r.table and (found := round_version(d, r)) and found.number == version.number
        ]
        if not tables:
            return None
        counts: dict[str, int] = {}
        for table in tables:
            for number, n in table.by_article:
                counts[number] = counts.get(number, 0) + n
        return counts

    def comment_groups(self, view: DraftView, window: Round) -> list[CommentGroup]:
        """The published comments of a window grouped by article (the draft as a whole first),
        each group linking to the article in the version consulted and to its changes in the
        next version's redline."""
        assert window.table is not None
        d = view.draft
        consulted = round_version(d, window)
        following = consulted.number + 1 if consulted and consulted.number < len(d.versions) else 0
        moved: dict[str, str] = {}
        if consulted and following:
            newer = d.versions[following - 1]
            moved = renumbering(consulted.content.text, newer.content.text)
        groups: dict[str, list] = {}
        for comment in window.table.published:
            groups.setdefault(comment.article, []).append(comment)
        out = []
        for number, _ in window.table.by_article:
            if number not in groups:
                continue
            anchor = f"#{article_id(number)}" if number else ""
            exists = bool(number) and consulted is not None and any(a.number == number for a in consulted.text.articles)
            out.append(
                CommentGroup(
                    f"Điều {number}" if number else "Góp ý chung cho cả dự thảo",
                    article_id(number) if number else "",
                    self.urls.relative(self.urls.version(d.id, consulted.number), view.url) + anchor
                    if exists and consulted
                    else "",
                    self.urls.relative(self.urls.redline(d.id, following), view.url) + f"#{moved[number]}"
                    if number in moved
                    else "",
                    tuple(groups[number]),
                )
            )
        return out

    def window_facts(self, view: DraftView, window: Round) -> dict:
        """What the live script needs to show or remove the article links (page markers)."""
        d = view.draft
        stops = [fact.iso() for fact in (d.withdrawn and d.withdrawn.date, d.adoption and d.adoption.date) if fact]
        return {"opens": window.opens.iso(), "closes": window.deadline.iso(), "stops": stops}

    # -- views --------------------------------------------------------------------------------

    def with_status(self, *statuses: Status) -> list[DraftView]:
        return [v for v in self.drafts if v.status in statuses]

    @cached_property
    def open_now(self) -> list[DraftView]:
        """Open drafts, the nearest deadline first."""
        return sorted(self.with_status(Status.OPEN), key=lambda v: (v.state.current.deadline.at, v.id))

    @cached_property
    def closing_soon(self) -> list[DraftView]:
        return [v for v in self.open_now if v.state.closing_soon]

    @cached_property
    def upcoming(self) -> list[DraftView]:
        return sorted(self.with_status(Status.UPCOMING), key=lambda v: (v.state.current.opens.at, v.id))

    @cached_property
    def short_codes(self) -> dict[str, str]:
        """A short code per draft for addresses typed from a printed notice (/d/<code>/)."""
        return short_codes((v.id, v.draft.visible_from.at) for v in self.drafts)

    @cached_property
    def fingerprints(self) -> dict[str, str]:
        """Each draft view's key, with the site key all it is made of: the key its draft was read
        with (a draft read elsewhere: the hash of the view's data, which may differ from one process
        to the next, as strings are shared differently: then a file is made again, never stale)."""
        return {v.id: self.source_keys.get(v.id) or digest(v) for v in self.drafts}

    @cached_property
    def facts_key(self) -> str:
        """What a draft's own files and pages read of the rest of the site: the listings they link
        to (by key: address and title)."""
        return digest([(listing.key, listing.url, listing.title) for listing in self.listings])

    def input_key(self, views: Iterable[DraftView], *more: object) -> str:
        """The key of a file or page made of `views` alone (with the site's own facts and the
        host's key of everything else: `site_key`); "" when the host gave no key."""
        if not self.site_key:
            return ""
        rows = self._input_rows
        return digest(self.site_key, self.facts_key, [rows[v.draft.id] for v in views], more)

    @cached_property
    def _input_rows(self) -> dict[str, tuple[str, str, str]]:
        """What `input_key` takes of each draft: its id, key and short code (once per build: a
        listing feed's key has thousands)."""
        return {v.id: (v.id, self.fingerprints[v.id], self.short_codes[v.id]) for v in self.drafts}

    def short_url(self, view: DraftView) -> str:
        """The short address's folder (/d/<code>/): a redirecting page, also typed by hand."""
        return paths.short_folder(self.short_codes[view.id])

    @cached_property
    def reports(self) -> dict[int, YearReport]:
        """The Decision 407 report of each year a draft was published in, the latest first."""
        return {year: year_report(self, year) for year in report_years(self)}

    def follow_links(
        self, view: DraftView | None = None, listing: Listing | None = None, *, site_name: str, email: str = ""
    ) -> dict:
        """What a page offers to follow, visibly (not only in <head>): its feed (RSS), its calendar
        with the ways to subscribe to it, and the e-mail alerts' subscription page (`email`)."""
        if view is not None:
            feed = self.urls.draft_feed(view.id)
            calendar = self.urls.draft_calendar(view.id)
            name = f"Dự thảo: {view.draft.title}"
        elif listing is not None and listing.feed is not None:
            feed = listing.feed.path
            calendar = listing.calendar or paths.SITE_CALENDAR
            name = f"{site_name} – {listing.title}"
        else:
            feed, calendar = self.feed_by_key["all"].path, paths.SITE_CALENDAR
            name = f"{site_name} – Lịch lấy ý kiến"
        links = {"feed": feed, "calendar": calendar}
        links.update(paths.subscribe_links(self.urls.absolute(calendar), name))
        if email:
            links["email"] = email
        return links

    def open_graph(self, view: DraftView, site_name: str, image: str = "") -> dict:
        """Open Graph facts of a draft page: what a shared link shows on social media."""
        st = view.state
        status = st.info.label
        if st.window and st.status in (Status.OPEN, Status.UPCOMING):
            when = st.window.deadline if st.status is Status.OPEN else st.window.opens
            status += f" – {'hạn góp ý' if st.status is Status.OPEN else 'từ'} {vi_datetime(when)}"
        return {
            "site_name": site_name,
            "title": view.draft.title,
            "description": f"{status}. {view.draft.summary}",
            "url": self.urls.absolute(view.url),
            "image": self.urls.absolute(image) if image else "",
        }

    @cached_property
    def happenings(self) -> list[Happening]:
        """Every past event of every published draft, newest first."""
        events = [e for v in self.drafts for e in v.past]
        events.sort(key=lambda e: e.key)
        events.sort(key=lambda e: e.at, reverse=True)
        return events

    def _feed(
        self, key: str, stem: str, title: str, description: str, folder: str, items: tuple[DraftView, ...], **more
    ) -> Feed:
        """A listing's feed: the events of its drafts (`consultations_only`: its open consultations)."""
        return Feed(key, stem, title, description, self.urls.page(folder), frozenset(v.id for v in items), **more)

    @cached_property
    def listings(self) -> list[Listing]:
        s = self.settings
        open_slug = STATUS_INFO[Status.OPEN].slug
        folder, items = paths.listing_folder(), tuple(self.drafts)
        out = [
            Listing(
                "all",
                "Tất cả dự thảo",
                "Mọi dự thảo chính sách đã công bố, hoạt động mới nhất trước.",
                folder,
                items,
                feed=self._feed(
                    "all",
                    paths.feed_stem(),
                    "Tất cả hoạt động",
                    "Mọi sự kiện của các dự thảo chính sách: công bố, lấy ý kiến, gia hạn, hết hạn, tiếp thu, "
                    "giải trình, ban hành, dừng xây dựng.",
                    folder,
                    items,
                    formats=(RSS, JSON_FEED),
                ),
                urls=self.urls,
            )
        ]
        for status, info in STATUS_INFO.items():
            key, folder = f"status/{status.value}", paths.listing_folder("status", info.slug)
            items = tuple(self.with_status(status))
            feed = (
                self._feed(
                    key,
                    paths.feed_stem(key=info.slug),
                    info.label,
                    "Các đợt lấy ý kiến đang mở: bắt đầu, gia hạn, sắp hết hạn.",
                    folder,
                    items,
                    consultations_only=True,
                )
                if status is Status.OPEN
                else None
            )
            out.append(Listing(key, info.label, info.description, folder, items, "status", feed, urls=self.urls))
        folder, items = f"{paths.DRAFTS}{paths.ALL_FOUR}/", tuple(v for v in self.drafts if v.draft.criteria.all_four)
        out.append(
            Listing(
                "criteria/all-four",
                ALL_FOUR_LABEL,
                "Dự thảo chính sách đáp ứng đủ bốn tiêu chí của Quyết định 407/QĐ-TTg.",
                folder,
                items,
                "criteria",
                self._feed(
                    "criteria/all-four",
                    paths.feed_stem(key=paths.ALL_FOUR),
                    ALL_FOUR_LABEL,
                    "Sự kiện của các dự thảo đáp ứng đủ bốn tiêu chí Quyết định 407.",
                    folder,
                    items,
                ),
                urls=self.urls,
            )
        )
        groups = (
            ("field", s.fields, lambda key, d: key in d.fields),
            ("agency", s.agencies, lambda key, d: d.agency == key),
        )
        for group, registry, member in groups:
            words = GROUP_WORDING[group]
            for key, entry in registry.items():
                name = entry.name
                folder = paths.listing_folder(group, key)
                items = tuple(v for v in self.drafts if member(key, v.draft))
                out.append(
                    Listing(
                        f"{group}/{key}",
                        words.title.format(name=name),
                        words.description.format(name=name),
                        folder,
                        items,
                        group,
                        self._feed(
                            f"{group}/{key}",
                            paths.feed_stem(group, key),
                            words.feed.format(name=name),
                            words.feed_description.format(name=name),
                            folder,
                            items,
                        ),
                        self._feed(
                            f"{group}/{key}/open",
                            paths.feed_stem(group, key, open_slug),
                            f"{words.feed.format(name=name)}: đang lấy ý kiến",
                            words.open_description.format(name=name),
                            folder,
                            items,
                            consultations_only=True,
                        ),
                        paths.listing_calendar(group, key),
                        urls=self.urls,
                    )
                )
        return out

    @cached_property
    def feeds(self) -> list[Feed]:
        """Every feed: the listings' (all their events, or only their open consultations), then
        each draft's (all its events)."""
        out = [feed for listing in self.listings for feed in (listing.feed, listing.open_feed) if feed is not None]
        out += [
            Feed(
                f"draft/{view.id}",
                paths.in_draft(view.id, paths.DRAFT_FEED_STEM),
                f"Dự thảo: {view.draft.title}",
                f"Mọi sự kiện của dự thảo: {view.draft.title}.",
                view.url,
                draft=view.id,
            )
            for view in self.drafts
        ]
        return out

    @cached_property
    def feed_by_key(self) -> dict[str, Feed]:
        return {feed.key: feed for feed in self.feeds}

    def feed_events(self, feed: Feed) -> list[Happening]:
        """The past events a feed holds, newest first."""
        if feed.draft:
            return list(reversed(self.by_id[feed.draft].past))
        now = self.now

        def open_now(h: Happening) -> bool:
            return h.info.consultation and h.round is not None and h.round.opens.at <= now <= h.round.deadline.at

        if 2 * len(feed.members) >= len(self.drafts):
            held = [h for h in self.happenings if h.draft.id in feed.members]
        else:  # its drafts' events, in the site's order: not a scan of every event for every feed
            rank = self._happening_rank
            held = sorted((h for i in feed.members for h in self.by_id[i].past), key=lambda h: rank[id(h)])
        return [h for h in held if not feed.consultations_only or open_now(h)]

    @cached_property
    def _happening_rank(self) -> dict[int, int]:
        """Each past event's place in `happenings` (by object: the events of this model)."""
        return {id(h): number for number, h in enumerate(self.happenings)}

    @cached_property
    def listing_by_key(self) -> dict[str, Listing]:
        return {listing.key: listing for listing in self.listings}

    def filters(self, listing: Listing) -> list[tuple[str, str, list[tuple[str, str, int, bool]]]]:
        """The filter form of a listing page: (parameter, heading, [(value, label, count within this
        listing, selected)]); the parameters are those of the search page. Computed once per listing."""
        if listing.key in self._filters:
            return self._filters[listing.key]
        # Counted in one pass over the listing's drafts (not one per option: 28 passes of 10,000).
        by_status: Counter[Status] = Counter()
        by_field: Counter[str] = Counter()
        by_agency: Counter[str] = Counter()
        for v in listing.items:
            by_status[v.state.status] += 1
            by_field.update(set(v.draft.fields))
            by_agency[v.draft.agency] += 1
        statuses = [
            (info.slug, info.label, by_status[status], listing.key == f"status/{status.value}")
            for status, info in STATUS_INFO.items()
        ]
        fields = [
            (key, f.name, by_field[key], listing.key == f"field/{key}") for key, f in self.settings.fields.items()
        ]
        agencies = [
            (key, a.name, by_agency[key], listing.key == f"agency/{key}") for key, a in self.settings.agencies.items()
        ]
        options = {"status": statuses, "field": fields, "agency": agencies}
        self._filters[listing.key] = [(f.parameter, f.heading, options[f.kind]) for f in FACETS]
        return self._filters[listing.key]

    def pages(self) -> list[ListingPage]:
        """Every listing page to write; an empty view still gets its first page."""
        out = []
        for listing in self.listings:
            count = listing.page_count(self.page_size)
            for number in range(1, count + 1):
                start = (number - 1) * self.page_size
                out.append(ListingPage(listing, number, count, listing.items[start : start + self.page_size]))
        return out


SHORT_CODE_LENGTH = 6


def short_codes(drafts: Iterable[tuple[str, datetime]], length: int = SHORT_CODE_LENGTH) -> dict[str, str]:
    """Codes for (id, public from) pairs: `length` letters and digits of a hash of the id. A code
    printed on a notice must never lead to another draft, so codes are given in the order drafts
    became public (then by id): on a collision the draft public first keeps the short code and
    the newcomer gets a longer one. Ordering by id alone would let a later draft whose id sorts
    first take over a code already printed."""
    codes: dict[str, str] = {}
    taken: set[str] = set()
    for draft_id, _ in sorted(drafts, key=lambda d: (d[1], d[0])):
        digest = base64.b32encode(hashlib.sha256(draft_id.encode()).digest()).decode().lower()
        size = length
        while digest[:size] in taken:
            size += 1
        codes[draft_id] = digest[:size]
        taken.add(digest[:size])
    return codes
