"""`policy-drafts init`: a new province's or department's site from the templates in scaffold/.

Every file of scaffold/ is a template (delimiters [[ ]] and [% %], so that `${{ }}` of the
pipelines and `{ .md-button }` of the pages stay as written). What is not given on the
command line is left as a placeholder that `check` and the build list until it is filled:
text in angle brackets, or a host under `.invalid` (RFC 2606: it never resolves).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

import jinja2

from .text import slugify

SCAFFOLD = Path(__file__).parent / "scaffold"
# Names that cannot travel in a Python package as written (dot files), by their first part.
DOT_NAMES = {"gitignore": ".gitignore", "github": ".github", "gitlab-ci.yml": ".gitlab-ci.yml"}
PIPELINES = ("github/workflows/publish.yml", "gitlab-ci.yml")
EXAMPLE_DAYS = 30  # the example draft's consultation: the provincial minimum (scaffold/mkdocs.yml)

PLACEHOLDER_AGENCY = "<Tên cơ quan chủ trì soạn thảo>"
PLACEHOLDER_HOST = "co-quan.invalid"
_PLACEHOLDER = re.compile(r"<[^<>@]+>|\.invalid\b", re.IGNORECASE)


@dataclass(frozen=True)
class NewSite:
    site_name: str
    site_url: str
    agency_key: str
    agency_name: str
    agency_email: str
    package_spec: str
    today: str
    closes: str

    @property
    def needs_git(self) -> bool:
        return self.package_spec.startswith("git+")


def new_site(
    *,
    today: date,
    package_spec: str,
    agency: str = "",
    name: str = "",
    url: str = "",
    email: str = "",
) -> NewSite:
    """What the templates are filled with: the given values, placeholders for the rest."""
    agency_name = agency.strip() or PLACEHOLDER_AGENCY
    return NewSite(
        site_name=name.strip() or f"Truyền thông dự thảo chính sách – {agency_name}",
        site_url=(url.strip().rstrip("/") + "/") if url.strip() else f"https://duthao.{PLACEHOLDER_HOST}/",
        agency_key=(slugify(agency)[:60].strip("-") if agency.strip() else "") or "co-quan-chu-tri",
        agency_name=agency_name,
        agency_email=email.strip() or f"gopy@{PLACEHOLDER_HOST}",
        package_spec=package_spec,
        today=today.isoformat(),
        closes=(today + timedelta(days=EXAMPLE_DAYS)).isoformat(),
    )


def is_placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.search(text))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(SCAFFOLD)),
        variable_start_string="[[",
        variable_end_string="]]",
        block_start_string="[%",
        block_end_string="%]",
        comment_start_string="[#",
        comment_end_string="#]",
        keep_trailing_newline=True,
        trim_blocks=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # YAML, Markdown and shell: the values are checked, not HTML-escaped
    )
    # A YAML scalar from any text (a JSON string is a YAML double-quoted scalar).
    env.filters["yaml"] = lambda text: json.dumps(str(text), ensure_ascii=False)
    return env


def scaffold_files(site: NewSite) -> dict[str, str]:
    """The site's files, {path relative to the new folder: text}."""
    env = _environment()
    context = {
        **asdict(site),
        "needs_git": site.needs_git,
        "install": "-r requirements.txt",
        "dependency_file": "requirements.txt",
    }
    files = {}
    for path in sorted(SCAFFOLD.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(SCAFFOLD).as_posix()
        files[_target(rel)] = env.get_template(rel).render(context)
    return files


def _target(rel: str) -> str:
    first, _, rest = rel.partition("/")
    return DOT_NAMES.get(first, first) + (f"/{rest}" if rest else "")


def pipeline_files(install: str, dependency_file: str) -> dict[str, str]:
    """The publishing pipelines as this repository uses them (installing `install`)."""
    env = _environment()
    context = {"install": install, "dependency_file": dependency_file, "needs_git": False}
    return {_target(rel): env.get_template(rel).render(context) for rel in PIPELINES}


def occupied(folder: Path, files: dict[str, str]) -> list[str]:
    """The files that would be overwritten: init never replaces anything."""
    return sorted(rel for rel in files if os.path.lexists(folder / rel))


def write(folder: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as out:  # "x": never overwrite
            out.write(text)
