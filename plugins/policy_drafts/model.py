"""The Draft record: parsed and validated from `drafts/<id>/index.md` (pure: no MkDocs).

Validation never stops at the first problem: every field is checked and every
problem is returned with its line, so an editor fixes a file in one pass.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from .attachments import FILE_NAME
from .clock import BadMoment, Moment, days_between, parse_moment
from .criteria import CRITERIA, Criteria
from .frontmatter import Path, Source, dotted, parse
from .markup import Html
from .problems import Problem
from .registries import Settings, closest
from .text import strip_comments
from .urls import EMAIL, judge
from .versions import Version

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_PATTERN = EMAIL
FILE_PATTERN = FILE_NAME
TITLE_MAX = 250
SUMMARY_MAX = 600
SUBJECTS = ("proposal", "draft")
TOP_KEYS = (
    "title", "summary", "published", "document_type", "agency", "fields", "criteria", "state_secret",
    "publish_at", "consultations", "response", "adoption", "withdrawn", "documents", "events", "contact",
)
ROUND_KEYS = ("subject", "opens", "closes", "extended_to", "extended_at", "shortened_reason", "form", "email")
RESPONSE_KEYS = ("published", "received", "accepted", "document")
ADOPTION_KEYS = ("date", "number", "url")
WITHDRAWN_KEYS = ("date", "reason")
DOCUMENT_KEYS = ("title", "file", "url")
EVENT_KEYS = ("title", "start", "end", "location", "url")
CONTACT_KEYS = ("name", "email", "phone")


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
    subject: str  # proposal | draft
    opens: Moment
    closes: Moment
    extended_to: Moment | None = None
    extended_at: Moment | None = None  # when the extension was announced
    shortened_reason: str = ""
    form: str = ""
    email: str = ""

    @property
    def deadline(self) -> Moment:
        """The effective deadline, counting an extension."""
        return self.extended_to or self.closes

    @property
    def days(self) -> int:
        return days_between(self.opens.day, self.deadline.day)


@dataclass(frozen=True)
class Response:
    published: Moment
    received: int | None = None
    accepted: int | None = None
    document: Link | None = None


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
    body: str
    body_line: int = 1
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


def parse_draft(
    raw: bytes, *, draft_id: str, path: str, settings: Settings, files: dict[str, int] | tuple[str, ...] = ()
) -> tuple[Draft | None, list[Problem]]:
    """Parse one draft file. `files`: the folder's other files (name -> size in bytes).
    Returns the draft (None if invalid) and every problem."""
    source = parse(raw, path)
    if source.problems and not source.data:
        return None, source.problems
    sizes = files if isinstance(files, dict) else dict.fromkeys(files, 0)
    reader = _Reader(source, settings, tuple(sorted(sizes)))
    draft = reader.draft(draft_id)
    if draft is not None:
        draft = replace(draft, sizes=tuple(sizes[name] for name in draft.files))
    problems = source.problems + reader.problems
    return (None if problems else draft), problems


class _Reader:
    """Reads front matter values by path, recording a Problem for each bad one."""

    def __init__(self, source: Source, settings: Settings, files: tuple[str, ...]):
        self.source = source
        self.settings = settings
        self.files = files
        self.problems: list[Problem] = []

    # -- reporting --------------------------------------------------------------------------

    def problem(self, path: Path, message: str, fix: str = "", *, line: int | None = None) -> None:
        self.problems.append(Problem(
            self.source.path, line or self.source.line(path), dotted(path) or "front matter", message, fix,
        ))

    def get(self, path: Path) -> Any:
        value: Any = self.source.data
        for part in path:
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                return None
        return value

    def known_keys(self, path: Path, allowed: tuple[str, ...]) -> bool:
        value = self.get(path)
        if not isinstance(value, dict):
            return False
        for key in value:
            if key not in allowed:
                self.problem(path + (key,), f"unknown field '{key}'", closest(key, allowed))
        return True

    # -- typed values -----------------------------------------------------------------------

    def text(self, path: Path, *, required: bool = False, max_len: int = 2000) -> str:
        value = self.get(path)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(path, "is missing" if value is None else "is empty", f"write the {path[-1]}")
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # e.g. a document number read as a number
        if not isinstance(value, str):
            self.problem(path, f"must be text, not {_kind(value)}", "write plain text on one line")
            return ""
        value = " ".join(value.split())
        if len(value) > max_len:
            self.problem(path, f"is {len(value)} characters long (at most {max_len})", "shorten it")
        return value

    def moment(self, path: Path, *, required: bool = False, end_of_day: bool = False) -> Moment | None:
        value = self.get(path)
        if value is None:
            if required:
                self.problem(path, "is missing", "write a date such as 2025-05-31")
            return None
        try:
            return parse_moment(value, self.settings.timezone, end_of_day=end_of_day)
        except BadMoment as error:
            self.problem(path, str(error), error.fix or "write a date such as 2025-05-31 or 2025-05-31T08:00:00+07:00")
            return None

    def boolean(self, path: Path, *, required: bool = False) -> bool | None:
        value = self.get(path)
        if value is None:
            if required:
                self.problem(path, "is missing", "write true or false")
            return None
        if not isinstance(value, bool):
            self.problem(path, f"must be true or false, not {value!r}", "write true or false")
            return None
        return value

    def count(self, path: Path) -> int | None:
        value = self.get(path)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(path, f"must be a whole number, not {value!r}", "write a number such as 124")
            return None
        return value

    def email(self, path: Path) -> str:
        value = self.text(path)
        if value.lower().startswith("mailto:"):
            value = value[7:]
        if value and not EMAIL_PATTERN.match(value):
            self.problem(path, f"'{value}' is not an e-mail address", "write an address such as gopy@so.example.gov.vn")
            return ""
        return value

    def url(self, path: Path, *, hosts: tuple[str, ...] = (), mailto: bool = False) -> str:
        """An https: link (or mailto: where a reader may write instead of read), judged as a
        browser parses it (urls.judge); the normalised URL is what gets published."""
        value = self.text(path)
        if not value:
            return ""
        verdict = judge(value, hosts=hosts, mailto=mailto)
        if not verdict:
            self.problem(path, verdict.problem, verdict.fix)
        return verdict.url

    def file_or_url(self, path: Path, *, file_key: str = "file", url_key: str = "url") -> tuple[str, str]:
        file_ = self.get(path + (file_key,))
        url = self.get(path + (url_key,))
        if file_ is None and url is None:
            self.problem(path, f"needs '{file_key}' or '{url_key}'",
                         f"write {file_key}: <a file in the draft folder> or {url_key}: https://...")
            return "", ""
        if file_ is not None and url is not None:
            self.problem(path, f"has both '{file_key}' and '{url_key}'", "keep one of them")
            return "", ""
        if url is not None:
            return "", self.url(path + (url_key,), mailto=True)
        return self.attachment(path + (file_key,)), ""

    def attachment(self, path: Path) -> str:
        name = self.text(path)
        if not name:
            return ""
        if not FILE_PATTERN.match(name) or name.lower() == "index.md":
            self.problem(path, f"'{name}' is not a plain file name in the draft folder",
                         "write a name such as du-thao.pdf (letters, digits, '-', '_' and '.', no folders)")
            return ""
        if name not in self.files:
            fix = "put the file in the draft folder"
            if self.files:
                fix += f", or {closest(name, self.files)}"
            self.problem(path, f"the file '{name}' is not in the draft folder", fix)
            return ""
        return name

    def key(self, path: Path, registry: dict, what: str, setting: str) -> str:
        """A key of one of the site's registries (mkdocs.yml `setting`)."""
        value = self.get(path)
        if value is None or value == "":
            self.problem(path, "is missing" if value is None else "is empty",
                         f"write a key of {setting} in mkdocs.yml: {_choices(registry)}")
            return ""
        if isinstance(value, (list, dict)):
            self.problem(path, f"must be one {what} key, not a list", f"write {path[-1]}: {_choices(registry, 1)}")
            return ""
        if not isinstance(value, str) or value not in registry:
            self.problem(path, f"'{value}' is not one of the site's {setting.replace('_', ' ')}",
                         closest(value, registry))
            return ""
        return value

    def items(self, path: Path, kind: str) -> list:
        """A list of mappings (rounds, documents, events): each item's position checked."""
        value = self.get(path)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(path, f"must be a list of {kind}", f"write each {kind[:-1]} on a line starting with '- '")
            return []
        good = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                self.problem(path + (i,), f"each of the {kind} must be a group of 'key: value' fields",
                             f"see the {kind} example in the README")
            else:
                good.append(i)
        return good

    def group(self, path: Path, allowed: tuple[str, ...]) -> bool:
        value = self.get(path)
        if value is None:
            return False
        if not isinstance(value, dict):
            self.problem(path, "must be a group of 'key: value' fields", "indent its fields under it: "
                         + ", ".join(allowed))
            return False
        return self.known_keys(path, allowed)

    # -- the draft --------------------------------------------------------------------------

    def draft(self, draft_id: str) -> Draft | None:
        data = self.source.data
        if not isinstance(data, dict):
            return None
        self.known_keys((), TOP_KEYS)
        s = self.settings
        title = self.text(("title",), required=True, max_len=TITLE_MAX)
        summary = self.text(("summary",), required=True, max_len=SUMMARY_MAX)
        published = self.moment(("published",), required=True)
        document_type = self.key(("document_type",), s.document_types, "document type", "document_types")
        agency = self.key(("agency",), s.agencies, "agency", "agencies")
        fields = self.field_keys()
        criteria = self.criteria()
        state_secret = bool(self.boolean(("state_secret",)))
        publish_at = self.moment(("publish_at",))
        rounds = self.rounds(document_type)
        response = self.response(rounds)
        adoption = self.adoption()
        withdrawn = self.withdrawal()
        documents = self.documents()
        events = self.events()
        contact = self.contact()
        self.dates_after_publication(published, rounds, adoption, withdrawn)
        self.agency_existed(agency, published)
        self.sections()
        if self.problems or published is None or criteria is None:
            return None
        return Draft(
            id=draft_id, path=self.source.path, title=title, summary=summary, published=published,
            document_type=document_type, agency=agency, fields=fields, criteria=criteria,
            body=self.source.body, body_line=self.source.body_line, state_secret=state_secret,
            publish_at=publish_at, rounds=tuple(rounds), response=response, adoption=adoption,
            withdrawn=withdrawn, documents=documents, events=events, contact=contact, files=self.files,
        )

    def field_keys(self) -> tuple[str, ...]:
        path = ("fields",)
        value = self.get(path)
        if value is None or value == [] or value == "":
            self.problem(path, "is missing" if value is None else "is empty",
                         "write one or more keys of site fields, e.g. fields: [giao-duc]")
            return ()
        if isinstance(value, str) and "," in value:
            listed = ", ".join(v.strip() for v in value.split(","))
            self.problem(path, "several fields must be written in brackets", f"write fields: [{listed}]")
            return ()
        if isinstance(value, str):
            # A single field written without brackets is accepted: check it as fields[0].
            self.source.data["fields"] = value = [value]
            self.source.lines[path + (0,)] = self.source.line(path)
        if not isinstance(value, list):
            self.problem(path, "must be a list of field keys", "write fields: [giao-duc]")
            return ()
        keys = []
        for i in range(len(value)):
            key = self.key(path + (i,), self.settings.fields, "field", "fields")
            if key and key in keys:
                self.problem(path + (i,), f"'{key}' is listed twice", "list each field once")
            elif key:
                keys.append(key)
        return tuple(keys)

    def criteria(self) -> Criteria | None:
        path = ("criteria",)
        if self.get(path) is None:
            self.problem(path, "is missing", "write the four criteria: "
                         + ", ".join(f"{c.key}: true/false" for c in CRITERIA))
            return None
        if not self.group(path, tuple(c.key for c in CRITERIA)):
            return None
        values = {c.key: self.boolean(path + (c.key,), required=True) for c in CRITERIA}
        if any(v is None for v in values.values()):
            return None
        return Criteria(**values)

    def rounds(self, document_type: str) -> list[Round]:
        rounds: list[Round] = []
        min_days = self.settings.document_types[document_type].min_days if document_type else None
        for i in self.items(("consultations",), "consultations"):
            path = ("consultations", i)
            self.known_keys(path, ROUND_KEYS)
            subject = self.get(path + ("subject",))
            if subject not in SUBJECTS:
                self.problem(path + ("subject",), "is missing" if subject is None else f"unknown subject {subject!r}",
                             "write proposal (đề nghị xây dựng, đề xuất chính sách) or draft (dự thảo văn bản)")
            opens = self.moment(path + ("opens",), required=True)
            closes = self.moment(path + ("closes",), required=True, end_of_day=True)
            extended_to = self.moment(path + ("extended_to",), end_of_day=True)
            extended_at = self.moment(path + ("extended_at",))
            reason = self.text(path + ("shortened_reason",), max_len=1000)
            form = self.url(path + ("form",), hosts=self.settings.comment_form_hosts)
            email = self.email(path + ("email",))
            if opens is None or closes is None or subject not in SUBJECTS:
                continue
            if closes.at <= opens.at:
                self.problem(path + ("closes",), f"closes ({closes.day.isoformat()}) before it opens "
                             f"({opens.day.isoformat()})", "write a closing date after the opening date")
                continue
            if extended_to is not None and extended_to.at <= closes.at:
                self.problem(path + ("extended_to",), "is not after the original closing date",
                             f"write a date after {closes.day.isoformat()}, or remove extended_to")
                continue
            if extended_at is not None and extended_to is None:
                self.problem(path + ("extended_at",), "is given without extended_to", "add extended_to or remove it")
            rnd = Round(i, subject, opens, closes, extended_to, extended_at, reason, form, email)
            if min_days and rnd.days < min_days and not reason:
                self.problem(
                    path + ("closes",),
                    f"the window is {rnd.days} days, shorter than the legal minimum of {min_days} days",
                    f"close on {(opens.day + timedelta(days=min_days - 1)).isoformat()} or later, "
                    "or write shortened_reason: with the legal ground for the shortened procedure",
                )
            if rounds and rnd.opens.at <= rounds[-1].deadline.at:
                self.problem(path + ("opens",), "opens before the previous consultation has closed",
                             "list consultations oldest first, each opening after the previous one closes")
            rounds.append(rnd)
        return rounds

    def response(self, rounds: list[Round]) -> Response | None:
        path = ("response",)
        if not self.group(path, RESPONSE_KEYS):
            return None
        published = self.moment(path + ("published",), required=True)
        received = self.count(path + ("received",))
        accepted = self.count(path + ("accepted",))
        document = None
        if self.get(path + ("document",)) is not None:
            name = self.text(path + ("document",))
            if name.lower().startswith(("https:", "http:", "mailto:", "javascript:", "data:", "//")) or ":" in name:
                url = self.url(path + ("document",))
                document = Link("Báo cáo tiếp thu, giải trình", url=url) if url else None
            else:
                name = self.attachment(path + ("document",))
                document = Link("Báo cáo tiếp thu, giải trình", file=name) if name else None
        if received is not None and accepted is not None and accepted > received:
            self.problem(path + ("accepted",), f"{accepted} accepted is more than the {received} received",
                         "write at most the number of comments received")
        if not rounds and published is not None:
            self.problem(path, "a response is published but no consultation is listed",
                         "add the consultation the comments came from")
        elif published is not None and rounds and published.day < rounds[-1].deadline.day:
            self.problem(path + ("published",),
                         f"is dated before the last consultation closed ({rounds[-1].deadline.day.isoformat()})",
                         "write the day the response was published, on or after the closing day")
        return Response(published, received, accepted, document) if published else None

    def adoption(self) -> Adoption | None:
        path = ("adoption",)
        if not self.group(path, ADOPTION_KEYS):
            return None
        day = self.moment(path + ("date",), required=True)
        number = self.text(path + ("number",), max_len=100)
        url = self.url(path + ("url",))
        return Adoption(day, number, url) if day else None

    def withdrawal(self) -> Withdrawal | None:
        path = ("withdrawn",)
        if not self.group(path, WITHDRAWN_KEYS):
            return None
        day = self.moment(path + ("date",), required=True)
        reason = self.text(path + ("reason",), required=True, max_len=1000)
        return Withdrawal(day, reason) if day and reason else None

    def documents(self) -> tuple[Link, ...]:
        links: list[Link] = []
        seen: dict[str, int] = {}
        for i in self.items(("documents",), "documents"):
            path = ("documents", i)
            self.known_keys(path, DOCUMENT_KEYS)
            title = self.text(path + ("title",), required=True, max_len=TITLE_MAX)
            file_, url = self.file_or_url(path)
            target = (file_ or url).lower()
            if target and target in seen:
                self.problem(path + ("file" if file_ else "url",),
                             f"'{file_ or url}' is already listed as documents[{seen[target]}]",
                             "list each attachment once, with distinct file names")
                continue
            if target:
                seen[target] = i
            if title and (file_ or url):
                links.append(Link(title, file_, url))
        return tuple(links)

    def events(self) -> tuple[Event, ...]:
        events: list[Event] = []
        for i in self.items(("events",), "events"):
            path = ("events", i)
            self.known_keys(path, EVENT_KEYS)
            title = self.text(path + ("title",), required=True, max_len=TITLE_MAX)
            start = self.moment(path + ("start",), required=True)
            end = self.moment(path + ("end",), end_of_day=True)
            location = self.text(path + ("location",), max_len=300)
            url = self.url(path + ("url",), mailto=True)
            if start and end and end.at < start.at:
                self.problem(path + ("end",), "ends before it starts", "write an end after the start")
                continue
            if title and start:
                events.append(Event(i, title, start, end, location, url))
        return tuple(events)

    def contact(self) -> Contact | None:
        path = ("contact",)
        if not self.group(path, CONTACT_KEYS):
            return None
        phone = self.get(path + ("phone",))
        if isinstance(phone, int) and not isinstance(phone, bool):
            self.problem(path + ("phone",), "a phone number without quotes is read as a number (a leading zero is lost)",
                         'write it in quotes, e.g. phone: "0276 3822 123"')
            phone = None
        contact = Contact(self.text(path + ("name",), max_len=200), self.email(path + ("email",)),
                          self.text(path + ("phone",), max_len=50) if phone is not None else "")
        return contact if (contact.name or contact.email or contact.phone) else None

    def dates_after_publication(self, published: Moment | None, rounds: list[Round], adoption, withdrawn) -> None:
        if published is None:
            return
        if rounds and rounds[0].opens.day < published.day:
            self.problem(("consultations", rounds[0].index, "opens"),
                         f"opens before the draft was published ({published.day.isoformat()})",
                         f"publish the draft on or before {rounds[0].opens.day.isoformat()}, or check the date")
        for path, fact in ((("adoption", "date"), adoption), (("withdrawn", "date"), withdrawn)):
            if fact and fact.date.day < published.day:
                self.problem(path, f"is before the draft was published ({published.day.isoformat()})",
                             "check the date")

    def agency_existed(self, agency: str, published: Moment | None) -> None:
        entry = self.settings.agencies.get(agency)
        if entry and entry.until and published and published.day > entry.until:
            successor = f"write agency: {entry.succeeded_by}" if entry.succeeded_by else "write the agency that took over"
            self.problem(("agency",), f"'{agency}' ceased on {entry.until.isoformat()}, before this draft", successor)

    def sections(self) -> None:
        headings = _headings(self.source.body, self.source.body_line)
        names = self.settings.sections
        for key in names.REQUIRED:
            name = getattr(names, key)
            wanted = _norm(name)
            matches = [h for h in headings if h.norm.startswith(wanted)]
            found = next((h for h in matches if h.level == 2), None)
            if found is None and matches:
                wrong = matches[0]
                self.problems.append(Problem(
                    self.source.path, wrong.line, "body",
                    f"the section '{name}' is written with '{'#' * wrong.level}'", f"write it as '## {name}'",
                ))
            elif found is None:
                self.problems.append(Problem(
                    self.source.path, self.source.body_line, "body", f"the section '## {name}' is missing",
                    f"add a line '## {name}' followed by its content",
                ))
            elif not found.has_content:
                self.problems.append(Problem(
                    self.source.path, found.line, "body", f"the section '## {name}' is empty",
                    "write its content under the heading",
                ))


