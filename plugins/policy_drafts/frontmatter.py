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

Path = tuple  # ("consultations", 0, "closes")

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
        return None, Problem(path, 1, "file", "the file contains NUL bytes", "save it as UTF-8 text")
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
        source.problems.append(Problem(
            path, len(lines), "front matter", "the front matter is never closed",
            "add a line '---' after the last field",
        ))
        return source
    source.body = "\n".join(lines[end + 1:])
    source.body_line = end + 2
    _load_yaml("\n".join(lines[1:end]), source, first_line=2)
    return source


def _load_yaml(text: str, source: Source, first_line: int) -> None:
    offset = first_line - 1
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        source.problems.append(_yaml_problem(error, source.path, offset, text))
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
            "the front matter is not a list of 'key: value' fields", "write one 'key: value' per line",
        ))
        return

    def convert(node: yaml.Node, path: Path) -> Any:
        source.lines.setdefault(path, node.start_mark.line + 1 + offset)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = loader.construct_object(key_node, deep=True)
                key_line = key_node.start_mark.line + 1 + offset
                name = dotted(path + (key,))
                if not isinstance(key, str):
                    source.problems.append(Problem(
                        source.path, key_line, name, f"the key {key!r} is not a name",
                        "use lowercase names such as 'title'",
                    ))
                    continue
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
        return loader.construct_object(node, deep=True)

    try:
        source.data = convert(node, ())
    except yaml.MarkedYAMLError as error:  # e.g. an invalid timestamp
        source.problems.append(_yaml_problem(error, source.path, offset, text))


# libyaml when present: the front matter of thousands of drafts is parsed on every build.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml_problem(error: yaml.MarkedYAMLError, path: str, offset: int, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 + offset if mark else None
    what = (error.problem or str(error)).strip()
    lines = text.split("\n")
    near = lines[max(0, mark.line - 1): mark.line + 1] if mark else []
    if "\t" in what or any("\t" in line[: len(line) - len(line.lstrip())] for line in near):
        what, fix = "a tab is used for indentation", "indent with spaces, never tabs"
    elif "mapping values are not allowed" in what:
        fix = "put the value in double quotes when it contains ': '"
    elif "found duplicate anchor" in what or "found undefined alias" in what:
        fix = "remove the '&' and '*' signs or put the text in quotes"
    else:
        fix = "check the indentation and put text with special characters (: # [ ] { }) in double quotes"
    return Problem(path, line, "front matter", f"invalid YAML: {what}", fix)


def dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out

