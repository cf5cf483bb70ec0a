"""The pages the plugin adds to the site, each with its template and metadata (pure).

The core renders every page it adds, completely: a draft page's body is the editor's
Markdown already rendered and sanitized (markup.py), and the page's template places it.
A host (the MkDocs adapter, or any other generator) only wraps `render()`'s HTML in the
theme, with `title` and `description` as page metadata and `toc` as the table of
contents; nothing of the editor's text is parsed by the host.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from functools import partial

import jinja2
from markupsafe import Markup

from ..model import paths
from ..model.consultation import STATUS_INFO
from ..model.paths import Urls, root_prefix
from ..model.problems import Problem
from ..model.records import Html, is_valid_id
from ..read.catalog import Catalog, Visibility
from ..read.markup import outline
from ..read.versions import redline
from .outputs import Announce, Outputs
from .site import FACETS, DraftView, Facet, ListingPage, SiteModel
from .standards import legislation


class Layout(Enum):
    """What a page shows beside its content; the host's theme decides how (host/material.py)."""

    FULL = "full"  # the site's navigation and the outline of the page's headings
    NO_OUTLINE = "no-outline"  # the navigation only
    CONTENT_ONLY = "content-only"  # neither: a page that stands alone (the preview's problems)


@dataclass
class GeneratedPage:
    path: str  # directory path, e.g. "du-thao/hoc-phi/"
    template: str
    title: str
    description: str
    context: dict
    announce: Callable[[], list[Announce]]  # computed when the page is written (memory at scale)
    body: Html = Html("")  # the editor's text as sanitized HTML (draft and version pages)
    in_nav: bool = False
    og: dict | None = None
    # Structured data of the page (schema.org), written in <head>: made when the head is written,
    # not for a rebuild to know that the page did not change (its key comes from `inputs`).
    structured_data: Callable[[], dict] | None = None
    layout: Layout = Layout.FULL
    # The drafts the page shows, alone (a draft's page and its versions'): its content's key
    # comes from them without rendering it (SiteModel.input_key); None: rendered to compare.
    inputs: tuple[DraftView, ...] | None = None
    facts: tuple = ()  # what else such a page shows of the site (a listing page: its counts)

    @property
    def jsonld(self) -> dict | None:
        return self.structured_data() if self.structured_data is not None else None

    @property
    def src_uri(self) -> str:
        return f"{self.path}index.md"

    @property
    def toc(self) -> tuple[dict, ...]:
        return self.body.toc

    def render(self, env: jinja2.Environment, globals_: dict) -> str:
        """The page's content HTML (what goes inside the theme's article)."""
        template = env.get_template(self.template)
        return template.render(
            body=Markup(outline(self.body.html)),
            base=root_prefix(self.url(globals_["site"].urls)),
            **self.context,
            **globals_,
        )

    def url(self, urls) -> str:
        return urls.page(self.path)


