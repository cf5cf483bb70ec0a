"""`policy-drafts comments import`: comments from Google Forms, Microsoft Forms and e-mail are
appended to the window's private table; a campaign is kept once with its count; nothing is lost
and nothing is published before the agency decides."""

from __future__ import annotations

import csv
import io
import mailbox
from datetime import date, datetime
from email.message import EmailMessage

import openpyxl
from policy_drafts.host.cli import main
from policy_drafts.read.comments import parse_comments
from sitekit import base_draft, build, write_site

CAMPAIGN = "Đề nghị giữ nguyên mức học phí năm học 2026-2027, không tăng."
GOOGLE = f"""Dấu thời gian,Họ và tên,Địa chỉ,Đối tượng,Điều góp ý,Nội dung góp ý,Đồng ý công khai tên,Địa chỉ email
2026/11/05 10:12:33 GMT+7,Nguyễn Văn An,"thôn 1, xã Hòn Mây",Cá nhân,Điều 2. Mức thu,"{CAMPAIGN}","Có, tôi đồng ý",an@example.com
2026/11/05 11:00:00 GMT+7,Trần Bình,phường Trung Tâm,Cá nhân,Điều 2,"{CAMPAIGN.upper()}",Không,binh@example.com
2026/11/06 08:00:00 GMT+7,Lê Châu,xã Núi Đá,Cá nhân,,"{CAMPAIGN}",Không,chau@example.com
2026/11/06 09:30:00 GMT+7,Trường Tiểu học Kim Đồng,phường Trung Tâm,Tổ chức,Điều 1 khoản 2,Cần nêu rõ đối tượng học viên.,Có,kimdong@example.com
2026/11/07 07:00:00 GMT+7,Phạm Dũng,,Cá nhân,Điều 1,,Không,
2026/11/07 08:00:00 GMT+7,Hacker,,Cá nhân,Chương IX,=HYPERLINK("https://evil.example"),Không,
"""


def site(tmp_path, comments: str | None = "y-kien.csv", plugin=None):
    window = {"subject": "draft", "opens": date(2026, 11, 1), "closes": date(2026, 11, 30)}
    if comments:
        window["comments"] = comments
    write_site(tmp_path, {"hoc-phi": base_draft(consultations=[window])}, plugin=plugin)
    return tmp_path / "drafts/hoc-phi"


