"""Every draft folder, read from disk and accounted for; and the one published set.

Principle 2 of the design: a single function (`Catalog.published`) decides which
drafts are public. Every output is built from what it returns, so a state-secret
or embargoed draft cannot reach one output by a path the others do not take.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum
from pathlib import Path

from ..model.articles import prepare, structure
from ..model.paths import RESERVED_NAMES  # what the site writes in a draft's folder
from ..model.problems import Problem
from ..model.records import Draft, Response, is_valid_id, known_at
from ..model.registries import Settings
from .attachments import INDEX, MARKDOWN_FIX, TEXT_MAX_BYTES, VERSIONS_DIR, NotRegular, read_regular, scan
from .background import workers
from .comments import parse_comments
from .draftcache import DraftCache, load_with_cache
from .frontmatter import BODY, FILE, decode, parse
from .markup import Renderer
from .reader import read_draft
from .versions import parse_versions

ARTICLE_FIX = "đánh số các điều liên tục, mỗi số một lần (Điều 1., Điều 2. ...)"


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
    warnings: list[Problem] = field(default_factory=list)
    secret: bool = False  # a state secret, valid or not: nothing of it may be printed or published

    def visibility(self, now: datetime) -> Visibility:
        if self.secret:
            return Visibility.WITHHELD
        if self.draft is None:
            return Visibility.INVALID
        if self.draft.visible_from.at > now:
            return Visibility.EMBARGOED
        return Visibility.PUBLISHED


@dataclass
class Catalog:
    entries: list[Entry]
    stray: list[Problem] = field(default_factory=list)  # files and folders that are not drafts
    # Each draft's key by id: what its folder, the settings and the code were when it was read
    # (draftcache.py); a draft with the same key is the same draft.
    keys: dict[str, str] = field(default_factory=dict)

    @property
    def problems(self) -> list[Problem]:
        """Every problem that may be shown: a withheld draft's are never in this list."""
        return self.stray + [p for e in self.entries if not e.secret for p in e.problems]

    @property
    def warnings(self) -> list[Problem]:
        return [p for e in self.entries if not e.secret for p in e.warnings]

    @property
    def withheld_problems(self) -> list[Problem]:
        """Problems of state-secret drafts: for `policy-drafts check --withheld` on an editor's own computer."""
        return [p for e in self.entries if e.secret for p in e.problems + e.warnings]

    @property
    def withheld_invalid(self) -> int:
        return sum(1 for e in self.entries if e.secret and (e.problems or e.warnings))

    def published(self, now: datetime) -> list[Draft]:
        """The drafts the public may see at `now`, in id order (the only door to outputs), each as
        known at `now`: a fact dated later (adoption, response...) is not there yet."""
        return [
            known_at(e.draft, now)
            for e in self.entries
            if e.draft is not None and e.visibility(now) is Visibility.PUBLISHED
        ]

    def summary(self, now: datetime) -> dict[Visibility, int]:
        counts = {v: 0 for v in Visibility}
        for entry in self.entries:
            counts[entry.visibility(now)] += 1
        return counts


# Reading drafts is CPU-bound and each folder is independent: a large site reads them in worker
# processes (forked, so they share the settings without pickling them), in a fixed order.
_WORKER_SETTINGS: Settings | None = None


def load_catalog(
    root: Path,
    drafts_dir: str,
    settings: Settings,
    only: set[str] | None = None,
    *,
    parallel: bool = False,
    cache: DraftCache | None = None,
) -> Catalog:
    """Read `<root>/<drafts_dir>/*/index.md`. `only` limits to some ids (the `check` command);
    `parallel` uses the machine's cores for a large site (not from a threaded server); `cache`
    reuses what an unchanged folder gave before (draftcache.py)."""
    base = Path(root) / drafts_dir
    entries: list[Entry] = []
    stray: list[Problem] = []
    if base.is_symlink():
        return Catalog(
            entries,
            [
                Problem(
                    drafts_dir,
                    None,
                    FILE,
                    "thư mục dự thảo là một liên kết tượng trưng",
                    "dùng một thư mục thật trong kho mã",
                )
            ],
        )
    if not base.is_dir():
        return Catalog(entries, stray)
    jobs: list[tuple[str, str, str]] = []
    withheld: list[Entry] = []
    for item in sorted(os.scandir(base), key=lambda d: d.name):
        if item.name.startswith(".") or (only is not None and item.name not in only):
            continue
        rel = f"{drafts_dir}/{item.name}"
        # A name that is not a draft folder may still be a state secret's subject: its problem is
        # withheld (counted, shown by `check --withheld` only).
        if item.is_symlink():
            withheld.append(
                _unnamed(
                    item,
                    rel,
                    "là một liên kết tượng trưng; liên kết không bao giờ được đọc hay công bố",
                    "đặt chính thư mục dự thảo vào đây",
                )
            )
            continue
        if not item.is_dir(follow_symlinks=False):
            if item.name.lower().endswith(".md") and item.name.lower() != "readme.md":
                stem = item.name[:-3]
                withheld.append(
                    _unnamed(
                        item,
                        rel,
                        "mỗi dự thảo phải là một thư mục có tệp index.md",
                        f"chuyển thành {drafts_dir}/{stem}/index.md",
                    )
                )
            continue
        jobs.append((item.path, rel, item.name))
    if cache is None:
        entries = _load_entries(jobs, settings, parallel)
    else:
        entries = load_with_cache(
            cache, settings, jobs, lambda missing: _load_entries(missing, settings, parallel), whole=only is None
        )
    return Catalog(entries + withheld, stray, dict(cache.last_keys) if cache is not None else {})


