"""The table of comments received in a consultation window (pure).

Agencies already keep a spreadsheet of the comments they receive. Saved as CSV in the
draft folder and named by the window's `comments:` field, it gives the public what
regulations.gov and the National Assembly's portal show: how many comments came, from
which kinds of respondents, how many were taken on, and the comments the agency marks for
publication. The file itself is never published: only the columns listed here are read,
only rows marked "Công bố: Có" are shown, and a name only where "Đồng ý công khai tên: Có".
Any other column the agency keeps (addresses, phone numbers) is ignored.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

from ..model.problems import Problem
from ..model.records import Comment, CommentsTable
from ..model.text import FORBIDDEN, fold, forbidden_character

MAX_ROWS = 20_000
CELL_MAX = 5_000
YES, NO = "có", "không"


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as the agency's spreadsheet names it (compared without diacritics or case)
    required: bool = False
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other headings meaning the same (a form's own words)


COLUMNS = (
    Column("received", "Ngày nhận"),
    Column("name", "Người góp ý"),
    Column("kind", "Đối tượng", required=True),
    Column("text", "Nội dung góp ý", required=True),
    Column("accepted", "Tiếp thu", choices=("Có", "Không", "Một phần")),
    Column("explanation", "Giải trình"),
    Column("publish", "Công bố", required=True, choices=("Có", "Không")),
    Column("named", "Đồng ý công khai tên", choices=("Có", "Không")),
    Column("article", "Điều", aliases=("Điều góp ý",)),  # "Điều 5", "5", "Điều 5 khoản 2"; empty: the whole draft
    Column("address", "Địa chỉ"),  # private: only its commune or ward is counted
    Column("copies", "Số ý kiến giống nhau"),  # a campaign's identical texts, kept once (commentimport.py)
)
ARTICLE_CELL = re.compile(r"^(?:điều\s*)?(\d{1,4}[a-zđ]?)\s*(?:[,.;:-]?\s*khoản\s*(\d{1,3}))?\s*[.]?$", re.IGNORECASE)
COMMUNE = re.compile(r"\b(xã|phường|thị trấn|đặc khu)\s+([^,;]+)", re.IGNORECASE)
ARTICLE_FIX = "viết Điều 5, 5 hoặc Điều 5 khoản 2; để trống nếu góp ý chung cho cả dự thảo"
ACCEPTED_LABELS = {"có": "Tiếp thu", "một phần": "Tiếp thu một phần", "không": "Không tiếp thu", "": "Chưa trả lời"}


def parse_comments(raw: bytes, path: str) -> tuple[CommentsTable | None, list[Problem]]:
    """`path`: 'drafts/<id>/<file>.csv', for problems as file:line."""
    rows, problems = _read_rows(raw, path)
    return (_table(rows), []) if rows is not None else (None, problems)


def every_comment(raw: bytes, path: str) -> tuple[list[Comment], list[Problem]]:
    """Every comment of the table, published or not, for the agency's own report (never the site):
    a name only where its author agreed, as on the site."""
    rows, problems = _read_rows(raw, path)
    return ([_comment(number, r) for number, r in enumerate(rows, start=1)] if rows is not None else []), problems


def _read_rows(raw: bytes, path: str) -> tuple[list[dict[str, str]] | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(line: int | None, field_: str, message: str, fix: str) -> None:
        problems.append(Problem(path, line, field_, message, fix))

    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        problem(
            1,
            "tệp",
            "bảng góp ý không theo bảng mã UTF-8",
            "trong Excel chọn Lưu thành > CSV UTF-8 (phân cách bằng dấu phẩy)",
        )
        return None, problems
    dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=dialect)
    try:
        header = next(reader, [])
    except csv.Error as error:
        problem(1, "tệp", f"không đọc được dòng tiêu đề ({error})", "lưu lại bảng dạng CSV")
        return None, problems
    index: dict[str, int] = {}
    by_header = {fold(name): c for c in COLUMNS for name in (c.header, *c.aliases)}
    for i, name in enumerate(header):
        column = by_header.get(fold(name.strip()))
        if column:
            index[column.key] = i
    missing = [c.header for c in COLUMNS if c.required and c.key not in index]
    if missing:
        problem(
            1,
            "tiêu đề",
            "thiếu cột " + ", ".join(f"'{m}'" for m in missing),
            "dòng đầu của bảng cần các cột: " + ", ".join(c.header for c in COLUMNS),
        )
        return None, problems
    rows: list[dict[str, str]] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(rows) >= MAX_ROWS:
                problem(line, "tệp", f"bảng có hơn {MAX_ROWS} dòng", "chia bảng theo từng đợt lấy ý kiến")
                break
            values = {}
            for column in COLUMNS:
                cell = row[index[column.key]].strip() if column.key in index and index[column.key] < len(row) else ""
                cell = " ".join(cell.split())
                if column.key == "address":  # private, only its commune is counted: never a reason to stop
                    values[column.key] = FORBIDDEN.sub("", cell[:CELL_MAX])
                    continue
                odd = forbidden_character(cell)
                if odd:
                    problem(line, column.header, f"có ký tự ẩn ({odd})", "xóa ký tự đó")
                    cell = ""
                if len(cell) > CELL_MAX:
                    problem(line, column.header, f"dài {len(cell)} ký tự (tối đa {CELL_MAX})", "viết ngắn lại")
                if column.required and not cell:
                    problem(line, column.header, "đang để trống", f"điền cột '{column.header}'")
                if cell and column.choices and fold(cell) not in {fold(c) for c in column.choices}:
                    problem(
                        line,
                        column.header,
                        f"'{cell}' không phải là giá trị được phép",
                        "viết " + " hoặc ".join(f"'{c}'" for c in column.choices),
                    )
                if column.key == "copies" and cell and not (cell.isdigit() and 0 < int(cell) <= 10_000_000):
                    problem(line, column.header, f"'{cell}' không phải là một số ý kiến", "viết một số, ví dụ 12")
                if column.key == "article" and cell and not ARTICLE_CELL.match(cell):
                    problem(line, column.header, f"'{cell}' không phải là một điều của dự thảo", ARTICLE_FIX)
                values[column.key] = cell
            values["line"] = str(line)
            rows.append(values)
    except csv.Error as error:
        problem(reader.line_num, "tệp", f"không đọc được bảng ({error})", "lưu lại bảng dạng CSV")
    if problems:
        return None, problems
    return rows, []


def _table(rows: list[dict[str, str]]) -> CommentsTable:
    kinds: Counter[str] = Counter()
    articles: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    communes: Counter[str] = Counter()
    names: dict[str, str] = {}
    for r in rows:
        weight = int(r["copies"]) if r.get("copies") else 1  # a campaign's comments, counted each
        kinds[r["kind"]] += weight
        articles[article_of(r.get("article", ""))[0]] += weight
        outcomes[_choice(r["accepted"])] += weight
        commune = commune_of(r.get("address", ""))
        if commune:
            names.setdefault(fold(commune), commune)
            communes[fold(commune)] += weight
    published = [_comment(number, r) for number, r in enumerate(rows, start=1) if _choice(r["publish"]) == YES]
    return CommentsTable(
        total=sum(kinds.values()),
        by_kind=tuple(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_outcome=tuple((ACCEPTED_LABELS[k], outcomes[k]) for k in ACCEPTED_LABELS if outcomes[k]),
        published=tuple(published),
        by_article=tuple(sorted(articles.items(), key=lambda kv: _article_order(kv[0]))),
        by_commune=tuple((names[k], n) for k, n in sorted(communes.items(), key=lambda kv: (-kv[1], names[kv[0]]))),
    )


def _comment(number: int, r: dict[str, str]) -> Comment:
    named = _choice(r.get("named", "")) == YES and r.get("name")
    article, clause = article_of(r.get("article", ""))
    return Comment(
        number,
        r.get("received", ""),
        r["name"] if named else f"{r['kind']} (ẩn danh)",
        r["kind"],
        r["text"],
        _choice(r["accepted"]),
        r.get("explanation", ""),
        article,
        clause,
        int(r["copies"]) if r.get("copies") else 1,
    )


def article_of(cell: str) -> tuple[str, str]:
    """('5', '2') for 'Điều 5 khoản 2', ('5', '') for '5', ('', '') for an empty cell."""
    match = ARTICLE_CELL.match(" ".join(cell.split()))
    if not match:
        return "", ""
    number = match.group(1).lower()
    digits = number.rstrip("abcdefghijklmnopqrstuvwxyzđ")
    return (digits.lstrip("0") or "0") + number[len(digits) :], match.group(2) or ""


def commune_of(address: str) -> str:
    """'Xã Hòn Mây' for 'thôn 3, xã Hòn Mây, tỉnh Minh Giang' ('' when none is named)."""
    match = COMMUNE.search(address)
    if not match:
        return ""
    return f"{match.group(1).capitalize()} {' '.join(match.group(2).split())}"


def _article_order(number: str) -> tuple[int, int, str]:
    """The draft as a whole first, then articles by number (5, 5a, 6)."""
    if not number:
        return (0, 0, "")
    digits = number.rstrip("abcdefghijklmnopqrstuvwxyzđ")
    return (1, int(digits), number[len(digits) :])


def _choice(cell: str) -> str:
    value = fold(cell)
    return {"co": YES, "khong": NO, "mot phan": "một phần"}.get(value, "")
