"""`policy-drafts`: the editors' command line (new, check, list).

It reads the same mkdocs.yml and runs the same validation as `mkdocs build`, so what
`check` reports is exactly what would stop the build.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

import jinja2

from .catalog import Catalog, Entry, Visibility, load_catalog
from .clock import BadMoment, build_instant, parse_moment
from .config import ConfigProblems, drafts_dir_problem, settings_from_config
from .consultation import STATUS_INFO, Status, state_at
from .formatting import vi_datetime
from .markup import MarkdownSettings
from .model import is_valid_id
from .registries import Settings

ARCHETYPE = Path(__file__).parent / "archetypes" / "draft.md"
VISIBILITY_TEXT = {
    Visibility.PUBLISHED: "published",
    Visibility.EMBARGOED: "embargoed until {until}",
    Visibility.WITHHELD: "withheld (state secret)",
    Visibility.INVALID: "invalid",
}


class CliError(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except CliError as error:
        print(f"policy-drafts: {error}", file=sys.stderr)
        return 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-drafts",
        description="Write, check and list the draft policies of a policy-drafts site.",
    )
    parser.add_argument("-f", "--config-file", default="mkdocs.yml",
                        help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    new = commands.add_parser("new", help="create drafts/<id>/index.md from the template",
                              description="Create a new draft folder with a template that explains every field.")
    new.add_argument("id", help="the draft's permanent id and URL: lowercase letters, digits and hyphens")
    new.set_defaults(run=run_new)

    check = commands.add_parser("check", help="validate drafts without building the site",
                                description="Validate drafts and print every problem as "
                                            "file:line: field: message (fix). Exit 1 if any.")
    check.add_argument("paths", nargs="*", help="draft folders or index.md files (default: every draft)")
    check.add_argument("--format", choices=("text", "json", "github", "gitlab"), default="text",
                       help="output format: text, json, github (workflow annotations), gitlab (code quality report)")
    check.add_argument("--withheld", action="store_true",
                       help="also show the problems of state-secret drafts (hidden otherwise: CI logs are often "
                            "public); only on your own computer, text format")
    check.set_defaults(run=run_check)

    listing = commands.add_parser("list", help="every draft with its status and visibility",
                                  description="List every draft folder with its derived status, its visibility "
                                              "and the next date that matters.")
    listing.add_argument("--at", help="the instant to look from, e.g. 2026-12-01T08:00+07:00 (default: now, "
                                      "or SOURCE_DATE_EPOCH)")
    listing.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    listing.set_defaults(run=run_list)
    return parser


# -- the site ------------------------------------------------------------------------------------

class SiteConfig:
    """The policy-drafts part of mkdocs.yml, validated as `mkdocs build` validates it."""

    def __init__(self, config_file: str):
        from mkdocs.config import load_config
        from mkdocs.exceptions import ConfigurationError

        path = Path(config_file)
        if not path.is_file():
            raise CliError(f"{config_file} not found (run in the site folder or pass -f path/to/mkdocs.yml)")
        try:
            config = load_config(config_file=str(path))
        except ConfigurationError as error:
            raise CliError(f"{config_file}: {error}") from None
        plugin = config.plugins.get("policy-drafts")
        if plugin is None:
            raise CliError(f"{config_file} does not use the policy-drafts plugin")
        markdown = MarkdownSettings(tuple(config.markdown_extensions), dict(config.mdx_configs or {}))
        try:
            self.settings: Settings = settings_from_config(plugin.config, markdown)
        except ConfigProblems as error:
            raise CliError(f"{config_file}:\n{error}") from None
        self.root = path.resolve().parent
        self.drafts_dir: str = plugin.config.drafts_dir
        overlap = drafts_dir_problem(self.root, self.drafts_dir, config.docs_dir)
        if overlap:
            raise CliError(f"{config_file}:\n{overlap}")

    def catalog(self, only: set[str] | None = None) -> Catalog:
        return load_catalog(self.root, self.drafts_dir, self.settings, only)


def now_instant() -> datetime:
    import os

    from mkdocs.utils import get_build_datetime

    try:  # honours SOURCE_DATE_EPOCH, like the build; a bad value is one readable line
        build_instant(os.environ.get("SOURCE_DATE_EPOCH"), fallback=datetime.now(timezone.utc))
    except BadMoment as error:
        raise CliError(f"{error} ({error.fix})") from None
    return get_build_datetime()


# -- new -----------------------------------------------------------------------------------------

def run_new(args) -> int:
    site = SiteConfig(args.config_file)
    if not is_valid_id(args.id):
        raise CliError(f"'{args.id}' is not a valid id: use lowercase letters, digits and hyphens, "
                       "e.g. hoc-phi-2027-2028")
    folder = site.root / site.drafts_dir / args.id
    if folder.exists():
        raise CliError(f"{site.drafts_dir}/{args.id} already exists; choose another id")
    s = site.settings
    text = jinja2.Template(ARCHETYPE.read_text(encoding="utf-8"), keep_trailing_newline=True).render(
        path=f"{site.drafts_dir}/{args.id}",
        today=now_instant().astimezone(s.timezone).date().isoformat(),
        document_types=", ".join(s.document_types),
        agencies=", ".join(s.agencies),
        fields=", ".join(s.fields),
        min_days=min((t.min_days for t in s.document_types.values()), default=30),
    )
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(text, encoding="utf-8")
    print(f"Created {site.drafts_dir}/{args.id}/index.md")
    print(f"Fill in the required fields and the sections, put attachments in {site.drafts_dir}/{args.id}/, "
          f"then run: policy-drafts check {site.drafts_dir}/{args.id}")
    return 0


# -- check ---------------------------------------------------------------------------------------

def run_check(args) -> int:
    site = SiteConfig(args.config_file)
    only = {_draft_id(p, site) for p in args.paths} if args.paths else None
    catalog = site.catalog(only)
    if only:
        missing = only - {e.id for e in catalog.entries}
        if missing:
            raise CliError("no such draft: " + ", ".join(sorted(missing)))
    if args.withheld and args.format in ("github", "gitlab"):
        raise CliError("--withheld shows state secrets: not with --format github or gitlab (CI logs are public)")
    shown = catalog.problems + catalog.warnings + (catalog.withheld_problems if args.withheld else [])
    problems = sorted(shown, key=lambda p: (p.path, p.line or 0, p.field))
    hidden = 0 if args.withheld else catalog.withheld_invalid
    if args.format == "json":
        print(json.dumps({"checked": len(catalog.entries), "problems": [p.as_dict() for p in problems]},
                         ensure_ascii=False, indent=2))
    elif args.format == "github":
        for p in problems:
            line = f",line={p.line}" if p.line else ""
            fix = f" ({p.fix})" if p.fix else ""
            print(f"::error file={p.path}{line},title={_gh(p.field)}::{_gh(p.message + fix)}")
    elif args.format == "gitlab":
        print(json.dumps([{
            "description": f"{p.field}: {p.message}" + (f" ({p.fix})" if p.fix else ""),
            "check_name": "policy-drafts",
            "fingerprint": hashlib.sha1(str(p).encode()).hexdigest(),
            "severity": "blocker",
            "location": {"path": p.path, "lines": {"begin": p.line or 1}},
        } for p in problems], ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            print(problem)
        invalid = len({p.path.split("/")[1] if p.path.count("/") else p.path for p in problems})
        print(f"{len(catalog.entries)} draft(s) checked: "
              + (f"{len(problems)} problem(s) in {invalid} draft(s)" if problems else "no problems"),
              file=sys.stderr)
    if hidden:
        print(f"{hidden} withheld (state secret) draft(s) have problems that are not shown; run "
              "`policy-drafts check --withheld` on your own computer to see them", file=sys.stderr)
    blocking = [p for p in problems if p in catalog.problems or p in catalog.withheld_problems]
    return 1 if blocking or hidden else 0


def _gh(text: str) -> str:
    """Escape a GitHub workflow command value."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(",", "%2C").replace("::", "%3A%3A")


