"""Every draft folder, read from disk and accounted for; and the one published set.

Principle 2 of the design: a single function (`Catalog.published`) decides which
drafts are public. Every output is built from what it returns, so a state-secret
or embargoed draft cannot reach one output by a path the others do not take.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum
from pathlib import Path

from .model import Draft, is_valid_id, parse_draft
from .problems import Problem
from .registries import Settings
from .versions import VERSIONS_DIR, parse_versions

INDEX = "index.md"


class Visibility(str, Enum):
    PUBLISHED = "published"
    EMBARGOED = "embargoed"  # published day or publish_at still ahead
    WITHHELD = "withheld"  # state secret: never published
    INVALID = "invalid"


@dataclass
class Entry:
    """One folder under drafts/: its draft if valid, its problems otherwise."""

    id: str
    path: str  # drafts/<id>/index.md, relative to the site root
    folder: Path
    draft: Draft | None
    problems: list[Problem] = field(default_factory=list)

    def visibility(self, now: datetime) -> Visibility:
        if self.draft is None:
            return Visibility.INVALID
        if self.draft.state_secret:
            return Visibility.WITHHELD
        if self.draft.visible_from.at > now:
            return Visibility.EMBARGOED
        return Visibility.PUBLISHED


@dataclass
class Catalog:
    entries: list[Entry]
    stray: list[Problem] = field(default_factory=list)  # files and folders that are not drafts

    @property
    def problems(self) -> list[Problem]:
        return self.stray + [p for e in self.entries for p in e.problems]

    def published(self, now: datetime) -> list[Draft]:
        """The drafts the public may see at `now`, in id order (the only door to outputs)."""
        return [e.draft for e in self.entries if e.visibility(now) is Visibility.PUBLISHED]

    def summary(self, now: datetime) -> dict[Visibility, int]:
        counts = {v: 0 for v in Visibility}
        for entry in self.entries:
            counts[entry.visibility(now)] += 1
        return counts


def load_catalog(root: Path, drafts_dir: str, settings: Settings, only: set[str] | None = None) -> Catalog:
    """Read `<root>/<drafts_dir>/*/index.md`. `only` limits to some ids (the `check` command)."""
    base = Path(root) / drafts_dir
    entries: list[Entry] = []
    stray: list[Problem] = []
    if not base.is_dir():
        return Catalog(entries, stray)
    for item in sorted(os.scandir(base), key=lambda d: d.name):
        if item.name.startswith(".") or (only is not None and item.name not in only):
            continue
        rel = f"{drafts_dir}/{item.name}"
        if not item.is_dir():
            if item.name.lower().endswith(".md") and item.name.lower() != "readme.md":
                stem = item.name[:-3]
                stray.append(Problem(rel, None, "file", "a draft must be a folder with an index.md",
                                     f"move it to {drafts_dir}/{stem}/index.md"))
            continue
        entries.append(_load_entry(Path(item.path), rel, item.name, settings))
    return Catalog(entries, stray)


def _load_entry(folder: Path, rel: str, draft_id: str, settings: Settings) -> Entry:
    path = f"{rel}/{INDEX}"
    files = {f.name: f.stat().st_size for f in os.scandir(folder)
             if f.is_file() and f.name != INDEX and not f.name.startswith(".")}
    if not is_valid_id(draft_id):
        return Entry(draft_id, path, folder, None, [Problem(
            rel, None, "id", f"the folder name '{draft_id}' is not a valid draft id",
            "rename the folder with lowercase letters, digits and hyphens only, e.g. hoc-phi-2025-2026",
        )])
    index = folder / INDEX
    if not index.is_file():
        return Entry(draft_id, path, folder, None, [Problem(
            rel, None, "file", "the folder has no index.md", f"add {path} or remove the folder",
        )])
    problems = _case_collisions(sorted(files), rel)
    draft, found = parse_draft(index.read_bytes(), draft_id=draft_id, path=path, settings=settings, files=files)
    problems += found
    versions_dir = folder / VERSIONS_DIR
    if versions_dir.is_dir():
        texts = {f.name: Path(f.path).read_bytes() for f in os.scandir(versions_dir)
                 if f.is_file() and not f.name.startswith(".")}
        versions, found = parse_versions(texts, f"{rel}/{VERSIONS_DIR}", settings)
        problems += found
        if draft is not None:
            draft = replace(draft, versions=versions)
    return Entry(draft_id, path, folder, None if problems else draft, problems)


def _case_collisions(files: list[str], rel: str) -> list[Problem]:
    """Two attachments whose names differ only by case collide on most web hosts."""
    seen: dict[str, str] = {}
    problems = []
    for name in files:
        if name.lower() in seen:
            problems.append(Problem(f"{rel}/{name}", None, "file",
                                    f"'{name}' and '{seen[name.lower()]}' differ only by upper/lower case",
                                    "rename one of them"))
        seen.setdefault(name.lower(), name)
    return problems
