"""The site's URL layout, written once (pure): every folder, file name and address the site
writes, in both MkDocs URL modes.

A *folder* ("du-thao/hoc-phi/") is where a page is written (its index.html); a *page URL* is
how the page is linked: the folder itself with directory URLs, the folder's index.html
without them (a site read from disk). Files (feeds, calendars, data) have the same address
in both modes. Everything is site-relative (no leading slash) until `Urls.absolute`. The
reserved names of a draft folder and the reserved heading ids of the draft page follow from
the same table, so that what an editor may name and what the site writes never collide.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

PAGE_FILE = "index.html"

# -- the site's sections --------------------------------------------------------------------

DRAFTS = "du-thao/"
FEEDS = "rss/"
CALENDARS = "lich/"
SEARCH = "tim-kiem/"
SEARCH_DATA = f"{SEARCH}du-lieu/"
REPORTS = "bao-cao/"
PRIVACY = "bao-ve-du-lieu-ca-nhan/"  # the privacy notice linked from every comment button
ACCESSIBILITY = "kha-nang-tiep-can/"  # the accessibility statement linked from every page's footer
SHORT = "d/"  # short addresses printed on notices: /d/<code>/ leads to the draft
PROBLEMS = "loi-du-thao/"  # exists only in `mkdocs serve`, when drafts have problems
API = "api/"

# Pages written by the editors (docs/) that the site's data links to, by source file.
OPEN_DATA_DOC = "du-lieu-mo.md"
OPEN_DATA_FEEDS_ID = "nguon-tin"  # its section on feeds (the JSON Feed extension's "about")

# -- listings: one folder name per group, also the search page's filter parameter -----------

GROUPS = {"status": "trang-thai", "field": "linh-vuc", "agency": "co-quan"}
ALL_FOUR = "du-4-tieu-chi"
ALL_EVENTS = "tat-ca"
LISTING_PAGE = "trang/{n}/"  # page n > 1 of a listing, inside its folder
DOCUMENT_TYPES_ID = "loai-van-ban"  # the vocabulary of document types, named on the drafts' listing

# -- a draft's folder: what the site writes beside the editor's files ------------------------

VERSIONS = "phien-ban"
REDLINES = "so-sanh"
NOTICE = "niem-yet"
DRAFT_FEED_STEM = "rss"
DRAFT_FEED = f"{DRAFT_FEED_STEM}.xml"
DRAFT_CALENDAR = "lich.ics"
BROADCAST = "phat-thanh.txt"
DRAFT_FOLDER_NAMES = frozenset({PAGE_FILE, VERSIONS, REDLINES, NOTICE, DRAFT_FEED, DRAFT_CALENDAR, BROADCAST})
# Names an editor's file may not take in a draft folder: what the site writes there, and two
# names kept free for what a draft's folder may get (a JSON Feed, a page to follow the draft).
RESERVED_NAMES = DRAFT_FOLDER_NAMES | {"feed.json", "theo-doi"}

# The ids the draft and version page templates give their own sections: no heading of an
# editor's text may take one (the templates and the feeds link to them).
RESERVED_IDS = frozenset(
    {
        "trang-thai",
        "tieu-chi",
        "lay-y-kien",
        "tai-lieu",
        "phien-ban",
        "su-kien",
        "tiep-thu-giai-trinh",
        "ban-hanh",
        "dung-xay-dung",
        "tiep-thu-cuoi",
        "tim-kiem",
        "lien-he",
        "ket-qua",
        "theo-doi",
        "y-kien-nhan-duoc",
        "noi-dung",
        "cac-dieu",
        "pd-summaries",
    }
)

# -- feeds, calendars, open data -------------------------------------------------------------

ARCHIVES = "luu-tru"  # a feed's archive documents (RFC 5005): <stem>/luu-tru/<n>.xml
EVENT_VOCABULARY = f"{FEEDS}su-kien/"  # the domain of the event-kind category: terms are EventKind values
SITE_CALENDAR = f"{CALENDARS}{ALL_EVENTS}.ics"
OPEN_DATA = f"{API}drafts.json"
OPEN_DATA_CSV = f"{API}drafts.csv"
OPEN_DATA_SCHEMA = f"{API}drafts.schema.json"
CATALOG = f"{API}catalog.jsonld"
CATALOG_PAGE = f"{API}catalog/{{n}}.jsonld"  # pages after the first
CHANGES = f"{API}thay-doi.json"
RECORD = f"{API}du-thao/{{id}}.json"


def draft_folder(draft_id: str) -> str:
    return f"{DRAFTS}{draft_id}/"


def version_folder(draft_id: str, number: int) -> str:
    return f"{DRAFTS}{draft_id}/{VERSIONS}/{number}/"


def redline_folder(draft_id: str, number: int) -> str:
    """The redline of version `number` against the one before it."""
    return f"{DRAFTS}{draft_id}/{REDLINES}/{number}/"


def notice_folder(draft_id: str) -> str:
    return f"{DRAFTS}{draft_id}/{NOTICE}/"


def in_draft(draft_id: str, name: str) -> str:
    """A file the site writes in a draft's folder (feed, calendar, bulletin)."""
    return f"{DRAFTS}{draft_id}/{name}"


