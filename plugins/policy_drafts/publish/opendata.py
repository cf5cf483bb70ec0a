"""Open data for the provincial portal ("liên thông"): every published draft as JSON and CSV,
under an open licence (pure).

The record of a draft is described once, in `FIELDS`: each entry's key, what it means
(in Vietnamese, for the open-data page), its JSON Schema and how to read it from a draft,
and, where it has one, its CSV column. The JSON document, its JSON Schema
(`api/drafts.schema.json`), the CSV (`api/drafts.csv`) and the table of the open-data page
all follow from it. Keys are English and stable; names shown to people come from the
registries, in Vietnamese.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model import paths
from ..model.clock import Moment
from ..model.records import SUBJECT_INFO, Subject
from ..model.text import csv_cell, safe_json
from ..read.markup import sections_text
from .site import DraftView, SiteModel

VERSION = 3  # 2: sections, versions, licence and the per-window responses were added; 3: summaries
DEFAULT_LICENCE = {
    "name": "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.vi",
}


@dataclass(frozen=True)
class Context:
    site: SiteModel
    view: DraftView
    links: dict[str, str]


@dataclass(frozen=True)
class OpenField:
    key: str
    meaning: str  # for the open-data page
    schema: dict
    value: Callable[[Context], Any]
    csv: Callable[[Context], Any] | None = None  # its CSV column, if it has one
    csv_header: str = ""


def _iso(moment: Moment | None) -> str | None:
    return moment.iso() if moment else None


def _link(c: Context, link) -> str:
    return c.site.urls.absolute(c.site.urls.attachment(c.view.id, link.file)) if link.file else link.url


def _response(c: Context, response) -> dict | None:
    if response is None:
        return None
    return {
        "published": response.published.iso(),
        "received": response.received,
        "accepted": response.accepted,
        "document": _link(c, response.document) if response.document else None,
    }


_ISO = {"type": "string", "format": "date-time", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$"}
_ISO_OR_NULL = {"anyOf": [_ISO, {"type": "null"}]}
_TEXT = {"type": "string"}
_TEXT_OR_NULL = {"type": ["string", "null"]}
_URL = {"type": "string", "pattern": "^(https:|mailto:)"}
_URL_OR_NULL = {"anyOf": [_URL, {"type": "null"}]}
_COUNT_OR_NULL = {"type": ["integer", "null"], "minimum": 0}
_KEYED: dict[str, Any] = {
    "type": "object",
    "required": ["key", "name"],
    "properties": {"key": {"type": "string"}, "name": {"type": "string"}},
}
_RESPONSE = {
    "anyOf": [
        {"type": "null"},
        {
            "type": "object",
            "required": ["published", "received", "accepted", "document"],
            "properties": {
                "published": _ISO,
                "received": _COUNT_OR_NULL,
                "accepted": _COUNT_OR_NULL,
                "document": _URL_OR_NULL,
            },
        },
    ]
}
SECTION_KEYS = ("necessity", "basic", "changes", "other")

FIELDS: tuple[OpenField, ...] = (
    OpenField(
        "id",
        "mã cố định của dự thảo",
        {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        lambda c: c.view.id,
        lambda c: c.view.id,
        "Mã",
    ),
    OpenField(
        "url",
        "địa chỉ trang dự thảo",
        _URL,
        lambda c: c.site.urls.absolute(c.view.url),
        lambda c: c.site.urls.absolute(c.view.url),
        "Địa chỉ",
    ),
    OpenField(
        "title",
        "tên dự thảo (văn bản thuần)",
        _TEXT,
        lambda c: c.view.draft.title,
        lambda c: c.view.draft.title,
        "Tên dự thảo",
    ),
    OpenField(
        "summary",
        "tóm tắt (văn bản thuần)",
        _TEXT,
        lambda c: c.view.draft.summary,
        lambda c: c.view.draft.summary,
        "Tóm tắt",
    ),
    OpenField(
        "summaries",
        "tóm tắt bằng tiếng dân tộc thiểu số hoặc ngôn ngữ khác, bản dịch do cơ quan soạn thảo cung cấp:"
        " mã ngôn ngữ BCP 47 (hmn, km, tyz...) và văn bản thuần; {} khi không có",
        {
            "type": "object",
            "propertyNames": {"pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
            "additionalProperties": _TEXT,
        },
        lambda c: dict(c.view.draft.summaries),
        lambda c: "\n".join(f"{code}: {text}" for code, text in c.view.draft.summaries),
        "Tóm tắt bằng ngôn ngữ khác",
    ),
    OpenField(
        "published",
        "thời điểm công bố",
        _ISO,
        lambda c: c.view.draft.visible_from.iso(),
        lambda c: c.view.draft.visible_from.iso(),
        "Công bố",
    ),
    OpenField(
        "document_type",
        "loại văn bản: key cố định, name để hiển thị, min_days thời hạn lấy ý kiến tối thiểu",
        {**_KEYED, "properties": {**_KEYED["properties"], "min_days": {"type": "integer"}}},
        lambda c: {
            "key": c.view.draft.document_type,
            "name": c.view.document_type_name,
            "min_days": c.site.settings.document_types[c.view.draft.document_type].min_days,
        },
        lambda c: c.view.document_type_name,
        "Loại văn bản",
    ),
    OpenField(
        "agency",
        "cơ quan chủ trì soạn thảo (key, name)",
        _KEYED,
        lambda c: {"key": c.view.draft.agency, "name": c.view.agency_name},
        lambda c: c.view.agency_name,
        "Cơ quan chủ trì",
    ),
    OpenField(
        "fields",
        "lĩnh vực (key, name)",
        {"type": "array", "minItems": 1, "items": _KEYED},
        lambda c: [{"key": k, "name": n} for k, n in c.view.field_names],
        lambda c: "; ".join(n for _, n in c.view.field_names),
        "Lĩnh vực",
    ),
    OpenField(
        "criteria",
        "bốn tiêu chí Quyết định 407 (true/false), met: số tiêu chí đáp ứng, all_four",
        {
            "type": "object",
            "required": ["proposal_required", "rights_obligations", "public_concern", "wide_impact", "met", "all_four"],
            "properties": {"met": {"type": "integer", "minimum": 0, "maximum": 4}, "all_four": {"type": "boolean"}},
        },
        lambda c: {
            "proposal_required": c.view.draft.criteria.proposal_required,
            "rights_obligations": c.view.draft.criteria.rights_obligations,
            "public_concern": c.view.draft.criteria.public_concern,
            "wide_impact": c.view.draft.criteria.wide_impact,
            "met": c.view.draft.criteria.met,
            "all_four": c.view.draft.criteria.all_four,
        },
        lambda c: c.view.draft.criteria.met,
        "Số tiêu chí đáp ứng",
    ),
    OpenField(
        "status",
        "trạng thái lúc xây dựng trang: key (open, upcoming, closed, responded, adopted, withdrawn, "
        "announced), label, closing_soon, response_due",
        {
            "type": "object",
            "required": ["key", "label", "closing_soon", "response_due"],
            "properties": {
                "key": {"enum": ["withdrawn", "adopted", "open", "upcoming", "responded", "closed", "announced"]},
                "label": _TEXT,
                "closing_soon": {"type": "boolean"},
                "response_due": _ISO_OR_NULL,
            },
        },
        lambda c: {
            "key": c.view.status.value,
            "label": c.view.state.info.label,
            "closing_soon": c.view.state.closing_soon,
            "response_due": c.view.state.response_due.isoformat() if c.view.state.response_due else None,
        },
        lambda c: c.view.state.info.label,
        "Trạng thái",
    ),
    OpenField(
        "consultations",
        "các đợt lấy ý kiến: subject (proposal, draft), opens, closes, extended_to, deadline "
        "(hạn thực tế), days, shortened_reason, comment_url, received (số ý kiến đã nhận, kèm received_at), "
        "response (tiếp thu, giải trình của đợt)",
        {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["number", "subject", "opens", "closes", "extended_to", "deadline", "days", "response"],
                "properties": {
                    "subject": {"enum": [s.value for s in Subject]},
                    "opens": _ISO,
                    "closes": _ISO,
                    "extended_to": _ISO_OR_NULL,
                    "deadline": _ISO,
                    "days": {"type": "integer"},
                    "shortened_reason": _TEXT_OR_NULL,
                    "comment_url": _URL_OR_NULL,
                    "received": _COUNT_OR_NULL,
                    "received_at": _ISO_OR_NULL,
                    "response": _RESPONSE,
                },
            },
        },
        lambda c: [
            {
                "number": r.number,
                "subject": r.subject.value,
                "opens": r.opens.iso(),
                "closes": r.closes.iso(),
                "extended_to": _iso(r.extended_to),
                "deadline": r.deadline.iso(),
                "days": r.days,
                "shortened_reason": r.shortened_reason or None,
                "comment_url": c.site.comment_url(c.view.draft, r) or None,
                "received": r.received,
                "received_at": _iso(r.received_at),
                "response": _response(c, r.response),
            }
            for r in c.view.draft.rounds
        ],
        lambda c: "; ".join(
            f"{SUBJECT_INFO[r.subject].short}: {r.opens.day} – {r.deadline.day}" for r in c.view.draft.rounds
        ),
        "Các đợt lấy ý kiến",
    ),
    OpenField(
        "response",
        "tiếp thu, giải trình của đợt cuối: published, received, accepted, document",
        _RESPONSE,
        lambda c: _response(c, c.view.draft.final_response),
        lambda c: c.view.draft.final_response.published.iso() if c.view.draft.final_response else "",
        "Công bố tiếp thu, giải trình",
    ),
    OpenField(
        "adoption",
        "ban hành: date, number, url",
        {
            "anyOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["date", "number", "url"],
                    "properties": {"date": _ISO, "number": _TEXT_OR_NULL},
                },
            ]
        },
        lambda c: (
            {
                "date": c.view.draft.adoption.date.iso(),
                "number": c.view.draft.adoption.number or None,
                "url": c.view.draft.adoption.url or None,
            }
            if c.view.draft.adoption
            else None
        ),
        lambda c: (c.view.draft.adoption.number or c.view.draft.adoption.date.iso()) if c.view.draft.adoption else "",
        "Ban hành",
    ),
    OpenField(
        "withdrawn",
        "dừng xây dựng: date, reason",
        {
            "anyOf": [
                {"type": "null"},
                {"type": "object", "required": ["date", "reason"], "properties": {"date": _ISO, "reason": _TEXT}},
            ]
        },
        lambda c: (
            {"date": c.view.draft.withdrawn.date.iso(), "reason": c.view.draft.withdrawn.reason}
            if c.view.draft.withdrawn
            else None
        ),
        lambda c: c.view.draft.withdrawn.date.iso() if c.view.draft.withdrawn else "",
        "Dừng xây dựng",
    ),
    OpenField(
        "sections",
        "nội dung truyền thông, văn bản thuần: necessity (sự cần thiết), basic (nội dung cơ bản), "
        "changes (nội dung mới hoặc sửa đổi, bổ sung, bãi bỏ), other (nội dung khác)",
        {"type": "object", "required": list(SECTION_KEYS), "properties": {key: _TEXT_OR_NULL for key in SECTION_KEYS}},
        lambda c: sections_text(c.view.draft.content, {k: getattr(c.site.settings.sections, k) for k in SECTION_KEYS}),
    ),
    OpenField(
        "versions",
        "các phiên bản văn bản: number, title, date, note, url",
        {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["number", "title", "date", "url"],
                "properties": {"date": _ISO_OR_NULL, "url": _URL},
            },
        },
        lambda c: [
            {
                "number": v.number,
                "title": v.title,
                "date": _iso(v.date),
                "note": v.note or None,
                "url": c.site.urls.absolute(c.site.urls.version(c.view.id, v.number)),
            }
            for v in c.view.draft.versions
        ],
    ),
    OpenField(
        "documents",
        "tài liệu: title, url",
        {"type": "array", "items": {"type": "object", "required": ["title", "url"], "properties": {"url": _URL}}},
        lambda c: [{"title": doc.title, "url": _link(c, doc)} for doc in c.view.draft.documents],
    ),
    OpenField(
        "events",
        "hội nghị, đối thoại: title, start, end, location, url",
        {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["title", "start"],
                "properties": {"start": _ISO, "end": _ISO_OR_NULL},
            },
        },
        lambda c: [
            {
                "title": e.title,
                "start": e.start.iso(),
                "end": _iso(e.end),
                "location": e.location or None,
                "url": e.url or None,
            }
            for e in c.view.draft.events
        ],
    ),
    OpenField(
        "contact",
        "liên hệ: name, email, phone",
        {"type": ["object", "null"]},
        lambda c: (
            {
                "name": c.view.draft.contact.name or None,
                "email": c.view.draft.contact.email or None,
                "phone": c.view.draft.contact.phone or None,
            }
            if c.view.draft.contact
            else None
        ),
    ),
    OpenField(
        "links",
        "calendar (lịch iCalendar của dự thảo), feed (nguồn tin RSS của dự thảo)",
        {"type": "object", "additionalProperties": {"type": "string"}},
        lambda c: dict(c.links),
    ),
)


def draft_record(site: SiteModel, view: DraftView, links: dict[str, str]) -> dict:
    context = Context(site, view, links)
    return {f.key: f.value(context) for f in FIELDS}


def document(site: SiteModel, records: list[dict], site_name: str, licence: dict | None = None) -> str:
    return document_of_texts(site, [safe_json(record) for record in records], site_name, licence)


def document_of_texts(site: SiteModel, records: list[str], site_name: str, licence: dict | None = None) -> str:
    """The document of `records` given as their `safe_json` texts: compact JSON writes a record
    inside the document as it writes it alone, so each record's text (kept between builds for
    its own file) is written as it is, not serialised again."""
    data = {
        "version": VERSION,
        "schema": site.urls.absolute(paths.OPEN_DATA_SCHEMA),
        "site": {"name": site_name, "url": site.urls.absolute(""), "timezone": str(site.settings.timezone)},
        "licence": licence or DEFAULT_LICENCE,
        "generated_at": site.now.astimezone(site.settings.timezone).isoformat(timespec="seconds"),
        "count": len(records),
        "drafts": [],
    }
    empty = safe_json(data)
    end = "[]}\n"  # "drafts", the last key, is an empty list in `empty`
    assert empty.endswith(end)
    return empty[: -len(end)] + "[" + ",".join(text.removesuffix("\n") for text in records) + end[1:]


def csv_document(site: SiteModel, links: Callable[[DraftView], dict[str, str]]) -> str:
    """One row per draft, the columns of FIELDS that have one; opens in spreadsheet programs
    (UTF-8 with a byte-order mark), no cell starting a formula."""
    return csv_of_rows([csv_row(site, view, links(view)) for view in site.drafts])


def csv_of_rows(rows: list[str]) -> str:
    """The CSV document of rows given as text (`csv_row`)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([f.csv_header for f in FIELDS if f.csv is not None])
    return "\ufeff" + out.getvalue() + "".join(rows)


def csv_row(site: SiteModel, view: DraftView, links: dict[str, str]) -> str:
    """A draft's row of the CSV document, as text (a csv writer writes each row alone)."""
    out = io.StringIO()
    context = Context(site, view, links)
    csv.writer(out, lineterminator="\r\n").writerow([csv_cell(f.csv(context)) for f in FIELDS if f.csv is not None])
    return out.getvalue()


SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Dự thảo chính sách (Quyết định 407/QĐ-TTg) – dữ liệu mở",
    "type": "object",
    "required": ["version", "site", "licence", "generated_at", "count", "drafts"],
    "properties": {
        "version": {"const": VERSION},
        "schema": {"type": "string"},
        "site": {"type": "object", "required": ["name", "url", "timezone"]},
        "licence": {"type": "object", "required": ["name", "url"]},
        "generated_at": _ISO,
        "count": {"type": "integer", "minimum": 0},
        "drafts": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [f.key for f in FIELDS],
                "additionalProperties": False,
                "properties": {f.key: {**f.schema, "description": f.meaning} for f in FIELDS},
            },
        },
    },
}


def schema_text() -> str:
    return safe_json(SCHEMA, pretty=True)
