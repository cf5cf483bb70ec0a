"""HTML and XML from templates with autoescaping on (principle 6: templates, not string building).

Templates ship in `templates/policy_drafts/`; a site overrides any of them by putting a
file with the same path in its theme `custom_dir`. The environment is created once per
build, so each template is compiled once whatever the number of drafts.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from ..model import formatting, paths
from ..model.consultation import CLOSING_SOON_LABEL, STATUS_INFO, Status
from ..model.criteria import ALL_FOUR_LABEL, CRITERIA
from ..model.records import SUBJECT_INFO
from ..model.timeline import KIND_INFO
from ..read.attachments import file_type
from ..read.comments import ACCEPTED_LABELS
from ..read.schema import LANGUAGES
from ..read.url_judge import safe_href
from .notices import has_notice, notice_link
from .opendata import FIELDS as OPEN_DATA_FIELDS
from .report import NOTES, REASONS

TEMPLATES = Path(__file__).parent.parent / "templates"
BASE_PLACEHOLDER = "\x00base\x00"
HOME_LIMIT = 6  # drafts per home page block


def theme_links(urls: paths.Urls) -> dict[str, str]:
    """The pages the theme's own templates link to (header search, footer, 404), in the site's
    URL mode; the MkDocs `url` filter makes them relative."""
    return {
        "search": urls.page(paths.SEARCH),
        "drafts": urls.page(paths.DRAFTS),
        "open": urls.page(paths.listing_folder("status", STATUS_INFO[Status.OPEN].slug)),
        "privacy": urls.page(paths.PRIVACY),
        "accessibility": urls.page(paths.ACCESSIBILITY),
    }


def card_renderer(env: jinja2.Environment, now):
    """A draft's card is the same on every listing page but for the link prefix to the site
    root: render it once with a placeholder for that prefix. NUL cannot occur in a draft
    (frontmatter.decode refuses it), so the placeholder never meets an editor's text."""
    template = env.get_template("policy_drafts/card.html")
    cache: dict[str, str] = {}

    def card(view, base: str) -> Markup:
        if view.id not in cache:
            cache[view.id] = template.render(v=view, base=BASE_PLACEHOLDER, now=now)
        return Markup(cache[view.id].replace(BASE_PLACEHOLDER, base))

    return card


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process, by file and source (jinja checks the source's
    checksum): each rebuild of `mkdocs serve` makes a new environment, which compiled every
    template again (~0.7 s of each rebuild)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


compiled_templates = _CompiledTemplates()


def make_environment(override_dirs: list[str] | tuple[str, ...] = ()) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*override_dirs, str(TEMPLATES)]),
        bytecode_cache=compiled_templates,
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        vi_date=formatting.vi_date,
        vi_datetime=formatting.vi_datetime,
        vi_day_words=formatting.vi_day_words,
        vi_duration=formatting.vi_duration,
        vi_deadline=formatting.vi_deadline,
        vi_range=formatting.vi_range,
        file_size=formatting.file_size,
        tel=formatting.tel,
        whole_days=formatting.whole_days,
        href=safe_href,
    )
    env.globals.update(
        Status=Status,
        STATUS_INFO=STATUS_INFO,
        CLOSING_SOON_LABEL=CLOSING_SOON_LABEL,
        SUBJECT_INFO=SUBJECT_INFO,
        CRITERIA=CRITERIA,
        HOME_LIMIT=HOME_LIMIT,
        file_type=file_type,
        paths=paths,
        LANGUAGES=LANGUAGES,
        COMMENT_OUTCOMES=ACCEPTED_LABELS,
        OPEN_DATA_FIELDS=OPEN_DATA_FIELDS,
        KIND_INFO=KIND_INFO,
        ALL_FOUR_LABEL=ALL_FOUR_LABEL,
        REPORT_REASONS=REASONS,
        REPORT_NOTES=NOTES,
        has_notice=has_notice,
        notice_link=notice_link,
    )
    return env
