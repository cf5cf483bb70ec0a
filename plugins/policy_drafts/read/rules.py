"""Rules that involve more than one field, and the checks of the Markdown body (pure).

Each rule is a small named function of the values read from the front matter (see
schema.py) that reports through the reader; `RULES` lists them in the order editors
read the file. Adding a rule is adding a function to the list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Protocol

from ..model.problems import Problem
from ..model.registries import Settings
from ..model.text import heading_key, strip_comments
from .frontmatter import BODY, Path, Source

if TYPE_CHECKING:
    from ..model.records import Response, Round

Values = dict[str, Any]


class Reader(Protocol):
    """What a rule needs of the reader (reader.py's Reader): the rules are called by it, so they
    know it by this interface rather than import it."""

    source: Source
    settings: Settings
    problems: list[Problem]

    def problem(self, path: Path, message: str, fix: str = "") -> None: ...

    def get(self, path: Path) -> Any: ...


def windows_in_order(v: Values, r: Reader) -> None:
    """Each window closes after it opens; an extension comes after the closing date; windows
    follow one another; a window shorter than the legal minimum says why."""
    document_type = v.get("document_type")
    min_days = r.settings.document_types[document_type].min_days if document_type else None
    previous = None
    for i, rnd in v.get("consultations") or ():
        path = ("consultations", i)
        if rnd.closes.at <= rnd.opens.at:
            r.problem(
                path + ("closes",),
                f"ngày kết thúc ({rnd.closes.day.isoformat()}) trước ngày bắt đầu ({rnd.opens.day.isoformat()})",
                "viết ngày kết thúc sau ngày bắt đầu",
            )
            continue
        if rnd.extended_to is not None and rnd.extended_to.at <= rnd.closes.at:
            r.problem(
                path + ("extended_to",),
                "không sau hạn góp ý ban đầu",
                f"viết một ngày sau {rnd.closes.day.isoformat()}, hoặc bỏ extended_to",
            )
            continue
        if rnd.extended_at is not None and rnd.extended_to is None:
            r.problem(
                path + ("extended_at",),
                "có extended_at nhưng không có extended_to",
                "thêm extended_to hoặc bỏ extended_at",
            )
        if min_days and rnd.days < min_days and not rnd.shortened_reason:
            last = (rnd.opens.day + timedelta(days=min_days - 1)).isoformat()
            r.problem(
                path + ("closes",),
                f"đợt lấy ý kiến dài {rnd.days} ngày, ngắn hơn thời hạn tối thiểu {min_days} ngày",
                f"kết thúc từ ngày {last} trở đi, hoặc viết shortened_reason: căn cứ pháp lý của thủ tục rút gọn",
            )
        if previous is not None and rnd.opens.at <= previous.deadline.at:
            r.problem(
                path + ("opens",),
                "bắt đầu trước khi đợt trước kết thúc",
                "liệt kê các đợt theo thời gian, đợt sau bắt đầu sau khi đợt trước kết thúc",
            )
        previous = rnd


def responses_follow_their_windows(v: Values, r: Reader) -> None:
    """A response comes after the window it answers; at most one answers the last window."""
    rounds = v.get("consultations") or []
    answered: list[tuple[tuple, Response, Round | None]] = [
        (("consultations", i, "response"), rnd.response, rnd) for i, rnd in rounds if rnd.response
    ]
    top = v.get("response")
    if top is not None:
        answered.append((("response",), top, rounds[-1][1] if rounds else None))
        if rounds and rounds[-1][1].response is not None:
            r.problem(
                ("response",),
                "đợt lấy ý kiến cuối đã có response",
                "chỉ viết tiếp thu, giải trình một lần, trong đợt lấy ý kiến cuối",
            )
    for path, response, rnd in answered:
        if response.received is not None and response.accepted is not None and response.accepted > response.received:
            r.problem(
                path + ("accepted",),
                f"số ý kiến tiếp thu ({response.accepted}) lớn hơn số ý kiến nhận được ({response.received})",
                "viết số không lớn hơn số ý kiến nhận được",
            )
        if rnd is None and r.get(("consultations",)) in (None, []):
            r.problem(
                path,
                "đã công bố tiếp thu, giải trình nhưng không có đợt lấy ý kiến nào",
                "thêm đợt lấy ý kiến mà các góp ý thuộc về",
            )
        elif rnd is not None and response.published.day < rnd.deadline.day:
            r.problem(
                path + ("published",),
                f"ghi ngày trước khi đợt lấy ý kiến kết thúc ({rnd.deadline.day.isoformat()})",
                "viết ngày công bố tiếp thu, giải trình, từ ngày kết thúc đợt lấy ý kiến trở đi",
            )


def running_count_is_dated(v: Values, r: Reader) -> None:
    for i, rnd in v.get("consultations") or ():
        path = ("consultations", i)
        if rnd.received is not None and rnd.received_at is None:
            r.problem(
                path + ("received",),
                "có số ý kiến đã nhận nhưng không có ngày đếm",
                "thêm received_at: ngày đếm, ví dụ 2025-05-20",
            )
        elif rnd.received_at is not None and rnd.received is None:
            r.problem(
                path + ("received_at",), "có ngày đếm nhưng không có số ý kiến đã nhận", "thêm received: số ý kiến"
            )
        elif rnd.received_at is not None and rnd.received_at.at < rnd.opens.at:
            r.problem(path + ("received_at",), "trước ngày bắt đầu lấy ý kiến", "viết ngày đếm trong đợt lấy ý kiến")


def dates_after_publication(v: Values, r: Reader) -> None:
    published = v.get("published")
    if published is None:
        return
    rounds = v.get("consultations") or []
    if rounds and rounds[0][1].opens.day < published.day:
        i, first = rounds[0]
        r.problem(
            ("consultations", i, "opens"),
            f"bắt đầu trước ngày công bố dự thảo ({published.day.isoformat()})",
            f"công bố dự thảo từ ngày {first.opens.day.isoformat()} trở về trước, hoặc kiểm tra lại ngày",
        )
    for key in ("adoption", "withdrawn"):
        fact = v.get(key)
        if fact and fact.date.day < published.day:
            r.problem((key, "date"), f"trước ngày công bố dự thảo ({published.day.isoformat()})", "kiểm tra lại ngày")


def agency_existed(v: Values, r: Reader) -> None:
    agency, published = v.get("agency"), v.get("published")
    entry = r.settings.agencies.get(agency) if agency else None
    if entry and entry.until and published and published.day > entry.until:
        fix = f"viết agency: {entry.succeeded_by}" if entry.succeeded_by else "viết cơ quan đã tiếp nhận nhiệm vụ"
        r.problem(("agency",), f"'{agency}' đã thôi hoạt động từ {entry.until.isoformat()}, trước dự thảo này", fix)


def documents_listed_once(v: Values, r: Reader) -> None:
    seen: dict[str, int] = {}
    for i, doc in v.get("documents") or ():
        target = doc.href.lower()
        if target in seen:
            r.problem(
                ("documents", i, "file" if doc.file else "url"),
                f"'{doc.href}' đã được liệt kê ở documents[{seen[target]}]",
                "mỗi tệp đính kèm liệt kê một lần, với tên tệp khác nhau",
            )
        else:
            seen[target] = i


def events_end_after_start(v: Values, r: Reader) -> None:
    for i, event in v.get("events") or ():
        if event.end is not None and event.end.at < event.start.at:
            r.problem(
                ("events", i, "end"), "kết thúc trước khi bắt đầu", "viết thời điểm kết thúc sau thời điểm bắt đầu"
            )


PLACEHOLDERS = ("...", "…")


def no_template_placeholders(v: Values, r: Reader) -> None:
    """The template's '...' examples left in a value (#15): the editor has not filled it."""

    def walk(value: Any, path: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, path + (i,))
        elif isinstance(value, str):
            text = value.strip()
            if text in PLACEHOLDERS or text.endswith((" ...", " …", "/...", "/…")):
                r.problem(path, f"còn chữ mẫu '{text}'", "thay bằng nội dung thật, hoặc xóa trường này")

    walk(r.source.data, ())


RULES: tuple[Callable[[Values, Reader], None], ...] = (
    windows_in_order,
    responses_follow_their_windows,
    running_count_is_dated,
    dates_after_publication,
    agency_existed,
    documents_listed_once,
    events_end_after_start,
    no_template_placeholders,
)


def check_draft(values: Values, reader: Reader) -> None:
    for rule in RULES:
        rule(values, reader)


# -- the body ------------------------------------------------------------------------------------------


def check_body(source: Source, settings: Settings, reader: Reader) -> None:
    """The communication content's sections: the required ones present as '## ' headings with
    text under them, an optional one either filled or removed."""
    headings = _headings(source.body, source.body_line)
    names = settings.sections
    for key in (*names.REQUIRED, *names.OPTIONAL):
        name = getattr(names, key)
        wanted = heading_key(name)
        matches = [h for h in headings if h.norm.startswith(wanted)]
        found = next((h for h in matches if h.level == 2), None)
        required = key in names.REQUIRED
        if found is None and matches:
            wrong = matches[0]
            reader.problems.append(
                Problem(
                    source.path,
                    wrong.line,
                    BODY,
                    f"mục '{name}' được viết với '{'#' * wrong.level}'",
                    f"viết thành '## {name}'",
                )
            )
        elif found is None and required:
            reader.problems.append(
                Problem(
                    source.path,
                    source.body_line,
                    BODY,
                    f"thiếu mục '## {name}'",
                    f"thêm dòng '## {name}' và nội dung của mục",
                )
            )
        elif found is not None and not found.has_content:
            reader.problems.append(
                Problem(
                    source.path,
                    found.line,
                    BODY,
                    f"mục '## {name}' chưa có nội dung",
                    "viết nội dung bên dưới tiêu đề"
                    if required
                    else "viết nội dung bên dưới tiêu đề, hoặc xóa mục này (mục không bắt buộc)",
                )
            )


@dataclass
class _Heading:
    norm: str
    line: int
    level: int
    has_content: bool = False


def _headings(body: str, first_line: int) -> list[_Heading]:
    """ATX headings of the body outside code fences, and whether text (not only HTML comments,
    like the template's hints) follows each before the next heading."""
    headings: list[_Heading] = []
    fence = ""
    in_comment = False
    for offset, line in enumerate(body.split("\n")):
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence):
                fence = ""
            elif headings:
                headings[-1].has_content = True
            continue
        if in_comment:
            if "-->" not in line:
                continue
            in_comment, line = False, line.split("-->", 1)[1]
            stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            if headings:
                headings[-1].has_content = True
            continue
        heading = _atx_heading(line)
        if heading:
            level, text = heading
            headings.append(_Heading(heading_key(text), first_line + offset, level))
            continue
        text = strip_comments(stripped)
        if "<!--" in stripped and "-->" not in stripped[stripped.rfind("<!--") :]:
            in_comment = True
        if text.strip() and headings:
            headings[-1].has_content = True
    return headings


def _atx_heading(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line, without closing #s or an attr_list {...}.
    String methods, not a regex: editors' lines may be long (linear time)."""
    level = len(line) - len(line.lstrip("#"))
    if not 1 <= level <= 6 or len(line) == level or line[level] not in " \t":
        return None
    text = line[level:].strip()
    if text.endswith("}") and "{" in text:
        text = text[: text.rfind("{")].rstrip()  # attr_list {#anchor}
    stripped = text.rstrip("#")
    if stripped != text and (not stripped or stripped[-1] in " \t"):
        text = stripped.rstrip()
    return level, text