def _unnamed(item: os.DirEntry, rel: str, what: str, fix: str) -> Entry:
    return Entry(item.name, rel, Path(item.path), None, [Problem(rel, None, FILE, what, fix)], secret=True)


def _load_entries(jobs: list[tuple[str, str, str]], settings: Settings, parallel: bool) -> list[Entry]:
    count = workers(len(jobs)) if parallel else 1
    if count < 2:
        return _load_chunk(jobs, settings)
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings
    size = -(-len(jobs) // (count * 4))  # a few chunks per worker, for an even load
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    try:
        with ProcessPoolExecutor(count, mp_context=mp.get_context("fork")) as pool:
            return [entry for chunk in pool.map(_load_in_worker, chunks) for entry in chunk]
    finally:
        _WORKER_SETTINGS = None


def _load_in_worker(jobs: list[tuple[str, str, str]]) -> list[Entry]:
    assert _WORKER_SETTINGS is not None
    return _load_chunk(jobs, _WORKER_SETTINGS)


def _load_chunk(jobs: list[tuple[str, str, str]], settings: Settings) -> list[Entry]:
    renderer = Renderer(settings.markdown)
    return [_load_entry(Path(path), rel, name, settings, renderer) for path, rel, name in jobs]


def _load_entry(folder: Path, rel: str, draft_id: str, settings: Settings, renderer: Renderer) -> Entry:
    path = f"{rel}/{INDEX}"
    if not is_valid_id(draft_id):
        return Entry(
            draft_id,
            path,
            folder,
            None,
            [
                Problem(
                    rel,
                    None,
                    "mã",
                    f"tên thư mục '{draft_id}' không dùng được làm mã dự thảo",
                    "đổi tên thư mục, chỉ dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ hoc-phi-2025-2026",
                )
            ],
            secret=True,  # its name cannot be checked, nor its file read: it may be a state secret's
        )
    found = scan(folder, rel, max_bytes=settings.attachment_max_bytes, reserved=RESERVED_NAMES)
    index = INDEX
    renamed: list[Problem] = []
    if not found.has_index and found.misnamed_index:
        # 'Index.md', 'index.md.txt' ...: say to rename it, and check what it holds in the same run.
        index = found.misnamed_index
        path = f"{rel}/{index}"
        renamed = [
            Problem(
                path,
                None,
                FILE,
                f"tệp dự thảo phải tên đúng là index.md (chữ thường), không phải '{index}'",
                f"đổi tên tệp thành {rel}/{INDEX}",
            )
        ]
    elif not found.has_index:
        return Entry(
            draft_id,
            path,
            folder,
            None,
            found.problems
            + [
                Problem(
                    rel,
                    None,
                    FILE,
                    "thư mục không có tệp index.md",
                    f"thêm {path} hoặc xóa thư mục",
                )
            ],
            secret=True,  # nothing says it is not a state secret: its folder name may be one's subject
        )
    raw, problem = _read_text(folder / index, path)
    if raw is None:
        # Unreadable (too large, not a regular file): it may be a state secret.
        return Entry(
            draft_id, path, folder, None, found.problems + [problem] if problem else found.problems, secret=True
        )
    problems = renamed + found.problems + _case_collisions(sorted(found.files), rel)
    draft, parsed, source = read_draft(
        raw,
        draft_id=draft_id,
        path=path,
        settings=settings,
        files={**found.files, **found.texts},
        refused=found.refused,
    )
    problems += parsed
    warnings: list[Problem] = []
    unsafe = warnings if settings.unsafe_markup == "warn" else problems
    # A Markdown file the draft does not name would be silently dropped (or, in MkDocs, become a page).
    named = draft.private_files if draft is not None else {n for n in found.texts if n.encode() in raw}
    problems += [
        Problem(
            f"{rel}/{name}", None, FILE, f"'{name}': tệp Markdown sẽ thành một trang không được kiểm tra", MARKDOWN_FIX
        )
        for name in sorted(found.texts)
        if name not in named
    ]
    if draft is not None:
        content = renderer.render(draft.body, draft.body_line)
        unsafe.extend(Problem(path, r.line, BODY, r.what, r.fix) for r in content.removed)
        # The Markdown is not kept once rendered: nothing reads it again, and `mkdocs serve` keeps
        # every draft as read (draftcache.py) for as long as it runs.
        draft, private_problems, private_unsafe = _read_private(
            replace(draft, content=content, body=""), folder, rel, settings, renderer
        )
        problems += private_problems
        unsafe.extend(private_unsafe)
    elif source.fenced and source.body.strip():
        # The body's markup is judged even when the front matter has problems: all in one run.
        removed = renderer.render(source.body, source.body_line).removed
        unsafe.extend(Problem(path, r.line, BODY, r.what, r.fix) for r in removed)
    if found.has_versions:
        versions, version_problems, version_warnings = _load_versions(
            folder / VERSIONS_DIR, f"{rel}/{VERSIONS_DIR}", settings, renderer
        )
        problems += version_problems
        warnings += version_warnings
        if draft is not None:
            draft = replace(draft, versions=versions)
    if draft is not None:
        problems += _named_versions(draft, path, found.has_versions)
    secret = draft.state_secret if draft is not None and not problems else claims_secret(raw, path)
    return Entry(draft_id, path, folder, None if problems else draft, problems, warnings, secret)


def _read_private(
    draft: Draft,
    folder: Path,
    rel: str,
    settings: Settings,
    renderer: Renderer,
) -> tuple[Draft, list[Problem], list[Problem]]:
    """Read what the draft names but never publishes: comment tables (CSV) and response
    summaries (Markdown, rendered and sanitized like the body); drop them from the files.
    Returns the draft, its problems, and the markup its summaries lost (problems or warnings,
    as the site's `unsafe_markup` says)."""
    problems: list[Problem] = []
    unsafe: list[Problem] = []

    def summary(response: Response | None) -> Response | None:
        if response is None or not response.summary:
            return response
        where = f"{rel}/{response.summary}"
        raw, problem = _read_text(folder / response.summary, where)
        text, problem = decode(raw, where) if raw is not None else (None, problem)
        if text is None:
            problems.append(problem)  # type: ignore[arg-type]
            return response
        html = renderer.render(text)
        unsafe.extend(Problem(where, r.line, BODY, r.what, r.fix) for r in html.removed)
        return replace(response, summary_html=html)

    rounds = []
    for rnd in draft.rounds:
        table = None
        if rnd.comments:
            where = f"{rel}/{rnd.comments}"
            try:
                table, found = parse_comments(read_regular(folder / rnd.comments, settings.attachment_max_bytes), where)
            except (OSError, ValueError):
                table, found = None, [Problem(where, None, FILE, "không đọc được bảng góp ý", "kiểm tra lại tệp")]
            problems.extend(found)
        rounds.append(replace(rnd, table=table, response=summary(rnd.response)))
    private = draft.private_files
    kept = [
        (name, size)
        for name, size in zip(draft.files, draft.sizes)
        if name not in private and not name.lower().endswith(".md")
    ]
    draft = replace(
        draft,
        rounds=tuple(rounds),
        response=summary(draft.response),
        files=tuple(n for n, _ in kept),
        sizes=tuple(s for _, s in kept),
    )
    return draft, problems, unsafe


def _read_text(path: Path, rel: str) -> tuple[bytes | None, Problem | None]:
    try:
        return read_regular(path, TEXT_MAX_BYTES), None
    except NotRegular:
        return None, Problem(
            rel, None, FILE, "không phải là một tệp thông thường (liên kết tượng trưng?)", "đặt chính tệp đó vào đây"
        )
    except ValueError:
        return None, Problem(
            rel, None, FILE, f"lớn hơn {TEXT_MAX_BYTES // 1048576} MB", "đưa văn bản dài vào tệp đính kèm (PDF)"
        )
    except OSError as error:
        return None, Problem(rel, None, FILE, f"không đọc được ({error.strerror})", "kiểm tra lại tệp")


def _named_versions(draft: Draft, path: str, has_folder: bool) -> list[Problem]:
    """A window's `version:` must name a version of the folder versions/."""
    count = len(draft.versions)
    return [
        Problem(
            path,
            None,
            f"consultations[{r.index}].version",
            f"không có phiên bản {r.version} (versions/{r.version}.md)"
            + ("" if has_folder else "; thư mục versions/ chưa có"),
            f"viết số của một phiên bản từ 1 đến {count}" if count else "thêm versions/<n>.md hoặc bỏ dòng version",
        )
        for r in draft.rounds
        if r.version is not None and not 1 <= r.version <= count
    ]


def _load_versions(folder: Path, rel: str, settings: Settings, renderer: Renderer):
    texts: dict[str, bytes] = {}
    problems: list[Problem] = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        raw, problem = _read_text(Path(entry.path), f"{rel}/{entry.name}")
        if problem:
            problems.append(problem)
        elif raw is not None:
            texts[entry.name] = raw
    versions, found = parse_versions(texts, rel, settings)
    problems += found
    warnings: list[Problem] = []
    rendered = []
    for version in versions:
        path = f"{rel}/{version.number}.md"
        prepared, origin = prepare(version.body)
        content = renderer.render(prepared, 0)
        body_problems = [
            Problem(path, version.body_line + origin[min(r.line, len(origin) - 1)], BODY, r.what, r.fix)
            for r in content.removed
        ]
        (warnings if settings.unsafe_markup == "warn" else problems).extend(body_problems)
        text = structure(content.html)
        warnings.extend(
            Problem(
                path, None, BODY, f"{label} được viết hai lần; lần sau không được đánh dấu là một điều", ARTICLE_FIX
            )
            for label in text.duplicates
        )
        rendered.append(replace(version, content=content, text=text))
    return tuple(rendered), problems, warnings


# Any mention of the key in the raw text, however written (quoted, commented out, mis-indented,
# in another case, with a hyphen or a space).
_MENTION = re.compile(rb"state[\s_-]*secret", re.IGNORECASE)


def claims_secret(raw: bytes, path: str = INDEX) -> bool:
    """Whether a draft file that is not a valid draft may be a state secret: its problems must
    then stay as secret as the draft would have been. It fails closed: a file that cannot be
    decoded or parsed may be one; a parsed one is a secret unless `state_secret` is absent or a
    clear `false`, wherever it sits (a mis-indented key nested under another field counts), and
    unless the key is written nowhere else in the front matter (a comment, a broken line)."""
    source = parse(raw, path)
    if not isinstance(source.data, dict) or not source.data:
        return True
    flags = list(_secret_values(source.data, 0))
    if any(value is not False for value in flags):
        return True
    front = b"\n".join(raw.split(b"\n")[: max(source.body_line - 1, 0)])  # not the body's words
    mentioned = len(_MENTION.findall(front))
    if source.unread and mentioned:
        # A YAML mistake was read around (frontmatter.py): where the flag belongs is not certain
        # (an unclosed bracket above it swallows it), so a written flag fails closed.
        return True
    return mentioned > len(flags)


def _secret_values(data: object, depth: int):
    """Every value of a key that reads as `state_secret`, at any depth of the front matter."""
    if depth > 16:
        yield True  # deeper than the front matter may be (it was refused): fail closed
        return
    if isinstance(data, dict):
        for key, value in data.items():
            if _MENTION.fullmatch(str(key).strip().strip("\"'").encode("utf-8", "replace")):
                yield value
            yield from _secret_values(value, depth + 1)
    elif isinstance(data, list):
        for item in data:
            yield from _secret_values(item, depth + 1)


def _case_collisions(files: list[str], rel: str) -> list[Problem]:
    """Two attachments whose names differ only by case collide on most web hosts."""
    seen: dict[str, str] = {}
    problems = []
    for name in files:
        if name.lower() in seen:
            problems.append(
                Problem(
                    f"{rel}/{name}",
                    None,
                    FILE,
                    f"'{name}' và '{seen[name.lower()]}' chỉ khác nhau chữ hoa, chữ thường",
                    "đổi tên một trong hai tệp",
                )
            )
        seen.setdefault(name.lower(), name)
    return problems


def withheld_notice(count: int) -> str:
    """What the build and `check` say about withheld drafts with problems: a count, never an id."""
    return (
        f"{count} dự thảo bí mật nhà nước, hoặc có thể là bí mật (không đọc được), có lỗi không được hiển thị "
        "ở đây; chạy `policy-drafts check --withheld` trên máy của bạn để xem"
    )
