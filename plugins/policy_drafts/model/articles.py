"""The articles of a draft's text, each with a stable id (pure: no MkDocs).

Contract (design.md, "The draft text, article by article"): in a version's text, a heading
that starts `Điều <N>.` is an article (so is a paragraph that starts with it, often bold: a
clerk's habit); inside it, a paragraph that starts `<K>.` is a clause (khoản) and
one that starts `<letter>)` a point (điểm). Their ids are `dieu-<N>`, `dieu-<N>-khoan-<K>`
and `dieu-<N>-khoan-<K>-diem-<x>` (a point outside any clause: `dieu-<N>-diem-<x>`), the
letter folded so that `đ` becomes `dd` and never collides with `d`.

Two steps around the sanitizer:

- `prepare` (before Markdown): a clause or point written at the start of a line becomes a
  paragraph of its own and keeps its number as written (Markdown would turn `2.` into an
  automatically renumbered list item, and join `a)` and `b)` written on consecutive lines);
- `structure` (after the sanitizer): the sanitized HTML is cut into the text before the
  first article, the articles and what lies between them (a Chương heading ...); clauses
  and points get their ids. Only ids computed here are added, after sanitizing: an editor
  cannot write one (markup.py drops them from headings and raw HTML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

# `Điều 5.`, `Điều 5a:`, `ĐIỀU 5.`: the number and an optional letter (articles inserted later).
ARTICLE_TEXT = re.compile(r"^\s*Điều\s+(\d{1,4})([a-zđ]?)\s*[.:]\s*(.*)$", re.IGNORECASE | re.DOTALL)
CLAUSE_TEXT = re.compile(r"^\s*(\d{1,3})\.\s")
POINT_TEXT = re.compile(r"^\s*([a-zđ])\)\s", re.IGNORECASE)
# Any id of this shape belongs to the structure: no heading or HTML of an editor may take it.
STRUCTURE_ID = re.compile(r"^dieu-[0-9]+[a-z]*(?:-khoan-[0-9]+)?(?:-diem-[a-z]+)?$")

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_CLAUSE_LINE = re.compile(r"^(\d{1,3})\.(\s)")
_POINT_LINE = re.compile(r"^[a-zđA-ZĐ]\)\s")
_ARTICLE_LINE = re.compile(r"^(?:\*\*|__)?Điều\s+\d", re.IGNORECASE)
_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_VOID = {"br", "hr", "img", "wbr", "col", "area", "source", "input", "meta", "link"}
_HEADING = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def is_structure_id(value: str) -> bool:
    return bool(STRUCTURE_ID.match(value))


def fold_letter(letter: str) -> str:
    letter = letter.lower()
    return "dd" if letter == "đ" else letter


def article_id(number: str) -> str:
    """'dieu-5' for '5', 'dieu-5a' for '5a', 'dieu-5dd' for '5đ'."""
    digits = number.rstrip("abcdefghijklmnopqrstuvwxyzđ")
    letter = number[len(digits) :]
    return f"dieu-{digits.lstrip('0') or '0'}{fold_letter(letter) if letter else ''}"


def article_number(text: str) -> str | None:
    """'5' for 'Điều 5. Phạm vi ...', None for text that is not an article heading."""
    match = ARTICLE_TEXT.match(text)
    return (match.group(1).lstrip("0") or "0") + match.group(2).lower() if match else None


def prepare(markdown: str) -> tuple[str, list[int]]:
    """The Markdown of a version with every clause (`1.`) and point (`a)`) written at the start
    of a line as a paragraph of its own, its number kept as written (escaped: `1\\.`); and,
    for each line of the result, the line of `markdown` it comes from (for messages)."""
    out: list[str] = []
    origin: list[int] = []
    fenced = ""
    for number, line in enumerate(markdown.split("\n")):
        fence = _FENCE.match(line)
        if fence:
            fenced = "" if fenced and line.strip().startswith(fenced) else (fenced or fence.group(1))
        elif not fenced and (_CLAUSE_LINE.match(line) or _POINT_LINE.match(line) or _ARTICLE_LINE.match(line)):
            if out and out[-1].strip():
                out.append("")
                origin.append(number)
            line = _CLAUSE_LINE.sub(r"\1\\.\2", line, count=1)
        out.append(line)
        origin.append(number)
    return "\n".join(out), origin


@dataclass(frozen=True)
class Article:
    id: str  # "dieu-5"
    number: str  # "5", "5a"
    title: str  # "Phạm vi điều chỉnh" (plain text, may be empty)

    @property
    def label(self) -> str:
        """'Điều 5': how the article is named in forms, subjects and tables."""
        return f"Điều {self.number}"


@dataclass(frozen=True)
class Segment:
    """A run of the text: an article (its heading apart, so a page can put tools under it) or
    the text outside articles (before the first one, Phần/Chương/Mục headings)."""

    html: str  # the body (the article without its heading)
    article: Article | None = None
    heading: str = ""  # the article's heading, as sanitized HTML


@dataclass(frozen=True)
class Structure:
    segments: tuple[Segment, ...] = ()
    duplicates: tuple[str, ...] = ()  # labels of articles written twice (the later ones are plain text)

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(s.article for s in self.segments if s.article)


def _blocks(html: str) -> list[tuple[str, str]]:
    """The top-level elements of sanitized HTML as (tag, html); text between them is kept
    with the tag ''. nh3 serializes well-formed HTML, and escapes '<' in text."""
    out: list[tuple[str, str]] = []
    depth = 0
    start = 0
    tag = ""
    pos = 0
    for match in _TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        if depth == 0 and not closing:
            if match.start() > pos and html[pos : match.start()].strip():
                out.append(("", html[pos : match.start()]))
            start, tag = match.start(), name
        if name in _VOID or match.group(3).rstrip().endswith("/"):
            if depth == 0:
                out.append((name, html[start : match.end()]))
                pos = match.end()
            continue
        depth += -1 if closing else 1
        if depth == 0 and closing:
            out.append((tag, html[start : match.end()]))
            pos = match.end()
        depth = max(depth, 0)
    if html[pos:].strip():
        out.append(("", html[pos:]))
    return out


def text_of(html: str) -> str:
    return " ".join(unescape(_TAG.sub("", html)).split())


def _with_id(block: str, value: str) -> str:
    """The block's start tag with `id` (replacing one the sanitizer let through)."""
    end = block.index(">")
    start = re.sub(r'\sid="[^"]*"', "", block[:end])
    return f'{start} id="{value}"{block[end:]}'


