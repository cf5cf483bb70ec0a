"""The national (or provincial) view: every draft of every site, from their harvested open
data (pure).

Nothing is copied but the facts: every draft links to its page on its own site. The status is
derived again at this build's instant from the harvested dated facts (principle 3), so a
consultation that closed since the site last built shows as closed here too. The pages,
feeds, calendar, search index and report are written from `NationalSite` only.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from functools import cached_property, partial
from types import SimpleNamespace

import jinja2

from ..model import paths
from ..model.consultation import Status, state_at
from ..model.formatting import vi_datetime
from ..model.paths import Urls
from ..model.registries import Settings
from ..model.text import csv_cell, safe_json
from ..model.timeline import Happening, happened, timeline
from .calendars import Calendars
from .formats import CSV, ICS, JSON, RSS, TEXT
from .harvest import HarvestedDraft, SiteData
from .outputs import Announce, Output
from .pages import STATUS_OPTIONS, GeneratedPage, Layout, search_context
from .search import DOCS_PER_FILE, SearchIndex, _result, facets
from .site import FACETS, DraftView, Facet

ALL_FEED = RSS.path(paths.feed_stem())
SITE_FEED = f"{paths.FEEDS}tinh/{{key}}.xml"
CALENDAR = f"{paths.CALENDARS}dang-lay-y-kien.ics"
REPORT_CSV = f"{paths.REPORTS}bao-cao-407-toan-quoc.csv"
FEED_ITEMS = 100
FEED_MAX_BYTES = 1_000_000
CSV_HEADER = [
    "Mã trang",
    "Tên trang",
    "Số dự thảo",
    "Dự thảo đủ 4 tiêu chí",
    "Đã lấy ý kiến",
    "Đã công bố tiếp thu, giải trình",
    "Quá hạn tiếp thu, giải trình",
]


class NationalUrls(Urls):
    """Site-relative URLs of this site; a draft's URL is already absolute (its own site)."""

    def absolute(self, path: str) -> str:
        if path.startswith(("https://", "http://")):
            return path
        return super().absolute(path)


@dataclass
class SiteRow:
    """One site in the national report (counts of its drafts at the build instant)."""

    key: str
    name: str
    url: str
    drafts: int = 0
    qualifying: int = 0  # meet all four criteria
    communicated: int = 0  # qualifying, put out for comment (a window has opened)
    responded: int = 0  # qualifying, whose response ("tiếp thu, giải trình") is published
    overdue: int = 0  # qualifying, whose response is overdue
    open: int = 0
    generated_at: str = ""
    harvested_at: str = ""
    fresh: bool = True
    warnings: list[str] = field(default_factory=list)

    @property
    def feed(self) -> str:
        """The site's own feed on the national site (site-relative)."""
        return SITE_FEED.format(key=self.key)

    @property
    def generated_label(self) -> str:
        return _label(self.generated_at)

    @property
    def harvested_label(self) -> str:
        return _label(self.harvested_at)


def _label(iso: str) -> str:
    try:
        return vi_datetime(datetime.fromisoformat(iso)) if iso else "không rõ"
    except ValueError:
        return "không rõ"


@dataclass
class NationalListingPage:
    number: int
    count: int
    items: list[DraftView]


class NationalSite:
    """The drafts of every site at the build instant; the same interface as SiteModel where the
    shared writers (search index, calendars) read it."""

    def __init__(self, sites: list[SiteData], settings: Settings, now: datetime, urls: Urls, page_size: int = 20):
        self.settings = settings
        self.now = now
        self.urls = urls
        self.page_size = page_size
        self.sites = sites
        self.origin: dict[str, HarvestedDraft] = {}
        views = []
        for data in sites:
            for h in data.drafts:
                self.origin[h.draft.id] = h
                views.append(self._view(h))
        views.sort(key=lambda v: v.id)
        views.sort(key=lambda v: v.last_activity, reverse=True)
        self.drafts: list[DraftView] = views

    def _view(self, h: HarvestedDraft) -> DraftView:
        s = self.settings
        state = state_at(
            h.draft, self.now, closing_soon_days=s.closing_soon_days, response_due_days=s.response_due_days
        )
        events = timeline(h.draft, s.closing_soon_days)
        return DraftView(
            draft=h.draft,
            state=state,
            events=events,
            past=happened(events, self.now),
            url=h.url,
            agency_name=h.agency,
            document_type_name=h.document_type,
            field_names=h.fields,
            comment_url="",
        )

    @cached_property
    def listing_by_key(self) -> dict:
        return {"all": SimpleNamespace(path=paths.DRAFTS, url=self.urls.page(paths.DRAFTS))}

    def comment_url(self, draft, window) -> str:
        return ""  # the form is on the draft's own site, which the calendar links

    @cached_property
    def _sites_by_key(self) -> dict[str, SiteData]:
        return {s.spec.key: s for s in self.sites}

    def site_of(self, view: DraftView) -> SiteData:
        return self._sites_by_key[self.origin[view.id].site]

    @cached_property
    def open_now(self) -> list[DraftView]:
        return sorted(
            (v for v in self.drafts if v.status is Status.OPEN), key=lambda v: (v.state.current.deadline.at, v.id)
        )

    @cached_property
    def rows(self) -> list[SiteRow]:
        rows = []
        by_site: dict[str, list[DraftView]] = {}
        for v in self.drafts:  # one pass: the report costs the same at any number of sites
            by_site.setdefault(self.origin[v.id].site, []).append(v)
        for data in self.sites:
            row = SiteRow(
                data.spec.key,
                data.spec.name,
                data.spec.url,
                generated_at=data.generated_at,
                harvested_at=data.harvested_at,
                fresh=data.fresh,
                warnings=data.warnings,
            )
            for view in by_site.get(data.spec.key, []):
                row.drafts += 1
                row.open += view.status is Status.OPEN
                d = view.draft
                if not d.criteria.all_four:
                    continue
                row.qualifying += 1
                row.communicated += any(r.opens.at <= self.now for r in d.rounds)
                response = d.final_response
                row.responded += response is not None and response.published.at <= self.now
                row.overdue += view.state.overdue is not None
            rows.append(row)
        return rows

    def pages(self) -> list[NationalListingPage]:
        count = max(1, math.ceil(len(self.drafts) / self.page_size))
        return [
            NationalListingPage(n, count, self.drafts[(n - 1) * self.page_size : n * self.page_size])
            for n in range(1, count + 1)
        ]


