"""Typed configuration of the `policy-drafts` plugin (mkdocs.yml), and its translation
into the core's `Settings` and `SiteConfig` (the one door into the core) with every
configuration mistake reported at once."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfoNotFoundError, available_timezones

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig

from ..model.problems import Problem
from ..model.records import is_valid_id
from ..model.registries import DEFAULT_MIN_DAYS, DEFAULTS, MarkdownSettings, Sections, Settings, build_settings
from ..model.text import forbidden_character
from ..publish.harvest import national_config
from ..publish.publication import SiteConfig
from ..read.schema import REGISTRY_NAMES
from ..read.url_judge import EMAIL, judge
from .material import INLINE_SCRIPTS
from .newsite import is_placeholder

D = DEFAULTS


class PolicyDraftsConfig(Config):
    enabled = c.Type(bool, default=True)

    # Where editors put drafts, relative to mkdocs.yml: <drafts_dir>/<id>/index.md
    drafts_dir = c.Type(str, default="drafts")

    # Time and deadlines
    timezone = c.Type(str, default=str(D.timezone))
    closing_soon_days = c.Type(int, default=D.closing_soon_days)
    response_due_days = c.Type(int, default=D.response_due_days)

    # Comments
    comment_form = c.Type(str, default=D.comment_form)
    comment_form_hosts = c.ListOfItems(c.Type(str), default=list(D.comment_form_hosts))
    # `policy-drafts comments import`: a form's own headings, beyond the Vietnamese ones it knows,
    # e.g. {"Ý kiến của Ông/Bà về dự thảo": text, "Email": "Thư điện tử"}; a value is one of
    # received, name, address, kind, article, text, named (or any heading to keep the column as).
    comment_columns = c.Type(dict, default={})

    # Registries
    document_types = c.Type(dict, default={})
    agencies = c.Type(dict, default={})
    fields = c.Type(dict, default={})
    sections = c.Type(dict, default={})

    # Listings
    page_size = c.Type(int, default=20)

    # Kept so that old configurations still load: the search page always folds diacritics
    # ("hoc phi" finds "học phí", "doi" finds "đổi").
    fold_diacritics = c.Type(bool, default=True)

    # E-mail alerts (`policy-drafts digest`): the mailing list that sends them manages the
    # subscribers; the site links to its subscription page.
    #   email_alerts: {subscribe_url: https://..., from: "Tên <dia-chi@...>", to: [danh-sach@...]}
    email_alerts = c.Type(dict, default={})

    # The licence of the open data (api/drafts.json, api/drafts.csv): {name: ..., url: https://...}
    open_data_licence = c.Type(dict, default={})

    # The image shown when a draft page is shared on social media (a file of docs_dir), e.g.
    # assets/chia-se.png (1200 x 630 pixels).
    social_image = c.Type(str, default="")

    # Where the drafts' rules would apply (schema.org legislationJurisdiction on every draft
    # page), e.g. "Tỉnh Lâm Đồng"; default "VN".
    jurisdiction = c.Type(str, default="")

    # A national (or provincial) site: no drafts of its own, the drafts of these sites,
    # harvested from their open data at each build (harvest.py, national.py):
    #   national: {sites: [{key: ..., name: ..., url: https://...}], cache_dir: .cache/national/}
    national = c.Type(dict, default={})

    # Safety: attachments larger than this are refused; HTML that the sanitizer removes from an
    # editor's Markdown stops the build ("error") or is only reported ("warn").
    attachment_max_mb = c.Type(int, default=D.attachment_max_bytes // (1024 * 1024))
    unsafe_markup = c.Choice(("error", "warn"), default=D.unsafe_markup)


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
        problems.append(f"{where}.timezone: không có múi giờ '{config.timezone}' (viết Asia/Ho_Chi_Minh)")
    for name in ("closing_soon_days", "response_due_days", "page_size", "attachment_max_mb"):
        if config[name] < (1 if name in ("page_size", "attachment_max_mb") else 0):
            problems.append(f"{where}.{name}: phải là một số dương")
    hosts = [str(h).lower() for h in config.comment_form_hosts]
    for host in hosts:
        if not judge(f"https://{host}/"):
            problems.append(f"{where}.comment_form_hosts: '{host}' không phải là tên miền (viết ví dụ forms.gle)")
    if config.comment_form:
        # {id}, {title} and {article} are filled with URL-encoded values: judge the rest as a browser would.
        sample = config.comment_form.replace("{id}", "x").replace("{title}", "x").replace("{article}", "x")
        verdict = judge(sample, hosts=tuple(hosts))
        if not verdict:
            problems.append(f"{where}.comment_form: {verdict.problem} ({verdict.fix})")
    for heading, key in config.comment_columns.items():
        if not isinstance(heading, str) or not isinstance(key, str) or not key.strip():
            problems.append(f"{where}.comment_columns: viết 'Tiêu đề cột của biểu mẫu': text (hoặc name, article ...)")
    for registry in ("document_types", "agencies", "fields"):
        for key in config[registry]:
            if not isinstance(key, str) or not is_valid_id(key):
                problems.append(
                    f"{where}.{registry}: mã {key!r} không hợp lệ (chỉ dùng chữ thường không dấu, số và "
                    "dấu gạch ngang, ví dụ so-gddt): mã được dùng trong địa chỉ trang và tên tệp"
                )
    for key, spec in config.document_types.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
            problems.append(f"{where}.document_types.{key}: viết {{name: ..., min_days: 30}}")
        elif not isinstance(spec.get("min_days", DEFAULT_MIN_DAYS), int) or spec.get("min_days", DEFAULT_MIN_DAYS) < 0:
            problems.append(f"{where}.document_types.{key}.min_days: phải là một số ngày nguyên")
    for key, spec in config.agencies.items():
        problems += _agency_problems(f"{where}.agencies.{key}", spec, config.agencies)
    for key, spec in config.fields.items():
        if not (isinstance(spec, str) or (isinstance(spec, dict) and isinstance(spec.get("name"), str))):
            problems.append(f"{where}.fields.{key}: viết tên lĩnh vực, ví dụ {key}: Giáo dục")
    problems += _text_problems(
        where, {name: config[name] for name in ("document_types", "agencies", "fields", "sections")}
    )
    problems += _email_alerts_problems(f"{where}.email_alerts", config.email_alerts)
    unknown = set(config.sections) - set(Sections.__dataclass_fields__)
    if unknown:
        problems.append(
            f"{where}.sections: không có các khóa {sorted(unknown)} (dùng necessity, basic, changes, other)"
        )
    for registry in ("document_types", "agencies", "fields"):
        if not config[registry] and not config.national:  # a national site's come with the harvested data
            problems.append(f"{where}.{registry}: đang để trống (liệt kê {REGISTRY_NAMES[registry]} của trang)")
    if problems:
        raise ConfigProblems("\n".join(problems))
    return build_settings(
        timezone=config.timezone,
        closing_soon_days=config.closing_soon_days,
        response_due_days=config.response_due_days,
        comment_form=config.comment_form,
        comment_form_hosts=hosts,
        document_types=config.document_types,
        agencies=config.agencies,
        fields=config.fields,
        sections=config.sections,
        markdown=markdown,
        unsafe_markup=config.unsafe_markup,
        attachment_max_mb=config.attachment_max_mb,
    )


def site_config(config: MkDocsConfig, plugin: PolicyDraftsConfig, now: datetime, config_file: str = "") -> SiteConfig:
    """The site as the core needs it, from mkdocs.yml (validated as MkDocs validates it) and the
    build instant; ConfigProblems lists every mistake. `config_file`: the name warnings give
    mkdocs.yml (its file name by default)."""
    markdown = MarkdownSettings(tuple(config.markdown_extensions), dict(config.mdx_configs or {}))
    settings = settings_from_config(plugin, markdown)
    national, problems = national_config(plugin.national) if plugin.national else (None, [])
    if problems:
        raise ConfigProblems("\n".join(problems))
    root = Path(config.config_file_path).parent
    overlap = drafts_dir_problem(root, plugin.drafts_dir, config.docs_dir)
    if overlap:
        raise ConfigProblems(overlap)
    site = {"site_name": config.site_name, "site_url": config.site_url or "", "copyright": config.copyright or ""}
    source = Path(config.config_file_path).read_text(encoding="utf-8", errors="replace")
    return SiteConfig(
        root=root,
        settings=settings,
        site_name=config.site_name,
        site_url=config.site_url or "",
        now=now.astimezone(settings.timezone),  # every date and time a page prints is local
        drafts_dir=plugin.drafts_dir,
        use_directory_urls=config.use_directory_urls,
        page_size=plugin.page_size,
        template_dirs=(config.theme.custom_dir,) if config.theme.custom_dir else (),
        email_alerts=dict(plugin.email_alerts),
        open_data_licence=dict(plugin.open_data_licence),
        social_image=plugin.social_image,
        jurisdiction=plugin.jurisdiction,
        comment_columns={str(k): str(v) for k, v in plugin.comment_columns.items()},
        national=national,
        theme_scripts=INLINE_SCRIPTS,
        warnings=tuple(placeholder_warnings(config_file or Path(config.config_file_path).name, plugin, site, source)),
    )


def publishing_problem(site_url: str | None, *, preview: bool) -> str:
    """What keeps a site from being published at `site_url` ("" if nothing): feeds, calendars and
    open data print this address; on an http: page an image or link the site judged its own
    could come from anyone on the way (a preview may use one)."""
    if not site_url:
        return (
            "hãy khai báo site_url trong mkdocs.yml (nguồn tin, lịch và dữ liệu mở cần địa chỉ đầy đủ), "
            "ví dụ site_url: https://duthao.example.gov.vn/"
        )
    if not preview and not str(site_url).lower().startswith("https://"):
        return (
            f"site_url '{site_url}' phải là địa chỉ https: để dựng trang công bố "
            "(site_url: https://duthao.example.gov.vn/); chỉ mkdocs serve được dùng http:"
        )
    return ""


def placeholder_warnings(
    config_file: str, config: PolicyDraftsConfig, site: dict[str, str], source: str = ""
) -> list[Problem]:
    """Placeholders `policy-drafts init` left (see newsite.py) that nobody has filled yet: warnings,
    so that a new site builds as it is, and `check` and the build say what to fill (and where:
    `source` is the text of mkdocs.yml)."""
    values = {f"plugins.policy-drafts.{name}": config[name] for name in ("agencies", "document_types", "fields")}
    values.update(site)
    lines = source.splitlines()

    def line_of(where: str, text: str) -> int | None:
        key = where.rsplit(".", 1)[-1] + ":"
        forms = (text, json.dumps(text, ensure_ascii=False))
        return next(
            (
                i
                for i, line in enumerate(lines, 1)
                if line.lstrip(" -").startswith(key) and any(f in line for f in forms)
            ),
            None,
        )

    return [
        Problem(config_file, line_of(where, text), where, f"còn là chữ mẫu '{text}'", "điền thông tin thật của trang")
        for prefix, value in values.items()
        for where, text in ((prefix + path, text) for path, text in _strings(value))
        if is_placeholder(text)
    ]


def _strings(value, path: str = ""):
    """Every text of a configuration value, with its path below it (".key", "[i]")."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def _text_problems(where: str, value) -> list[str]:
    """Names in the registries end up in XML feeds and calendars: no control characters."""
    return [
        f"{where}{path}: có ký tự ẩn ({odd})" for path, text in _strings(value) if (odd := forbidden_character(text))
    ]


