"""What the site shows at the build instant, computed once per build (pure).

`SiteModel` joins the published drafts with their state, timeline and registry
names, and defines the listing views. Templates, feeds and reports read it; none of
them recomputes a status or re-filters the drafts.
"""

from __future__ import annotations

import base64
import hashlib
import math
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from urllib.parse import quote

from ..model.articles import Article, article_id
from ..model.consultation import STATUS_INFO, State, Status, comment_form_url, round_version, state_at, version_window
from ..model.criteria import ALL_FOUR_LABEL
from ..model.records import Draft, Round, Version
from ..model.registries import Settings
from ..model.timeline import Happening, happened, timeline
from ..read.markup import plain_text
from ..read.versions import renumbering

DRAFTS_URL = "du-thao/"
FEEDS_URL = "rss/"
CALENDARS_URL = "lich/"
PRIVACY_URL = "bao-ve-du-lieu-ca-nhan/"  # the privacy notice linked from every comment button
ACCESSIBILITY_URL = "kha-nang-tiep-can/"  # the accessibility statement linked from every page's footer
SHORT_URL = "d/"  # short addresses printed on notices: /d/<code>/ leads to the draft


@dataclass(frozen=True)
class Facet:
    """A filter of the listings' and the search page's forms. `kind` names it everywhere else:
    the listings' and feeds' keys ("field/<key>"), the search index's facets (search.py) and the
    search page's script, which reads this table from the page (pages.py, search_config)."""

    parameter: str  # in the search page's URL: /tim-kiem/?linh-vuc=giao-duc
    heading: str
    kind: str


FACETS = (
    Facet("trang-thai", "Trạng thái", "status"),  # the value is the status's listing slug
    Facet("linh-vuc", "Lĩnh vực", "field"),
    Facet("co-quan", "Cơ quan soạn thảo", "agency"),
)


@dataclass(frozen=True)
class Urls:
    """Site-relative URLs (no leading slash) of everything the site writes."""

    directory_urls: bool = True
    site_url: str = ""  # absolute base for feeds, calendars and open data

    def absolute(self, path: str) -> str:
        return self.site_url.rstrip("/") + "/" + path

    def page(self, path: str) -> str:
        """A page URL from its directory path ('du-thao/x/')."""
        if self.directory_urls or not path:
            return path
        return path + "index.html"

    def draft(self, draft_id: str) -> str:
        return self.page(f"{DRAFTS_URL}{draft_id}/")

    def attachment(self, draft_id: str, name: str) -> str:
        return f"{DRAFTS_URL}{draft_id}/{quote(name)}"


def root_prefix(page_url: str) -> str:
    """'../../' for 'du-thao/x/': prefix that turns a site-relative URL into a page-relative one."""
    base = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
    depth = base.strip("/").count("/") + 1 if base.strip("/") else 0
    return "../" * depth


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
    """The feed of a listing: the events of its drafts (or only those of open consultations)."""

    path: str  # site-relative without suffix, e.g. "rss/linh-vuc/giao-duc"
    title: str
    description: str
    consultations_only: bool = False


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

    def page_count(self, size: int) -> int:
        return max(1, math.ceil(len(self.items) / size))

    def page_path(self, number: int) -> str:
        return self.path if number == 1 else f"{self.path}trang/{number}/"


@dataclass(frozen=True)
class ListingPage:
    listing: Listing
    number: int
    count: int
    items: tuple[DraftView, ...]


