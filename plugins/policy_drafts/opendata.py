"""Open data for the provincial portal ("liên thông"): every published draft as JSON.

The shape is documented by `SCHEMA` (JSON Schema 2020-12), written beside the data as
`api/drafts.schema.json` and explained on the site's open-data page. Keys are English
and stable; names shown to people come from the registries, in Vietnamese.
"""

from __future__ import annotations

from typing import Any

from .clock import Moment
from .render import safe_json
from .site import DraftView, SiteModel

DATA_PATH = "api/drafts.json"
SCHEMA_PATH = "api/drafts.schema.json"
VERSION = 1


def _iso(moment: Moment | None) -> str | None:
    return moment.iso() if moment else None


def draft_record(site: SiteModel, view: DraftView, extra_links: dict[str, str]) -> dict:
    d, st = view.draft, view.state
    urls = site.urls
    return {
        "id": d.id,
        "url": urls.absolute(view.url),
        "title": d.title,
        "summary": d.summary,
        "published": d.visible_from.iso(),
        "document_type": {
            "key": d.document_type,
            "name": view.document_type_name,
            "min_days": site.settings.document_types[d.document_type].min_days,
        },
        "agency": {"key": d.agency, "name": view.agency_name},
        "fields": [{"key": k, "name": n} for k, n in view.field_names],
        "criteria": {
            "proposal_required": d.criteria.proposal_required,
            "rights_obligations": d.criteria.rights_obligations,
            "public_concern": d.criteria.public_concern,
            "wide_impact": d.criteria.wide_impact,
            "met": d.criteria.met,
            "all_four": d.criteria.all_four,
        },
        "status": {
            "key": st.status.value,
            "label": st.info.label,
            "closing_soon": st.closing_soon,
            "response_due": st.response_due.isoformat() if st.response_due else None,
        },
        "consultations": [
            {
                "number": r.index + 1,
                "subject": r.subject,
                "opens": r.opens.iso(),
                "closes": r.closes.iso(),
                "extended_to": _iso(r.extended_to),
                "deadline": r.deadline.iso(),
                "days": r.days,
                "shortened_reason": r.shortened_reason or None,
                "comment_url": site.comment_url(d, r) or None,
            }
            for r in d.rounds
        ],
        "response": {
            "published": d.final_response.published.iso(),
            "received": d.final_response.received,
            "accepted": d.final_response.accepted,
            "document": _link(site, view, d.final_response.document) if d.final_response.document else None,
        }
        if d.final_response and d.final_response.published.at <= site.now
        else None,
        "adoption": {"date": d.adoption.date.iso(), "number": d.adoption.number or None, "url": d.adoption.url or None}
        if d.adoption and d.adoption.date.at <= site.now
        else None,
        "withdrawn": {"date": d.withdrawn.date.iso(), "reason": d.withdrawn.reason}
        if d.withdrawn and d.withdrawn.date.at <= site.now
        else None,
        "documents": [{"title": doc.title, "url": _link(site, view, doc)} for doc in d.documents],
        "events": [
            {
                "title": e.title,
                "start": e.start.iso(),
                "end": _iso(e.end),
                "location": e.location or None,
                "url": e.url or None,
            }
            for e in d.events
        ],
        "contact": {"name": d.contact.name or None, "email": d.contact.email or None, "phone": d.contact.phone or None}
        if d.contact
        else None,
        "links": extra_links,
    }


def _link(site: SiteModel, view: DraftView, link) -> str:
    return site.urls.absolute(site.urls.attachment(view.id, link.file)) if link.file else link.url


def document(site: SiteModel, records: list[dict], site_name: str) -> str:
    data = {
        "version": VERSION,
        "schema": site.urls.absolute(SCHEMA_PATH),
        "site": {"name": site_name, "url": site.urls.absolute(""), "timezone": str(site.settings.timezone)},
        "generated_at": site.now.astimezone(site.settings.timezone).isoformat(timespec="seconds"),
        "count": len(records),
        "drafts": records,
    }
    return safe_json(data)