def structure(html: str) -> Structure:
    segments: list[Segment] = []
    seen: set[str] = set()
    duplicates: list[str] = []
    current: tuple[Article, str, int] | None = None  # article, heading html, heading level (7: a paragraph)
    body: list[str] = []
    ids: set[str] = set()
    clause = ""

    def close() -> None:
        if current is not None:
            segments.append(Segment("\n".join(body), current[0], current[1]))
        elif body:
            segments.append(Segment("\n".join(body)))
        body.clear()

    for tag, block in _blocks(html):
        level = _HEADING.get(tag, 0)
        text = text_of(block) if tag else ""
        number = None
        if level or tag == "p":
            number = article_number(text)
        if number is not None and article_id(number) in seen:
            duplicates.append(f"Điều {number}")
            number = None
        if number is not None:
            close()
            match = ARTICLE_TEXT.match(text)
            title = match.group(3).rstrip("¶ ").strip() if match else ""
            article = Article(article_id(number), number, title)
            seen.add(article.id)
            current = (article, block, level or 7)
            clause = ""
            continue
        if current is not None and level and level <= current[2]:
            close()  # a heading of the same or a higher rank ends the article (Chương, Mục)
            current = None
        if current is not None and tag == "p":
            found = CLAUSE_TEXT.match(text)
            point = POINT_TEXT.match(text)
            new = ""
            if found:
                clause = f"{current[0].id}-khoan-{int(found.group(1))}"
                new = clause
            elif point:
                new = f"{clause or current[0].id}-diem-{fold_letter(point.group(1))}"
            if new and new not in ids:
                ids.add(new)
                block = _with_id(block, new)
        body.append(block)
    close()
    return Structure(tuple(segments), tuple(duplicates))


def line_ids(article: str, lines: list[str]) -> list[str]:
    """The clause and point ids of an article's lines of plain text ('' for other lines), for
    the redline, which compares plain text line by line. Unique within the article."""
    out = []
    clause = ""
    taken: set[str] = set()
    for line in lines:
        found, point = CLAUSE_TEXT.match(line + " "), POINT_TEXT.match(line + " ")
        new = ""
        if found:
            clause = f"{article}-khoan-{int(found.group(1))}"
            new = clause
        elif point:
            new = f"{clause or article}-diem-{fold_letter(point.group(1))}"
        if new in taken:
            new = ""
        taken.add(new)
        out.append(new)
    return out
