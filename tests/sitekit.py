"""Build real sites in temporary folders: a fixture mkdocs.yml, drafts, and `mkdocs build`.

Tests describe drafts as dictionaries (the front matter) and let `draft_text` write
the file; broken drafts are given as raw text. Builds run the real `mkdocs` command
in a subprocess with SOURCE_DATE_EPOCH set, exactly as an editor or CI would.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_AT = "2026-11-23T09:00:00+07:00"  # the instant the example site's content is written for

SECTIONS_BODY = """
## Sự cần thiết ban hành chính sách

Học phí hiện hành hết hiệu lực; cần quy định mức mới cho năm học tới.

## Nội dung cơ bản của chính sách

Mức học phí theo vùng và cấp học.

## Nội dung mới hoặc sửa đổi, bổ sung, bãi bỏ

Bổ sung mức hỗ trợ cho học sinh trường tư thục.
"""

SITE_CONFIG = {
    "site_name": "Fixture site",
    "site_url": "https://fixture.example.gov.vn/",
    "theme": {"name": "material", "language": "vi"},
    "nav": [{"Trang chủ": "index.md"}, {"Dự thảo": "du-thao/index.md"}],
    "markdown_extensions": [{"toc": {"permalink": True}}, "attr_list", "admonition", "tables"],
    "plugins": [
        {"search": {"lang": "vi"}},
        {
            "policy-drafts": {
                "timezone": "Asia/Ho_Chi_Minh",
                "closing_soon_days": 7,
                "comment_form": "https://forms.gle/fixture?id={id}&title={title}",
                "comment_form_hosts": ["forms.gle", "docs.google.com", "forms.office.com"],
                "document_types": {
                    "nghi-quyet-hdnd-tinh": {"name": "Nghị quyết HĐND tỉnh", "min_days": 30},
                    "nghi-dinh": {"name": "Nghị định", "min_days": 60},
                },
                "agencies": {
                    "so-gddt": {
                        "name": "Sở Giáo dục và Đào tạo",
                        "url": "https://sgddt.example.gov.vn/",
                        "email": "vanthu@sgddt.example.gov.vn",
                    },
                    "so-y-te": {"name": "Sở Y tế", "email": "vanthu@syt.example.gov.vn"},
                },
                "fields": {"giao-duc": "Giáo dục", "y-te": "Y tế"},
            }
        },
    ],
}


def fixture_settings():
    """The fixture site's settings, for unit tests of the pure core."""
    from policy_drafts.model.registries import build_settings

    spec = dict(SITE_CONFIG["plugins"][1]["policy-drafts"])
    return build_settings(**spec)


def parse(front: dict | str, draft_id: str = "hoc-phi", files: tuple[str, ...] = (), body: str = SECTIONS_BODY):
    """Parse a draft with the fixture settings: (draft or None, problems)."""
    from policy_drafts.read.reader import parse_draft

    text = front if isinstance(front, str) else draft_text(front, body)
    return parse_draft(
        text.encode("utf-8"),
        draft_id=draft_id,
        path=f"drafts/{draft_id}/index.md",
        settings=fixture_settings(),
        files=files,
    )


def base_draft(**overrides) -> dict:
    """A valid draft's front matter; pass key=None to remove a key."""
    data = {
        "title": "Nghị quyết quy định mức thu học phí",
        "summary": "Dự thảo quy định mức thu học phí năm học 2026-2027.",
        "published": date(2026, 10, 1),
        "document_type": "nghi-quyet-hdnd-tinh",
        "agency": "so-gddt",
        "fields": ["giao-duc"],
        "criteria": {
            "proposal_required": True,
            "rights_obligations": True,
            "public_concern": True,
            "wide_impact": True,
        },
        "consultations": [{"subject": "draft", "opens": date(2026, 11, 1), "closes": date(2026, 11, 30)}],
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


class _NoAliases(yaml.SafeDumper):
    """Front matter as an editor writes it: the same value twice is written twice (the
    validator refuses YAML anchors and aliases)."""

    def ignore_aliases(self, data):
        return True


def draft_text(front: dict, body: str = SECTIONS_BODY) -> str:
    text = yaml.dump(front, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)
    return f"---\n{text}---\n{body}"


@dataclass
class Build:
    returncode: int
    output: str
    site: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def html(self, url: str) -> BeautifulSoup:
        path = self.site / url.strip("/") / "index.html" if not url.endswith(".html") else self.site / url
        return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")

    def text(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")


def epoch(at: str) -> int:
    return int(datetime.fromisoformat(at).timestamp())


def write_site(
    root: Path,
    drafts: dict[str, str | dict | bytes],
    *,
    plugin: dict | None = None,
    files: dict[str, bytes | str] | None = None,
    docs: dict[str, str] | None = None,
) -> Path:
    """Write mkdocs.yml, docs/ and drafts/<id>/index.md (+ files 'id/name') under root."""
    config = copy.deepcopy(SITE_CONFIG)
    if plugin:
        config["plugins"][1]["policy-drafts"].update(plugin)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "docs").mkdir(parents=True, exist_ok=True)
    pages = {"index.md": "# Trang chủ\n\n<!-- policy-drafts:open -->\n"}
    pages.update(docs or {})
    for name, text in pages.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    for draft_id, content in drafts.items():
        folder = root / "drafts" / draft_id
        folder.mkdir(parents=True, exist_ok=True)
        if isinstance(content, dict):
            content = draft_text(content)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / "index.md").write_bytes(data)
    for rel, content in (files or {}).items():
        path = root / "drafts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def build(
    root: Path,
    at: str = EXAMPLE_AT,
    *,
    strict: bool = True,
    site_dir: Path | None = None,
    env: dict[str, str] | None = None,
    dirty: bool = False,
) -> Build:
    """`dirty`: keep what the site directory holds (`mkdocs build --dirty`, which MkDocs warns
    about: not with `strict`)."""
    site = site_dir or (root / "site")
    env = dict(os.environ, **(env or {}), SOURCE_DATE_EPOCH=str(epoch(at)), NO_MKDOCS_2_WARNING="1")
    keep = "--dirty" if dirty else "--clean"
    command = [sys.executable, "-m", "mkdocs", "build", keep, "-f", str(root / "mkdocs.yml"), "-d", str(site)]
    if strict:
        command.append("--strict")
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=root, timeout=600)
    return Build(result.returncode, result.stdout + result.stderr, site)


def build_fixture(tmp_path: Path, drafts: dict, at: str = EXAMPLE_AT, **kwargs) -> Build:
    write_site(tmp_path, drafts, **kwargs)
    return build(tmp_path, at)


def all_site_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file())


# -- unit tests of the pure core: drafts parsed in process, and the site model of a few -------------

BUILT = datetime.fromisoformat("2026-11-20T09:00:00+07:00")  # the instant unit tests build at


def valid(draft_id="hoc-phi", files=(), **overrides):
    """A draft parsed with the fixture settings, which must have no problem."""
    draft, problems = parse(base_draft(**overrides), draft_id=draft_id, files=files)
    assert not problems, [str(p) for p in problems]
    return draft


def site_of(*drafts, now=BUILT):
    """The site model of `drafts` as known at `now`, two drafts a listing page."""
    from policy_drafts.model.records import known_at
    from policy_drafts.publish.site import SiteModel, Urls

    return SiteModel(
        [known_at(d, now) for d in drafts],
        fixture_settings(),
        now,
        Urls(site_url="https://fixture.example.gov.vn/"),
        page_size=2,
    )
