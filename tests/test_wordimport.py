"""`policy-drafts import`: a Word draft becomes the next version of the text, with its structure,
and what cannot be carried is listed. The Word files are made here with python-docx, the way
a provincial office writes them (bold "Điều" paragraphs, clauses numbered by hand...)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from PIL import Image
from policy_drafts.host.cli import main
from policy_drafts.read.wordimport import WordError, convert
from sitekit import base_draft, build, write_site

ARTICLES = [
    ("Phạm vi điều chỉnh", ["Nghị quyết này quy định mức học phí.", "Nghị quyết không áp dụng với cơ sở quốc tế."]),
    ("Đối tượng áp dụng", ["Trẻ em mầm non, học sinh phổ thông.", "Cơ sở giáo dục công lập."]),
    ("Mức học phí", []),
    ("Miễn học phí", []),
    ("Giảm học phí", []),
    ("Hỗ trợ chi phí học tập", []),
    ("Công khai", []),
    ("Kinh phí thực hiện", []),
    ("Tổ chức thực hiện", []),
    ("Hiệu lực thi hành", []),
]


def png() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(data, format="PNG")
    data.seek(0)
    return data


def bold_paragraph(document, text: str, **kwargs):
    p = document.add_paragraph(**kwargs)
    p.add_run(text).bold = True
    return p


def nghi_quyet() -> bytes:
    """A 10-article Nghị quyết: Chương headings (number and title on two lines), bold "Điều N."
    paragraphs, clauses numbered by hand, points a) and đ), a table, an image, a comment, a
    tracked insertion and deletion, italics inside a sentence."""
    d = docx.Document()
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "HỘI ĐỒNG NHÂN DÂN TỈNH MINH GIANG"
    table.rows[0].cells[1].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    bold_paragraph(d, "NGHỊ QUYẾT")
    d.add_paragraph("Quy định mức học phí năm học 2027-2028")
    for n, (title, clauses) in enumerate(ARTICLES, start=1):
        if n == 1:
            bold_paragraph(d, "Chương I")
            bold_paragraph(d, "QUY ĐỊNH CHUNG")
        if n == 3:
            bold_paragraph(d, "Chương II")
            bold_paragraph(d, "MỨC HỌC PHÍ VÀ CHÍNH SÁCH")
        bold_paragraph(d, f"Điều {n}. {title}")
        for k, clause in enumerate(clauses, start=1):
            d.add_paragraph(f"{k}. {clause}")
        if n == 3:
            p = d.add_paragraph("Mức học phí ")
            p.add_run("tối đa").italic = True
            p.add_run(" theo bảng sau:")
            grid = d.add_table(rows=3, cols=3)
            for r, row in enumerate(
                [["Vùng", "Mầm non", "Tiểu học"], ["Phường", "300.000", "0"], ["Xã", "100.000", "0"]]
            ):
                for c, value in enumerate(row):
                    grid.rows[r].cells[c].text = value
            d.add_paragraph("1. Áp dụng từ năm học 2027-2028:")
            d.add_paragraph("a) Trẻ em mầm non;")
            d.add_paragraph("đ) Học viên giáo dục thường xuyên.")
        if n == 4:
            d.add_paragraph("Sơ đồ các vùng:")
            d.add_paragraph().add_run().add_picture(png())
        if n == 5:
            p = d.add_paragraph("Giảm 50% học phí cho học sinh vùng khó khăn.")
            d.add_comment(p.runs, text="Sở Tài chính: xem lại tỷ lệ", author="Chuyên viên")
        if n == 6:
            p = d.add_paragraph("Mức hỗ trợ ")
            inserted = OxmlElement("w:ins")
            inserted.set(qn("w:id"), "1")
            inserted.set(qn("w:author"), "Pháp chế")
            run = OxmlElement("w:r")
            text = OxmlElement("w:t")
            text.text = "150.000 đồng"
            run.append(text)
            inserted.append(run)
            p._p.append(inserted)
            deleted = OxmlElement("w:del")
            deleted.set(qn("w:id"), "2")
            deleted.set(qn("w:author"), "Pháp chế")
            run = OxmlElement("w:r")
            gone = OxmlElement("w:delText")
            gone.text = "100.000 đồng"
            run.append(gone)
            deleted.append(run)
            p._p.append(deleted)
            p.add_run("/tháng.")
    d.styles["Normal"].font.size = Pt(13)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_the_structure_is_kept_and_what_is_dropped_is_listed():
    result = convert(nghi_quyet(), "du-thao.docx")
    md = result.markdown
    assert result.articles == 10
    assert "## Chương I. QUY ĐỊNH CHUNG" in md and "## Chương II. MỨC HỌC PHÍ VÀ CHÍNH SÁCH" in md
    assert "### Điều 1. Phạm vi điều chỉnh" in md and "### Điều 10. Hiệu lực thi hành" in md
    assert "1\\. Nghị quyết này quy định mức học phí." in md  # a clause, never a renumbered list
    assert "a) Trẻ em mầm non;" in md and "đ) Học viên giáo dục thường xuyên." in md
    assert "| Vùng | Mầm non | Tiểu học |" in md and "| Phường | 300.000 | 0 |" in md
    assert "Mức học phí *tối đa* theo bảng sau:" in md
    assert "Mức hỗ trợ 150.000 đồng/tháng." in md and "100.000 đồng/tháng" not in md  # changes accepted
    warnings = "\n".join(result.warnings)
    assert "ảnh" in warnings and "Điều 4" in warnings
    assert "nhận xét (comment)" in warnings and "Điều 5" in warnings
    assert "thay đổi được theo dõi" in warnings


@pytest.mark.parametrize(
    "data, message",
    [
        (b"not a zip at all", "không phải là tệp Word .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Word 97-2003 (.doc)"),
        ("zip-without-document", "thiếu phần nội dung"),
        ("broken-xml", "bị hỏng"),
    ],
    ids=["not-zip", "doc", "no-document", "broken-xml"],
)
def test_a_damaged_file_gives_a_vietnamese_message(data, message):
    if data == "zip-without-document":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("hello.txt", "x")
        data = out.getvalue()
    elif data == "broken-xml":
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(nghi_quyet())) as source, zipfile.ZipFile(out, "w") as z:
            for item in source.infolist():
                content = source.read(item.filename)
                z.writestr(item, content[: len(content) // 2] if item.filename == "word/document.xml" else content)
        data = out.getvalue()
    with pytest.raises(WordError, match=re.escape(message)):
        convert(data, "du-thao.docx")


def test_import_writes_the_next_version_and_the_site_shows_its_articles(tmp_path, capsys, monkeypatch):
    draft = base_draft(consultations=[{"subject": "draft", "opens": date(2026, 11, 1), "closes": date(2026, 11, 30)}])
    write_site(tmp_path, {"hoc-phi": draft}, files={"hoc-phi/versions/1.md": "### Điều 1. Một\nMột.\n"})
    word = tmp_path / "du-thao-lan-2.docx"
    word.write_bytes(nghi_quyet())
    monkeypatch.chdir(tmp_path)
    code = main(["import", "hoc-phi", str(word), "--date", "2026-10-20", "--note", "Tiếp thu ý kiến Sở Tư pháp."])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "Đã viết drafts/hoc-phi/versions/2.md (Dự thảo lần 2): 10 điều." in out.out
    assert "Cảnh báo:" in out.out and "ảnh" in out.out
    text = (tmp_path / "drafts/hoc-phi/versions/2.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Dự thảo lần 2\ndate: '2026-10-20'\nnote: Tiếp thu ý kiến Sở Tư pháp.\n---\n")
    result = build(tmp_path, at="2026-11-10T09:00:00+07:00")
    assert result.ok, result.output
    page = result.html("du-thao/hoc-phi/phien-ban/2/")
    assert [s["id"] for s in page.select("[data-article]")] == [f"dieu-{n}" for n in range(1, 11)]
    assert page.select_one("#dieu-1-khoan-2").get_text().startswith("2. Nghị quyết không áp dụng")
    assert page.select_one("#dieu-3-khoan-1-diem-dd").get_text().startswith("đ) Học viên")
    assert page.select_one("#dieu-3 table")
    assert [a["data-comment-article"] for a in page.select("[data-comment-article]")][:2] == ["dieu-1", "dieu-2"]
    # A second import with the same date order problem is refused before anything is written.
    code = main(["import", "hoc-phi", str(word), "--date", "2026-10-01"])
    assert code == 2 and "phiên bản 3 ghi ngày trước phiên bản 2" in capsys.readouterr().err
    assert not (tmp_path / "drafts/hoc-phi/versions/3.md").exists()


def test_import_refuses_a_corrupt_file_with_a_message(tmp_path, capsys, monkeypatch):
    write_site(tmp_path, {"hoc-phi": base_draft()})
    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"PK\x03\x04 broken")
    monkeypatch.chdir(tmp_path)
    assert main(["import", "hoc-phi", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "hong.docx" in err and "Traceback" not in err
    assert not (tmp_path / "drafts/hoc-phi/versions").exists()


def test_word_automatic_numbering_and_heading_styles_are_written_as_text():
    d = docx.Document()
    d.add_heading("Chương I", level=1)
    d.add_heading("Điều 1. Phạm vi", level=2)
    d.add_paragraph("Khoản tự động một", style="List Number")
    d.add_paragraph("Khoản tự động hai", style="List Number")
    d.add_paragraph("gạch đầu dòng", style="List Bullet")
    d.add_paragraph("gạch hai", style="List Bullet")
    out = io.BytesIO()
    d.save(out)
    md = convert(out.getvalue()).markdown
    assert "## Chương I\n\n### Điều 1. Phạm vi\n" in md
    assert "1\\. Khoản tự động một\n\n2\\. Khoản tự động hai" in md
    assert "- gạch đầu dòng\n- gạch hai" in md
