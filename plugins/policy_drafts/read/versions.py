"""Versions of a draft's text and the redline between consecutive versions (pure).

Contract extension: `drafts/<id>/versions/<n>.md`, n = 1, 2, 3 ... without gaps. Each
file may start with front matter (`title`, `date`, `note`); the body is the text of
that version in Markdown, its articles starting with "Điều <number>." (as a heading or
a paragraph). The redline compares consecutive versions article by article: articles
are matched by number, so a change in one article never smears over the next, and
words added or removed inside an article are marked.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass, replace

from ..model.articles import article_id, line_ids
from ..model.problems import Problem
from ..model.records import Version
from ..model.registries import Settings
from .frontmatter import BODY, FILE, Source, decode, parse
from .reader import Reader
from .schema import VERSION

FILE_NAME = re.compile(r"^([1-9][0-9]*)\.md$")
ARTICLE = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\*\*)?Điều\s+(\d+[a-zđ]?)\s*[.:]", re.IGNORECASE)
TOKEN = re.compile(r"\s+|\w+|[^\w\s]")  # spaces, words, single punctuation marks


def parse_versions(files: dict[str, bytes], rel: str, settings: Settings) -> tuple[tuple[Version, ...], list[Problem]]:
    """`files`: name -> content of the versions folder; `rel`: 'drafts/<id>/versions'."""
    problems: list[Problem] = []
    numbered: dict[int, str] = {}
    for name in sorted(files):
        match = FILE_NAME.match(name)
        if not match:
            problems.append(
                Problem(
                    f"{rel}/{name}",
                    None,
                    FILE,
                    "tệp phiên bản phải đặt tên <số>.md",
                    "đặt tên các phiên bản 1.md, 2.md, 3.md ...",
                )
            )
        else:
            numbered[int(match.group(1))] = name
    expected = list(range(1, len(numbered) + 1))
    if sorted(numbered) != expected:
        missing = sorted(set(range(1, max(numbered, default=0) + 1)) - set(numbered))
        problems.append(
            Problem(
                rel,
                None,
                "phiên bản",
                f"thiếu phiên bản {missing[0]}",
                "đánh số các phiên bản 1.md, 2.md ... liên tục, không bỏ số",
            )
        )
    versions = []
    for number in sorted(numbered):
        name = numbered[number]
        version, found = _parse_version(number, files[name], f"{rel}/{name}", settings)
        problems += found
        if version:
            versions.append(version)
    dated = [(v, v.date) for v in versions if v.date]
    for (earlier, earlier_date), (later, later_date) in itertools.pairwise(dated):
        if later_date.at < earlier_date.at:
            problems.append(
                Problem(
                    f"{rel}/{later.number}.md",
                    None,
                    "date",
                    f"phiên bản {later.number} ghi ngày trước phiên bản {earlier.number}",
                    "ghi ngày mỗi phiên bản từ ngày của phiên bản trước trở đi",
                )
            )
    return tuple(versions), problems


def _parse_version(number: int, raw: bytes, path: str, settings: Settings) -> tuple[Version | None, list[Problem]]:
    text, problem = decode(raw, path)
    if problem is not None or text is None:
        return None, [problem] if problem else []
    if text.startswith("---"):
        source = parse(raw, path)  # front matter: title, date, note (schema.VERSION)
    else:
        source = Source(path, body=text, body_line=1)  # the whole file is the text
    reader = Reader(source, settings, ())
    values = reader.record(VERSION, ()) if isinstance(source.data, dict) and source.data else {}
    problems = source.problems + reader.problems
    if not problems and not source.body.strip():
        problems.append(
            Problem(path, source.body_line, BODY, "phiên bản chưa có nội dung", "viết nội dung dự thảo ở phiên bản này")
        )
    title = values.get("title") or f"Dự thảo lần {number}"
    version = Version(number, title, values.get("date"), values.get("note") or "", source.body, source.body_line)
    return (None if problems else version), problems


# -- redline --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    kind: str  # "same" | "added" | "removed"
    text: str


@dataclass(frozen=True)
class ArticleDiff:
    key: str  # article number, "" for the text before the first article
    status: str  # "same" | "changed" | "added" | "removed"
    heading: tuple[Piece, ...]  # the article's heading line ("Điều 4. ..."), diffed; () for the preamble
    pieces: tuple[Piece, ...]  # its text
    repeated: bool = False  # a number the new text gives twice: only its first article has the id
    old: str = ""  # the number the article had in the old version (matched or removed), "" if added

    @property
    def id(self) -> str:
        """'dieu-4' ('' for the text before the first article, or a repeated number)."""
        return article_id(self.key) if self.key and not self.repeated else ""

    def lines(self) -> list[tuple[str, tuple[Piece, ...]]]:
        """The text line by line (a line is a paragraph of the version), each with the id of the
        clause or point it holds in the new version ('' for none, and for removed text)."""
        rows: list[list[Piece]] = [[]]
        for piece in self.pieces:
            parts = piece.text.split("\n")
            for k, part in enumerate(parts):
                if k:
                    rows.append([])
                if part:
                    rows[-1].append(Piece(piece.kind, part))
        rows = [row for row in rows if row]
        if not self.id or self.status == "removed":
            return [("", tuple(row)) for row in rows]
        new = ["".join(p.text for p in row if p.kind != "removed").strip() for row in rows]
        return list(zip(line_ids(self.id, new), map(tuple, rows), strict=True))


def articles(text: str) -> list[tuple[str, str]]:
    """[(number, text)] in order; the text before the first article has the number ''."""
    out: list[tuple[str, list[str]]] = [("", [])]
    for line in text.strip("\n").split("\n"):
        match = ARTICLE.match(line)
        if match:
            out.append((match.group(1).lower(), [_heading(line)]))
        else:
            out[-1][1].append(line)
    return [(key, "\n".join(lines).strip("\n")) for key, lines in out if key or "\n".join(lines).strip()]


def redline(old: str, new: str) -> list[ArticleDiff]:
    """Article by article: an article is matched by its title first (so a renumbered article
    is still compared with itself), else by its number; unmatched ones are added or removed."""
    before, after = articles(old), articles(new)
    matched: dict[int, int] = {}  # index in after -> index in before
    for by in (_title, lambda key, text: key):
        taken = set(matched.values())
        index: dict[str, int] = {}
        for i, (key, text) in enumerate(before):
            if i not in taken:
                index.setdefault(by(key, text), i)
        for j, (key, text) in enumerate(after):
            found = index.get(by(key, text))
            if j not in matched and found is not None and found not in matched.values():
                matched[j] = found
    result: list[tuple[float, ArticleDiff]] = []
    for j, (key, text) in enumerate(after):
        if j in matched:
            result.append((j, replace(_compare(key, before[matched[j]][1], text), old=before[matched[j]][0])))
        else:
            result.append((j, _whole(key, text, "added")))
    # A removed article keeps its place: just after the article that preceded it in the old text.
    position = {i: j for j, i in matched.items()}
    for i, (key, text) in enumerate(before):
        if i not in position:
            previous = max((position[k] for k in range(i) if k in position), default=-1)
            result.append((previous + 0.5 + i / 1000, replace(_whole(key, text, "removed"), old=key)))
    ordered = [diff for _, diff in sorted(result, key=lambda pair: pair[0])]
    seen: set[str] = set()
    for k, diff in enumerate(ordered):
        if diff.status != "removed" and diff.key:
            if diff.key in seen:
                ordered[k] = replace(diff, repeated=True)
            seen.add(diff.key)
    return ordered


def renumbering(old: str, new: str) -> dict[str, str]:
    """Old article number -> the id of the same article in the new version's redline (matched
    by title, then by number, as the redline does); a removed article keeps no id."""
    return {d.old: d.id for d in redline(old, new) if d.old and d.status != "removed" and d.id}


def _split(key: str, text: str) -> tuple[str, str]:
    """(heading line, body) of an article; the preamble has no heading."""
    if not key:
        return "", text
    heading, _, body = text.partition("\n")
    return heading, body.strip("\n")


def _compare(key: str, old: str, new: str) -> ArticleDiff:
    (old_head, old_body), (new_head, new_body) = _split(key, old), _split(key, new)
    heading, body = _words(old_head, new_head), _words(old_body, new_body)
    same = all(p.kind == "same" for p in heading + body)
    return ArticleDiff(key, "same" if same else "changed", heading, body)


def _whole(key: str, text: str, kind: str) -> ArticleDiff:
    heading, body = _split(key, text)
    return ArticleDiff(key, kind, (Piece(kind, heading),) if heading else (), (Piece(kind, body),) if body else ())


def _title(key: str, text: str) -> str:
    """'Tổ chức thực hiện' for 'Điều 4. Tổ chức thực hiện' ('' before the first article)."""
    heading = _heading(text) if key else ""
    return " ".join(ARTICLE.sub("", heading, count=1).casefold().split()) if key else "\0preamble"


def _heading(text: str) -> str:
    return re.sub(r"^\s*#{1,6}\s*|\*\*", "", text.split("\n", 1)[0]).strip()


def _words(a: str, b: str) -> tuple[Piece, ...]:
    """Word diff, tidied for people: an island of one or two unchanged words between two
    changes is folded into the change, so a rewritten sentence reads as one replacement
    rather than a salad of tiny edits around common words."""
    old, new = TOKEN.findall(a), TOKEN.findall(b)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    segments = [(op == "equal", old[i1:i2], new[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes()]
    folded: list[tuple[bool, list[str], list[str]]] = []
    for k, (same, olds, news) in enumerate(segments):
        words = sum(1 for t in olds if t.strip() and t[0].isalnum())
        between = 0 < k < len(segments) - 1 and not segments[k - 1][0] and not segments[k + 1][0]
        if same and between and words < 3:
            same = False
        if folded and not same and not folded[-1][0]:
            folded[-1] = (False, folded[-1][1] + olds, folded[-1][2] + news)
        else:
            folded.append((same, list(olds), list(news)))
    pieces: list[Piece] = []
    for same, olds, news in folded:
        if same:
            pieces.append(Piece("same", "".join(olds)))
            continue
        if olds:
            pieces.append(Piece("removed", "".join(olds)))
        if news:
            pieces.append(Piece("added", "".join(news)))
    return tuple(pieces)