def _draft_id(path: str, site: SiteConfig) -> str:
    parts = Path(path).parts
    if parts and parts[-1] == "index.md":
        parts = parts[:-1]
    if not parts:
        raise CliError(f"'{path}' is not a draft folder")
    return parts[-1]


# -- list ----------------------------------------------------------------------------------------

def run_list(args) -> int:
    site = SiteConfig(args.config_file)
    now = now_instant()
    if args.at:
        try:
            now = parse_moment(args.at, site.settings.timezone).at
        except BadMoment as error:
            raise CliError(f"--at: {error}") from None
    rows = [_row(entry, now, site.settings) for entry in site.catalog().entries]
    if args.format == "json":
        print(json.dumps({"at": now.astimezone(site.settings.timezone).isoformat(), "drafts": rows},
                         ensure_ascii=False, indent=2))
        return 0
    local = now.astimezone(site.settings.timezone)
    print(f"Drafts at {local.isoformat(timespec='minutes')}:")
    width = max((len(r["id"]) for r in rows), default=2)
    for r in rows:
        status = r["status"] or "-"
        print(f"  {r['id']:<{width}}  {status:<10}  {r['visibility']:<40}  {r['next'] or ''}")
    return 0


def _row(entry: Entry, now: datetime, settings: Settings) -> dict:
    visibility = entry.visibility(now)
    row = {"id": entry.id, "path": entry.path, "visibility": "", "status": None, "next": None}
    draft = entry.draft
    until = vi_datetime(draft.visible_from) if draft else ""
    row["visibility"] = VISIBILITY_TEXT[visibility].format(until=until)
    if draft is None:
        row["next"] = f"{len(entry.problems)} problem(s): run policy-drafts check {entry.path}"
        return row
    state = state_at(draft, now, closing_soon_days=settings.closing_soon_days,
                     response_due_days=settings.response_due_days)
    row["status"] = state.status.value + ("+closing-soon" if state.closing_soon else "")
    row["label"] = STATUS_INFO[state.status].label
    window = state.window
    if state.status is Status.OPEN:
        row["next"] = f"comments close {vi_datetime(window.deadline)}"
    elif state.status is Status.UPCOMING:
        row["next"] = f"comments open {vi_datetime(window.opens)}"
    elif state.status is Status.CLOSED:
        late = " (overdue)" if state.overdue else ""
        row["next"] = f"response due {vi_datetime(state.response_due)}{late}"
    if visibility is Visibility.EMBARGOED:
        row["next"] = f"goes public {until}"
    return row


if __name__ == "__main__":
    sys.exit(main())
