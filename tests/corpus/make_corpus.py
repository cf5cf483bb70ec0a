"""Regenerate tests/corpus/{bad,good}/<case>/ (index.md + attachments); expected.yml is kept by hand.

Run: python3 tests/corpus/make_corpus.py  (rewrites every case folder listed below)."""

import codecs
import shutil
import unicodedata
from pathlib import Path

CORPUS = Path(__file__).resolve().parent
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"

FRONT = """\
---
title: Nghị quyết quy định mức thu học phí
summary: Dự thảo quy định mức thu học phí năm học 2026-2027.
published: 2026-10-01
document_type: nghi-quyet-hdnd-tinh
agency: so-gddt
fields: [giao-duc]
criteria:
  proposal_required: true
  rights_obligations: true
  public_concern: true
  wide_impact: true
consultations:
  - subject: draft
    opens: 2026-11-01
    closes: 2026-11-30
---
"""
BODY = """
## Sự cần thiết ban hành chính sách

Học phí hiện hành hết hiệu lực; cần quy định mức mới cho năm học tới.

## Nội dung cơ bản của chính sách

Mức học phí theo vùng và cấp học.

## Nội dung mới hoặc sửa đổi, bổ sung, bãi bỏ

Bổ sung mức hỗ trợ cho học sinh trường tư thục.
"""
BASE = FRONT + BODY
END = "    closes: 2026-11-30\n---\n"  # the last field and the closing fence


def sub(old, new, text=BASE, count=1):
    assert text.count(old) >= 1, old
    return text.replace(old, new, count)


def add(extra, text=BASE):
    """Append top-level front matter lines before the closing fence."""
    return sub(END, END[:-4] + extra.rstrip("\n") + "\n---\n", text)