EMAIL_ALERT_KEYS = ("subscribe_url", "from", "to", "subject")


def _email_alerts_problems(where: str, spec: dict) -> list[str]:
    problems = [
        f"{where}.{key}: không có trường này (dùng {', '.join(EMAIL_ALERT_KEYS)})"
        for key in sorted(set(spec) - set(EMAIL_ALERT_KEYS))
    ]
    if spec.get("subscribe_url") and not judge(str(spec["subscribe_url"])):
        problems.append(f"{where}.subscribe_url: '{spec['subscribe_url']}' không phải là địa chỉ https: hợp lệ")
    sender = str(spec.get("from") or "")
    if sender and not EMAIL.match(sender.rsplit("<", 1)[-1].rstrip(">").strip()):
        problems.append(f"{where}.from: '{sender}' không phải là địa chỉ thư điện tử (viết Tên <dia-chi@...>)")
    to = spec.get("to") or []
    if isinstance(to, str):
        to = [to]
    for address in to:
        if not EMAIL.match(str(address)):
            problems.append(f"{where}.to: '{address}' không phải là địa chỉ thư điện tử")
    return problems


def drafts_dir_problem(root: Path, drafts_dir: str, docs_dir: str) -> str:
    """Drafts inside docs_dir would be published by MkDocs itself, state secrets included."""
    drafts = Path(os.path.realpath(Path(root) / drafts_dir))
    docs = Path(os.path.realpath(docs_dir))
    if drafts == docs or docs in drafts.parents or drafts in docs.parents:
        return (
            f"plugins.policy-drafts.drafts_dir: '{drafts_dir}' nằm trong hoặc chứa docs_dir ('{docs_dir}'); MkDocs "
            "sẽ công bố mọi tệp trong đó, kể cả dự thảo bí mật nhà nước (để drafts/ bên cạnh docs/, ví dụ "
            "drafts_dir: drafts)"
        )
    return ""


