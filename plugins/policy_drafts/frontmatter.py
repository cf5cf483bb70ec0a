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

from .problems import Problem
from .text import FORBIDDEN, forbidden_character

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


def _scan_events(text: str, source: Source, offset: int) -> bool:
    """Refuse what makes YAML expensive or surprising before building anything: anchors and
    aliases (a few hundred bytes can expand to gigabytes, or refer to themselves), explicit
    tags (!!binary ...) and deep nesting. The event stream is read without recursion."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            line = (event.start_mark.line if event.start_mark else 0) + 1 + offset
            tag = getattr(event, "tag", None)
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                source.problems.append(
                    Problem(
                        source.path,
                        line,
                        FRONT_MATTER,
                        "không dùng được neo và bí danh YAML (&tên, *tên)",
                        "viết lại giá trị ở mỗi chỗ cần dùng",
                    )
                )
                return False
            if tag not in (None, "!"):
                source.problems.append(
                    Problem(
                        source.path,
                        line,
                        FRONT_MATTER,
                        f"không dùng được thẻ YAML '{tag}'",
                        "bỏ thẻ (phần bắt đầu bằng '!')",
                    )
                )
                return False
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    source.problems.append(
                        Problem(
                            source.path,
                            line,
                            FRONT_MATTER,
                            f"các trường lồng nhau quá {MAX_DEPTH} cấp",
                            "viết các trường như trong mẫu",
                        )
                    )
                    return False
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return True  # a syntax error: the composer below reports it with a better message
    return True


def _load_yaml(text: str, source: Source, first_line: int) -> None:
    offset = first_line - 1
    if not _scan_events(text, source, offset):
        return
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        source.problems.append(_yaml_problem(error, source.path, offset, text))
        return
    except yaml.YAMLError:
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
                key = loader.construct_object(key_node, deep=True) if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, str) or forbidden_character(key) or len(key) > 100:
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
    except yaml.MarkedYAMLError as error:  # e.g. an invalid timestamp
        source.problems.append(_yaml_problem(error, source.path, offset, text))
    except yaml.YAMLError as error:
        source.problems.append(
            Problem(
                source.path,
                first_line,
                FRONT_MATTER,
                f"phần thông tin đầu tệp viết sai ({error})",
                "kiểm tra lại phần thông tin đầu tệp",
            )
        )


# libyaml when present: the front matter of thousands of drafts is parsed on every build.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml_problem(error: yaml.MarkedYAMLError, path: str, offset: int, text: str) -> Problem:
    """Say where the editor's mistake is (often where a quote or bracket was opened, not where
    the parser gave up) and what to write."""
    mark = error.problem_mark or error.context_mark
    what = (error.problem or str(error)).strip()
    detail = what
    context = error.context or ""
    lines = text.split("\n")
    row = mark.line if mark else 0
    here, above = (lines[row] if row < len(lines) else ""), _previous_line(lines, row)
    fix = "kiểm tra thụt lề, và đặt văn bản có ký tự đặc biệt (: # [ ] { }) trong ngoặc kép"
    if "\t" in what or "\t" in here[: len(here) - len(here.lstrip())]:
        what, fix = "dòng này thụt lề bằng phím Tab", "thụt lề bằng dấu cách, không dùng Tab"
    elif "quoted scalar" in context and error.context_mark:
        row = error.context_mark.line
        what, fix = "dấu ngoặc kép mở ở dòng này không được đóng", "đóng ngoặc kép ở cuối giá trị"
    elif ("flow sequence" in context or "flow mapping" in context) and error.context_mark:
        row = error.context_mark.line
        bracket = "[" if "sequence" in context else "{"
        what = f"dấu '{bracket}' mở ở dòng này không được đóng"
        fix = f"đóng bằng '{']' if bracket == '[' else '}'}' trên cùng dòng"
    elif (
        "mapping values are not allowed" in what and _indent(here) > _indent(above) and not above.rstrip().endswith(":")
    ):
        what, fix = "dòng này thụt lề sâu hơn dòng trên", "thụt lề thẳng hàng với trường phía trên"
    elif "mapping values are not allowed" in what:
        what, fix = "giá trị có chứa ': '", "đặt giá trị trong ngoặc kép khi có ': '"
    elif "did not find expected key" in what:
        what, fix = "thụt lề không khớp với các dòng trên", "các trường cùng một nhóm thụt lề bằng số dấu cách như nhau"
    return Problem(
        path, row + 1 + offset, FRONT_MATTER, f"phần thông tin đầu tệp viết sai: {what} (YAML: {detail})", fix
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous_line(lines: list[str], row: int) -> str:
    return next((lines[i] for i in range(row - 1, -1, -1) if lines[i].strip()), "")


def dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
