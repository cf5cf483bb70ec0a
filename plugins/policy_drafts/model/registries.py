"""The site's registries (document types, agencies, fields) and the settings the core needs.

Agencies change: in 2025 provincial departments were merged and renamed. A registry
entry keeps its former names with the last day each was valid, so a draft shows the
name its agency had on the draft's date; an agency that ceased names its successor.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

DEFAULT_MIN_DAYS = 30  # provincial documents (the seeds' plans); central ones need 60


@dataclass(frozen=True)
class MarkdownSettings:
    """The site's Markdown extensions (mkdocs.yml `markdown_extensions`), as plain data."""

    extensions: tuple[Any, ...] = ("toc", "tables", "fenced_code")
    configs: dict[str, dict] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentType:
    key: str
    name: str
    min_days: int


@dataclass(frozen=True)
class FormerName:
    name: str
    until: date  # last day this name was valid


@dataclass(frozen=True)
class Agency:
    key: str
    name: str
    url: str = ""
    email: str = ""
    former_names: tuple[FormerName, ...] = ()
    until: date | None = None  # last day of existence (merged or dissolved)
    succeeded_by: str = ""  # key of the agency that took over
    address: str = ""  # where written comments are sent (shown on draft pages and notices)
    office_hours: str = ""  # when the office receives them
    phone: str = ""

    def name_on(self, day: date) -> str:
        for former in sorted(self.former_names, key=lambda f: f.until):
            if day <= former.until:
                return former.name
        return self.name


@dataclass(frozen=True)
class Field:
    key: str
    name: str


@dataclass(frozen=True)
class Sections:
    """The `##` headings of the communication content (Decision 407's content items)."""

    necessity: str = "Sự cần thiết ban hành chính sách"
    basic: str = "Nội dung cơ bản của chính sách"
    changes: str = "Nội dung mới hoặc sửa đổi, bổ sung, bãi bỏ"
    other: str = "Nội dung khác"

    REQUIRED = ("necessity", "basic", "changes")
    OPTIONAL = ("other",)


@dataclass(frozen=True)
class Settings:
    """Everything the pure core needs to know about the site."""

    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Ho_Chi_Minh"))
    closing_soon_days: int = 7
    response_due_days: int = 30
    comment_form: str = ""
    comment_form_hosts: tuple[str, ...] = ("forms.gle", "docs.google.com", "forms.office.com")
    document_types: dict[str, DocumentType] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    fields: dict[str, Field] = field(default_factory=dict)
    sections: Sections = field(default_factory=Sections)
    markdown: MarkdownSettings = field(default_factory=MarkdownSettings)
    unsafe_markup: str = "error"  # or "warn": HTML the sanitizer removes stops the build, or is only reported
    attachment_max_bytes: int = 50 * 1024 * 1024


def closest(word: str, choices) -> str:
    """'did you mean' text for an unknown key, or a list of what exists."""
    choices = sorted(choices)
    match = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.5)
    if match:
        return f"có phải '{match[0]}'?"
    if len(choices) <= 8:
        return "một trong: " + ", ".join(choices)
    return "xem các mã trong mkdocs.yml"


DEFAULTS = Settings()  # the one place defaults are written: mkdocs.yml options and the CLI use it


def build_settings(
    *,
    timezone: str = str(DEFAULTS.timezone),
    closing_soon_days: int = DEFAULTS.closing_soon_days,
    response_due_days: int = DEFAULTS.response_due_days,
    comment_form: str = DEFAULTS.comment_form,
    comment_form_hosts=DEFAULTS.comment_form_hosts,
    document_types: dict | None = None,
    agencies: dict | None = None,
    fields: dict | None = None,
    sections: dict | None = None,
    markdown: MarkdownSettings | None = None,
    unsafe_markup: str = DEFAULTS.unsafe_markup,
    attachment_max_mb: int = DEFAULTS.attachment_max_bytes // (1024 * 1024),
) -> Settings:
    """Settings from plain values (the plugin's or the command line's configuration)."""

    def agency(key: str, spec) -> Agency:
        spec = {"name": spec} if isinstance(spec, str) else dict(spec)
        former = tuple(FormerName(f["name"], _as_date(f["until"])) for f in spec.get("former_names", []) or [])
        return Agency(
            key=key,
            name=spec["name"],
            url=spec.get("url", "") or "",
            email=spec.get("email", "") or "",
            former_names=former,
            until=_as_date(spec["until"]) if spec.get("until") else None,
            succeeded_by=spec.get("succeeded_by", "") or "",
            address=str(spec.get("address") or ""),
            office_hours=str(spec.get("office_hours") or ""),
            phone=str(spec.get("phone") or ""),
        )

    def field_(key: str, spec) -> Field:
        return Field(key, spec if isinstance(spec, str) else spec["name"])

    return Settings(
        timezone=ZoneInfo(timezone),
        closing_soon_days=int(closing_soon_days),
        response_due_days=int(response_due_days),
        comment_form=comment_form or "",
        comment_form_hosts=tuple(h.lower() for h in comment_form_hosts),
        document_types={
            k: DocumentType(k, v["name"], int(v.get("min_days", DEFAULT_MIN_DAYS)))
            for k, v in (document_types or {}).items()
        },
        agencies={k: agency(k, v) for k, v in (agencies or {}).items()},
        fields={k: field_(k, v) for k, v in (fields or {}).items()},
        sections=Sections(**(sections or {})),
        markdown=markdown or MarkdownSettings(),
        unsafe_markup=unsafe_markup,
        attachment_max_bytes=int(attachment_max_mb) * 1024 * 1024,
    )


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
