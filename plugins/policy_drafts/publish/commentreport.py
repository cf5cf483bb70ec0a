"""The "Báo cáo tổng hợp, tiếp thu, giải trình ý kiến" of a consultation window as a Word
document (pure: python-docx, no MkDocs).

Drafting agencies write this report by hand in Word today, from the same table of comments
the site reads (comments.py). This writes its usual shape: the agency and the national motto,
the title naming the draft, when and on which version comments were taken, how many came from
which kinds of respondents and on which articles, then the table STT | Điều | Cơ quan, tổ
chức, cá nhân | Nội dung góp ý | Tiếp thu, giải trình, the draft as a whole first and then
article by article. Every comment is in it, published on the site or not (the report goes
to the people's council with the draft), and a name only where its author agreed, as on the
site. The agency edits the document afterwards: it is a starting point, in Word, not a PDF.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from ..model.clock import Moment
from ..model.formatting import vi_date, vi_deadline
from ..model.records import Comment
from ..read.comments import ACCEPTED_LABELS, _article_order

OUTCOME = {"có": "Tiếp thu", "một phần": "Tiếp thu một phần", "không": "Không tiếp thu", "": "Chưa giải trình"}
HEADERS = ("STT", "Điều", "Cơ quan, tổ chức, cá nhân", "Nội dung góp ý", "Tiếp thu, giải trình")


@dataclass(frozen=True)
class ReportFacts:
    agency: str
    draft_title: str
    document_type: str
    window: str  # "từ ngày 01/11/2026 đến hết ngày 30/11/2026"
    version: str  # "Dự thảo lần 2" or ""
    round_label: str  # "Lấy ý kiến dự thảo văn bản (đợt 2)"
    url: str  # the draft's page


def build_report(facts: ReportFacts, comments: list[Comment]) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)

    top = d.add_table(rows=1, cols=2)
    left, right = top.rows[0].cells
    left.paragraphs[0].add_run(facts.agency.upper()).bold = True
    right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    right.add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    for cell in (left, right):
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    title = d.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("BÁO CÁO").bold = True
    subtitle = d.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.add_run(f"Tổng hợp, tiếp thu, giải trình ý kiến góp ý đối với dự thảo {facts.draft_title}").bold = True

    total = sum(c.copies for c in comments)
    d.add_heading("I. TÌNH HÌNH LẤY Ý KIẾN", level=2)
    d.add_paragraph(
        f"{facts.agency} đã tổ chức {facts.round_label[0].lower() + facts.round_label[1:]} "
        f"{facts.window}"
        + (f", trên {facts.version.lower()}" if facts.version else "")
        + f", đăng tải tại {facts.url}."
    )
    d.add_paragraph(f"Tổng số ý kiến nhận được: {total}.")
    kinds: dict[str, int] = {}
    articles: dict[str, int] = {}
    outcomes: dict[str, int] = {}
    for c in comments:
        kinds[c.kind] = kinds.get(c.kind, 0) + c.copies
        articles[c.article] = articles.get(c.article, 0) + c.copies
        outcomes[c.accepted] = outcomes.get(c.accepted, 0) + c.copies
    _counts(d, "Theo đối tượng góp ý", "Đối tượng", sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    _counts(
        d,
        "Theo điều của dự thảo",
        "Điều",
        [
            (f"Điều {k}" if k else "Góp ý chung cho cả dự thảo", n)
            for k, n in sorted(articles.items(), key=lambda kv: _article_order(kv[0]))
        ],
    )
    _counts(
        d,
        "Kết quả tiếp thu",
        "Kết quả",
        [(ACCEPTED_LABELS[k], outcomes[k]) for k in ACCEPTED_LABELS if outcomes.get(k)],
    )

    d.add_heading("II. TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN", level=2)
    table = d.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    ordered = sorted(comments, key=lambda c: (_article_order(c.article), c.number))
    for stt, c in enumerate(ordered, start=1):
        who = c.author + (f" ({c.copies} ý kiến giống nhau)" if c.copies > 1 else "")
        answer = OUTCOME[c.accepted] + (f": {c.explanation}" if c.explanation else "")
        values = (str(stt), c.article_label or "Chung", who, c.text, answer)
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    if not comments:
        d.add_paragraph("Không nhận được ý kiến góp ý.")
    d.add_paragraph()
    d.add_paragraph(f"Trên đây là báo cáo tổng hợp, tiếp thu, giải trình ý kiến góp ý của {facts.agency}.")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _counts(d, caption: str, heading: str, rows: list[tuple[str, int]]) -> None:
    d.add_paragraph(f"{caption}:")
    table = d.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].paragraphs[0].add_run(heading).bold = True
    table.rows[0].cells[1].paragraphs[0].add_run("Số ý kiến").bold = True
    for label, n in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = str(n)


def window_text(opens: Moment, deadline: Moment) -> str:
    """'từ ngày 01/11/2026 đến hết ngày 30/11/2026'."""
    return f"từ ngày {vi_date(opens)} đến {vi_deadline(deadline)}"
