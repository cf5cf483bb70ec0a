"""Typed configuration of the `policy-drafts` plugin (mkdocs.yml), and its translation
into the core's `Settings` with every configuration mistake reported at once."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfoNotFoundError, available_timezones

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from .markup import MarkdownSettings
from .model import is_valid_id
from .registries import Sections, Settings, build_settings
from .text import forbidden_character
from .urls import EMAIL, judge

DEFAULT_FORM_HOSTS = ["forms.gle", "docs.google.com", "forms.office.com"]


class PolicyDraftsConfig(Config):
    enabled = c.Type(bool, default=True)

    # Where editors put drafts, relative to mkdocs.yml: <drafts_dir>/<id>/index.md
    drafts_dir = c.Type(str, default="drafts")

    # Time and deadlines
    timezone = c.Type(str, default="Asia/Ho_Chi_Minh")
    closing_soon_days = c.Type(int, default=7)
    response_due_days = c.Type(int, default=30)

    # Comments
    comment_form = c.Type(str, default="")
    comment_form_hosts = c.ListOfItems(c.Type(str), default=list(DEFAULT_FORM_HOSTS))

    # Registries
    document_types = c.Type(dict, default={})
    agencies = c.Type(dict, default={})
    fields = c.Type(dict, default={})
    sections = c.Type(dict, default={})

    # Listings
    page_size = c.Type(int, default=20)

    # Search: let "hoc phi" find "học phí"
    fold_diacritics = c.Type(bool, default=True)

    # Safety: attachments larger than this are refused; HTML that the sanitizer removes from an
    # editor's Markdown stops the build ("error") or is only reported ("warn").
    attachment_max_mb = c.Type(int, default=50)
    unsafe_markup = c.Choice(("error", "warn"), default="error")


class ConfigProblems(ValueError):
    pass


def settings_from_config(config: PolicyDraftsConfig, markdown: MarkdownSettings | None = None) -> Settings:
    """Check the registries and options; raise one error listing every mistake."""
    problems: list[str] = []
    where = "plugins.policy-drafts"
    try:
        if config.timezone not in available_timezones():
            raise ZoneInfoNotFoundError(config.timezone)
    except ZoneInfoNotFoundError:
        problems.append(f"{where}.timezone: unknown time zone '{config.timezone}' (write Asia/Ho_Chi_Minh)")
    for name in ("closing_soon_days", "response_due_days", "page_size", "attachment_max_mb"):
        if config[name] < (1 if name in ("page_size", "attachment_max_mb") else 0):
            problems.append(f"{where}.{name}: must be a positive number")
    hosts = [str(h).lower() for h in config.comment_form_hosts]
    for host in hosts:
        if not judge(f"https://{host}/"):
            problems.append(f"{where}.comment_form_hosts: '{host}' is not a domain name (write e.g. forms.gle)")
    if config.comment_form:
        # {id} and {title} are filled with URL-encoded values: judge the rest as a browser would.
        sample = config.comment_form.replace("{id}", "x").replace("{title}", "x")
        verdict = judge(sample, hosts=tuple(hosts))
        if not verdict:
            problems.append(f"{where}.comment_form: {verdict.problem} ({verdict.fix})")
    for registry in ("document_types", "agencies", "fields"):
        for key in config[registry]:
            if not isinstance(key, str) or not is_valid_id(key):
                problems.append(f"{where}.{registry}: the key {key!r} is not valid "
                                "(lowercase letters, digits and hyphens, e.g. so-gddt): it is used in URLs and file names")
    for key, spec in config.document_types.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
            problems.append(f"{where}.document_types.{key}: write {{name: ..., min_days: 30}}")
        elif not isinstance(spec.get("min_days", 30), int) or spec.get("min_days", 30) < 0:
            problems.append(f"{where}.document_types.{key}.min_days: must be a whole number of days")
    for key, spec in config.agencies.items():
        problems += _agency_problems(f"{where}.agencies.{key}", spec, config.agencies)
    for key, spec in config.fields.items():
        if not (isinstance(spec, str) or (isinstance(spec, dict) and isinstance(spec.get("name"), str))):
            problems.append(f"{where}.fields.{key}: write the field's name, e.g. {key}: Giáo dục")
    problems += _text_problems(where, {name: config[name] for name in ("document_types", "agencies", "fields",
                                                                       "sections")})
    unknown = set(config.sections) - set(Sections.__dataclass_fields__)
    if unknown:
        problems.append(f"{where}.sections: unknown keys {sorted(unknown)} (use necessity, basic, changes, other)")
    for registry in ("document_types", "agencies", "fields"):
        if not config[registry]:
            problems.append(f"{where}.{registry}: is empty (list the site's {registry.replace('_', ' ')})")
    if problems:
        raise ConfigProblems("\n".join(problems))
    return build_settings(
        timezone=config.timezone, closing_soon_days=config.closing_soon_days,
        response_due_days=config.response_due_days, comment_form=config.comment_form,
        comment_form_hosts=hosts, document_types=config.document_types, agencies=config.agencies,
        fields=config.fields, sections=config.sections, markdown=markdown,
        unsafe_markup=config.unsafe_markup, attachment_max_mb=config.attachment_max_mb,
    )


def _text_problems(where: str, value, path: str = "") -> list[str]:
    """Names in the registries end up in XML feeds and calendars: no control characters."""
    if isinstance(value, str):
        odd = forbidden_character(value)
        return [f"{where}{path}: contains an invisible character ({odd})"] if odd else []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _text_problems(where, v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _text_problems(where, v, f"{path}[{i}]")]
    return []


def drafts_dir_problem(root: Path, drafts_dir: str, docs_dir: str) -> str:
    """Drafts inside docs_dir would be published by MkDocs itself, state secrets included."""
    drafts = Path(os.path.realpath(Path(root) / drafts_dir))
    docs = Path(os.path.realpath(docs_dir))
    if drafts == docs or docs in drafts.parents or drafts in docs.parents:
        return (f"plugins.policy-drafts.drafts_dir: '{drafts_dir}' overlaps docs_dir ('{docs_dir}'); MkDocs would "
                "publish every file in it, state secrets included (keep drafts/ beside docs/, e.g. drafts_dir: drafts)")
    return ""


def _agency_problems(where: str, spec, agencies: dict) -> list[str]:
    if isinstance(spec, str):
        return []
    if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
        return [f"{where}: write {{name: ..., url: https://..., email: ...}}"]
    problems = []
    url = spec.get("url")
    if url and not judge(str(url)):
        problems.append(f"{where}.url: '{url}' is not an https: address a browser reads the same way")
    email = spec.get("email")
    if email and not EMAIL.match(str(email)):
        problems.append(f"{where}.email: '{email}' is not an e-mail address")
    for i, former in enumerate(spec.get("former_names") or []):
        if not isinstance(former, dict) or "name" not in former or not _is_date(former.get("until")):
            problems.append(f"{where}.former_names[{i}]: write {{name: ..., until: 2025-02-28}}")
    if spec.get("until") is not None and not _is_date(spec["until"]):
        problems.append(f"{where}.until: write the last day of the agency, e.g. 2025-02-28")
    successor = spec.get("succeeded_by")
    if successor and successor not in agencies:
        problems.append(f"{where}.succeeded_by: '{successor}' is not an agency key")
    return problems


def _is_date(value) -> bool:
    if isinstance(value, date):
        return True
    try:
        date.fromisoformat(str(value))
        return True
    except ValueError:
        return False
