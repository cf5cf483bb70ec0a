"""Printable notices for grassroots notice boards ("niêm yết"), with a QR code to the draft (pure).

A commune official prints one A4 page: title, summary, the deadline in words, where to
read the full draft and how to comment. Notices exist while they are useful: for drafts
whose consultation is open or upcoming at the build instant. The QR code is made by
segno (a pure-Python QR library) as inline SVG, so the page prints without any request.
"""

from __future__ import annotations

import posixpath

import segno
from markupsafe import Markup

from ..model import paths
from ..model.consultation import Status
from ..model.paths import Urls
from .site import DraftView, SiteModel


def has_notice(view: DraftView) -> bool:
    return view.status in (Status.OPEN, Status.UPCOMING)


NOTICE_CSS = "assets/policy-drafts/notice.css"  # copied by the adapter with the other assets


def notice_stylesheet(site: SiteModel, view: DraftView) -> str:
    """The notice's stylesheet, relative to the notice."""
    return posixpath.relpath(NOTICE_CSS, posixpath.dirname(notice_path(site, view)))


def notice_path(site: SiteModel, view: DraftView) -> str:
    """Site-relative path of the notice file (in the draft's folder)."""
    return site.urls.page_file(paths.notice_folder(view.id))


def notice_link(urls: Urls, draft_id: str) -> str:
    """The link from the draft page to its notice (relative to the draft page)."""
    return urls.relative(urls.notice(draft_id), urls.draft(draft_id))


# segno scores all eight QR masks to pick the most even pattern, which is 80% of the cost of
# a code. Any mask gives a valid code; the tests decode the printed codes with zxing-cpp.
QR_MASK = 2


def qr_svg(url: str) -> Markup:
    """Inline SVG QR code (error correction M: survives a crease or a stain on the board)."""
    code = segno.make(url, error="m", micro=False, boost_error=False, mask=QR_MASK)
    svg = code.svg_inline(scale=5, border=4, omitsize=True, title="Mã QR tới trang dự thảo", dark="#000", light="#fff")
    return Markup(svg)  # segno escapes the title; the rest is numbers and path data