_ISO = {"type": "string", "format": "date-time", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$"}
_ISO_OR_NULL = {"anyOf": [_ISO, {"type": "null"}]}
_TEXT_OR_NULL = {"type": ["string", "null"]}
_URL = {"type": "string", "pattern": "^(https:|mailto:)"}
_KEYED: dict[str, Any] = {
    "type": "object",
    "required": ["key", "name"],
    "properties": {"key": {"type": "string"}, "name": {"type": "string"}},
}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Dự thảo chính sách (Quyết định 407/QĐ-TTg) – dữ liệu mở",
    "type": "object",
    "required": ["version", "site", "generated_at", "count", "drafts"],
    "properties": {
        "version": {"const": VERSION},
        "schema": {"type": "string"},
        "site": {"type": "object", "required": ["name", "url", "timezone"]},
        "generated_at": _ISO,
        "count": {"type": "integer", "minimum": 0},
        "drafts": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "id",
                    "url",
                    "title",
                    "summary",
                    "published",
                    "document_type",
                    "agency",
                    "fields",
                    "criteria",
                    "status",
                    "consultations",
                    "response",
                    "adoption",
                    "withdrawn",
                    "documents",
                    "events",
                    "contact",
                    "links",
                ],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                    "url": _URL,
                    "title": {"type": "string"},
                    "summary": {"type": "string"},
                    "published": _ISO,
                    "document_type": {
                        **_KEYED,
                        "properties": {**_KEYED["properties"], "min_days": {"type": "integer"}},
                    },
                    "agency": _KEYED,
                    "fields": {"type": "array", "minItems": 1, "items": _KEYED},
                    "criteria": {
                        "type": "object",
                        "required": [
                            "proposal_required",
                            "rights_obligations",
                            "public_concern",
                            "wide_impact",
                            "met",
                            "all_four",
                        ],
                        "properties": {
                            "met": {"type": "integer", "minimum": 0, "maximum": 4},
                            "all_four": {"type": "boolean"},
                        },
                    },
                    "status": {
                        "type": "object",
                        "required": ["key", "label", "closing_soon", "response_due"],
                        "properties": {
                            "key": {
                                "enum": ["withdrawn", "adopted", "open", "upcoming", "responded", "closed", "announced"]
                            },
                            "label": {"type": "string"},
                            "closing_soon": {"type": "boolean"},
                            "response_due": _ISO_OR_NULL,
                        },
                    },
                    "consultations": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["number", "subject", "opens", "closes", "extended_to", "deadline", "days"],
                            "properties": {
                                "subject": {"enum": ["proposal", "draft"]},
                                "opens": _ISO,
                                "closes": _ISO,
                                "extended_to": _ISO_OR_NULL,
                                "deadline": _ISO,
                                "days": {"type": "integer"},
                                "shortened_reason": _TEXT_OR_NULL,
                                "comment_url": {"anyOf": [_URL, {"type": "null"}]},
                            },
                        },
                    },
                    "response": {
                        "anyOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["published", "received", "accepted", "document"],
                                "properties": {
                                    "published": _ISO,
                                    "received": {"type": ["integer", "null"]},
                                    "accepted": {"type": ["integer", "null"]},
                                    "document": {"anyOf": [_URL, {"type": "null"}]},
                                },
                            },
                        ]
                    },
                    "adoption": {
                        "anyOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["date", "number", "url"],
                                "properties": {"date": _ISO, "number": _TEXT_OR_NULL},
                            },
                        ]
                    },
                    "withdrawn": {
                        "anyOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["date", "reason"],
                                "properties": {"date": _ISO, "reason": {"type": "string"}},
                            },
                        ]
                    },
                    "documents": {
                        "type": "array",
                        "items": {"type": "object", "required": ["title", "url"], "properties": {"url": _URL}},
                    },
                    "events": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["title", "start"],
                            "properties": {"start": _ISO, "end": _ISO_OR_NULL},
                        },
                    },
                    "contact": {"type": ["object", "null"]},
                    "links": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            },
        },
    },
}


def schema_text() -> str:
    return safe_json(SCHEMA)
