"""The records of a draft: what `drafts/<id>/index.md` says once it is read (pure: no MkDocs).

The front matter is described once, as data, in schema.py; reader.py walks that
description to build these records and rules.py checks what involves several fields.
`known_at` is the draft as the public may know it at an instant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum

from .articles import Structure
from .clock import Moment, days_between
from .criteria import Criteria

# -- what reading made of the editor's text and of the comments table (read/markup.py, read/comments.py)


@dataclass(frozen=True)
class Removal:
    """Something of the editor's Markdown that the sanitizer left out of the page."""

    line: int
    what: str  # e.g. "raw HTML <script>"
    fix: str


# An <h2> of a rendered body with text under it: (heading, start, end, own), its text being
# `own`, or `text[start:end]` of its Html when `own` is "" (the same characters, kept once).
Section = tuple[str, int, int, str]


@dataclass(frozen=True)
class Html:
    html: str
    toc: tuple[dict, ...] = ()  # Python-Markdown toc_tokens: {level, id, name, children}
    removed: tuple[Removal, ...] = ()
    # Derived from `html` once, by the renderer (read/markup.py `texts`), and kept with the draft:
    # the text readers see (search index, redlines) and the text under each <h2> (open data).
    text: str = ""
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Comment:
    number: int  # the row's number in the table (1-based)
    received: str
    author: str  # the name where consent is recorded, else the kind of respondent
    kind: str
    text: str
    accepted: str  # "có" | "một phần" | "không" | ""
    explanation: str
    article: str = ""  # the article's number ("5", "5a"); "" for the draft as a whole
    clause: str = ""  # the clause's number, where given
    copies: int = 1  # identical texts of a campaign, kept once

    @property
    def article_label(self) -> str:
        return (f"Điều {self.article}" + (f" khoản {self.clause}" if self.clause else "")) if self.article else ""


@dataclass(frozen=True)
class CommentsTable:
    total: int
    by_kind: tuple[tuple[str, int], ...]  # most frequent first
    by_outcome: tuple[tuple[str, int], ...]  # ACCEPTED_LABELS order, zeros left out
    published: tuple[Comment, ...] = field(default=())
    by_article: tuple[tuple[str, int], ...] = ()  # article number ("" for the whole draft) -> comments, in order
    by_commune: tuple[tuple[str, int], ...] = ()  # commune or ward (from the address) -> comments, most first

    def count(self, article: str) -> int:
        """Comments received on an article (by its number)."""
        return dict(self.by_article).get(article, 0)


ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Subject(str, Enum):
    """What a consultation window asks about (the stages of Laws 64/2025 and 87/2025)."""

    PROPOSAL = "proposal"  # đề nghị xây dựng, đề xuất chính sách
    DRAFT = "draft"  # dự thảo văn bản


@dataclass(frozen=True)
class SubjectInfo:
    label: str  # "Lấy ý kiến đề nghị xây dựng (chính sách)"
    short: str  # "đề nghị xây dựng", in titles
    editor: str  # the stage in full: the editor's template, the report's reasons


SUBJECT_INFO = {
    Subject.PROPOSAL: SubjectInfo(
        "Lấy ý kiến đề nghị xây dựng (chính sách)", "đề nghị xây dựng", "đề nghị xây dựng, đề xuất chính sách"
    ),
    Subject.DRAFT: SubjectInfo("Lấy ý kiến dự thảo văn bản", "dự thảo văn bản", "dự thảo văn bản"),
}


@dataclass(frozen=True)
class Version:
    number: int
    title: str
    date: Moment | None
    note: str
    body: str
    body_line: int = 1  # line of the file where the body starts
    content: Html = Html("")  # the body as sanitized HTML, set by the catalog
    text: Structure = Structure()  # ... cut into articles with their ids (articles.py)


@dataclass(frozen=True)
class Link:
    """Something a reader follows: a file of the draft folder or an https/mailto URL."""

    title: str
    file: str = ""  # name inside the draft folder
    url: str = ""

    @property
    def href(self) -> str:
        return self.file or self.url


@dataclass(frozen=True)
class Round:
    """One consultation window ("đợt lấy ý kiến")."""

    index: int
    subject: Subject
    opens: Moment
    closes: Moment
    extended_to: Moment | None = None
    extended_at: Moment | None = None  # when the extension was announced
    shortened_reason: str = ""
    form: str = ""
    email: str = ""
    received: int | None = None  # a running count of comments, published during the window ...
    received_at: Moment | None = None  # ... with the day it was counted
    response: Response | None = None  # the response to this window's comments
    comments: str = ""  # a CSV file of the draft folder: the comments received (comments.py)
    table: CommentsTable | None = None  # ... read by the catalog
    version: int | None = None  # the version of the text it puts out (else: the latest dated by `opens`)

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def deadline(self) -> Moment:
        """The effective deadline, counting an extension."""
        return self.extended_to or self.closes

    @property
    def days(self) -> int:
        return days_between(self.opens.day, self.deadline.day)