def generated_pages(
    site: SiteModel,
    outputs: Outputs,
    site_name: str,
    social_image: str = "",
    jurisdiction: str = "",
    email_subscribe: str = "",
) -> list[GeneratedPage]:
    """Every page the core adds: its content and facts from the site model, the files it
    announces in <head> from the outputs."""
    pages = []
    follow = partial(site.follow_links, site_name=site_name, email=email_subscribe)
    for view in site.drafts:
        pages.append(
            GeneratedPage(
                paths.draft_folder(view.id),
                "policy_drafts/draft.html",
                view.draft.title,
                view.draft.summary,
                {"v": view, "follow": follow(view)},
                partial(outputs.for_draft, view),
                body=view.draft.content,
                og=site.open_graph(view, site_name, social_image),
                structured_data=partial(legislation, site, view, jurisdiction),
                inputs=(view,),
            )
        )
        for version in view.draft.versions:
            pages.append(
                GeneratedPage(
                    paths.version_folder(view.id, version.number),
                    "policy_drafts/version.html",
                    f"{version.title}: {view.draft.title}",
                    version.note or view.draft.summary,
                    {
                        "v": view,
                        "version": version,
                        "compare": site.urls.redline(view.id, version.number) if version.number > 1 else "",
                    },
                    partial(outputs.for_draft, view),
                    body=version.content,
                    layout=Layout.NO_OUTLINE,
                    inputs=(view,),
                )
            )
            if version.number > 1:
                older = view.draft.versions[version.number - 2]
                pages.append(
                    GeneratedPage(
                        paths.redline_folder(view.id, version.number),
                        "policy_drafts/redline.html",
                        f"So sánh {older.title.lower()} và {version.title.lower()}: {view.draft.title}",
                        f"Những điểm thêm, bỏ trong {version.title.lower()} so với {older.title.lower()}.",
                        {
                            "v": view,
                            "old": older,
                            "new": version,
                            "diff": redline(older.content.text, version.content.text),
                        },
                        partial(outputs.for_draft, view),
                        layout=Layout.NO_OUTLINE,
                        inputs=(view,),
                    )
                )
    for page in site.pages():
        listing = page.listing
        links = follow(listing=listing)
        pages.append(
            GeneratedPage(
                listing.page_path(page.number),
                "policy_drafts/listing.html",
                listing.title + (f" – trang {page.number}" if page.number > 1 else ""),
                listing.description,
                {"page": page, "follow": links},
                partial(outputs.for_listing, listing),
                in_nav=listing.key == "all" and page.number == 1,
                layout=Layout.NO_OUTLINE,
                inputs=page.items,
                facts=listing_facts(site, page, links),
            )
        )
    pages.append(search_page(site, outputs))
    pages.append(
        GeneratedPage(
            paths.PRIVACY,
            "policy_drafts/privacy.html",
            "Thông báo bảo vệ dữ liệu cá nhân",
            "Thông tin cá nhân của người góp ý được dùng, công khai và lưu giữ thế nào (Nghị định 13/2023/NĐ-CP).",
            {},
            outputs.site_wide,
            layout=Layout.NO_OUTLINE,
        )
    )
    pages.append(
        GeneratedPage(
            paths.ACCESSIBILITY,
            "policy_drafts/accessibility.html",
            "Tuyên bố về khả năng tiếp cận",
            "Trang đáp ứng khả năng tiếp cận đến đâu, những hạn chế đã biết và cách yêu cầu tài liệu"
            " ở định dạng khác: chữ in lớn, bản đọc thành tiếng, tệp chỉnh sửa được.",
            {},
            outputs.site_wide,
            layout=Layout.NO_OUTLINE,
        )
    )
    pages.append(
        GeneratedPage(
            paths.REPORTS,
            "policy_drafts/reports.html",
            "Báo cáo thực hiện Quyết định 407",
            "Báo cáo hằng năm việc truyền thông dự thảo chính sách theo Quyết định 407/QĐ-TTg.",
            {"reports": list(site.reports.values())},
            outputs.site_wide,
            in_nav=True,
            layout=Layout.NO_OUTLINE,
        )
    )
    for year, report in site.reports.items():
        pages.append(
            GeneratedPage(
                paths.report_folder(year),
                "policy_drafts/report.html",
                f"Báo cáo Quyết định 407 năm {year}",
                f"Kết quả truyền thông dự thảo chính sách năm {year}, theo từng cơ quan soạn thảo.",
                {"report": report, "csv_name": paths.report_csv_name(year)},
                outputs.site_wide,
            )
        )
    return pages


def listing_facts(site: SiteModel, page: ListingPage, links: dict) -> tuple:
    """What a listing page shows besides its drafts (listing.html): the listing's words and size,
    its page's place, the filters' counts, the quick links' counts, what to follow."""
    listing = page.listing
    quick = [(other.key, other.url, other.title, len(other.items)) for other in site.listings if other.key in QUICK]
    return (
        (listing.key, listing.title, listing.description, listing.path, len(listing.items)),
        (page.number, page.count),
        site.filters(listing),
        quick,
        links,
    )


QUICK = ("status/open", "criteria/all-four")  # the quick links of every listing page (listing.html)

# Each status as the page scripts show it (live.js, search.js): its label and icon by its value.
SCRIPT_STATUSES = {status.value: {"label": info.label, "icon": info.icon} for status, info in STATUS_INFO.items()}
SEARCH_TEXT = {
    "prompt": "Gõ từ khóa hoặc chọn bộ lọc để tìm dự thảo.",
    "searching": "Đang tìm…",
    "found": "Tìm thấy {n} dự thảo.",
    # When no draft holds the words together, the parts that are found apart.
    "parts": "Không có dự thảo nào có liền cả cụm từ đã gõ; kết quả có từng phần {parts}.",
    "none": "Không tìm thấy dự thảo nào. Hãy thử từ khóa khác hoặc bỏ bớt bộ lọc.",
    "error": "Không tải được dữ liệu tìm kiếm. Hãy tải lại trang.",
}


