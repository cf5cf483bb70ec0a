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
        return None, Problem(path, 1, "file", "the file is saved as UTF-16", "save it as UTF-8")
    if len(raw) >= 4 and raw.count(b"\x00") * 3 > len(raw):
        # Every other byte is zero: UTF-16 saved without a byte-order mark.
        return None, Problem(path, 1, "file", "the file is saved as UTF-16", "save it as UTF-8")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, Problem(
            path, line, "file",
            "the file is not valid UTF-8 (it looks like another encoding, e.g. Windows-1258)",
            "save it as UTF-8",
        )
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, Problem(path, line, "file", "the file contains a NUL byte", "remove it, save as UTF-8 text")
    # Vietnamese typed with some input methods arrives decomposed (NFD); search,
    # comparisons and fonts all want the composed form.
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")), None


def parse(raw: bytes, path: str) -> Source:
    source = Source(path)
    text, problem = decode(raw, path)
    if problem:
        source.problems.append(problem)
        return source
    lines = text.split("\n")
    _report_characters(lines, source)
    if not text.strip():
        source.problems.append(Problem(
            path, 1, "file", "the file is empty",
            "start with a line '---', the front matter fields, a line '---', then the body",
        ))
        return source
    if not _FENCE.match(lines[0]):
        source.problems.append(Problem(
            path, 1, "front matter", "the file does not start with '---'",
            "put the fields between two lines '---' at the top of the file",
        ))
        return source
    end = next((i for i in range(1, len(lines)) if _END.match(lines[i])), None)
    if end is None:
        heading = next((i + 1 for i, line in enumerate(lines) if line.startswith("#")), None)
        source.problems.append(Problem(
            path, 1, "front matter", "the front matter opened here is never closed",
            "add a line '---' after the last field" + (f", before line {heading}" if heading else ""),
        ))
        return source
    source.body = "\n".join(lines[end + 1:])
    source.body_line = end + 2
    _load_yaml("\n".join(lines[1:end]), source, first_line=2)
    return source


def _report_characters(lines: list[str], source: Source) -> None:
    """Characters that make feeds invalid XML or text display in another order, line by line."""
    for number, line in enumerate(lines, start=1):
        odd = forbidden_character(line)
        if odd:
            source.problems.append(Problem(source.path, number, "file", f"the line contains an invisible character ({odd})",
                                           "delete it and type the text again (it often comes with copied text)"))


def _scan_events(text: str, source: Source, offset: int) -> bool:
    """Refuse what makes YAML expensive or surprising before building anything: anchors and
    aliases (a few hundred bytes can expand to gigabytes, or refer to themselves), explicit
    tags (!!binary ...) and deep nesting. The event stream is read without recursion."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            line = event.start_mark.line + 1 + offset
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                source.problems.append(Problem(source.path, line, "front matter",
                                               "anchors and aliases (&name, *name) are not supported",
                                               "write each value where it is needed"))
                return False
            if getattr(event, "tag", None) not in (None, "!"):
                source.problems.append(Problem(source.path, line, "front matter",
                                               f"the YAML tag '{event.tag}' is not supported",
                                               "remove the tag (the text starting with '!')"))
                return False
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    source.problems.append(Problem(source.path, line, "front matter",
                                                   f"the fields are nested more than {MAX_DEPTH} levels deep",
                                                   "write the fields as in the template"))
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
        if not any(p.field == "file" for p in source.problems):
            source.problems.append(Problem(source.path, first_line, "front matter", "invalid YAML",
                                           "check the front matter for characters that are not text"))
        return
    finally:
        loader.dispose()
    if node is None:
        source.problems.append(Problem(
            source.path, first_line, "front matter", "the front matter is empty",
            "write the required fields: title, summary, published, document_type, agency, fields, criteria",
        ))
        return
    if not isinstance(node, yaml.MappingNode):
        source.problems.append(Problem(
            source.path, node.start_mark.line + 1 + offset, "front matter",
            "the front matter is a list ('- ' items) or a single value, not 'key: value' fields",
            "write one 'key: value' per line, without '- ' in front",
        ))
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
                    shown = repr(key) if isinstance(key, (int, float, bool)) else "this key"
                    source.problems.append(Problem(
                        source.path, key_line, dotted(path) or "front matter", f"the key {shown} is not a name",
                        "use lowercase names such as 'title'",
                    ))
                    continue
                name = dotted(path + (key,))
                if key in result:
                    source.problems.append(Problem(
                        source.path, key_line, name,
                        f"'{key}' is written twice (first on line {source.lines[path + (key,)]})",
                        "keep one of them",
                    ))
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
                source.problems.append(Problem(
                    source.path, node.start_mark.line + 1 + offset, dotted(path) or "front matter",
                    f"contains an invisible character ({odd})", "remove it; write the text without escapes such as \\x07"))
                return FORBIDDEN.sub("", value)
        return value

    try:
        source.data = convert(node, ())
    except yaml.MarkedYAMLError as error:  # e.g. an invalid timestamp
        source.problems.append(_yaml_problem(error, source.path, offset, text))
    except yaml.YAMLError as error:
        source.problems.append(Problem(source.path, first_line, "front matter", f"invalid YAML: {error}",
                                       "check the front matter"))


# libyaml when present: the front matter of thousands of drafts is parsed on every build.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml_problem(error: yaml.MarkedYAMLError, path: str, offset: int, text: str) -> Problem:
    """Say where the editor's mistake is (often where a quote or bracket was opened, not where
    the parser gave up) and what to write."""
    mark = error.problem_mark or error.context_mark
    what = (error.problem or str(error)).strip()
    context = error.context or ""
    lines = text.split("\n")
    row = mark.line if mark else 0
    here, above = (lines[row] if row < len(lines) else ""), _previous_line(lines, row)
    fix = "check the indentation and put text with special characters (: # [ ] { }) in double quotes"
    if "\t" in what or "\t" in here[: len(here) - len(here.lstrip())]:
        what, fix = "a tab is used for indentation", "indent with spaces, never tabs"
    elif "quoted scalar" in context and error.context_mark:
        row = error.context_mark.line
        what, fix = "the quote opened on this line is never closed", "close it at the end of the value"
    elif "flow sequence" in context or "flow mapping" in context:
        row = error.context_mark.line
        bracket = "[" if "sequence" in context else "{"
        what = f"the '{bracket}' opened on this line is never closed"
        fix = f"close it with '{']' if bracket == '[' else '}'}' on the same line"
    elif "mapping values are not allowed" in what and _indent(here) > _indent(above) and not above.rstrip().endswith(":"):
        what, fix = "this line's indentation is deeper than the line above", "align it with the key above it"
    elif "mapping values are not allowed" in what:
        what, fix = "a value contains ': '", "put the value in double quotes when it contains ': '"
    elif "did not find expected key" in what:
        what, fix = "the indentation does not match the lines above", "indent the keys of one group by the same spaces"
    return Problem(path, row + 1 + offset, "front matter", f"invalid YAML: {what}", fix)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous_line(lines: list[str], row: int) -> str:
    return next((lines[i] for i in range(row - 1, -1, -1) if lines[i].strip()), "")


def dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out

