"""Parsing and validating drafts: every problem, with its line, field and fix."""

from datetime import date

import pytest
from sitekit import SECTIONS_BODY, base_draft, parse


def problems_of(front, **kwargs):
    draft, problems = parse(front, **kwargs)
    assert draft is None, "an invalid draft must not be returned"
    return problems


def only(problems, field):
    found = [p for p in problems if p.field == field]
    assert found, f"no problem on {field}: {[str(p) for p in problems]}"
    return found[0]


def test_valid_draft_parses():
    draft, problems = parse(base_draft())
    assert problems == []
    assert draft.title == "Nghị quyết quy định mức thu học phí"
    assert draft.criteria.all_four
    assert draft.rounds[0].days == 30


def test_all_problems_reported_at_once_with_lines():
    text = (
        """---
title: Học phí
summary: Tóm tắt.
published: 2026-10-01
document_type: nghi-quyet
agency: so-gd
fields: [giao-duc]
criteria:
  proposal_required: true
  rights_obligations: yes please
  public_concern: true
consultations:
  - subject: draft
    opens: 2026-11-30
    closes: 2026-11-01
---
"""
        + SECTIONS_BODY
    )
    problems = problems_of(text)
    rendered = [str(p) for p in problems]
    assert any(
        r.startswith(
            "drafts/hoc-phi/index.md:5: document_type: 'nghi-quyet' không có trong danh sách "
            "loại văn bản của trang (có phải 'nghi-quyet-hdnd-tinh'?)"
        )
        for r in rendered
    ), rendered
    assert any(
        r.startswith(
            "drafts/hoc-phi/index.md:6: agency: 'so-gd' không có trong danh sách cơ quan của trang (có phải 'so-gddt'?)"
        )
        for r in rendered
    ), rendered
    assert only(problems, "criteria.rights_obligations").line == 10
    assert only(problems, "criteria.wide_impact").message == "còn thiếu"
    closes = only(problems, "consultations[0].closes")
    assert closes.line == 15 and "trước ngày bắt đầu" in closes.message
    assert len(problems) >= 5


def test_problem_string_format():
    problems = problems_of(base_draft(agency="so-gd"))
    assert str(problems[0]) == (
        "drafts/hoc-phi/index.md:6: agency: 'so-gd' không có trong danh sách cơ quan của trang (có phải 'so-gddt'?)"
    )


@pytest.mark.parametrize("key", ["title", "summary", "published", "document_type", "agency", "fields", "criteria"])
def test_required_fields(key):
    problem = only(problems_of(base_draft(**{key: None})), key)
    assert problem.message == "còn thiếu" and problem.fix


def test_unknown_field_suggests_the_closest():
    front = base_draft()
    front["sumary"] = "typo"
    problem = only(problems_of(front), "sumary")
    assert problem.message == "trường 'sumary' không có trong mẫu" and "summary" in problem.fix


def test_short_window_without_reason():
    problem = only(
        problems_of(
            base_draft(consultations=[{"subject": "draft", "opens": date(2026, 11, 1), "closes": date(2026, 11, 20)}])
        ),
        "consultations[0].closes",
    )
    assert "dài 20 ngày, ngắn hơn thời hạn tối thiểu 30 ngày" in problem.message
    assert "2026-11-30" in problem.fix and "shortened_reason" in problem.fix


def test_form_must_be_https_on_a_listed_host():
    bad_scheme = only(
        problems_of(
            base_draft(
                consultations=[
                    {
                        "subject": "draft",
                        "opens": date(2026, 11, 1),
                        "closes": date(2026, 11, 30),
                        "form": "http://forms.gle/x",
                    }
                ]
            )
        ),
        "consultations[0].form",
    )
    assert "https" in bad_scheme.message
    bad_host = only(
        problems_of(
            base_draft(
                consultations=[
                    {
                        "subject": "draft",
                        "opens": date(2026, 11, 1),
                        "closes": date(2026, 11, 30),
                        "form": "https://evil.example.com/form",
                    }
                ]
            )
        ),
        "consultations[0].form",
    )
    assert "evil.example.com" in bad_host.message and "comment_form_hosts" in bad_host.fix


def test_subdomain_of_allowed_host_is_allowed():
    _draft, problems = parse(
        base_draft(
            consultations=[
                {
                    "subject": "draft",
                    "opens": date(2026, 11, 1),
                    "closes": date(2026, 11, 30),
                    "form": "https://sub.forms.office.com/r/abc",
                }
            ]
        )
    )
    assert problems == []


def test_javascript_links_are_refused():
    problem = only(
        problems_of(base_draft(documents=[{"title": "X", "url": "javascript:alert(1)"}])), "documents[0].url"
    )
    assert "https" in problem.message


def test_missing_section():
    body = SECTIONS_BODY.replace("## Nội dung cơ bản của chính sách", "## Something else")
    _draft, problems = parse(base_draft(), body=body)
    problem = only(problems, "nội dung")
    assert "Nội dung cơ bản của chính sách" in problem.message


def test_section_heading_may_carry_the_full_legal_wording():
    body = SECTIONS_BODY.replace(
        "## Sự cần thiết ban hành chính sách",
        "## Sự cần thiết ban hành chính sách; mục đích, quan điểm xây dựng chính sách",
    )
    assert parse(base_draft(), body=body)[1] == []


def test_duplicate_attachment():
    problems = problems_of(
        base_draft(documents=[{"title": "A", "file": "du-thao.pdf"}, {"title": "B", "file": "du-thao.pdf"}]),
        files=("du-thao.pdf",),
    )
    assert "đã được liệt kê ở documents[0]" in only(problems, "documents[1].file").message


def test_attachment_must_exist():
    problem = only(
        problems_of(base_draft(documents=[{"title": "A", "file": "du-thao.pdf"}]), files=("du-thao-v2.pdf",)),
        "documents[0].file",
    )
    assert "không có tệp 'du-thao.pdf' trong thư mục dự thảo" in problem.message and "du-thao-v2.pdf" in problem.fix


def test_bad_yaml_reports_the_line():
    text = "---\ntitle: Học phí\nsummary: a: b: c\n---\n" + SECTIONS_BODY
    problem = only(problems_of(text), "thông tin đầu tệp")
    assert problem.line == 3 and "phần thông tin đầu tệp viết sai" in problem.message


def test_tab_indentation():
    text = "---\ntitle: Học phí\ncriteria:\n\tproposal_required: true\n---\n" + SECTIONS_BODY
    problem = only(problems_of(text), "thông tin đầu tệp")
    assert problem.line == 4 and "không dùng Tab" in problem.fix


def test_duplicate_keys_are_an_error():
    text = "---\n" + "title: A\ntitle: B\n" + "---\n" + SECTIONS_BODY
    problem = only(problems_of(text), "title")
    assert "được viết hai lần (lần đầu ở dòng 2)" in problem.message and problem.line == 3


def test_nfd_text_is_normalised():
    import unicodedata

    title = unicodedata.normalize("NFD", "Học phí")
    draft, problems = parse(base_draft(title=title))
    assert not problems and draft.title == unicodedata.normalize("NFC", "Học phí")


def test_response_before_close_is_refused():
    problem = only(problems_of(base_draft(response={"published": date(2026, 11, 10)})), "response.published")
    assert "ghi ngày trước khi đợt lấy ý kiến kết thúc (2026-11-30)" in problem.message


def test_phone_without_quotes_loses_zero():
    _draft, problems = parse(base_draft(contact={"phone": 2763822123}))
    assert "ngoặc kép" in only(problems, "contact.phone").fix