def search_context(
    urls: Urls, facets: tuple[Facet, ...], options: dict[str, list[tuple[str, str]]], feeds: dict[str, str]
) -> dict:
    """The search page's context: its form's filters (`options` by facet kind: [(value, label)],
    statuses by their listing slug) and its script's config, `filters` the facets of the index
    by URL parameter. `feeds`: the feed that follows a search's filters, where one exists: ""
    for no filter, or "<kind>:<key>", optionally with "+open" (consultations open now)."""
    config = {
        "data": paths.SEARCH_DATA.removeprefix(paths.SEARCH),
        "root": root_prefix(urls.page(paths.SEARCH)),
        "statuses": SCRIPT_STATUSES,
        "statusBySlug": {info.slug: status.value for status, info in STATUS_INFO.items()},
        "filters": {f.parameter: f.kind for f in facets},
        "feeds": feeds,
        "text": SEARCH_TEXT,
    }
    return {"filters": [(f.parameter, f.heading, options[f.kind]) for f in facets], "config": config}


STATUS_OPTIONS = [(info.slug, info.label) for info in STATUS_INFO.values()]


def search_page(site: SiteModel, outputs: Outputs) -> GeneratedPage:
    """/tim-kiem/: filters as the listings name them."""
    s = site.settings
    options = {
        "status": STATUS_OPTIONS,
        "field": [(key, f.name) for key, f in s.fields.items()],
        "agency": [(key, a.name) for key, a in s.agencies.items() if not a.until],
    }
    return GeneratedPage(
        paths.SEARCH,
        "policy_drafts/search.html",
        "Tìm kiếm dự thảo",
        "Tìm dự thảo chính sách theo từ khóa (gõ có dấu hoặc không dấu), trạng thái, lĩnh vực và cơ quan soạn thảo.",
        search_context(site.urls, FACETS, options, _search_feeds(site)),
        outputs.site_wide,
        layout=Layout.NO_OUTLINE,
    )


def _search_feeds(site: SiteModel) -> dict[str, str]:
    feeds = {"": site.feed_by_key["all"].path, "+open": site.feed_by_key["status/open"].path}
    for feed in site.feeds:
        group, _, rest = feed.key.partition("/")
        if group in ("field", "agency"):
            name, _, only_open = rest.partition("/")
            feeds[f"{group}:{name}" + ("+open" if only_open else "")] = feed.path
    return feeds


# -- mkdocs serve only --------------------------------------------------------------------------


def serve_pages(catalog: Catalog, problems: list[Problem], now: datetime) -> list[GeneratedPage]:
    """What `mkdocs serve` shows where a publishing build would stop or show nothing: the list of
    every problem, each invalid draft's problems in place of its page (it turns into the draft
    once fixed, as livereload rebuilds and reloads it), and when a scheduled draft will be
    published. Never anything of a state secret."""
    ordered = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field))

    def problem_page(path: str, title: str, shown: list[Problem], draft_id: str = "") -> GeneratedPage:
        return GeneratedPage(
            path,
            "policy_drafts/problems.html",
            title,
            "Bản xem trước: các lỗi phải sửa trước khi dựng trang để công bố.",
            {"problems": shown, "draft_id": draft_id, "all_url": paths.PROBLEMS},
            list,
            layout=Layout.CONTENT_ONLY,
        )

    pages = [problem_page(paths.PROBLEMS, f"{len(ordered)} lỗi trong các dự thảo", ordered)] if ordered else []
    for entry in catalog.entries:
        if entry.secret:
            continue
        if entry.problems and ordered and is_valid_id(entry.id):
            own = [p for p in ordered if f"/{entry.id}/" in f"/{p.path}"]
            pages.append(problem_page(paths.draft_folder(entry.id), f"Dự thảo {entry.id} có lỗi", own, entry.id))
        elif entry.draft and entry.visibility(now) is Visibility.EMBARGOED:
            pages.append(
                GeneratedPage(
                    paths.draft_folder(entry.id),
                    "policy_drafts/scheduled.html",
                    f"Chưa đến giờ công bố: {entry.draft.title}",
                    "",
                    {"draft_id": entry.id, "draft_title": entry.draft.title, "at": entry.draft.visible_from.at},
                    list,
                    layout=Layout.CONTENT_ONLY,
                )
            )
    return pages
