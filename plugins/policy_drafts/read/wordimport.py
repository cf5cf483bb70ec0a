"""A Word document (.docx) to the Markdown of a version of the draft's text (pure: no MkDocs).

Drafts arrive as Word files. `convert` keeps what the site shows: the headings of a legal text
(Phần, Chương, Mục, Điều), clauses `1.` and points `a)`, `đ)`, lists, tables, bold and
italics; it recognises them by their words as well as by Word's heading styles, since clerks
often type a bold "Điều 1." paragraph and number clauses by hand, and it writes Word's own
automatic numbering ("Điều %1.", "%1.", "%1)") as text. What it cannot carry (images,
reviewers' comments, tracked changes, footnotes, text boxes, equations) is listed as
warnings, each with where it is, never silently dropped. Tracked changes are taken as if
every change were accepted (a deletion is left out, an insertion kept), and the warning says so.

The converter is python-docx: it gives the document's XML element by element, so numbering,
styles and the things to warn about can be read where they are (mammoth, the other candidate,
turns a document into HTML its own way and loses manual numbering habits and the Word
numbering text). Nothing here trusts the file: its size is checked before it is opened (a
.docx is a zip, and a small zip can expand to gigabytes), and any error of a malformed file
becomes one Vietnamese message. The Markdown written goes through the same sanitizer as an
editor's (markup.Renderer) before it is published.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from ..model.text import FORBIDDEN

MAX_FILE = 50 * 1024 * 1024  # bytes of the .docx
MAX_EXPANDED = 200 * 1024 * 1024  # bytes of its parts, uncompressed
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
V = "{urn:schemas-microsoft-com:vml}"

PART = re.compile(r"^\s*Phần\s+(thứ\s+)?\S+", re.IGNORECASE)
CHAPTER = re.compile(r"^\s*Chương\s+[IVXLCDM0-9]+\b", re.IGNORECASE)
SECTION = re.compile(r"^\s*Mục\s+[0-9IVXLC]+\b", re.IGNORECASE)
ARTICLE = re.compile(r"^\s*Điều\s+\d{1,4}[a-zđ]?\s*[.:]", re.IGNORECASE)
CLAUSE = re.compile(r"^(\d{1,3})\.(\s)")
RANKS = ("part", "chapter", "section", "article")
HEADING_STYLE = re.compile(r"^(?:heading|tiêu đề|title)\s*(\d)?", re.IGNORECASE)
LETTERS = "abcdefghijklmnopqrstuvwxyz"


class WordError(Exception):
    """A file that cannot be read as a Word document; the message is for the editor."""


@dataclass
class Imported:
    markdown: str
    warnings: list[str] = field(default_factory=list)
    articles: int = 0


@dataclass
class _Block:
    kind: str  # "part" | "chapter" | "section" | "article" | "text" | "table" | "item"
    text: str  # Markdown (inline), or the whole table


def convert(data: bytes, name: str = "tệp") -> Imported:
    _check_package(data, name)
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as error:  # pragma: no cover - a dependency of the package
        raise WordError("thiếu thư viện python-docx (pip install python-docx)") from error
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise WordError(f"{name} không phải là tệp Word .docx đọc được ({type(error).__name__})") from None
    except Exception as error:  # lxml's XMLSyntaxError and the like: a damaged file
        raise WordError(f"{name} bị hỏng, không đọc được nội dung ({type(error).__name__})") from None
    try:
        return _Converter(document).run()
    except WordError:
        raise
    except Exception as error:
        raise WordError(f"{name} có cấu trúc không đọc được ({type(error).__name__}: {error})") from None


def _check_package(data: bytes, name: str) -> None:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise WordError(f"{name} là tệp Word 97-2003 (.doc): mở bằng Word và chọn Lưu thành > Tài liệu Word (.docx)")
    if len(data) > MAX_FILE:
        raise WordError(f"{name} lớn hơn {MAX_FILE // 1048576} MB: bỏ ảnh và tệp nhúng rồi lưu lại")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if sum(info.file_size for info in package.infolist()) > MAX_EXPANDED:
                raise WordError(f"{name} giải nén ra quá lớn (hơn {MAX_EXPANDED // 1048576} MB)")
            if "word/document.xml" not in package.namelist():
                raise WordError(f"{name} không phải là tài liệu Word (.docx): thiếu phần nội dung")
    except zipfile.BadZipFile:
        raise WordError(f"{name} không phải là tệp Word .docx (tệp bị hỏng hoặc là định dạng khác)") from None


def _escape(text: str) -> str:
    """Text of a run as Markdown text: characters that would become markup are escaped."""
    text = FORBIDDEN.sub("", unicodedata.normalize("NFC", text))
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def _on(element, tag: str) -> bool:
    """A toggle property (w:b, w:i) set on, as Word reads it."""
    found = element.find(f"{W}rPr/{W}{tag}") if element is not None else None
    if found is None:
        return False
    return found.get(f"{W}val", "true").lower() not in ("0", "false", "off", "none")


class _Converter:
    def __init__(self, document):
        self.doc = document
        self.warnings: list[str] = []
        self.counters: dict[tuple[str, int], int] = {}
        self.numbering = self._numbering()
        self.place = "đầu văn bản"
        self.paragraph = 0
        self.tracked = 0

    # -- warnings -------------------------------------------------------------------------------

    def warn(self, what: str) -> None:
        self.warnings.append(f"đoạn {self.paragraph} ({self.place}): {what}")

    # -- numbering ------------------------------------------------------------------------------

    def _numbering(self) -> dict[str, dict[int, tuple[str, str, int]]]:
        """numId -> level -> (format, text, start), from the numbering part (if any)."""
        try:
            part = self.doc.part.numbering_part
        except (NotImplementedError, KeyError, AttributeError):
            return {}
        root = part.element
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.findall(f"{W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{W}val", "") if text is not None else "",
                    int(start.get(f"{W}val", "1")) if start is not None else 1,
                )
            abstract[node.get(f"{W}abstractNumId", "")] = levels
        out = {}
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                out[num.get(f"{W}numId", "")] = abstract.get(ref.get(f"{W}val", ""), {})
        return out

    def _number(self, p) -> tuple[str, bool]:
        """The text Word shows before an automatically numbered paragraph ('Điều 3.', '2.', 'a)'),
        and whether it is a bullet."""
        props = p.find(f"{W}pPr/{W}numPr")
        if props is None:
            style = p.find(f"{W}pPr/{W}pStyle")
            if style is None:
                return "", False
            props = self._style_numbering(style.get(f"{W}val", ""))
            if props is None:
                return "", False
        num_id = props.find(f"{W}numId")
        level_node = props.find(f"{W}ilvl")
        key = num_id.get(f"{W}val", "") if num_id is not None else ""
        level = int(level_node.get(f"{W}val", "0")) if level_node is not None else 0
        if key in ("", "0") or key not in self.numbering:
            return "", False
        fmt, text, start = self.numbering[key].get(level, ("decimal", f"%{level + 1}.", 1))
        if fmt == "bullet":
            return "", True
        count = self.counters.get((key, level), start - 1) + 1
        self.counters[(key, level)] = count
        for deeper in [k for k in self.counters if k[0] == key and k[1] > level]:
            del self.counters[deeper]
        shown = text
        for n in range(level + 1):
            value = count if n == level else self.counters.get((key, n), 1)
            fmt_n = self.numbering[key].get(n, ("decimal", "", 1))[0] if n != level else fmt
            shown = shown.replace(f"%{n + 1}", _format(value, fmt_n))
        return shown.strip(), False

    def _style_numbering(self, style_id: str):
        try:
            style = self.doc.styles.element.get_by_id(style_id)
        except (KeyError, AttributeError):
            return None
        return style.find(f"{W}pPr/{W}numPr") if style is not None else None

    # -- text -----------------------------------------------------------------------------------

    def inline(self, p) -> tuple[str, str, bool]:
        """(Markdown, plain text, all bold) of a paragraph; notes what it leaves out."""
        parts: list[tuple[str, bool, bool]] = []
        for node in p.iter():
            tag = node.tag
            if tag in (f"{W}drawing", f"{W}pict", f"{W}object") or tag == f"{V}imagedata":
                if tag != f"{V}imagedata":
                    self.warn(
                        "có ảnh hoặc hình vẽ, không được chuyển (đặt ảnh vào thư mục dự thảo và chèn ![mô tả](ten-anh.png))"
                    )
            elif tag == f"{W}commentReference":
                self.warn("có ý kiến nhận xét (comment) của người soát xét, không được chuyển")
            elif tag in (f"{W}del", f"{W}moveFrom", f"{W}ins", f"{W}moveTo"):
                self.tracked += 1
            elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
                self.warn("có chú thích cuối trang, không được chuyển (đưa nội dung chú thích vào văn bản nếu cần)")
            elif tag == f"{W}txbxContent":
                self.warn("có hộp văn bản (text box), không được chuyển")
            elif tag in (f"{M}oMath", f"{M}oMathPara"):
                self.warn("có công thức, không được chuyển")
            elif tag == f"{W}r" and not self._skipped(node, p):
                text = "".join(
                    child.text or ""
                    if child.tag == f"{W}t"
                    else "\t"
                    if child.tag == f"{W}tab"
                    else " "
                    if child.tag in (f"{W}br", f"{W}cr")
                    else ""
                    for child in node
                )
                if text:
                    parts.append((text, _on(node, "b"), _on(node, "i")))
        merged: list[tuple[str, bool, bool]] = []
        for text, bold, italic in parts:
            if merged and merged[-1][1:] == (bold, italic):
                merged[-1] = (merged[-1][0] + text, bold, italic)
            else:
                merged.append((text, bold, italic))
        parts = merged
        plain = "".join(t for t, _, _ in parts)
        visible = [(t, b, i) for t, b, i in parts if t.strip()]
        all_bold = bool(visible) and all(b for _, b, _ in visible)
        markdown = []
        for text, bold, italic in parts:
            words = " ".join(text.split()) if text.strip() else " "
            lead = " " if text[:1].isspace() and text.strip() else ""
            trail = " " if text[-1:].isspace() and text.strip() else ""
            piece = _escape(words.strip()) if text.strip() else " "
            if text.strip() and (italic or (bold and not all_bold)):
                mark = ("**" if bold and not all_bold else "") + ("*" if italic else "")
                piece = f"{mark}{piece}{mark[::-1]}"
            markdown.append(lead + piece + trail)
        return " ".join("".join(markdown).split()), " ".join(plain.split()), all_bold

    @staticmethod
    def _skipped(run, p) -> bool:
        """A run deleted by a tracked change, or inside a text box (warned about)."""
        node = run.getparent()
        while node is not None and node is not p:
            if node.tag in (f"{W}del", f"{W}moveFrom", f"{W}txbxContent"):
                return True
            node = node.getparent()
        return False

    def _style_name(self, p) -> str:
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None:
            return ""
        try:
            found = self.doc.styles.element.get_by_id(style.get(f"{W}val", ""))
        except (KeyError, AttributeError):
            return ""
        name = found.find(f"{W}name") if found is not None else None
        return name.get(f"{W}val", "") if name is not None else ""

    # -- the document ---------------------------------------------------------------------------

    def run(self) -> Imported:
        blocks: list[_Block] = []
        body = self.doc.element.body
        for child in body.iterchildren():
            if child.tag == f"{W}p":
                self.paragraph += 1
                block = self.paragraph_block(child)
                if block:
                    blocks.append(block)
            elif child.tag == f"{W}tbl":
                self.paragraph += 1
                blocks.append(_Block("table", self.table(child)))
            elif child.tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                for p in content.findall(f"{W}p") if content is not None else ():
                    self.paragraph += 1
                    block = self.paragraph_block(p)
                    if block:
                        blocks.append(block)
        if self.tracked:
            self.warnings.append(
                f"văn bản có {self.tracked} thay đổi được theo dõi (track changes): đã lấy văn bản như khi "
                "chấp nhận mọi thay đổi; hãy đối chiếu với bản Word"
            )
        comments = self._comment_count()
        if comments:
            self.warnings.append(f"văn bản có {comments} ý kiến nhận xét (comment), không được chuyển")
        blocks = self._join_titles(blocks)
        warnings = list(dict.fromkeys(self.warnings))  # an image is often written twice (new and old Word)
        return Imported(self._markdown(blocks), warnings, sum(1 for b in blocks if b.kind == "article"))

    def _comment_count(self) -> int:
        for rel in self.doc.part.rels.values():
            if rel.reltype.endswith("/comments") and not rel.is_external:
                return len(rel.target_part.blob.split(b"<w:comment ")) - 1
        return 0

    def paragraph_block(self, p) -> _Block | None:
        number, bullet = self._number(p)
        markdown, plain, bold = self.inline(p)
        if number:
            plain = f"{number} {plain}".strip()
            markdown = f"{_escape(number)} {markdown}".strip()
        if not plain:
            return None
        style = self._style_name(p)
        for kind, pattern in (("part", PART), ("chapter", CHAPTER), ("section", SECTION), ("article", ARTICLE)):
            if pattern.match(plain) and (kind == "article" or bold or HEADING_STYLE.match(style) or len(plain) < 60):
                if kind == "article":
                    self.place = plain[:40]
                return _Block(kind, " ".join(_escape(plain).split()))
        if bullet:
            return _Block("item", markdown)
        if bold and HEADING_STYLE.match(style):
            return _Block("heading", markdown)
        if bold and not CLAUSE.match(plain) and len(plain) < 200:
            markdown = f"**{markdown}**"
        return _Block("text", CLAUSE.sub(r"\1\\.\2", markdown, count=1) if CLAUSE.match(markdown) else markdown)

    def _join_titles(self, blocks: list[_Block]) -> list[_Block]:
        """'Chương I' then 'QUY ĐỊNH CHUNG' on the next line: one heading 'Chương I. QUY ĐỊNH CHUNG'."""
        out: list[_Block] = []
        for block in blocks:
            previous = out[-1] if out else None
            if (
                previous is not None
                and previous.kind in ("part", "chapter", "section")
                and block.kind == "text"
                and re.fullmatch(r"\s*(Phần|Chương|Mục)\s+(thứ\s+)?\S+\s*", previous.text, re.IGNORECASE)
                and len(block.text) < 200
            ):
                title = block.text.strip("*").strip()
                previous.text = f"{previous.text.strip()}. {title}"
                continue
            out.append(block)
        return out

    def _markdown(self, blocks: list[_Block]) -> str:
        ranks = [r for r in RANKS if any(b.kind == r for b in blocks)]
        level = {rank: min(2 + i, 6) for i, rank in enumerate(ranks)}
        lines: list[str] = []
        for block in blocks:
            if block.kind in level:
                lines += ["#" * level[block.kind] + " " + block.text, ""]
            elif block.kind == "heading":
                lines += ["#" * min(len(ranks) + 2, 6) + " " + block.text, ""]
            elif block.kind == "item":
                if lines and lines[-1] == "" and len(lines) > 1 and lines[-2].startswith("- "):
                    lines.pop()
                lines += ["- " + block.text, ""]
            else:
                lines += [block.text, ""]
        return "\n".join(lines).strip() + "\n"

    def table(self, tbl) -> str:
        rows = []
        merged = False
        for tr in tbl.findall(f"{W}tr"):
            cells = []
            for tc in tr.findall(f"{W}tc"):
                props = tc.find(f"{W}tcPr")
                if props is not None and (
                    props.find(f"{W}gridSpan") is not None or props.find(f"{W}vMerge") is not None
                ):
                    merged = True
                texts = [self.inline(p)[0] for p in tc.iter(f"{W}p")]
                cells.append(" ".join(t for t in texts if t) or " ")
            if cells:
                rows.append(cells)
        if not rows:
            return ""
        width = max(len(r) for r in rows)
        rows = [r + [" "] * (width - len(r)) for r in rows]
        if merged:
            self.warn("bảng có ô gộp: đã tách thành từng ô, hãy kiểm tra lại bảng")
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return "\n".join(lines)


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        n = value
        while n > 0:
            n, rest = divmod(n - 1, 26)
            letters = LETTERS[rest] + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(value)


def _roman(value: int) -> str:
    out = ""
    for number, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while value >= number:
            out += letters
            value -= number
    return out