def page_path(number: int) -> str:
    return paths.listing_page_folder(paths.DRAFTS, number)


SITE_FACET = Facet("tinh", "Trang", "site")  # each draft's own site, first in the search form


class NationalIndex(SearchIndex):
    """The search index of search.py, with each draft's site as a facet (filter `tinh`)."""

    def _facets(self) -> str:
        site: NationalSite = self.site  # type: ignore[assignment]
        agencies = sorted({v.draft.agency for v in self.views})
        fields = sorted({k for v in self.views for k in v.draft.fields})
        sites = [s.spec.key for s in site.sites]
        return safe_json(
            {
                **facets(self.views, agencies, fields),
                "sites": sites,
                "site": [sites.index(site.origin[v.id].site) for v in self.views],
            }
        )

    def _docs(self, start: int) -> str:
        site: NationalSite = self.site  # type: ignore[assignment]
        rows = []
        for view in self.views[start : start + DOCS_PER_FILE]:
            row, data = _result(view), site.site_of(view)
            rows.append([*row[:4], f"{data.spec.name} · {row[4]}", row[5], data.spec.key])
        return safe_json(rows)


@dataclass(frozen=True)
class FeedEntry:
    title: str
    link: str
    guid: str
    date: str
    description: str
    site: str


class NationalOutputs:
    """Every file of the national site besides its pages."""

    def __init__(self, site: NationalSite, env: jinja2.Environment, site_name: str):
        self.site = site
        self.env = env
        self.site_name = site_name
        self.calendars = Calendars(site, site_name)  # type: ignore[arg-type]
        self.all = self._declare()

    def _declare(self) -> list[Output]:
        name = self.site_name
        out = [
            Output(
                ALL_FEED,
                RSS,
                partial(self._feed, None),
                f"{name} – Tất cả hoạt động",
                frozenset({"site"}),
                "Tất cả hoạt động",
                "Mọi sự kiện của các dự thảo của mọi trang.",
            ),
            Output(
                CALENDAR,
                ICS,
                partial(
                    self.calendars.shared_calendar,
                    lambda v: v.status in (Status.OPEN, Status.UPCOMING),
                    f"{name} – Lịch lấy ý kiến",
                ),
                f"{name} – Lịch lấy ý kiến",
                frozenset({"site"}),
                "Lịch lấy ý kiến",
                "Hạn góp ý của các đợt lấy ý kiến đang mở và sắp mở.",
            ),
        ]
        for data in self.site.sites:
            key = data.spec.key
            out.append(
                Output(
                    SITE_FEED.format(key=key),
                    RSS,
                    partial(self._feed, key),
                    f"{name} – {data.spec.name}",
                    frozenset(),
                    data.spec.name,
                    f"Sự kiện của các dự thảo trên trang {data.spec.name}.",
                )
            )
        out.append(Output(REPORT_CSV, CSV, self._report_csv))
        index = NationalIndex(self.site)  # type: ignore[arg-type]
        out += [
            Output(path, TEXT if path.endswith(".txt") else JSON, partial(lambda p: index.files()[p], path))
            for path in index.files()
        ]
        return out

    def files(self):
        return {o.path: o.render for o in self.all}

    def site_wide(self) -> list[Announce]:
        return [o.link for o in self.all if "site" in o.announce]

    def feeds(self) -> list[Output]:
        return [o for o in self.all if o.format is RSS]

    @cached_property
    def _newest(self) -> dict[str | None, list[Happening]]:
        """The newest events of all sites (key None) and of each site, sorted once."""
        events: list[Happening] = [e for v in self.site.drafts for e in v.past]
        events.sort(key=lambda e: e.key)
        events.sort(key=lambda e: e.at, reverse=True)
        out: dict[str | None, list[Happening]] = {None: events[:FEED_ITEMS]}
        for e in events:
            kept = out.setdefault(self.site.origin[e.draft.id].site, [])
            if len(kept) < FEED_ITEMS:
                kept.append(e)
        return out

    def _entries(self, key: str | None) -> list[FeedEntry]:
        out = []
        for h in self._newest.get(key, []):
            origin = self.site.origin[h.draft.id]
            data = self.site._sites_by_key[origin.site]
            out.append(
                FeedEntry(
                    h.title,
                    origin.url,
                    f"{origin.url}#{h.slug}",
                    format_datetime(h.at),
                    f"{data.spec.name}: {h.what}",
                    data.spec.name,
                )
            )
        return out

    def _feed(self, key: str | None) -> str:
        data = next((s for s in self.site.sites if s.spec.key == key), None)
        title = f"{self.site_name} – {data.spec.name if data else 'Tất cả hoạt động'}"
        path = SITE_FEED.format(key=key) if key else ALL_FEED
        entries = self._entries(key)
        template = self.env.get_template("policy_drafts/national/rss.xml")
        while True:
            text = template.render(
                title=title, link=self.site.urls.absolute(""), self_url=self.site.urls.absolute(path), entries=entries
            )
            if len(text.encode("utf-8")) < FEED_MAX_BYTES or len(entries) <= 1:
                return text
            entries = entries[: len(entries) * 3 // 4]

    def _report_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_HEADER)
        for row in self.site.rows:
            writer.writerow(
                [csv_cell(row.key), csv_cell(row.name)]
                + [row.drafts, row.qualifying, row.communicated, row.responded, row.overdue]
            )
        return "\ufeff" + out.getvalue()