def rows(path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_a_google_forms_export_is_appended_with_a_campaign_kept_once(tmp_path, capsys, monkeypatch):
    folder = site(tmp_path)
    source = tmp_path / "google.csv"
    source.write_text(GOOGLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["comments", "import", "hoc-phi", str(source), "--round", "1"]) == 0
    out = capsys.readouterr().out
    assert "Đã thêm 3 ý kiến vào drafts/hoc-phi/y-kien.csv; 2 ý kiến trùng nội dung được gộp" in out
    assert "dòng 6: không có nội dung góp ý, không nhập" in out  # reported with its line, not lost silently
    assert "dòng 7: không hiểu điều 'Chương IX'" in out
    table = rows(folder / "y-kien.csv")
    assert [r["Nội dung góp ý"] for r in table] == [
        CAMPAIGN,
        "Cần nêu rõ đối tượng học viên.",
        '\'=HYPERLINK("https://evil.example")',
    ]
    first = table[0]
    assert first["Số ý kiến giống nhau"] == "3" and first["Người gửi cùng nội dung"] == "Trần Bình; Lê Châu"
    assert first["Điều"] == "Điều 2" and first["Đồng ý công khai tên"] == "Có" and first["Công bố"] == "Không"
    assert first["Địa chỉ email"] == "an@example.com"  # a column the table did not have is kept, privately
    assert table[1]["Điều"] == "Điều 1 khoản 2"
    assert table[2]["Điều"] == "" and table[2]["Điều (như đã ghi)"] == "Chương IX"
    parsed, problems = parse_comments((folder / "y-kien.csv").read_bytes(), "x.csv")
    assert not problems and parsed is not None
    assert parsed.total == 5 and parsed.by_article == (("", 1), ("1", 1), ("2", 3))  # the campaign counts 3
    assert parsed.published == ()  # nothing is published before the agency decides
    # Imported again: the same texts are counted into their rows, nothing is added twice.
    assert main(["comments", "import", "hoc-phi", str(source)]) == 0
    again = rows(folder / "y-kien.csv")
    assert len(again) == 3 and again[0]["Số ý kiến giống nhau"] == "6"
    # The site builds with the table, and publishes no name, address or e-mail of it.
    result = build(tmp_path, at="2026-11-20T09:00:00+07:00")
    assert result.ok, result.output
    text = result.html("du-thao/hoc-phi/").get_text()
    assert "10 ý kiến" in text
    assert "Nguyễn Văn An" not in text and "an@example.com" not in text
    assert not list(result.site.rglob("y-kien.csv"))


def test_an_excel_export_with_the_sites_own_headings(tmp_path, capsys, monkeypatch):
    folder = site(tmp_path, plugin={"comment_columns": {"Ý kiến của Ông/Bà về dự thảo": "text", "Là": "kind"}})
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ID", "Start time", "Completion time", "Name", "Là", "Điều", "Ý kiến của Ông/Bà về dự thảo"])
    sheet.append([1, datetime(2026, 11, 3, 9), datetime(2026, 11, 3, 9, 5), "Đỗ Hoa", "Cá nhân", 3, "Nên tăng hỗ trợ."])
    sheet.append([2, datetime(2026, 11, 4, 9), datetime(2026, 11, 4, 9, 5), "Vũ Minh", None, None, "Đồng ý."])
    source = tmp_path / "microsoft.xlsx"
    book.save(source)
    monkeypatch.chdir(tmp_path)
    assert main(["comments", "import", "hoc-phi", str(source)]) == 0
    table = rows(folder / "y-kien.csv")
    assert [(r["Người góp ý"], r["Đối tượng"], r["Điều"], r["Nội dung góp ý"]) for r in table] == [
        ("Đỗ Hoa", "Cá nhân", "Điều 3", "Nên tăng hỗ trợ."),
        ("Vũ Minh", "Chưa phân loại", "", "Đồng ý."),
    ]
    assert table[0]["Ngày nhận"] == "03/11/2026 09:05"


def mail(sender: str, subject: str, body: str, day: int) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "gopy@sgddt.example.gov.vn"
    message["Subject"] = subject
    message["Date"] = f"Thu, {day:02d} Nov 2026 03:00:00 +0000"
    message.set_content(body)
    return message


def test_emails_from_a_mailbox_and_a_single_message(tmp_path, capsys, monkeypatch):
    folder = site(tmp_path)
    box_path = tmp_path / "gopy.mbox"
    box = mailbox.mbox(box_path)
    box.add(
        mail(
            "Hoàng Lan <lan@example.com>",
            "Góp ý dự thảo hoc-phi: Điều 2",
            "Mức thu nên giữ nguyên.\n\n> trích thư cũ",
            5,
        )
    )
    box.add(mail("minh@example.com", "Ý kiến về dự thảo", "Đề nghị bổ sung Điều 4 về công khai.", 6))
    box.flush()
    box.close()
    single = tmp_path / "thu.eml"
    single.write_bytes(mail("Ngô Tú <tu@example.com>", "Re: Điều 1 khoản 2", "Đồng ý.", 7).as_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["comments", "import", "hoc-phi", str(box_path)]) == 0
    assert main(["comments", "import", "hoc-phi", str(single)]) == 0
    table = rows(folder / "y-kien.csv")
    assert [(r["Người góp ý"], r["Điều"], r["Nội dung góp ý"]) for r in table] == [
        ("Hoàng Lan", "Điều 2", "Mức thu nên giữ nguyên."),
        ("minh@example.com", "", "Đề nghị bổ sung Điều 4 về công khai."),
        ("Ngô Tú", "Điều 1 khoản 2", "Đồng ý."),
    ]
    assert table[0]["Ngày nhận"] == "05/11/2026 10:00" and table[0]["Thư điện tử"] == "lan@example.com"
    assert all(r["Đối tượng"] == "Chưa phân loại" and r["Đồng ý công khai tên"] == "Không" for r in table)


def test_clear_messages_without_a_table_or_for_a_bad_file(tmp_path, capsys, monkeypatch):
    site(tmp_path, comments=None)
    source = tmp_path / "google.csv"
    source.write_text(GOOGLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["comments", "import", "hoc-phi", str(source)]) == 2
    assert "chưa có bảng ý kiến: thêm dòng comments: y-kien-dot-1.csv" in capsys.readouterr().err
    (tmp_path / "drafts/hoc-phi/index.md").write_text(
        (tmp_path / "drafts/hoc-phi/index.md")
        .read_text()
        .replace("closes: 2026-11-30", "closes: 2026-11-30\n  comments: y-kien-dot-1.csv"),
        encoding="utf-8",
    )
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    assert main(["comments", "import", "hoc-phi", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "không đọc được tệp Excel .xlsx" in err and "Traceback" not in err
    no_text = tmp_path / "khac.csv"
    no_text.write_text("Tên,Tuổi\nA,3\n", encoding="utf-8")
    assert main(["comments", "import", "hoc-phi", str(no_text)]) == 2
    assert "không thấy cột nội dung góp ý" in capsys.readouterr().err
    # The table named in index.md but not made yet: the import makes it.
    assert main(["comments", "import", "hoc-phi", str(source)]) == 0
    assert (tmp_path / "drafts/hoc-phi/y-kien-dot-1.csv").is_file()


# -- the report ---------------------------------------------------------------------------------

TABLE = """Ngày nhận,Người góp ý,Địa chỉ,Đối tượng,Điều,Nội dung góp ý,Tiếp thu,Giải trình,Công bố,Đồng ý công khai tên,Số ý kiến giống nhau
02/11/2026,Nguyễn Văn An,xã Hòn Mây,Cá nhân,Điều 2,Giữ nguyên mức thu.,Không,Mức thu đã tính theo chỉ số giá.,Có,Có,12
03/11/2026,Trần Thị Bí Mật,phường Trung Tâm,Cá nhân,Điều 1 khoản 2,Thêm học viên.,Có,Đã bổ sung.,Không,Không,1
04/11/2026,Sở Tài chính,,Cơ quan nhà nước,,Đồng ý với dự thảo.,Có,,Có,Có,1
"""


def test_the_report_is_a_word_document_an_independent_reader_reads(tmp_path, capsys, monkeypatch):
    import mammoth
    from bs4 import BeautifulSoup

    folder = site(tmp_path)
    (folder / "y-kien.csv").write_text(TABLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "bao-cao.docx"
    assert main(["comments", "report", "hoc-phi", "--round", "1", "-o", str(out)]) == 0
    assert f"Đã viết {out}: 3 dòng, 14 ý kiến." in capsys.readouterr().out
    with out.open("rb") as f:
        html = mammoth.convert_to_html(f).value
    soup = BeautifulSoup(html, "lxml")
    text = soup.get_text(" ")
    assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Tổng hợp, tiếp thu, giải trình ý kiến góp ý đối với dự thảo Nghị quyết quy định mức thu học phí" in text
    assert "từ ngày 01/11/2026 đến hết ngày 30/11/2026" in text
    assert "Tổng số ý kiến nhận được: 14." in text
    tables = soup.select("table")
    counts = {
        tuple(td.get_text(" ", strip=True) for td in tr.select("td")) for t in tables[1:4] for tr in t.select("tr")
    }
    assert ("Cá nhân", "13") in counts and ("Cơ quan nhà nước", "1") in counts
    assert ("Điều 2", "12") in counts and ("Góp ý chung cho cả dự thảo", "1") in counts
    main_table = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in tables[-1].select("tr")]
    assert main_table[0] == ["STT", "Điều", "Cơ quan, tổ chức, cá nhân", "Nội dung góp ý", "Tiếp thu, giải trình"]
    assert main_table[1] == ["1", "Chung", "Sở Tài chính", "Đồng ý với dự thảo.", "Tiếp thu"]
    assert main_table[2] == ["2", "Điều 1 khoản 2", "Cá nhân (ẩn danh)", "Thêm học viên.", "Tiếp thu: Đã bổ sung."]
    assert main_table[3][2] == "Nguyễn Văn An (12 ý kiến giống nhau)"
    assert main_table[3][4] == "Không tiếp thu: Mức thu đã tính theo chỉ số giá."
    assert "Bí Mật" not in text  # no name without consent, even in the agency's report


def test_the_report_needs_a_table(tmp_path, capsys, monkeypatch):
    site(tmp_path, comments=None)
    monkeypatch.chdir(tmp_path)
    assert main(["comments", "report", "hoc-phi", "-o", "bao-cao.docx"]) == 2
    assert "chưa có bảng ý kiến" in capsys.readouterr().err