def listing_folder(group: str = "", key: str = "") -> str:
    """'du-thao/' for all drafts, 'du-thao/linh-vuc/giao-duc/' for a group's listing."""
    return f"{DRAFTS}{GROUPS[group]}/{key}/" if group else DRAFTS


def listing_page_folder(folder: str, number: int) -> str:
    return folder if number == 1 else folder + LISTING_PAGE.format(n=number)


def feed_stem(group: str = "", key: str = "", only_open: str = "") -> str:
    """A listing's feed without suffix: 'rss/tat-ca', 'rss/linh-vuc/giao-duc[/dang-lay-y-kien]'."""
    stem = f"{FEEDS}{GROUPS[group]}/{key}" if group else f"{FEEDS}{key or ALL_EVENTS}"
    return f"{stem}/{only_open}" if only_open else stem


def archive_file(path: str, number: int) -> str:
    """'rss/tat-ca.xml', 3 -> 'rss/tat-ca/luu-tru/3.xml'."""
    stem, _, suffix = path.rpartition(".")
    return f"{stem}/{ARCHIVES}/{number}.{suffix}"


def listing_calendar(group: str, key: str) -> str:
    return f"{CALENDARS}{GROUPS[group]}/{key}.ics"


def report_folder(year: int) -> str:
    return f"{REPORTS}{year}/"


def report_csv_name(year: int) -> str:
    return f"bao-cao-407-{year}.csv"


def report_csv(year: int) -> str:
    return report_folder(year) + report_csv_name(year)


def short_folder(code: str) -> str:
    return f"{SHORT}{code}/"


def subscribe_links(url: str, name: str) -> dict[str, str]:
    """Ways to subscribe to a calendar at `url` (https): webcal:, Google Calendar, Outlook."""
    return dict(_subscribe_links(url, name))


@lru_cache(maxsize=1 << 15)
def _subscribe_links(url: str, name: str) -> tuple[tuple[str, str], ...]:
    # A function of its two strings, asked for every page of every build: `mkdocs serve`'s
    # rebuilds find the last build's (quoting is most of it). A tuple: the caller gets a new dict.
    webcal = "webcal://" + url.split("://", 1)[-1]
    return (
        ("webcal", webcal),
        ("google", "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe="")),
        (
            "outlook",
            "https://outlook.live.com/calendar/0/addfromweb?url="
            + quote(url, safe="")
            + "&name="
            + quote(name, safe=""),
        ),
    )


@dataclass(frozen=True)
class Urls:
    """Page URLs in the site's URL mode, and absolute addresses."""

    directory_urls: bool = True
    site_url: str = ""  # absolute base for feeds, calendars and open data

    def absolute(self, path: str) -> str:
        return self.site_url.rstrip("/") + "/" + path

    def page(self, folder: str) -> str:
        """A page's URL from its folder ('du-thao/x/'); the root stays ''."""
        if self.directory_urls or not folder:
            return folder
        return folder + PAGE_FILE

    def page_file(self, folder: str) -> str:
        """The file a page is written to, in either mode."""
        return folder + PAGE_FILE

    def doc(self, source: str) -> str:
        """The URL of an editor's page (docs/) from its source file, as MkDocs makes it."""
        stem = source.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            return self.page(stem.removesuffix("index"))
        return f"{stem}/" if self.directory_urls else f"{stem}.html"

    def relative(self, url: str, page_url: str) -> str:
        """`url` (site-relative) as written on the page at `page_url` (site-relative)."""
        base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
        if url.startswith(base) and url != base:
            return url[len(base) :]
        path = posixpath.relpath(url or ".", base or ".")
        return path + "/" if url.endswith("/") or not url else path

    def draft(self, draft_id: str) -> str:
        return self.page(draft_folder(draft_id))

    def version(self, draft_id: str, number: int) -> str:
        return self.page(version_folder(draft_id, number))

    def redline(self, draft_id: str, number: int) -> str:
        return self.page(redline_folder(draft_id, number))

    def notice(self, draft_id: str) -> str:
        return self.page(notice_folder(draft_id))

    def document_types(self, term: str = "") -> str:
        """The vocabulary of document types, a fragment of the drafts' listing; a term adds '-<key>'."""
        return self.page(DRAFTS) + "#" + DOCUMENT_TYPES_ID + (f"-{term}" if term else "")

    def attachment(self, draft_id: str, name: str) -> str:
        return f"{DRAFTS}{draft_id}/{quote(name)}"

    def draft_feed(self, draft_id: str) -> str:
        return in_draft(draft_id, DRAFT_FEED)

    def draft_calendar(self, draft_id: str) -> str:
        return in_draft(draft_id, DRAFT_CALENDAR)

    def broadcast(self, draft_id: str) -> str:
        return in_draft(draft_id, BROADCAST)

    def record(self, draft_id: str) -> str:
        return RECORD.format(id=draft_id)


def root_prefix(page_url: str) -> str:
    """'../../' for 'du-thao/x/': prefix that turns a site-relative URL into a page-relative one."""
    base = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
    depth = base.strip("/").count("/") + 1 if base.strip("/") else 0
    return "../" * depth
