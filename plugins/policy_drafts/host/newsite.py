"""`policy-drafts init`: a new province's or department's site from the templates in scaffold/.

Every file of scaffold/ is a template (delimiters [[ ]] and [% %], so that `${{ }}` of the
pipelines and `{ .md-button }` of the pages stay as written). What is not given on the
command line is left as a placeholder that `check` and the build list until it is filled:
text in angle brackets, or a host under `.invalid` (RFC 2606: it never resolves).
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from ..model.text import slugify

SCAFFOLD = Path(__file__).parent.parent / "scaffold"
# Names that cannot travel in a Python package as written (dot files), by their first part.
DOT_NAMES = {"gitignore": ".gitignore", "github": ".github", "gitlab-ci.yml": ".gitlab-ci.yml"}
PIPELINES = ("github/workflows/publish.yml", "gitlab-ci.yml")
EXAMPLE_DAYS = 30  # the example draft's consultation: the provincial minimum (scaffold/mkdocs.yml)

PLACEHOLDER_AGENCY = "<Tên cơ quan chủ trì soạn thảo>"
PLACEHOLDER_HOST = "co-quan.invalid"
_PLACEHOLDER = re.compile(r"<[^<>@]+>|\.invalid\b", re.IGNORECASE)
# What Markdown (with attr_list and tables) or HTML would read as markup in a value put on a page.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#!|])")


@dataclass(frozen=True)
class NewSite:
    site_name: str
    site_url: str
    agency_key: str
    agency_name: str
    agency_email: str
    package_spec: str  # empty: the package's wheel travels with the site (vendor/)
    today: str
    closes: str

    @property
    def needs_git(self) -> bool:
        return self.package_spec.startswith("git+")

    @property
    def site_host(self) -> str:
        return urlsplit(self.site_url).hostname or PLACEHOLDER_HOST

    @property
    def install(self) -> str:
        """The site's install command: every package pinned with its hash."""
        return install_command(bool(self.package_spec))


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


def install_command(named_package: bool) -> str:
    """`pip install` of a site: requirements.txt (hashes), and with --package the package named
    in requirements-package.txt (a git tag or an index version cannot be hash-checked)."""
    command = "pip install -r requirements.txt"
    return command + (" && pip install --no-deps -r requirements-package.txt" if named_package else "")


def markdown_text(text: str) -> str:
    """A value as text on a Markdown page: HTML and Markdown markup shown as typed, never read."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


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
    env.filters["md"] = markdown_text
    return env


def scaffold_files(site: NewSite, requirements: str) -> dict[str, str]:
    """The site's files, {path relative to the new folder: text}; `requirements` is the text of
    requirements.txt (vendoring.requirements_text)."""
    env = _environment()
    context = {
        **asdict(site),
        "needs_git": site.needs_git,
        "install": site.install,
        "site_host": site.site_host,
        "dependency_file": "requirements.txt",
        "repository": False,
    }
    files = {"requirements.txt": requirements}
    if site.package_spec:
        files["requirements-package.txt"] = (
            "# mkdocs-policy-drafts: thẻ git hoặc phiên bản trên kho gói của bạn (cài sau requirements.txt,\n"
            "# không kèm gói nào khác). Nâng cấp: sửa dòng dưới rồi chạy `policy-drafts upgrade`.\n"
            f"{site.package_spec}\n"
        )
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
    """The publishing pipelines as this repository uses them (`install`: the install command),
    with the repository's own test jobs on GitLab."""
    env = _environment()
    context = {"install": install, "dependency_file": dependency_file, "needs_git": False, "repository": True}
    return {_target(rel): env.get_template(rel).render(context) for rel in PIPELINES}


# This repository's own pipelines: the package's lock (hashes), then its source without dependencies.
REPOSITORY_INSTALL = "pip install -r plugins/policy_drafts/lock.txt && pip install --no-deps ."
REPOSITORY_LOCK = "plugins/policy_drafts/lock.txt"


def repository_pipeline_files() -> dict[str, str]:
    return pipeline_files(REPOSITORY_INSTALL, REPOSITORY_LOCK)


def occupied(folder: Path, files: dict[str, str]) -> list[str]:
    """The files that would be overwritten: init never replaces anything."""
    return sorted(rel for rel in files if os.path.lexists(folder / rel))


def write(folder: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as out:  # "x": never overwrite
            out.write(text)
        if target.suffix == ".sh":
            target.chmod(0o755)  # the server's rebuild script (deploy/rebuild.sh)
