"""Read a draft file by walking its schema (pure: no MkDocs).

Validation never stops at the first problem: every field is checked, every problem is
recorded with its line, and only a draft without problems is returned, so an editor
fixes a file in one pass. What each field may hold is in schema.py; what involves
several fields is in rules.py; the messages are here, in Vietnamese.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import Any

from ..model.clock import BadMoment, Moment, parse_moment
from ..model.problems import Problem
from ..model.records import Draft, Link
from ..model.registries import Settings, closest
from ..model.text import slugify
from .attachments import FILE_NAME
from .frontmatter import FRONT_MATTER, Path, Source, dotted, parse
from .rules import check_body, check_draft
from .schema import DRAFT, LANGUAGES, MISTAKEN_LANGUAGES, REGISTRY_NAMES, RESPONSE_TITLE, Field, Record, ValueKind
from .url_judge import EMAIL, judge


def parse_draft(
    raw: bytes,
    *,
    draft_id: str,
    path: str,
    settings: Settings,
    files: dict[str, int] | tuple[str, ...] = (),
    refused: dict[str, Problem] | None = None,
) -> tuple[Draft | None, list[Problem]]:
    """Parse one draft file. `files`: the folder's other files (name -> size in bytes);
    `refused`: files that are in the folder but cannot be published (name -> why).
    Returns the draft (None if invalid) and every problem."""
    draft, problems, _ = read_draft(raw, draft_id=draft_id, path=path, settings=settings, files=files, refused=refused)
    return draft, problems


def read_draft(
    raw: bytes,
    *,
    draft_id: str,
    path: str,
    settings: Settings,
    files: dict[str, int] | tuple[str, ...] = (),
    refused: dict[str, Problem] | None = None,
) -> tuple[Draft | None, list[Problem], Source]:
    """`parse_draft`, also giving the source (its body can be checked even when the front matter
    is invalid). Every problem the file has is found in one reading: the body's sections are
    checked whatever the front matter's state, and the fields a YAML mistake leaves readable
    are checked too."""
    source = parse(raw, path)
    if not source.fenced:
        return None, source.problems, source
    sizes = files if isinstance(files, dict) else dict.fromkeys(files, 0)
    reader = Reader(source, settings, tuple(sorted(sizes)), refused or {})
    values = reader.record(DRAFT, ()) if source.mapping and isinstance(source.data, dict) else None
    if values is not None:
        check_draft(values, reader)
    check_body(source, settings, reader)
    problems = source.problems + reader.problems
    if problems or values is None:
        return None, problems, source
    draft = Draft(
        id=draft_id,
        path=path,
        title=values["title"],
        summary=values["summary"],
        summaries=tuple(values.get("summaries") or ()),
        published=values["published"],
        document_type=values["document_type"],
        agency=values["agency"],
        fields=values["fields"],
        criteria=values["criteria"],
        body=source.body,
        body_line=source.body_line,
        state_secret=bool(values.get("state_secret")),
        publish_at=values.get("publish_at"),
        rounds=tuple(r for _, r in values.get("consultations") or ()),
        response=values.get("response"),
        adoption=values.get("adoption"),
        withdrawn=values.get("withdrawn"),
        documents=tuple(d for _, d in values.get("documents") or ()),
        events=tuple(e for _, e in values.get("events") or ()),
        contact=values.get("contact"),
        files=reader.files,
    )
    return replace(draft, sizes=tuple(sizes[name] for name in draft.files)), [], source


class Reader:
    """Reads front matter values by path, recording a Problem for each bad one."""

    def __init__(
        self, source: Source, settings: Settings, files: tuple[str, ...], refused: dict[str, Problem] | None = None
    ):
        self.source = source
        self.settings = settings
        self.files = files
        self.refused = refused or {}  # in the folder but not publishable: name -> its problem
        self.problems: list[Problem] = []

    # -- reporting --------------------------------------------------------------------------

    def problem(self, path: Path, message: str, fix: str = "") -> None:
        if self.source.skipped(path):
            return  # a YAML mistake in this field is reported; what it would say is unknown
        self.problems.append(
            Problem(self.source.path, self.source.line(path), dotted(path) or FRONT_MATTER, message, fix)
        )

    def get(self, path: Path) -> Any:
        value: Any = self.source.data
        for part in path:
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                return None
        return value

    # -- records ----------------------------------------------------------------------------

    def record(self, record: Record, path: Path, index: int = 0) -> Any:
        """Read every field of `record` at `path` (a mapping), then build it (None if incomplete)."""
        data = self.get(path)
        for key in data:
            if key not in record.keys:
                self.problem(path + (key,), f"trường '{key}' không có trong mẫu", closest(key, record.keys))
        given = [k for k in record.one_of if data.get(k) is not None]
        if record.one_of and len(given) != 1:
            names = " hoặc ".join(f"'{k}'" for k in record.one_of)
            if not given:
                self.problem(
                    path,
                    f"cần {names}",
                    "viết " + " hoặc ".join(f"{k}: {record.field(k).example}" for k in record.one_of),
                )
            else:
                self.problem(path, f"có cả {' và '.join(repr(k) for k in given)}", "chỉ giữ một trong hai")
            return None
        values = {f.key: self.value(f, path + (f.key,)) for f in record.fields}
        return record.build(values, index)

    def value(self, f: Field, path: Path) -> Any:
        raw = self.get(path)
        if f.kind is ValueKind.GROUP:
            return self.group(f, path, raw)
        if f.kind is ValueKind.LIST:
            return self.items(f, path, raw)
        if f.kind is ValueKind.KEYS:
            return self.keys(f, path, raw)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if f.required:
                self.problem(path, "còn thiếu" if raw is None else "đang để trống", self._fix_missing(f))
            return None
        return getattr(self, f"read_{f.kind.name.lower()}")(f, path, raw)

    def _fix_missing(self, f: Field) -> str:
        if f.kind is ValueKind.KEY:
            return f"viết một mã trong {f.registry} của mkdocs.yml: {_choices(self._registry(f))}"
        return f.fix

    def group(self, f: Field, path: Path, raw: Any) -> Any:
        if raw is None:
            if f.required:
                self.problem(path, "còn thiếu", f.fix)
            return None
        if not isinstance(raw, dict):
            self.problem(
                path,
                "phải là một nhóm trường 'tên: giá trị'",
                "thụt lề các trường của nó bên dưới: " + ", ".join(f.sub.keys),
            )
            return None
        return self.record(f.sub, path)

    def items(self, f: Field, path: Path, raw: Any) -> list[tuple[int, Any]]:
        """A list of records: each built one with its position (its line, its anchor)."""
        record = f.sub
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.problem(
                path, f"phải là một danh sách {record.noun}", f"viết mỗi {record.noun} trên một dòng bắt đầu bằng '- '"
            )
            return []
        out = []
        for i, item in enumerate(raw):
            if not isinstance(item, dict):
                self.problem(
                    path + (i,),
                    f"mỗi {record.noun} phải là một nhóm trường 'tên: giá trị'",
                    f"xem mẫu {record.noun} trong README",
                )
                continue
            built = self.record(record, path + (i,), i)
            if built is not None:
                out.append((i, built))
        return out

    # -- values -----------------------------------------------------------------------------

    def read_text(self, f: Field, path: Path, raw: Any) -> str:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            raw = str(raw)  # e.g. a document number read as a number
        if not isinstance(raw, str):
            self.problem(path, f"phải là văn bản, không phải {_kind(raw)}", "viết văn bản thuần trên một dòng")
            return ""
        value = " ".join(raw.split())
        if len(value) > f.max_len:
            self.problem(path, f"dài {len(value)} ký tự (tối đa {f.max_len})", "viết ngắn lại")
        return value

    def read_texts(self, f: Field, path: Path, raw: Any) -> tuple[tuple[str, str], ...]:
        """A text per language: ((code, text), ...) in the editor's order; each text as `read_text`."""
        if not isinstance(raw, dict):
            self.problem(path, f"phải là các dòng 'mã ngôn ngữ: văn bản', không phải {_kind(raw)}", f.fix)
            return ()
        out = []
        for code, text in raw.items():
            where = path + (code,)
            if code not in LANGUAGES:
                known = ", ".join(f"{k} ({name})" for k, name in LANGUAGES.items())
                fix = MISTAKEN_LANGUAGES.get(str(code).lower(), "") or f"viết một mã trong: {known}"
                self.problem(where, f"'{code}' không phải mã ngôn ngữ trang biết", fix)
                continue
            if text is None or (isinstance(text, str) and not text.strip()):
                self.problem(where, "đang để trống", "viết bản tóm tắt, hoặc xóa dòng này")
                continue
            value = self.read_text(f, where, text)
            if value:
                out.append((code, value))
        return tuple(out)

    def read_phone(self, f: Field, path: Path, raw: Any) -> str:
        if isinstance(raw, int) and not isinstance(raw, bool):
            self.problem(path, "số điện thoại không có ngoặc kép bị đọc thành một số (mất số 0 ở đầu)", f.fix)
            return ""
        return self.read_text(f, path, raw)

    def read_moment(self, f: Field, path: Path, raw: Any) -> Moment | None:
        try:
            return parse_moment(raw, self.settings.timezone, end_of_day=f.end_of_day)
        except BadMoment as error:
            self.problem(path, str(error), error.fix or f.fix)
            return None

    def read_bool(self, f: Field, path: Path, raw: Any) -> bool | None:
        if not isinstance(raw, bool):
            self.problem(path, f"phải là true hoặc false, không phải {raw!r}", f.fix)
            return None
        return raw

    def read_count(self, f: Field, path: Path, raw: Any) -> int | None:
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            self.problem(path, f"phải là một số nguyên không âm, không phải {raw!r}", f.fix)
            return None
        return raw

    def read_email(self, f: Field, path: Path, raw: Any) -> str:
        value = self.read_text(f, path, raw)
        if value.lower().startswith("mailto:"):
            value = value[7:]
        if value and not EMAIL.match(value):
            self.problem(path, f"'{value}' không phải là địa chỉ thư điện tử", f.fix)
            return ""
        return value

    def read_url(self, f: Field, path: Path, raw: Any) -> str:
        """Judged as a browser parses it (urls.judge); the normalised URL is what gets published."""
        value = self.read_text(f, path, raw)
        if not value:
            return ""
        verdict = judge(value, hosts=self.settings.comment_form_hosts if f.form_host else (), mailto=f.mailto)
        if not verdict:
            self.problem(path, verdict.problem, verdict.fix)
        return verdict.url

    def read_file(self, f: Field, path: Path, raw: Any) -> str:
        name = self.read_text(f, path, raw)
        if not name:
            return ""
        if f.accept and not name.lower().endswith(f.accept):
            self.problem(path, f"'{name}' không phải là tệp {' hoặc '.join(f.accept)}", f.fix)
            return ""
        if not FILE_NAME.match(name) or name.lower() == "index.md":
            self.problem(
                path,
                f"'{name}' không phải là tên một tệp trong thư mục dự thảo",
                "viết tên như du-thao.pdf (chữ không dấu, số, '-', '_' và '.', không có thư mục)",
            )
            return ""
        if name not in self.files and name in self.refused:
            # The file is there but cannot be published: say why, not "no such file".
            refusal = self.refused[name]
            self.problem(path, refusal.message, refusal.fix)
            return ""
        if name not in self.files:
            self.problem(path, f"không có tệp '{name}' trong thư mục dự thảo", _missing_file_fix(name, self.files))
            return ""
        return name

    def read_file_or_url(self, f: Field, path: Path, raw: Any) -> Link | None:
        value = self.read_text(f, path, raw)
        if ":" in value or value.startswith("//"):
            url = self.read_url(f, path, value)
            return Link(RESPONSE_TITLE, url=url) if url else None
        name = self.read_file(f, path, value)
        return Link(RESPONSE_TITLE, file=name) if name else None

    def read_choice(self, f: Field, path: Path, raw: Any) -> Any:
        try:
            return f.choices(raw)  # type: ignore[misc]
        except (ValueError, TypeError):
            self.problem(path, f"'{raw}' không phải là giá trị được phép", f.fix)
            return None

    def _registry(self, f: Field) -> dict:
        return getattr(self.settings, f.registry)

    def read_key(self, f: Field, path: Path, raw: Any) -> str:
        """A key of one of the site's registries (mkdocs.yml `f.registry`)."""
        registry = self._registry(f)
        what = REGISTRY_NAMES[f.registry]
        if isinstance(raw, (list, dict)):
            self.problem(
                path, f"phải là một mã {what}, không phải một danh sách", f"viết {path[-1]}: {_choices(registry, 1)}"
            )
            return ""
        if not isinstance(raw, str) or raw not in registry:
            self.problem(path, f"'{raw}' không có trong danh sách {what} của trang", suggest_key(raw, registry))
            return ""
        return raw

    def keys(self, f: Field, path: Path, raw: Any) -> tuple[str, ...]:
        what = REGISTRY_NAMES[f.registry]
        if raw is None or raw == [] or raw == "":
            self.problem(
                path,
                "còn thiếu" if raw is None else "đang để trống",
                f"viết một hoặc nhiều mã {what} của trang, ví dụ {f.key}: [{_choices(self._registry(f), 1)}]",
            )
            return ()
        if isinstance(raw, str) and "," in raw:
            listed = ", ".join(v.strip() for v in raw.split(","))
            self.problem(path, f"nhiều {what} phải đặt trong ngoặc vuông", f"viết {f.key}: [{listed}]")
            return ()
        if isinstance(raw, str):
            # One key written without brackets is accepted: check it as <key>[0].
            raw = [raw]
            line = self.source.line(path)
            if line is not None:
                self.source.lines[path + (0,)] = line
        if not isinstance(raw, list):
            self.problem(path, f"phải là một danh sách mã {what}", f"viết {f.key}: [{_choices(self._registry(f), 1)}]")
            return ()
        keys: list[str] = []
        for i, item in enumerate(raw):
            key = self.read_key(f, path + (i,), item) if item not in (None, "") else ""
            if key and key in keys:
                self.problem(path + (i,), f"'{key}' được liệt kê hai lần", f"mỗi {what} chỉ liệt kê một lần")
            elif key:
                keys.append(key)
        return tuple(keys)