def national_pages(site: NationalSite, outputs: NationalOutputs, site_name: str) -> list[GeneratedPage]:
    announce = outputs.site_wide
    pages = [
        GeneratedPage(
            "",
            "policy_drafts/national/home.html",
            site_name,
            "Mọi dự thảo chính sách đang lấy ý kiến của các trang, ở một nơi.",
            {"national": site, "site_name": site_name},
            announce,
            in_nav=True,
            layout=Layout.NO_OUTLINE,
        )
    ]
    for page in site.pages():
        pages.append(
            GeneratedPage(
                page_path(page.number),
                "policy_drafts/national/listing.html",
                "Tất cả dự thảo" + (f" – trang {page.number}" if page.number > 1 else ""),
                "Mọi dự thảo chính sách của các trang, hoạt động mới nhất trước; mỗi dự thảo dẫn về trang của nó.",
                {"national": site, "page": page, "page_path": page_path},
                announce,
                in_nav=page.number == 1,
                layout=Layout.NO_OUTLINE,
            )
        )
    pages.append(search_page(site, announce))
    pages.append(
        GeneratedPage(
            paths.REPORTS,
            "policy_drafts/national/report.html",
            "Báo cáo thực hiện Quyết định 407",
            "Số dự thảo, dự thảo đủ bốn tiêu chí, đã lấy ý kiến, đã công bố và quá hạn tiếp thu, giải trình, theo trang.",
            {"national": site, "csv": REPORT_CSV},
            announce,
            in_nav=True,
            layout=Layout.NO_OUTLINE,
        )
    )
    return pages


def search_page(site: NationalSite, announce) -> GeneratedPage:
    agencies: dict[str, str] = {}
    fields: dict[str, str] = {}
    for h in site.origin.values():
        agencies.setdefault(h.draft.agency, h.agency)
        for key, name in h.fields:
            fields.setdefault(key, name)
    options = {
        "site": [(s.spec.key, s.spec.name) for s in site.sites],
        "status": STATUS_OPTIONS,
        "field": sorted(fields.items()),
        "agency": sorted(agencies.items()),
    }
    feeds = {"": ALL_FEED, **{f"site:{s.spec.key}": SITE_FEED.format(key=s.spec.key) for s in site.sites}}
    return GeneratedPage(
        paths.SEARCH,
        "policy_drafts/search.html",
        "Tìm kiếm dự thảo",
        "Tìm dự thảo chính sách của mọi trang theo từ khóa, trang, trạng thái, lĩnh vực và cơ quan soạn thảo.",
        search_context(site.urls, (SITE_FACET, *FACETS), options, feeds),
        announce,
        layout=Layout.NO_OUTLINE,
    )