def cp1258(text):
    """Encode as a Windows-1258 editor would (precomposed base letters + combining tone marks)."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        for i in range(1, len(d)):
            base = unicodedata.normalize("NFC", d[0] + d[i])
            rest = d[1:i] + d[i + 1 :]
            try:
                out += base.encode("cp1258") + rest.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            out += d.encode("cp1258")
    return out


NO_ROUNDS = "consultations:\n  - subject: draft\n    opens: 2026-11-01\n    closes: 2026-11-30\n"

BAD = {
    # -- the file and its front matter -------------------------------------------------------
    "yaml-unquoted-colon": sub("title: Nghị quyết quy định", "title: Nghị quyết: quy định"),
    "yaml-unclosed-bracket": sub("fields: [giao-duc]", "fields: [giao-duc"),
    "yaml-unclosed-quote": sub(
        "title: Nghị quyết quy định mức thu học phí", 'title: "Nghị quyết quy định mức thu học phí'
    ),
    "yaml-indent-deeper": sub("  rights_obligations: true", "   rights_obligations: true"),
    "yaml-indent-shallower": sub("  rights_obligations: true", " rights_obligations: true"),
    "yaml-tab-indent": sub("  rights_obligations: true", "\trights_obligations: true"),
    "yaml-duplicate-key": sub("published: 2026-10-01\n", "published: 2026-10-01\ntitle: Nghị quyết học phí\n"),
    "empty-file": b"",
    "front-matter-only": FRONT,
    "no-front-matter": BODY.lstrip("\n"),
    "front-matter-unclosed": sub("---\n\n## Sự cần thiết", "\n## Sự cần thiết"),
    "front-matter-list": "---\n- title: Nghị quyết quy định mức thu học phí\n- published: 2026-10-01\n---\n" + BODY,
    "encoding-utf16": codecs.BOM_UTF16_LE + BASE.encode("utf-16-le"),
    "encoding-utf16-no-bom": BASE.encode("utf-16-le"),
    "encoding-cp1258": cp1258(BASE),
    "encoding-cp1258-in-body": BASE[: BASE.index("Bổ sung mức")].encode("utf-8")
    + cp1258(BASE[BASE.index("Bổ sung mức") :]),
    "nul-byte": sub("năm học 2026-2027.", "năm học 2026-2027.\x00").encode("utf-8"),
    # -- required fields ---------------------------------------------------------------------
    "missing-title": sub("title: Nghị quyết quy định mức thu học phí\n", ""),
    "missing-summary": sub("summary: Dự thảo quy định mức thu học phí năm học 2026-2027.\n", ""),
    "missing-published": sub("published: 2026-10-01\n", ""),
    "missing-document-type": sub("document_type: nghi-quyet-hdnd-tinh\n", ""),
    "missing-agency": sub("agency: so-gddt\n", ""),
    "missing-fields": sub("fields: [giao-duc]\n", ""),
    "missing-criteria": sub(
        "criteria:\n  proposal_required: true\n  rights_obligations: true\n"
        "  public_concern: true\n  wide_impact: true\n",
        "",
    ),
    "title-empty": sub("title: Nghị quyết quy định mức thu học phí", 'title: ""'),
    "title-too-long": sub(
        "title: Nghị quyết quy định mức thu học phí",
        "title: Nghị quyết quy định mức thu học phí" + " và các khoản thu dịch vụ giáo dục" * 8,
    ),
    "title-as-list": sub(
        "title: Nghị quyết quy định mức thu học phí",
        "title:\n  - Nghị quyết quy định mức thu học phí\n  - năm học 2026-2027",
    ),
    "unknown-top-field-typo": sub("summary:", "sumary:"),
    # -- registry keys -----------------------------------------------------------------------
    "unknown-document-type": sub("document_type: nghi-quyet-hdnd-tinh", "document_type: nghi-quyet-hdnd"),
    "unknown-agency": sub("agency: so-gddt", "agency: so-gd-dt"),
    "unknown-field-key": sub("fields: [giao-duc]", "fields: [giao-duc, y-tế]"),
    "fields-duplicate": sub("fields: [giao-duc]", "fields: [giao-duc, y-te, giao-duc]"),
    "fields-comma-no-brackets": sub("fields: [giao-duc]", "fields: giao-duc, y-te"),
    "agency-as-list": sub("agency: so-gddt", "agency: [so-gddt]"),
    # -- criteria ----------------------------------------------------------------------------
    "criteria-missing-key": sub("  wide_impact: true\n", ""),
    "criteria-not-boolean": sub("public_concern: true", "public_concern: có"),
    "criteria-unknown-key": sub("wide_impact: true", "wide_impacts: true"),
    # -- dates and windows -------------------------------------------------------------------
    "date-impossible": sub("published: 2026-10-01", "published: 2026-02-30"),
    "date-free-text": sub("published: 2026-10-01", "published: ngày 1 tháng 10 năm 2026"),
    "window-closes-before-opens": sub("closes: 2026-11-30", "closes: 2026-10-25"),
    "window-too-short": sub("closes: 2026-11-30", "closes: 2026-11-20"),
    "extended-before-closes": sub("closes: 2026-11-30", "closes: 2026-11-30\n    extended_to: 2026-11-20"),
    "rounds-overlap": sub(
        "  - subject: draft\n",
        "  - subject: proposal\n    opens: 2026-10-05\n    closes: 2026-11-05\n  - subject: draft\n",
    ),
    "window-opens-before-published": sub("published: 2026-10-01", "published: 2026-11-15"),
    "subject-unknown": sub("subject: draft", "subject: du-thao"),
    # -- links -------------------------------------------------------------------------------
    "form-not-https": sub(END, "    closes: 2026-11-30\n    form: http://forms.gle/hocphi2026\n---\n"),
    "form-host-not-allowed": sub(
        END, "    closes: 2026-11-30\n    form: https://gopy.sgddt.example.gov.vn/hoc-phi\n---\n"
    ),
    "email-invalid": sub(END, "    closes: 2026-11-30\n    email: gopy@sgddt\n---\n"),
    "document-file-and-url": add(
        "documents:\n  - {title: Dự thảo Nghị quyết, file: du-thao.pdf, url: https://sgddt.example.gov.vn/du-thao.pdf}"
    ),
    "document-no-file-no-url": add(
        "documents:\n  - {title: Dự thảo Nghị quyết, file: du-thao.pdf}\n  - {title: Tờ trình}"
    ),
    "attachment-missing": add("documents:\n  - {title: Dự thảo Nghị quyết, file: du-thao.pdf}"),
    "attachment-listed-twice": add(
        "documents:\n  - {title: Dự thảo Nghị quyết, file: du-thao.pdf}\n  - {title: Tờ trình, file: du-thao.pdf}"
    ),
    "document-javascript-url": add('documents:\n  - {title: Tờ trình, url: "javascript:alert(1)"}'),
    "adoption-http-url": add(
        "adoption:\n  date: 2026-12-20\n  number: 15/2026/NQ-HĐND\n  url: http://vbpl.example.gov.vn/15-2026-nq-hdnd"
    ),
    # -- response, withdrawal, events, contact -----------------------------------------------
    "response-accepted-exceeds-received": add("response:\n  published: 2026-12-10\n  received: 12\n  accepted: 20"),
    "response-before-window-closes": add("response:\n  published: 2026-11-20\n  received: 12\n  accepted: 5"),
    "response-without-consultation": sub(
        NO_ROUNDS, "response:\n  published: 2026-11-20\n  received: 12\n  accepted: 5\n"
    ),
    "withdrawn-without-reason": add("withdrawn: {date: 2026-11-20}"),
    "event-ends-before-start": add(
        "events:\n  - title: Hội nghị lấy ý kiến\n    start: 2026-11-15T14:00\n"
        "    end: 2026-11-15T11:00\n    location: Hội trường Sở"
    ),
    "phone-unquoted": add("contact:\n  name: Phòng Kế hoạch - Tài chính\n  phone: 0276312345"),
    # -- body --------------------------------------------------------------------------------
    "section-missing": sub("## Nội dung cơ bản của chính sách\n\nMức học phí theo vùng và cấp học.\n\n", ""),
    "section-empty-comment": sub(
        "Mức học phí theo vùng và cấp học.", "<!-- Nội dung cơ bản của từng chính sách, viết ngắn gọn, dễ hiểu. -->"
    ),
    "section-empty-multiline-comment": sub(
        "Mức học phí theo vùng và cấp học.", "<!--\nNội dung cơ bản của từng chính sách,\nviết ngắn gọn, dễ hiểu.\n-->"
    ),
    "section-heading-level-3": sub("## Nội dung cơ bản", "### Nội dung cơ bản"),
    # -- folders -----------------------------------------------------------------------------
    "Hoc_Phi": BASE,
    "no-index-md": None,
    "attachments-differ-by-case": add("documents:\n  - {title: Dự thảo Nghị quyết, file: du-thao.pdf}"),
    "body-script": sub(
        "Học phí hiện hành hết hiệu lực; cần quy định mức mới cho năm học tới.",
        "Học phí hiện hành hết hiệu lực.\n\n<script>alert('x')</script>",
    ),
    "body-javascript-link": sub(
        "Mức học phí theo vùng và cấp học.",
        "Mức học phí theo vùng và cấp học, xem [bảng mức thu](javascript:alert(1)).",
    ),
    # -- safety (design principle 8) --------------------------------------------------------
    "yaml-alias": sub(
        "summary: Dự thảo quy định mức thu học phí năm học 2026-2027.",
        "summary: &tom Dự thảo quy định mức thu học phí năm học 2026-2027.\nnote: *tom",
    ),
    "text-control-escape": sub(
        "title: Nghị quyết quy định mức thu học phí", 'title: "Nghị quyết quy định mức thu học phí\\x1b[31m"'
    ),
    "text-control-raw": sub("Mức học phí theo vùng và cấp học.", "Mức học phí theo vùng\x07 và cấp học."),
    "date-day-month-year": sub("published: 2026-10-01", "published: 01/10/2026"),
    "date-year-out-of-range": sub("published: 2026-10-01", "published: 9999-10-01"),
    "form-backslash-host": sub(END, '    closes: 2026-11-30\n    form: "https://forms.gle\\\\@evil.example/"\n---\n'),
    "form-userinfo-host": sub(END, "    closes: 2026-11-30\n    form: https://forms.gle@evil.example/x\n---\n"),
    "attachment-html": BASE,
    "attachment-svg": BASE,
    "attachment-markdown": BASE,
    "attachment-not-a-pdf": add("documents:\n  - {title: Dự thảo Nghị quyết, file: du-thao.pdf}"),
    "attachment-in-subfolder": BASE,
    "body-attr-list-onclick": sub(
        "Mức học phí theo vùng và cấp học.", 'Mức học phí theo vùng và cấp học.\n{: onclick="alert(1)" }'
    ),
    "body-base-and-meta": sub(
        "Mức học phí theo vùng và cấp học.",
        'Mức học phí theo vùng và cấp học.\n\n<base href="https://evil.example/">\n'
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    ),
    "body-third-party-image": sub(
        "Mức học phí theo vùng và cấp học.",
        "Mức học phí theo vùng và cấp học.\n\n![biểu đồ](https://evil.example/p.png)",
    ),
    "body-forged-button": sub(
        "Mức học phí theo vùng và cấp học.",
        'Mức học phí theo vùng và cấp học.\n\n<a href="https://forms.gle/gia" '
        'class="md-button md-button--primary" data-comment-form>Gửi góp ý</a>',
    ),
    "body-reference-link": sub(
        "Mức học phí theo vùng và cấp học.",
        "Mức học phí theo vùng và [cấp học][bang].\n\n[bang]: &#106;avascript:alert(1)",
    ),
    "version-script": BASE,
    # -- an editor's first draft: every problem in one run (issue #19) -------------------------
    "yaml-missing-colon": sub("title: Nghị quyết", "title Nghị quyết"),
    "yaml-backtick": sub("summary: Dự thảo", "summary: `Dự thảo`"),
    "fields-by-name": sub("fields: [giao-duc]", "fields: [Giáo dục]"),
    "agency-by-name": sub("agency: so-gddt", "agency: Sở Y tế"),
    "document-type-by-name": sub("document_type: nghi-quyet-hdnd-tinh", "document_type: Nghị quyết HĐND tỉnh"),
    "index-capitalised": None,
    "index-md-txt": None,
    "attachment-text-as-pdf": add("documents:\n  - {title: Dự thảo Nghị quyết, file: du-thao.pdf}"),
    "first-draft-one-round": add(
        "documents:\n  - {title: Dự thảo Nghị quyết, file: du-thao.pdf}",
        sub(
            "summary: Dự thảo quy định mức thu học phí năm học 2026-2027.",
            "sumary: Dự thảo quy định mức thu học phí năm học 2026-2027.",
            sub(
                "published: 2026-10-01",
                "published: 01/10/2026",
                sub(
                    "fields: [giao-duc]",
                    "fields: [giao-duc",
                    sub("## Nội dung cơ bản của chính sách\n\nMức học phí theo vùng và cấp học.\n\n", ""),
                ),
            ),
        ),
    ),
}

FILES = {
    "document-file-and-url": {"du-thao.pdf": PDF},
    "document-no-file-no-url": {"du-thao.pdf": PDF},
    "attachment-listed-twice": {"du-thao.pdf": PDF},
    "attachments-differ-by-case": {"du-thao.pdf": PDF, "Du-thao.pdf": PDF},
    "no-index-md": {"README.txt": b"Du thao hoc phi: ban nhap, chua co index.md.\n"},
    "attachment-html": {"bang-muc-thu.html": b"<script>alert(1)</script>"},
    "attachment-svg": {"ban-do.svg": b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"},
    "attachment-markdown": {"ghi-chu.md": "# Ghi chú\n".encode()},
    "attachment-not-a-pdf": {"du-thao.pdf": b"<html><script>alert(1)</script></html>"},
    "attachment-in-subfolder": {"phu-luc/bang.pdf": PDF},
    "version-script": {"versions/1.md": "Điều 1. Phạm vi.\n\n<script>alert(1)</script>\n".encode()},
    "index-capitalised": {"Index.md": BASE.encode()},
    "index-md-txt": {"index.md.txt": sub("## Nội dung cơ bản của chính sách", "## Nội dung chính").encode()},
    "attachment-text-as-pdf": {"du-thao.pdf": "Dự thảo Nghị quyết (bản gõ tạm).\n".encode()},
    "first-draft-one-round": {"du-thao.pdf": "Dự thảo Nghị quyết (bản gõ tạm).\n".encode()},
}

GOOD_FRONT = FRONT  # every good case starts from the valid draft

GOOD = {
    "utf8-bom": codecs.BOM_UTF8 + add("documents:\n  - {title: Dự thảo Nghị quyết, file: du-thao.pdf}").encode(),
    "crlf-line-endings": BASE.replace("\n", "\r\n").encode("utf-8"),
    "nfd-vietnamese": unicodedata.normalize("NFD", BASE).encode("utf-8"),
    "fields-single-string": sub("fields: [giao-duc]", "fields: giao-duc").encode("utf-8"),
    "datetimes-utc-z": sub(
        "    opens: 2026-11-01\n    closes: 2026-11-30\n",
        "    opens: 2026-10-31T17:00:00Z\n    closes: 2026-12-01T16:59:59Z\n",
        sub("published: 2026-10-01", "published: 2026-09-30T17:00:00Z"),
    ).encode("utf-8"),
    "mailto-links": add(
        'documents:\n  - {title: Đăng ký nhận dự thảo qua thư, url: "mailto:vanthu@sgddt.example.gov.vn"}\n'
        "events:\n  - title: Đối thoại với phụ huynh\n    start: 2026-11-20T08:00\n"
        '    end: 2026-11-20T11:00\n    url: "mailto:gopy@sgddt.example.gov.vn?subject=Dang%20ky"'
    ).encode(),
}
GOOD_FILES = {"utf8-bom": {"du-thao.pdf": PDF}}


def write(kind, cases, files):
    root = CORPUS / kind
    for case, content in cases.items():
        folder = root / case
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        if content is not None:
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            (folder / "index.md").write_bytes(data)
        for name, blob in files.get(case, {}).items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(blob)


write("bad", BAD, FILES)
write("good", GOOD, GOOD_FILES)
print(len(BAD), "bad,", len(GOOD), "good")
