"""Split a draft file into YAML front matter and Markdown body, keeping line numbers.

PyYAML's ``safe_load`` forgets where values came from and silently keeps the last of
two duplicate keys. Editors need "line 12: closes: ...", and a duplicated key is a
mistake that would lose data, so the front matter is composed into nodes and
converted here, recording the line of every key and item.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..model.problems import Problem
from ..model.text import FORBIDDEN, forbidden_character

Path = tuple  # ("consultations", 0, "closes")
MAX_DEPTH = 8  # nesting of the front matter: the contract needs 4
FRONT_MATTER = "thông tin đầu tệp"  # the "field" of problems about the front matter as a whole
FILE = "tệp"  # ... about the file
BODY = "nội dung"  # ... and about the Markdown body

_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(---|\.\.\.)[ \t]*$")


@dataclass
class Source:
    """A decoded draft file: front matter values, their lines, and the body."""

    path: str
    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[Path, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # file line where the body starts
    problems: list[Problem] = field(default_factory=list)
    fenced: bool = False  # the front matter is closed: the body is known and can be checked
    mapping: bool = False  # the front matter was read as fields (perhaps without some, see `unread`)
    unread: set[str] = field(default_factory=set)  # top-level fields left out after a YAML error

    def skipped(self, path: Path) -> bool:
        """Whether a field could not be read (a YAML error in it): nothing else is said about it."""
        return bool(path) and path[0] in self.unread

    def line(self, path: Path) -> int | None:
        """The line of a field, or of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def decode(raw: bytes, path: str) -> tuple[str | None, Problem | None]:
    """UTF-8 (a BOM is tolerated: Windows editors add it); anything else is refused."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, Problem(path, 1, FILE, "tệp được lưu theo bảng mã UTF-16", "lưu lại theo bảng mã UTF-8")
    if len(raw) >= 4 and raw.count(b"\x00") * 3 > len(raw):
        # Every other byte is zero: UTF-16 saved without a byte-order mark.
        return None, Problem(path, 1, FILE, "tệp được lưu theo bảng mã UTF-16", "lưu lại theo bảng mã UTF-8")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, Problem(
            path,
            line,
            FILE,
            "tệp không theo bảng mã UTF-8 (có vẻ là bảng mã khác, ví dụ Windows-1258)",
            "lưu lại theo bảng mã UTF-8",
        )
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, Problem(path, line, FILE, "tệp có ký tự NUL", "xóa ký tự đó, lưu lại dạng văn bản UTF-8")
    # Vietnamese typed with some input methods arrives decomposed (NFD); search,
    # comparisons and fonts all want the composed form.
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")), None


def parse(raw: bytes, path: str) -> Source:
    source = Source(path)
    text, problem = decode(raw, path)
    if problem or text is None:
        source.problems.append(problem)  # type: ignore[arg-type]
        return source
    lines = text.split("\n")
    _report_characters(lines, source)
    if not text.strip():
        source.problems.append(
            Problem(
                path,
                1,
                FILE,
                "tệp trống",
                "bắt đầu bằng dòng '---', các trường thông tin, dòng '---', rồi đến nội dung",
            )
        )
        return source
    if not _FENCE.match(lines[0]):
        source.problems.append(
            Problem(
                path,
                1,
                FRONT_MATTER,
                "tệp không bắt đầu bằng dòng '---'",
                "đặt các trường thông tin giữa hai dòng '---' ở đầu tệp",
            )
        )
        return source
    end = next((i for i in range(1, len(lines)) if _END.match(lines[i])), None)
    if end is None:
        heading = next((i + 1 for i, line in enumerate(lines) if line.startswith("#")), None)
        source.problems.append(
            Problem(
                path,
                1,
                FRONT_MATTER,
                "phần thông tin đầu tệp mở ở đây nhưng không được đóng",
                "thêm dòng '---' sau trường cuối cùng" + (f", trước dòng {heading}" if heading else ""),
            )
        )
        return source
    source.body = "\n".join(lines[end + 1 :])
    source.body_line = end + 2
    source.fenced = True
    _load_yaml("\n".join(lines[1:end]), source, first_line=2)
    return source


def _report_characters(lines: list[str], source: Source) -> None:
    """Characters that make feeds invalid XML or text display in another order, line by line."""
    for number, line in enumerate(lines, start=1):
        odd = forbidden_character(line)
        if odd:
            source.problems.append(
                Problem(
                    source.path,
                    number,
                    FILE,
                    f"dòng có ký tự ẩn ({odd})",
                    "xóa ký tự đó và gõ lại; ký tự ẩn thường đi kèm văn bản sao chép",
                )
            )


MAX_ROUNDS = 20  # YAML mistakes reported for one front matter (each costs one more reading)

# A top-level field's first line: a name at the start of the line (with or without its ':').
_TOP_FIELD = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)")
_ANY_FIELD = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:")


@dataclass
class _Broken:
    """A mistake that stops YAML reading, and the row (0-based, in the front matter) it is on;
    None when the rest cannot be read around it."""

    problem: Problem
    row: int | None


def _scan_events(text: str, path: str, offset: int) -> _Broken | None:
    """Refuse what makes YAML expensive or surprising before building anything: anchors and
    aliases (a few hundred bytes can expand to gigabytes, or refer to themselves), explicit
    tags (!!binary ...) and deep nesting. The event stream is read without recursion."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            row = event.start_mark.line if event.start_mark else 0
            tag = getattr(event, "tag", None)
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return _Broken(
                    Problem(
                        path,
                        row + 1 + offset,
                        FRONT_MATTER,
                        "không dùng được neo và bí danh YAML (&tên, *tên)",
                        "viết lại giá trị ở mỗi chỗ cần dùng",
                    ),
                    row,
                )
            if tag not in (None, "!"):
                return _Broken(
                    Problem(
                        path,
                        row + 1 + offset,
                        FRONT_MATTER,
                        f"không dùng được thẻ YAML '{tag}'",
                        "bỏ thẻ (phần bắt đầu bằng '!')",
                    ),
                    row,
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return _Broken(_too_deep(path, row + 1 + offset), row)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # a syntax error: the composer below reports it with a better message
    return None


def _too_deep(path: str, line: int) -> Problem:
    return Problem(
        path, line, FRONT_MATTER, f"các trường lồng nhau quá {MAX_DEPTH} cấp", "viết các trường như trong mẫu"
    )


def _load_yaml(text: str, source: Source, first_line: int) -> None:
    """Read the front matter; after a YAML mistake, report it, leave out the top-level field it
    is in (its lines read as blank, so every line keeps its number) and read the rest again, so
    that one run reports every YAML mistake and the other fields' problems."""
    offset = first_line - 1
    rows = text.split("\n")
    for _ in range(MAX_ROUNDS):
        broken = _scan_events(text, source.path, offset)
        if broken is None:
            loader = _Loader(text)
            try:
                node = loader.get_single_node()
                if node is None and source.unread:
                    # Every field was unreadable: say what is missing, at the opening '---'.
                    source.lines[()] = first_line - 1
                    source.mapping = True
                    return
                _convert_document(node, loader, source, first_line, text)
                return
            except yaml.MarkedYAMLError as error:
                broken = _yaml_problem(error, source.path, offset, text)
            except yaml.YAMLError:
                # Not a syntax mistake with a place (e.g. a character YAML refuses): said once.
                if not any(p.field == FILE for p in source.problems):
                    source.problems.append(
                        Problem(
                            source.path,
                            first_line,
                            FRONT_MATTER,
                            "phần thông tin đầu tệp viết sai",
                            "kiểm tra các ký tự không phải văn bản trong phần thông tin đầu tệp",
                        )
                    )
                return
            finally:
                loader.dispose()
        source.problems.append(broken.problem)
        span = _field_rows(rows, broken.row)
        if span is None:
            return
        begin, end = span
        # The field, and any name written in its lines (an over-indented 'summary:' is the
        # editor's summary): none of them is said to be missing or unknown.
        top = _TOP_FIELD.match(rows[begin])
        source.unread.update(
            ([top.group(1)] if top else []) + [m.group(1) for m in map(_ANY_FIELD.match, rows[begin:end]) if m]
        )
        rows[begin:end] = [""] * (end - begin)
        text = "\n".join(rows)


def _field_rows(rows: list[str], row: int | None) -> tuple[int, int] | None:
    """The rows [begin, end) of the top-level field that holds `row` (only that row if it is
    above every field); None if there is nothing left to leave out."""
    if row is None or not rows:
        return None
    row = min(max(row, 0), len(rows) - 1)
    begin = row
    while begin > 0 and not _TOP_FIELD.match(rows[begin]):
        begin -= 1
    match = _TOP_FIELD.match(rows[begin])
    if match is None:
        begin = row
    end = row + 1
    while end < len(rows) and not _TOP_FIELD.match(rows[end]):
        end += 1
    if not any(line.strip() for line in rows[begin:end]):
        return None
    return begin, end


def _convert_document(node: yaml.Node | None, loader: Any, source: Source, first_line: int, text: str) -> None:
    offset = first_line - 1
    if node is None:
        source.problems.append(
            Problem(
                source.path,
                first_line,
                FRONT_MATTER,
                "phần thông tin đầu tệp đang trống",
                "viết các trường bắt buộc: title, summary, published, document_type, agency, fields, criteria",
            )
        )
        return
    if not isinstance(node, yaml.MappingNode):
        source.problems.append(
            Problem(
                source.path,
                node.start_mark.line + 1 + offset,
                FRONT_MATTER,
                "phần thông tin đầu tệp là một danh sách (các dòng '- ') hoặc một giá trị, không phải các trường 'tên: giá trị'",
                "mỗi dòng viết 'tên: giá trị', không có '- ' ở đầu",
            )
        )
        return

    source.lines[()] = first_line - 1  # the opening '---': where a missing top-level field belongs

    def convert(node: yaml.Node, path: Path) -> Any:
        source.lines.setdefault(path, node.start_mark.line + 1 + offset)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1 + offset
                try:
                    key = (
                        loader.construct_object(key_node, deep=True) if isinstance(key_node, yaml.ScalarNode) else None
                    )
                except yaml.YAMLError:  # e.g. '<<', YAML's merge key: not a field name
                    key = None
                if not isinstance(key, str) or forbidden_character(key) or len(key) > 100 or key == "<<":
                    shown = repr(key) if isinstance(key, (int, float, bool)) else "này"
                    source.problems.append(
                        Problem(
                            source.path,
                            key_line,
                            dotted(path) or FRONT_MATTER,
                            f"khóa {shown} không phải là tên trường",
                            "dùng tên viết thường như 'title'",
                        )
                    )
                    continue
                name = dotted(path + (key,))
                if key in result:
                    source.problems.append(
                        Problem(
                            source.path,
                            key_line,
                            name,
                            f"'{key}' được viết hai lần (lần đầu ở dòng {source.lines[path + (key,)]})",
                            "giữ một trong hai",
                        )
                    )
                    continue
                source.lines[path + (key,)] = key_line
                result[key] = convert(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [convert(item, path + (i,)) for i, item in enumerate(node.value)]
        try:
            value = loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):  # e.g. 2026-02-30: looks like a date, is not one; the field reports it
            return node.value
        if isinstance(value, str):
            odd = forbidden_character(value)
            if odd:
                source.problems.append(
                    Problem(
                        source.path,
                        node.start_mark.line + 1 + offset,
                        dotted(path) or FRONT_MATTER,
                        f"có ký tự ẩn ({odd})",
                        "xóa ký tự đó; không viết mã thoát như \\x07",
                    )
                )
                return FORBIDDEN.sub("", value)
        return value

    try:
        source.data = convert(node, ())
        source.mapping = True
    except yaml.MarkedYAMLError as error:  # a value YAML cannot build
        source.problems.append(_yaml_problem(error, source.path, offset, text).problem)
    except yaml.YAMLError:
        source.problems.append(
            Problem(
                source.path,
                first_line,
                FRONT_MATTER,
                "phần thông tin đầu tệp viết sai",
                "kiểm tra lại phần thông tin đầu tệp",
            )
        )


# libyaml when present: the front matter of thousands of drafts is parsed on every build.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

QUOTE_FIX = "đặt giá trị trong ngoặc kép"
ESCAPE_FIX = "trong ngoặc kép, viết '\\\\' cho một dấu '\\', hoặc dùng ngoặc đơn ('...') thay cho ngoặc kép"

# What libyaml (and PyYAML without it) says, in the editor's words: (fragment of the English
# problem, what is wrong, what to write). Checked in order, after the cases that need the text.
_YAML_WORDS: tuple[tuple[str, str, str], ...] = (
    ("exceeded maximum nesting depth", f"các trường lồng nhau quá {MAX_DEPTH} cấp", "viết các trường như trong mẫu"),
    ("unknown escape character", "dấu '\\' trong ngoặc kép bắt đầu một mã thoát không có", ESCAPE_FIX),
    ("hexdecimal number", "dấu '\\' trong ngoặc kép bắt đầu một mã thoát viết sai", ESCAPE_FIX),
    ("hexadecimal number", "dấu '\\' trong ngoặc kép bắt đầu một mã thoát viết sai", ESCAPE_FIX),
    ("Unicode character escape", "dấu '\\' trong ngoặc kép bắt đầu một mã thoát viết sai", ESCAPE_FIX),
    (
        "indentation indicator",
        "khối văn bản '|' hoặc '>' viết sai",
        "viết '|' ở cuối dòng, văn bản ở các dòng dưới, thụt lề",
    ),
    (
        "expected '-' indicator",
        "dòng này không bắt đầu bằng '- ' như các mục khác của danh sách",
        "mỗi mục của danh sách bắt đầu bằng '- ', thụt lề như nhau",
    ),
    (
        "expected <document start>",
        "có nội dung sau phần thông tin (dòng '...' hoặc dòng bắt đầu bằng '%')",
        "xóa dòng đó",
    ),
    ("directive", "dòng bắt đầu bằng '%' không dùng được ở đây", f"xóa dòng đó, hoặc {QUOTE_FIX}"),
    ("document indicator", "dòng '---' hoặc '...' nằm giữa một giá trị", "đóng ngoặc kép của giá trị phía trên"),
    ("expected node content", "thiếu giá trị ở đây", "viết giá trị, hoặc xóa dấu ',' thừa"),
    (
        "unexpected end of stream",
        "phần thông tin đầu tệp kết thúc khi một giá trị chưa viết xong",
        "viết nốt giá trị, đóng ngoặc",
    ),
    ("input is too long", "phần thông tin đầu tệp quá dài", "viết các trường như trong mẫu"),
    ("UTF-8", "có ký tự không đọc được", "lưu lại tệp theo bảng mã UTF-8"),
)


def _yaml_problem(error: yaml.MarkedYAMLError, path: str, offset: int, text: str) -> _Broken:
    """Say where the editor's mistake is (often where a quote or bracket was opened, not where
    the parser gave up) and what to write, in Vietnamese: the editor never sees YAML's English."""
    mark = error.problem_mark or error.context_mark
    what = (error.problem or str(error)).strip()
    context = error.context or ""
    lines = text.split("\n")
    row = mark.line if mark else 0
    column = mark.column if mark else 0
    here, above = (lines[row] if row < len(lines) else ""), _previous_line(lines, row)
    char = here[column] if column < len(here) else ""
    words = next(((vi, fix) for english, vi, fix in _YAML_WORDS if english in what or english in context), None)
    if "nesting depth" in what:
        return _Broken(_too_deep(path, row + 1 + offset), row)
    if "\t" in what or "tab character" in what or "\t" in here[: len(here) - len(here.lstrip())]:
        what, fix = "dòng này thụt lề bằng phím Tab", "thụt lề bằng dấu cách, không dùng Tab"
    elif "quoted scalar" in context and error.context_mark and "end of stream" in what:
        row = error.context_mark.line
        what, fix = "dấu ngoặc kép mở ở dòng này không được đóng", "đóng ngoặc kép ở cuối giá trị"
    elif ("flow sequence" in context or "flow mapping" in context) and error.context_mark:
        row = error.context_mark.line
        bracket = "[" if "sequence" in context else "{"
        what = f"dấu '{bracket}' mở ở dòng này không được đóng"
        fix = f"đóng bằng '{']' if bracket == '[' else '}'}' trên cùng dòng"
    elif "mapping values are not allowed" in what and _lacks_colon(above, here):
        row = _previous_row(lines, row)
        what, fix = "dòng này thiếu dấu ':' sau tên trường", "viết 'tên: giá trị', có dấu cách sau dấu ':'"
    elif (
        "mapping values are not allowed" in what and _indent(here) > _indent(above) and not above.rstrip().endswith(":")
    ):
        what, fix = "dòng này thụt lề sâu hơn dòng trên", "thụt lề thẳng hàng với trường phía trên"
    elif "mapping values are not allowed" in what:
        what, fix = "giá trị có chứa ': '", "đặt giá trị trong ngoặc kép khi có ': '"
    elif "simple key" in context and error.context_mark:
        row = error.context_mark.line
        what, fix = "dòng này thiếu dấu ':' sau tên trường", "viết 'tên: giá trị', có dấu cách sau dấu ':'"
    elif "did not find expected key" in what or "expected <block end>" in what:
        what, fix = "thụt lề không khớp với các dòng trên", "các trường cùng một nhóm thụt lề bằng số dấu cách như nhau"
    elif "anchor" in context or "alias" in context:
        what, fix = "giá trị bắt đầu bằng '&' hoặc '*' (YAML hiểu là neo, bí danh)", QUOTE_FIX
    elif "tag" in context:
        what, fix = "giá trị bắt đầu bằng '!' (YAML hiểu là thẻ)", QUOTE_FIX
    elif "cannot start any token" in what and char:
        what, fix = f"giá trị không được bắt đầu bằng ký tự '{char}'", QUOTE_FIX
    elif words:
        what, fix = words
    else:
        # A mistake this table does not know yet: YAML's own words stay, marked as the parser's,
        # since they are then the only precise clue (for whoever helps the editor).
        what = f"dòng này viết sai (bộ đọc YAML báo: {what})"
        fix = "kiểm tra thụt lề, và đặt văn bản có ký tự đặc biệt (: # [ ] { }) trong ngoặc kép"
    return _Broken(Problem(path, row + 1 + offset, FRONT_MATTER, f"phần thông tin đầu tệp viết sai: {what}", fix), row)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _lacks_colon(above: str, here: str) -> bool:
    """'title Nghị quyết' followed by 'summary: ...': YAML reads both lines as one text and
    gives up on the second; the mistake is the missing ':' of the first."""
    plain = above.strip()
    return (
        bool(plain)
        and _indent(above) == _indent(here)
        and ":" not in plain
        and not plain.startswith(("-", "#", "'", '"', "[", "{"))
    )


def _previous_row(lines: list[str], row: int) -> int:
    return next((i for i in range(row - 1, -1, -1) if lines[i].strip()), row)


def _previous_line(lines: list[str], row: int) -> str:
    return next((lines[i] for i in range(row - 1, -1, -1) if lines[i].strip()), "")


def dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