@dataclass
class _Heading:
    norm: str
    line: int
    level: int
    has_content: bool = False


def _headings(body: str, first_line: int) -> list[_Heading]:
    """ATX headings of the body outside code fences, and whether text (not only HTML comments,
    like the template's hints) follows each before the next heading."""
    headings: list[_Heading] = []
    fence = ""
    in_comment = False
    for offset, line in enumerate(body.split("\n")):
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence):
                fence = ""
            elif headings:
                headings[-1].has_content = True
            continue
        if in_comment:
            if "-->" not in line:
                continue
            in_comment, line = False, line.split("-->", 1)[1]
            stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            if headings:
                headings[-1].has_content = True
            continue
        heading = _atx_heading(line)
        if heading:
            level, text = heading
            headings.append(_Heading(_norm(text), first_line + offset, level))
            continue
        text = strip_comments(stripped)
        if "<!--" in stripped and "-->" not in stripped[stripped.rfind("<!--"):]:
            in_comment = True
        if text.strip() and headings:
            headings[-1].has_content = True
    return headings


def _atx_heading(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line, without closing #s or an attr_list {...}.
    String methods, not a regex: editors' lines may be long (linear time)."""
    level = len(line) - len(line.lstrip("#"))
    if not 1 <= level <= 6 or len(line) == level or line[level] not in " \t":
        return None
    text = line[level:].strip()
    if text.endswith("}") and "{" in text:
        text = text[: text.rfind("{")].rstrip()  # attr_list {#anchor}
    stripped = text.rstrip("#")
    if stripped != text and (not stripped or stripped[-1] in " \t"):
        text = stripped.rstrip()
    return level, text


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().replace(":", " ").split())


def _choices(registry: dict, limit: int = 12) -> str:
    keys = sorted(registry)
    return ", ".join(keys[:limit]) + (", ..." if len(keys) > limit else "")


def _kind(value: Any) -> str:
    return {dict: "a group of fields", list: "a list", bool: "true/false"}.get(type(value), type(value).__name__)


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
    rounds = tuple(
        replace(r, extended_to=None, extended_at=None) if r.extended_at is not None and not past(r.extended_at) else r
        for r in draft.rounds)
    hidden = {draft.response.document.file} if draft.response and not response and draft.response.document else set()
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