def _agency_problems(where: str, spec, agencies: dict) -> list[str]:
    if isinstance(spec, str):
        return []
    if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
        return [f"{where}: viết {{name: ..., url: https://..., email: ...}}"]
    problems = []
    url = spec.get("url")
    if url and not judge(str(url)):
        problems.append(f"{where}.url: '{url}' không phải là địa chỉ https: hợp lệ")
    email = spec.get("email")
    if email and not EMAIL.match(str(email)):
        problems.append(f"{where}.email: '{email}' không phải là địa chỉ thư điện tử")
    for i, former in enumerate(spec.get("former_names") or []):
        if not isinstance(former, dict) or "name" not in former or not _is_date(former.get("until")):
            problems.append(f"{where}.former_names[{i}]: viết {{name: ..., until: 2025-02-28}}")
    if spec.get("until") is not None and not _is_date(spec["until"]):
        problems.append(f"{where}.until: viết ngày cuối cùng cơ quan hoạt động, ví dụ 2025-02-28")
    for key in ("address", "office_hours", "phone"):
        if spec.get(key) is not None and not isinstance(spec[key], str):
            problems.append(f'{where}.{key}: viết văn bản trong ngoặc kép, ví dụ {key}: "..."')
    known = {"name", "url", "email", "former_names", "until", "succeeded_by", "address", "office_hours", "phone"}
    for key in sorted(set(spec) - known):
        problems.append(f"{where}.{key}: không có trường này (dùng {', '.join(sorted(known))})")
    successor = spec.get("succeeded_by")
    if successor and successor not in agencies:
        problems.append(f"{where}.succeeded_by: '{successor}' không phải là mã cơ quan")
    return problems


def _is_date(value) -> bool:
    if isinstance(value, date):
        return True
    try:
        date.fromisoformat(str(value))
        return True
    except ValueError:
        return False
