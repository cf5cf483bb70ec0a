"""Pages for everyone (issue #25): summaries in other languages, the loudspeaker announcement."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date, datetime

import pytest
from sitekit import base_draft, build_fixture, parse

# -- summaries in other languages ------------------------------------------------------------

HMONG = "Tsab cai no yog pab cov tub ntxhais kawm ntawv nyob tsev kawm ntawv."
TAY = "Dự thảo nầy quy định mức hỗ trợ tiền kin hẩu học sinh bán trú."


def test_summaries_are_read_per_language_in_the_editors_order():
    draft, problems = parse(base_draft(summaries={"tyz": TAY, "hmn": f"  {HMONG}\n"}))
    assert problems == [] and draft is not None
    assert draft.summaries == (("tyz", TAY), ("hmn", HMONG))


@pytest.mark.parametrize(
    "code, fix",
    [
        ("tay", "tiếng Tày có mã tyz"),
        ("th", "blt (Thái Đen) hoặc twh (Thái Trắng)"),
        ("vi", "summary"),
        ("xx", "hmn (tiếng Hmông (Mông))"),
    ],
)
def test_an_unknown_or_mistaken_language_code_is_refused_with_what_to_write(code, fix):
    draft, problems = parse(base_draft(summaries={"hmn": HMONG, code: "Văn bản."}))
    assert draft is None
    assert [p.field for p in problems] == [f"summaries.{code}"]
    assert fix in problems[0].fix and problems[0].line


def test_summaries_follow_the_rules_of_summary():
    draft, problems = parse(base_draft(summaries={"hmn": "x" * 601, "km": "", "tyz": ["a"]}))
    assert draft is None
    by_field = {p.field: p.message for p in problems}
    assert "tối đa 600" in by_field["summaries.hmn"]
    assert by_field["summaries.km"] == "đang để trống"
    assert "phải là văn bản" in by_field["summaries.tyz"]
    _, problems = parse(base_draft(summaries="Tóm tắt"))
    assert [p.field for p in problems] == ["summaries"]


def test_the_editors_template_and_json_schema_know_summaries():
    from policy_drafts.read.schema import LANGUAGES, json_schema, template

    assert "# summaries:" in template({}, {}, date(2026, 12, 7))
    schema = json_schema({})["properties"]["summaries"]
    assert schema["propertyNames"]["enum"] == list(LANGUAGES)
    assert schema["additionalProperties"]["maxLength"] == 600


# -- the loudspeaker announcement ------------------------------------------------------------


def test_numbers_and_dates_are_written_as_they_are_read_aloud():
    from zoneinfo import ZoneInfo

    from policy_drafts.model.clock import parse_moment
    from policy_drafts.publish.broadcast import date_words, deadline_words, number_words

    words = {0: "không", 5: "năm", 10: "mười", 11: "mười một", 15: "mười lăm", 21: "hai mươi mốt", 24: "hai mươi bốn"}
    words |= {30: "ba mươi", 105: "một trăm linh năm", 2000: "hai nghìn", 2005: "hai nghìn không trăm linh năm"}
    words |= {
        2026: "hai nghìn không trăm hai mươi sáu",
        2110: "hai nghìn một trăm mười",
        1975: "một nghìn chín trăm bảy mươi lăm",
    }
    assert {n: number_words(n) for n in words} == words
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    assert deadline_words(parse_moment(date(2026, 11, 30), zone, end_of_day=True)) == (
        "hết ngày ba mươi tháng mười một năm hai nghìn không trăm hai mươi sáu"
    )
    assert (
        date_words(parse_moment(date(2026, 4, 5), zone))
        == "ngày mùng năm tháng tư năm hai nghìn không trăm hai mươi sáu"
    )
    assert deadline_words(parse_moment(datetime(2026, 12, 1, 17, 30), zone)) == (
        "mười bảy giờ ba mươi phút ngày mùng một tháng mười hai năm hai nghìn không trăm hai mươi sáu"
    )


LONGEST = base_draft(
    title="Nghị quyết " + "quy định chính sách hỗ trợ học sinh bán trú " * 5,
    summary=("Dự thảo quy định mức hỗ trợ tiền ăn, tiền nhà ở cho học sinh bán trú ở xã vùng cao. " * 7)[:600],
    consultations=[
        {
            "subject": "draft",
            "opens": date(2026, 11, 1),
            "closes": date(2026, 11, 30),
            "email": "gopy@sgddt.example.gov.vn",
        }
    ],
    contact={"name": "Phòng Kế hoạch - Tài chính", "phone": "0276 3822 123"},
)
EVERYONE_DRAFTS = {
    "ban-tru": base_draft(
        title="Hỗ trợ học sinh bán trú <b>vùng cao</b>",
        summaries={"hmn": HMONG, "tyz": TAY},
        consultations=[
            {
                "subject": "draft",
                "opens": date(2026, 11, 1),
                "closes": date(2026, 11, 30),
                "email": "gopy@sgddt.example.gov.vn",
            }
        ],
    ),
    "dai-nhat": LONGEST,
    "da-ban-hanh": base_draft(
        title="Học phí năm học 2026-2027",
        published=date(2026, 5, 20),
        consultations=[{"subject": "draft", "opens": date(2026, 6, 1), "closes": date(2026, 6, 30)}],
        response={"published": date(2026, 7, 10), "received": 12, "accepted": 4},
        adoption={"date": date(2026, 7, 20), "number": "25/2026/NQ-HĐND"},
    ),
    "bi-mat": base_draft(title="Bí mật nhà nước", state_secret=True),
    "chua-cong-bo": base_draft(
        title="Chưa đến ngày công bố",
        published=date(2026, 12, 31),
        consultations=[{"subject": "draft", "opens": date(2027, 1, 5), "closes": date(2027, 2, 5)}],
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    result = build_fixture(tmp_path_factory.mktemp("everyone"), EVERYONE_DRAFTS, at="2026-11-20T09:00:00+07:00")
    assert result.ok, result.output
    return result


def test_the_draft_page_shows_each_summary_in_its_language_with_a_vietnamese_label(site):
    page = site.html("du-thao/ban-tru/")
    items = page.select(".pd-summaries [data-summary-lang]")
    assert [i["data-summary-lang"] for i in items] == ["hmn", "tyz"]
    for item, (code, text, label) in zip(
        items, [("hmn", HMONG, "Tóm tắt bằng tiếng Hmông (Mông)"), ("tyz", TAY, "Tóm tắt bằng tiếng Tày")], strict=True
    ):
        assert item.select_one(f'[lang="{code}"]').get_text() == text
        assert item.select_one(".pd-summaries__label").get_text() == label
        assert not item.select_one(".pd-summaries__label").find_parent(attrs={"lang": code})
    assert "Bản dịch do Sở Giáo dục và Đào tạo cung cấp" in page.select_one(".pd-summaries").get_text()
    assert not site.html("du-thao/dai-nhat/").select(".pd-summaries")  # nothing when there is none


def test_open_data_lists_the_summaries(site):
    data = json.loads(site.text("api/drafts.json"))
    records = {d["id"]: d for d in data["drafts"]}
    assert records["ban-tru"]["summaries"] == {"hmn": HMONG, "tyz": TAY}
    assert records["dai-nhat"]["summaries"] == {}
    schema = json.loads(site.text("api/drafts.schema.json"))
    assert "summaries" in schema["properties"]["drafts"]["items"]["required"]
    assert "tyz: " + TAY in site.text("api/drafts.csv")


def test_every_published_draft_has_an_announcement_linked_from_its_page_and_notice(site):
    written = sorted(p.parent.name for p in (site.site / "du-thao").glob("*/phat-thanh.txt"))
    assert written == ["ban-tru", "da-ban-hanh", "dai-nhat"]  # never a withheld or future draft
    for draft in written:
        link = site.html(f"du-thao/{draft}/").select_one("a[data-broadcast]")
        assert link["href"].endswith(f"du-thao/{draft}/phat-thanh.txt") or link["href"] == "phat-thanh.txt"
    notice = site.html("du-thao/ban-tru/niem-yet/").select_one("a[data-broadcast]")
    assert notice["href"] == "../phat-thanh.txt"


def announcement_of(site, draft: str) -> str:
    raw = (site.site / f"du-thao/{draft}/phat-thanh.txt").read_bytes()
    assert raw.startswith("\ufeff".encode())  # read right by a browser that is told no charset
    text = raw.decode("utf-8").lstrip("\ufeff")
    assert unicodedata.is_normalized("NFC", text) and "&lt;" not in text and "&amp;" not in text  # plain, not HTML
    return text


def test_the_announcement_says_what_until_when_and_how_in_words_a_listener_follows(site):
    text = announcement_of(site, "ban-tru")
    assert text.startswith("THÔNG BÁO LẤY Ý KIẾN NHÂN DÂN\n")
    assert "Hỗ trợ học sinh bán trú <b>vùng cao</b>" in text  # plain text: the title as written
    assert "Dự thảo quy định mức thu học phí năm học 2026-2027." in text  # what it is about
    deadline = "hết ngày ba mươi tháng mười một năm hai nghìn không trăm hai mươi sáu"
    assert text.count(deadline) == 2  # said, then said again at the end
    assert "https://fixture.example.gov.vn/du-thao/ban-tru/" in text
    assert "gopy@sgddt.example.gov.vn" in text
    assert "Ủy ban nhân dân xã, phường" in text
    assert not re.search(r"\d{1,2}/\d{1,2}/\d{4}", text)  # no date a listener cannot follow
    assert len(text.split()) <= 300


def test_the_longest_draft_still_fits_300_words_with_the_deadline_and_the_ways_to_comment(site):
    text = announcement_of(site, "dai-nhat")
    assert len(text.split()) <= 300
    assert "hết ngày ba mươi tháng mười một" in text and "0276 3822 123" in text and "Một là" in text
    assert text.rstrip().endswith("Xin trân trọng thông báo.")


def test_after_the_consultation_the_announcement_says_what_came_of_it(site):
    text = announcement_of(site, "da-ban-hanh")
    assert "đã được ban hành ngày hai mươi tháng bảy năm hai nghìn không trăm hai mươi sáu" in text
    assert "25/2026/NQ-HĐND" in text and "Cách góp ý" not in text