@dataclass(frozen=True)
class Response:
    """The agency's report on how comments were taken on ("tiếp thu, giải trình")."""

    published: Moment
    received: int | None = None
    accepted: int | None = None
    document: Link | None = None
    summary: str = ""  # a Markdown file of the draft folder: the main issues raised and how each was handled
    summary_html: Html = Html("")  # ... rendered and sanitized by the catalog


@dataclass(frozen=True)
class Adoption:
    date: Moment
    number: str = ""
    url: str = ""


@dataclass(frozen=True)
class Withdrawal:
    date: Moment
    reason: str


@dataclass(frozen=True)
class Event:
    index: int
    title: str
    start: Moment
    end: Moment | None = None
    location: str = ""
    url: str = ""


@dataclass(frozen=True)
class Contact:
    name: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Draft:
    id: str
    path: str  # "drafts/<id>/index.md"
    title: str
    summary: str
    published: Moment
    document_type: str
    agency: str
    fields: tuple[str, ...]
    criteria: Criteria
    body: str  # the Markdown as read; "" once the catalog rendered it into `content`
    body_line: int = 1
    summaries: tuple[tuple[str, str], ...] = ()  # (BCP 47 code, plain text): translations supplied by the agency
    state_secret: bool = False
    publish_at: Moment | None = None
    rounds: tuple[Round, ...] = ()
    response: Response | None = None
    adoption: Adoption | None = None
    withdrawn: Withdrawal | None = None
    documents: tuple[Link, ...] = ()
    events: tuple[Event, ...] = ()
    contact: Contact | None = None
    files: tuple[str, ...] = ()  # every file of the folder besides index.md (attachments)
    sizes: tuple[int, ...] = ()  # their sizes in bytes, in the same order
    versions: tuple[Version, ...] = ()  # versions/<n>.md, oldest first
    content: Html = Html("")  # the body as sanitized HTML (markup.Renderer), set by the catalog

    def size_of(self, name: str) -> int:
        return self.sizes[self.files.index(name)] if name in self.files else 0

    @property
    def final_response(self) -> Response | None:
        """The response to the last window: written under it, or (older drafts) at the top level."""
        if self.response is not None:
            return self.response
        return self.rounds[-1].response if self.rounds else None

    def responses(self) -> list[tuple[Round | None, Response]]:
        """Every response with its window (None: the top-level response, for the last window)."""
        out: list[tuple[Round | None, Response]] = [(r, r.response) for r in self.rounds if r.response]
        if self.response is not None:
            out.append((None, self.response))
        return out

    @property
    def private_files(self) -> set[str]:
        """Files read by the build but never published: response summaries and comment tables."""
        names = {r.comments for r in self.rounds if r.comments}
        names |= {resp.summary for _, resp in self.responses() if resp.summary}
        return names

    @property
    def visible_from(self) -> Moment:
        """Not public before the published day begins, nor before publish_at."""
        if self.publish_at and self.publish_at.at > self.published.at:
            return self.publish_at
        return self.published

    @property
    def main_document(self) -> Link | None:
        return next((d for d in self.documents if d.file.lower().endswith(".pdf")), None) or (
            self.documents[0] if self.documents else None
        )


def is_valid_id(draft_id: str) -> bool:
    return bool(ID_PATTERN.match(draft_id))


def known_at(draft: Draft, now: datetime) -> Draft:
    """The draft as the public may know it at `now` (design principle 8): a fact dated later
    (an adoption, a withdrawal, a response, a version, an extension announced later) is not
    there yet, in any output, nor is an attachment that only such a fact refers to. The
    schedule itself (when windows open and close) is public in advance."""

    def past(moment: Moment | None) -> bool:
        return moment is not None and moment.at <= now

    response = draft.response if draft.response and past(draft.response.published) else None

    def window(r: Round) -> Round:
        if r.extended_at is not None and not past(r.extended_at):
            r = replace(r, extended_to=None, extended_at=None)
        if r.response is not None and not past(r.response.published):
            r = replace(r, response=None)
        if r.received_at is not None and not past(r.received_at):
            r = replace(r, received=None, received_at=None)
        return r

    rounds = tuple(window(r) for r in draft.rounds)
    later = [resp for _, resp in draft.responses() if not past(resp.published)]
    hidden = {resp.document.file for resp in later if resp.document and resp.document.file}
    hidden -= {d.file for d in draft.documents}
    known = replace(
        draft,
        rounds=rounds,
        response=response,
        adoption=draft.adoption if draft.adoption and past(draft.adoption.date) else None,
        withdrawn=draft.withdrawn if draft.withdrawn and past(draft.withdrawn.date) else None,
        versions=_versions_known(draft.versions, past),
        files=tuple(f for f in draft.files if f not in hidden),
        sizes=tuple(s for f, s in zip(draft.files, draft.sizes) if f not in hidden),
    )
    return draft if known == draft else known


def _versions_known(versions: tuple[Version, ...], past) -> tuple[Version, ...]:
    """The versions up to the first one dated later (numbers stay without gaps)."""
    known = []
    for version in versions:
        if version.date is not None and not past(version.date):
            break
        known.append(version)
    return tuple(known)
