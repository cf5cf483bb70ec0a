"""Comments from a form service or a mailbox, appended to a window's private comments table
(pure: no MkDocs).

Sources: a Google Forms or Microsoft Forms export (.csv, .xlsx) whose columns are recognised
by the Vietnamese headings a form would have (`Dấu thời gian`, `Họ và tên`, `Địa chỉ`,
`Đối tượng`, `Điều góp ý` or `Điều`, `Nội dung góp ý`, `Đồng ý công khai tên`) or by the
site's own mapping (`comment_columns` in mkdocs.yml); or e-mails (.eml, .mbox), the article
taken from the subject ("Góp ý dự thảo <id>: Điều 5", as the site's mailto: links write it).

The target is the table named by the window's `comments:` (comments.py reads it). Rules a
drafting agency expects:

- nothing is lost: a row without a comment is reported with its line and not imported; every
  column the source has that the table has not is kept in the private table under its own
  heading (e-mail addresses, phone numbers stay in the agency's file, never published);
- a campaign (the same text sent many times) is kept once, with its count in
  `Số ý kiến giống nhau` and the other senders listed in `Người gửi cùng nội dung`, also
  when the text is already in the table;
- nothing imported is published until the agency decides: `Công bố` is written `Không`, and
  a name is shown only with `Đồng ý công khai tên: Có` (the form's consent answer).
"""

from __future__ import annotations

import csv
import email
import email.policy
import io
import mailbox
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ..model.text import FORBIDDEN, csv_cell, fold
from .comments import CELL_MAX, MAX_ROWS, article_of

# The table's headings (comments.py reads the first ones), in the order a new table gets them.
HEADINGS = {
    "received": "Ngày nhận",
    "name": "Người góp ý",
    "address": "Địa chỉ",
    "kind": "Đối tượng",
    "article": "Điều",
    "text": "Nội dung góp ý",
    "accepted": "Tiếp thu",
    "explanation": "Giải trình",
    "publish": "Công bố",
    "named": "Đồng ý công khai tên",
    "copies": "Số ý kiến giống nhau",
    "others": "Người gửi cùng nội dung",
    "source": "Nguồn",
}
# What a form's headings mean (compared without diacritics or case).
SOURCE_HEADINGS = {
    "received": ("Dấu thời gian", "Timestamp", "Thời gian hoàn thành", "Completion time", "Ngày nhận", "Ngày gửi"),
    "name": ("Họ và tên", "Họ tên", "Tên", "Name", "Người góp ý", "Tên cơ quan, tổ chức, cá nhân"),
    "address": ("Địa chỉ", "Address", "Nơi cư trú"),
    "kind": ("Đối tượng", "Bạn là", "Đối tượng góp ý"),
    "article": ("Điều góp ý", "Điều", "Góp ý cho điều"),
    "text": ("Nội dung góp ý", "Ý kiến góp ý", "Ý kiến", "Góp ý"),
    "named": ("Đồng ý công khai tên", "Đồng ý công khai họ tên"),
}
KEYS = tuple(SOURCE_HEADINGS)
UNSORTED_KIND = "Chưa phân loại"  # for e-mails and forms without the question: the agency sorts them
ARTICLE_IN_TEXT = re.compile(r"\bĐiều\s+\d{1,4}[a-zđ]?(?:\s*,?\s*khoản\s*\d{1,3})?", re.IGNORECASE)
YES = {"co", "yes", "dong y", "x", "true", "1"}


class ImportError_(Exception):
    """A source that cannot be read at all; the message is for the editor."""


@dataclass
class Report:
    added: int = 0  # new rows
    merged: int = 0  # comments counted into a row with the same text
    skipped: list[str] = field(default_factory=list)  # "dòng 7: ..." (not imported, with why)
    unknown_columns: list[str] = field(default_factory=list)  # kept in the table under their own heading


@dataclass
class Incoming:
    line: str  # "dòng 7", "thư 3"
    values: dict[str, str]  # key of HEADINGS or an unknown heading -> text