def suggest_key(raw: Any, registry: dict) -> str:
    """What to write for an unknown registry key: the key of an entry written by its name
    ('Tư pháp' -> tu-phap, 'Sở Y tế' -> so-y-te), a key written with capitals or diacritics
    ('Y-Tế' -> y-te), else the closest key or the list."""
    text = str(raw).strip()
    wanted = slugify(text)
    if wanted in registry:
        return f"viết mã '{wanted}'"
    for key, entry in sorted(registry.items()):
        names = [getattr(entry, "name", "")] + [f.name for f in getattr(entry, "former_names", ())]
        if wanted and any(slugify(name) == wanted for name in names if name):
            return f"viết mã '{key}' (mã của '{getattr(entry, 'name', key)}')"
    by_name = {slugify(getattr(entry, "name", "")): key for key, entry in registry.items()}
    match = difflib.get_close_matches(wanted, sorted(by_name), n=1, cutoff=0.75) if wanted else []
    if match and by_name[match[0]]:
        key = by_name[match[0]]
        return f"có phải '{key}' (mã của '{registry[key].name}')?"
    return closest(wanted or text, registry)


def _missing_file_fix(name: str, files: tuple[str, ...]) -> str:
    """Point at a file of the same type that is there (a near name), else list what is there."""
    fix = "đặt tệp vào thư mục dự thảo"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    same = [f for f in files if "." in f and f.rsplit(".", 1)[-1].lower() == extension]
    match = difflib.get_close_matches(name, same, n=1, cutoff=0.5) or difflib.get_close_matches(
        name.lower(), [f.lower() for f in files], n=1, cutoff=0.8
    )
    if match:
        real = next(f for f in files if f.lower() == match[0].lower())
        return f"{fix}, hoặc có phải '{real}'?"
    shown = [f for f in files if not f.lower().endswith(".md")]
    if shown:
        return f"{fix}; thư mục đang có: {', '.join(shown[:8])}" + (", ..." if len(shown) > 8 else "")
    return fix


def _choices(registry: dict, limit: int = 12) -> str:
    keys = sorted(registry)
    return ", ".join(keys[:limit]) + (", ..." if len(keys) > limit else "")


def _kind(value: Any) -> str:
    return {dict: "một nhóm trường", list: "một danh sách", bool: "true/false"}.get(type(value), type(value).__name__)