class SiteModel:
    def __init__(
        self, drafts: list[Draft], settings: Settings, now: datetime, urls: Urls = Urls(), page_size: int = 20
    ):
        self.settings = settings
        self.now = now
        self.urls = urls
        self.page_size = page_size
        views = [self._view(d) for d in drafts]
        # Newest activity first; the id breaks ties so the order never depends on the disk.
        views.sort(key=lambda v: v.id)
        views.sort(key=lambda v: v.last_activity, reverse=True)
        self.drafts: list[DraftView] = views
        self.by_id = {v.id: v for v in views}
        self._filters: dict[str, list] = {}

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
            moved = renumbering(plain_text(consulted.content.html), plain_text(newer.content.html))
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
                    self.urls.page(f"phien-ban/{consulted.number}/") + anchor if exists and consulted else "",
                    self.urls.page(f"so-sanh/{following}/") + f"#{moved[number]}" if number in moved else "",
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

    def short_url(self, view: DraftView) -> str:
        return f"{SHORT_URL}{self.short_codes[view.id]}/"

    @cached_property
    def happenings(self) -> list[Happening]:
        """Every past event of every published draft, newest first."""
        events = [e for v in self.drafts for e in v.past]
        events.sort(key=lambda e: e.key)
        events.sort(key=lambda e: e.at, reverse=True)
        return events

    @cached_property
    def listings(self) -> list[Listing]:
        s = self.settings
        open_slug = STATUS_INFO[Status.OPEN].slug
        out = [
            Listing(
                "all",
                "Tất cả dự thảo",
                "Mọi dự thảo chính sách đã công bố, hoạt động mới nhất trước.",
                DRAFTS_URL,
                tuple(self.drafts),
                feed=Feed(
                    f"{FEEDS_URL}tat-ca",
                    "Tất cả hoạt động",
                    "Mọi sự kiện của các dự thảo chính sách: công bố, lấy ý kiến, gia hạn, hết hạn, tiếp thu, "
                    "giải trình, ban hành, dừng xây dựng.",
                ),
            )
        ]
        for status, info in STATUS_INFO.items():
            feed = (
                Feed(
                    f"{FEEDS_URL}{info.slug}",
                    info.label,
                    "Các đợt lấy ý kiến đang mở: bắt đầu, gia hạn, sắp hết hạn.",
                    consultations_only=True,
                )
                if status is Status.OPEN
                else None
            )
            out.append(
                Listing(
                    f"status/{status.value}",
                    info.label,
                    info.description,
                    f"{DRAFTS_URL}trang-thai/{info.slug}/",
                    tuple(self.with_status(status)),
                    "status",
                    feed,
                )
            )
        out.append(
            Listing(
                "criteria/all-four",
                ALL_FOUR_LABEL,
                "Dự thảo chính sách đáp ứng đủ bốn tiêu chí của Quyết định 407/QĐ-TTg.",
                f"{DRAFTS_URL}du-4-tieu-chi/",
                tuple(v for v in self.drafts if v.draft.criteria.all_four),
                "criteria",
                Feed(
                    f"{FEEDS_URL}du-4-tieu-chi",
                    ALL_FOUR_LABEL,
                    "Sự kiện của các dự thảo đáp ứng đủ bốn tiêu chí Quyết định 407.",
                ),
            )
        )
        for key, fld in s.fields.items():
            out.append(
                Listing(
                    f"field/{key}",
                    f"Lĩnh vực: {fld.name}",
                    f"Dự thảo thuộc lĩnh vực {fld.name}.",
                    f"{DRAFTS_URL}linh-vuc/{key}/",
                    tuple(v for v in self.drafts if key in v.draft.fields),
                    "field",
                    Feed(
                        f"{FEEDS_URL}linh-vuc/{key}",
                        f"Lĩnh vực {fld.name}",
                        f"Sự kiện của các dự thảo lĩnh vực {fld.name}.",
                    ),
                    Feed(
                        f"{FEEDS_URL}linh-vuc/{key}/{open_slug}",
                        f"Lĩnh vực {fld.name}: đang lấy ý kiến",
                        f"Các đợt lấy ý kiến đang mở của dự thảo lĩnh vực {fld.name}.",
                        consultations_only=True,
                    ),
                    f"{CALENDARS_URL}linh-vuc/{key}.ics",
                )
            )
        for key, agency in s.agencies.items():
            out.append(
                Listing(
                    f"agency/{key}",
                    agency.name,
                    f"Dự thảo do {agency.name} chủ trì soạn thảo.",
                    f"{DRAFTS_URL}co-quan/{key}/",
                    tuple(v for v in self.drafts if v.draft.agency == key),
                    "agency",
                    Feed(
                        f"{FEEDS_URL}co-quan/{key}", agency.name, f"Sự kiện của các dự thảo do {agency.name} chủ trì."
                    ),
                    Feed(
                        f"{FEEDS_URL}co-quan/{key}/{open_slug}",
                        f"{agency.name}: đang lấy ý kiến",
                        f"Các đợt lấy ý kiến đang mở của dự thảo do {agency.name} chủ trì.",
                        consultations_only=True,
                    ),
                    f"{CALENDARS_URL}co-quan/{key}.ics",
                )
            )
        return out

    @cached_property
    def listing_by_key(self) -> dict[str, Listing]:
        return {listing.key: listing for listing in self.listings}

    def filters(self, listing: Listing) -> list[tuple[str, str, list[tuple[str, str, int, bool]]]]:
        """The filter form of a listing page: (parameter, heading, [(value, label, count within this
        listing, selected)]); the parameters are those of the search page. Computed once per listing."""
        if listing.key in self._filters:
            return self._filters[listing.key]
        items = listing.items
        statuses = [
            (
                info.slug,
                info.label,
                sum(1 for v in items if v.status is status),
                listing.key == f"status/{status.value}",
            )
            for status, info in STATUS_INFO.items()
        ]
        fields = [
            (key, f.name, sum(1 for v in items if key in v.draft.fields), listing.key == f"field/{key}")
            for key, f in self.settings.fields.items()
        ]
        agencies = [
            (key, a.name, sum(1 for v in items if v.draft.agency == key), listing.key == f"agency/{key}")
            for key, a in self.settings.agencies.items()
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