def read_source(path: Path, data: bytes, tz: ZoneInfo, mapping: dict[str, str] | None = None) -> list[Incoming]:
    """The comments of a file, by its suffix."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _rows(_csv_rows(data), mapping or {}, tz)
    if suffix == ".xlsx":
        return _rows(_xlsx_rows(data), mapping or {}, tz)
    if suffix == ".eml":
        return [_mail(_message(data), "thư 1", tz)]
    if suffix == ".mbox":
        return _mbox(data, tz)
    raise ImportError_(f"{path.name}: chỉ nhập được tệp .csv, .xlsx (Google Forms, Microsoft Forms), .eml hoặc .mbox")


def _csv_rows(data: bytes) -> list[list[str]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportError_("tệp CSV không theo bảng mã UTF-8 (tải lại bản xuất dạng CSV UTF-8)") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ("\t" if first.count("\t") > first.count(",") else ",")
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        # The csv module's words are English: say it in Vietnamese, keep its words as a hint.
        what = "có một ô quá dài" if "field larger than field limit" in str(error) else "tệp viết sai"
        raise ImportError_(
            f"không đọc được tệp CSV: {what} (mở lại bằng Excel hoặc LibreOffice rồi lưu dạng CSV UTF-8; "
            f"chi tiết: {error})"
        ) from None


def _xlsx_rows(data: bytes) -> list[list[str]]:
    try:
        import openpyxl  # type: ignore[import-untyped]
    except ImportError as error:  # pragma: no cover - a dependency of the package
        raise ImportError_("thiếu thư viện openpyxl (pip install openpyxl)") from error
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell(v) for v in row])
            if len(rows) > MAX_ROWS + 1:
                raise ImportError_(f"bảng có hơn {MAX_ROWS} dòng: chia theo từng đợt lấy ý kiến")
        book.close()
        return rows
    except ImportError_:
        raise
    except Exception as error:
        raise ImportError_(f"không đọc được tệp Excel .xlsx ({type(error).__name__}); xuất lại từ biểu mẫu") from None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(rows: list[list[str]], mapping: dict[str, str], tz: ZoneInfo) -> list[Incoming]:
    if not rows:
        raise ImportError_("tệp không có dòng nào")
    header = rows[0]
    known = {fold(h): key for key, headings in SOURCE_HEADINGS.items() for h in headings}
    known.update({fold(h): key for h, key in mapping.items()})
    columns: list[str] = []
    taken: set[str] = set()
    for name in header:
        key = known.get(fold(" ".join(name.split()).rstrip(":?")), "")
        if key and key not in taken:
            taken.add(key)
            columns.append(key)
        else:
            columns.append(" ".join(name.split()) or "")
    if "text" not in taken:
        wanted = ", ".join(f"'{h}'" for h in SOURCE_HEADINGS["text"][:2])
        raise ImportError_(
            f"không thấy cột nội dung góp ý (cần một cột {wanted}; hoặc khai báo trong mkdocs.yml, "
            "comment_columns: {'Tên cột của bạn': text})"
        )
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(str(c).strip() for c in row):
            continue
        values = {col: " ".join(str(row[i]).split()) for i, col in enumerate(columns) if col and i < len(row)}
        out.append(Incoming(f"dòng {number}", values))
    return out


def _message(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _mail(message: EmailMessage, line: str, tz: ZoneInfo) -> Incoming:
    name, address = parseaddr(str(message.get("From", "")))
    subject = str(message.get("Subject", ""))
    body = message.get_body(preferencelist=("plain", "html")) if hasattr(message, "get_body") else None
    text = ""
    if body is not None:
        try:
            text = body.get_content()
        except (LookupError, ValueError):
            text = ""
        if body.get_content_type() == "text/html":
            text = re.sub(r"<[^>]*>", " ", text)
    text = _strip_quoted(text)
    received = ""
    try:
        if message.get("Date"):
            received = parsedate_to_datetime(str(message["Date"])).astimezone(tz).strftime("%d/%m/%Y %H:%M")
    except (TypeError, ValueError):
        received = ""
    found = ARTICLE_IN_TEXT.search(subject)
    values = {
        "received": received,
        "name": name or address,
        "kind": UNSORTED_KIND,
        "article": found.group(0) if found else "",
        "text": " ".join(text.split()),
        "named": "Không",
        "Thư điện tử": address,
        "Tiêu đề thư": " ".join(subject.split()),
    }
    attachments = [part.get_filename() for part in message.iter_attachments()] if message.is_multipart() else []
    if attachments:
        values["Tệp đính kèm"] = "; ".join(a or "(không tên)" for a in attachments)
    return Incoming(line, values)


def _strip_quoted(text: str) -> str:
    """The message without the quoted earlier message of a reply."""
    lines = []
    for line in text.splitlines():
        if line.startswith(">"):
            continue
        if re.match(r"^(Vào|On) .+ (đã viết|wrote):\s*$", line.strip()):
            break
        lines.append(line)
    return "\n".join(lines)


def _mbox(data: bytes, tz: ZoneInfo) -> list[Incoming]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.mbox"
        path.write_bytes(data)
        box = mailbox.mbox(path)
        try:
            return [_mail(_message(message.as_bytes()), f"thư {i}", tz) for i, message in enumerate(box, start=1)]
        finally:
            box.close()


# -- the table -----------------------------------------------------------------------------------


def _normal_text(text: str) -> str:
    return " ".join(fold(unicodedata.normalize("NFC", text)).split()).strip(" .!")


def merge(existing: bytes | None, incoming: list[Incoming]) -> tuple[bytes, Report]:
    """The table with the incoming comments appended (UTF-8 with BOM, as Excel opens it)."""
    report = Report()
    delimiter = ","
    header: list[str] = []
    rows: list[list[str]] = []
    if existing:
        table = _csv_rows(existing)
        first = existing.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
        delimiter = ";" if first.count(b";") > first.count(b",") else ","
        header, rows = (table[0], table[1:]) if table else ([], [])
    if not header:
        header = [HEADINGS[k] for k in ("received", "name", "address", "kind", "article", "text")]
        header += [HEADINGS[k] for k in ("accepted", "explanation", "publish", "named", "copies", "others")]
    position = {fold(h): i for i, h in enumerate(header)}

    def column(heading: str) -> int:
        key = fold(heading)
        if key not in position:
            position[key] = len(header)
            header.append(heading)
        return position[key]

    for key in ("kind", "text", "publish", "copies", "others", "article", "named"):
        column(HEADINGS[key])
    by_text: dict[str, int] = {}
    text_col = column(HEADINGS["text"])
    for index, row in enumerate(rows):
        if text_col < len(row) and row[text_col].strip():
            by_text.setdefault(_normal_text(row[text_col]), index)
    for item in incoming:
        # Cut to the table's limit; a cell a spreadsheet would run as a formula is neutralised.
        values = {k: str(csv_cell(FORBIDDEN.sub("", v)[:CELL_MAX])) for k, v in item.values.items()}
        text = values.get("text", "")
        if not text:
            report.skipped.append(f"{item.line}: không có nội dung góp ý, không nhập")
            continue
        article = values.get("article", "")
        if article:
            number, clause = article_of(article)
            found = ARTICLE_IN_TEXT.search(article)
            if not number and found:
                number, clause = article_of(found.group(0))
            if number:
                values["article"] = f"Điều {number}" + (f" khoản {clause}" if clause else "")
            else:
                values["Điều (như đã ghi)"] = article
                values["article"] = ""
                report.skipped.append(f"{item.line}: không hiểu điều '{article}'; đã nhập như góp ý chung")
        key = _normal_text(text)
        if key in by_text:
            row = rows[by_text[key]]
            copies_col, others_col = column(HEADINGS["copies"]), column(HEADINGS["others"])
            row += [""] * (len(header) - len(row))
            row[copies_col] = str(_count(row[copies_col]) + 1)
            sender = values.get("name") or values.get("Thư điện tử") or item.line
            row[others_col] = "; ".join(filter(None, [row[others_col], sender]))
            report.merged += 1
            continue
        row = [""] * len(header)
        for name, value in values.items():
            heading = HEADINGS.get(name) or name
            if name not in HEADINGS and fold(heading) not in position:
                report.unknown_columns.append(heading)
            i = column(heading)
            row += [""] * (len(header) - len(row))
            row[i] = value
        row[column(HEADINGS["kind"])] = values.get("kind") or UNSORTED_KIND
        row[column(HEADINGS["publish"])] = "Không"
        row[column(HEADINGS["named"])] = "Có" if fold(values.get("named", "")).split(",")[0].strip() in YES else "Không"
        row[column(HEADINGS["copies"])] = "1"
        by_text[key] = len(rows)
        rows.append(row)
        report.added += 1
    if len(rows) > MAX_ROWS:
        raise ImportError_(f"bảng sẽ có hơn {MAX_ROWS} dòng: chia theo từng đợt lấy ý kiến")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row + [""] * (len(header) - len(row)))
    report.unknown_columns = list(dict.fromkeys(report.unknown_columns))
    return ("\ufeff" + out.getvalue()).encode("utf-8"), report


def _count(cell: str) -> int:
    return int(cell) if cell.strip().isdigit() and int(cell) > 0 else 1
