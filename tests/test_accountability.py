"""Responses, the yearly Decision 407 report, notices, versions and redlines, social metadata,
registries that change over time: all through real builds."""

import csv
import io
import re
from datetime import date

import pytest
from bs4 import BeautifulSoup
from sitekit import base_draft, build, build_fixture, write_site

AT = "2026-03-01T09:00:00+07:00"


def rounds(*spans):
    return [{"subject": subject, "opens": opens, "closes": closes} for subject, opens, closes in spans]


PROPOSAL_2025 = ("proposal", date(2025, 1, 10), date(2025, 2, 10))
DRAFT_2025 = ("draft", date(2025, 4, 1), date(2025, 5, 1))

REPORT_DRAFTS = {
    "a-hoan-thanh": base_draft(
        published=date(2025, 1, 5),
        consultations=rounds(PROPOSAL_2025, DRAFT_2025),
        response={"published": date(2025, 5, 20), "received": 40, "accepted": 12},
        adoption={"date": date(2025, 7, 1), "number": "10/2025/NQ-HĐND"},
    ),
    "b-thieu-de-nghi": base_draft(
        published=date(2025, 3, 1),
        consultations=rounds(DRAFT_2025),
        response={"published": date(2025, 5, 20)},
        adoption={"date": date(2025, 7, 1)},
    ),
    "c-qua-han": base_draft(
        published=date(2025, 5, 20), consultations=rounds(("proposal", date(2025, 6, 1), date(2025, 7, 1)))
    ),
    "d-dang-lay-y-kien": base_draft(
        published=date(2025, 12, 20), consultations=rounds(("proposal", date(2026, 2, 15), date(2026, 3, 20)))
    ),
    "e-ba-tieu-chi": base_draft(
        published=date(2025, 2, 1),
        consultations=rounds(DRAFT_2025),
        criteria={"proposal_required": True, "rights_obligations": True, "public_concern": True, "wide_impact": False},
    ),
    "f-y-te-cham": base_draft(
        agency="so-y-te",
        fields=["y-te"],
        published=date(2025, 6, 1),
        consultations=rounds(
            ("proposal", date(2025, 6, 2), date(2025, 7, 2)), ("draft", date(2025, 8, 1), date(2025, 9, 1))
        ),
        response={"published": date(2025, 10, 30)},
        adoption={"date": date(2025, 12, 1)},
    ),
    "g-y-te-dung": base_draft(
        agency="so-y-te",
        fields=["y-te"],
        published=date(2025, 6, 1),
        consultations=rounds(("proposal", date(2025, 6, 2), date(2025, 7, 2))),
        response={"published": date(2025, 7, 20)},
        withdrawn={"date": date(2025, 9, 1), "reason": "Trung ương ban hành quy định thay thế."},
    ),
    "h-nam-sau": base_draft(
        published=date(2026, 1, 5), consultations=rounds(("proposal", date(2026, 1, 10), date(2026, 2, 10)))
    ),
}


@pytest.fixture(scope="module")
def report_site(tmp_path_factory):
    result = build_fixture(tmp_path_factory.mktemp("report"), REPORT_DRAFTS, at=AT)
    assert result.ok, result.output
    return result


def figures(soup):
    return {li["data-figure"]: li.find("strong").get_text() for li in soup.select("[data-figure]")}


def row(soup, agency):
    cells = soup.select_one(f'tr[data-agency="{agency}"]').find_all("td")
    return [c.get_text() for c in cells]


def test_report_figures_for_a_fixture_year(report_site):
    soup = report_site.html("bao-cao/2025/")
    assert figures(soup) == {
        "published": "7",
        "qualifying": "6",
        "complete": "3",
        "on_track": "1",
        "short": "2",
        "coverage": "66.7%",
    }
    # Per agency: published, qualifying, complete, on track, short, coverage.
    assert row(soup, "so-gddt") == ["5", "4", "1", "1", "2", "50.0%"]
    assert row(soup, "so-y-te") == ["2", "2", "2", "0", "0", "100.0%"]
    assert row(soup, "total") == ["7", "6", "3", "1", "2", "66.7%"]
    assert "Chỉ tiêu năm 2025: 100%" in soup.select_one('[data-figure="coverage"]').get_text()
    assert "chưa đạt" in soup.select_one('[data-figure="coverage"]').get_text()
    reasons = {li["data-draft"]: li.get_text() for li in soup.select(".pd-report-shortfalls li")}
    assert set(reasons) == {"b-thieu-de-nghi", "c-qua-han"}
    assert "giai đoạn đề nghị xây dựng" in reasons["b-thieu-de-nghi"]
    assert "quá hạn" in reasons["c-qua-han"]
    assert "chậm" in soup.select_one("#ghi-chu + ul").get_text()  # f: response published late


def test_report_csv(report_site):
    text = report_site.text("bao-cao/2025/bao-cao-407-2025.csv")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "Năm"
    table = {r[1]: r for r in rows[1:4]}
    assert table["so-gddt"][3:10] == ["5", "4", "1", "1", "2", "50.0", "100"]
    assert table[""][2] == "Toàn tỉnh" and table[""][8] == "66.7"
    assert rows[5][1] == "Mã dự thảo"
    assert [r[1] for r in rows[6:]] == ["b-thieu-de-nghi", "c-qua-han"]


def test_report_index_and_other_year(report_site):
    soup = report_site.html("bao-cao/")
    years = [a.get_text() for a in soup.select("tbody th a")]
    assert years == ["Năm 2026", "Năm 2025"]
    assert row(report_site.html("bao-cao/2026/"), "total")[:2] == ["1", "1"]


def test_2022_target_is_70_percent(tmp_path):
    result = build_fixture(
        tmp_path,
        {
            "cu": base_draft(
                published=date(2022, 5, 1), consultations=rounds(("proposal", date(2022, 5, 2), date(2022, 6, 2)))
            )
        },
        at=AT,
    )
    assert result.ok, result.output
    assert "Chỉ tiêu năm 2022: 70%" in result.html("bao-cao/2022/").select_one('[data-figure="coverage"]').get_text()


def test_response_numbers_and_overdue_in_page_and_listing(report_site):
    soup = report_site.html("du-thao/a-hoan-thanh/")
    response = soup.select_one("#tiep-thu-giai-trinh").parent.get_text(" ", strip=True)
    assert "40" in response and "12" in response
    overdue = report_site.html("du-thao/c-qua-han/").select_one(".pd-due").get_text()
    assert "quá hạn" in overdue
    card = report_site.html("du-thao/").select_one('.pd-cards [data-draft-id="c-qua-han"] [data-overdue-days]')
    assert int(card["data-overdue-days"]) > 150


# -- notices -----------------------------------------------------------------------------------


def test_notice_for_open_drafts_only(report_site):
    notice = report_site.site / "du-thao/d-dang-lay-y-kien/niem-yet/index.html"
    assert notice.is_file()
    assert not (report_site.site / "du-thao/c-qua-han/niem-yet").exists()
    soup = report_site.html("du-thao/d-dang-lay-y-kien/niem-yet/")
    assert soup.select_one("svg") and soup.select_one("svg path")
    text = soup.get_text(" ", strip=True)
    assert "hết Thứ Sáu, ngày 20 tháng 3 năm 2026" in text
    assert "https://fixture.example.gov.vn/du-thao/d-dang-lay-y-kien/" in text
    page = report_site.html("du-thao/d-dang-lay-y-kien/")
    assert page.select_one('.pd-links a[href="niem-yet/"]')
    short = re.search(r"gõ địa chỉ ngắn (fixture\.example\.gov\.vn/d/[a-z2-7]{6}/)", text)
    assert short and (report_site.site / short.group(1).split("/", 1)[1] / "index.html").is_file()


# -- social metadata ---------------------------------------------------------------------------


def test_open_graph_on_draft_pages(report_site):
    soup = report_site.html("du-thao/d-dang-lay-y-kien/")
    meta = {m["property"]: m["content"] for m in soup.select("meta[property]")}
    assert meta["og:title"] == REPORT_DRAFTS["d-dang-lay-y-kien"]["title"]
    assert meta["og:description"].startswith("Đang lấy ý kiến – hạn góp ý 23:59:59 ngày 20/03/2026.")
    assert meta["og:url"] == "https://fixture.example.gov.vn/du-thao/d-dang-lay-y-kien/"
    assert meta["og:locale"] == "vi_VN"


# -- versions and redlines ---------------------------------------------------------------------

V1 = """---
title: Dự thảo lần 1
date: 2026-01-05
---
### Điều 1. Phạm vi điều chỉnh
Quy định mức học phí năm học 2026-2027.
### Điều 2. Mức thu
Mức thu tăng 7%.
### Điều 3. Tổ chức thực hiện
Ủy ban nhân dân tỉnh tổ chức thực hiện.
"""
V2 = """---
title: Dự thảo lần 2
date: 2026-02-01
note: Tiếp thu ý kiến Sở Tư pháp.
---
### Điều 1. Phạm vi điều chỉnh
Quy định mức học phí và hỗ trợ học phí năm học 2026-2027.
### Điều 2. Công khai
Nhà trường công khai mức thu.
### Điều 3. Tổ chức thực hiện
Ủy ban nhân dân tỉnh tổ chức thực hiện.
"""


def test_versions_and_article_aware_redline(tmp_path):
    result = build_fixture(
        tmp_path,
        {"hoc-phi": base_draft()},
        at="2026-11-10T09:00:00+07:00",
        files={"hoc-phi/versions/1.md": V1, "hoc-phi/versions/2.md": V2},
    )
    assert result.ok, result.output
    page = result.html("du-thao/hoc-phi/")
    links = [a["href"] for a in page.select(".pd-versions a")]
    assert links == ["phien-ban/1/", "phien-ban/2/", "so-sanh/2/"]
    assert "Phạm vi điều chỉnh" in result.html("du-thao/hoc-phi/phien-ban/1/").get_text()
    diff = result.html("du-thao/hoc-phi/so-sanh/2/")
    changes = {s["data-article"]: s["data-change"] for s in diff.select("[data-article]")}
    # Article 2 changed its title, so it is compared by number.
    assert changes == {"dieu-1": "changed", "dieu-2": "changed", "dieu-3": "same"}
    article1 = diff.select_one('[data-article="dieu-1"] .pd-redline')
    assert not article1.select("del")
    assert "".join(i.get_text() for i in article1.select("ins")).replace("[thêm] ", "").split() == [
        "học",
        "phí",
        "và",
        "hỗ",
        "trợ",
    ]

    def reading(section, drop):
        copy = BeautifulSoup(str(section), "lxml")
        for tag in copy.select(f"{drop}, .pd-sr-only"):
            tag.decompose()
        return copy.get_text()

    assert reading(article1, "del") == "Quy định mức học phí và hỗ trợ học phí năm học 2026-2027."
    assert reading(article1, "ins") == "Quy định mức học phí năm học 2026-2027."
    assert not (result.site / "du-thao/hoc-phi/versions").exists()  # sources are not attachments


def test_redline_matches_renumbered_articles_by_title(tmp_path):
    v2 = (
        V1.replace("### Điều 2. Mức thu", "### Điều 2. Công khai\nNhà trường công khai.\n### Điều 3. Mức thu")
        .replace("### Điều 3. Tổ chức", "### Điều 4. Tổ chức")
        .replace("Dự thảo lần 1", "Dự thảo lần 2")
    )
    result = build_fixture(
        tmp_path,
        {"hoc-phi": base_draft()},
        at="2026-11-10T09:00:00+07:00",
        files={"hoc-phi/versions/1.md": V1, "hoc-phi/versions/2.md": v2},
    )
    assert result.ok, result.output
    diff = result.html("du-thao/hoc-phi/so-sanh/2/")
    changes = [(s["data-article"], s["data-change"]) for s in diff.select("[data-article]")]
    assert changes == [("dieu-1", "same"), ("dieu-2", "added"), ("dieu-3", "changed"), ("dieu-4", "changed")]
    renumbered = diff.select_one('[data-article="dieu-4"] h2')
    assert [d.get_text() for d in renumbered.select("del")] == ["[bỏ] 3"]


def test_bad_versions_fail_the_build(tmp_path):
    write_site(
        tmp_path,
        {"hoc-phi": base_draft()},
        files={
            "hoc-phi/versions/1.md": V1,
            "hoc-phi/versions/3.md": V2,
            "hoc-phi/versions/ghi-chu.md": "x",
            "hoc-phi/versions/2a.md": "x",
        },
    )
    result = build(tmp_path)
    assert not result.ok
    assert "drafts/hoc-phi/versions: phiên bản: thiếu phiên bản 2" in result.output
    assert "drafts/hoc-phi/versions/ghi-chu.md: tệp: tệp phiên bản phải đặt tên <số>.md" in result.output


# -- registries over time ----------------------------------------------------------------------

AGENCIES = {
    "so-gddt": {"name": "Sở Giáo dục và Đào tạo"},
    "so-y-te": {"name": "Sở Y tế"},
    "so-dttg": {
        "name": "Sở Dân tộc và Tôn giáo",
        "former_names": [{"name": "Ban Dân tộc tỉnh", "until": "2025-02-28"}],
    },
    "so-ldtbxh": {"name": "Sở Lao động - Thương binh và Xã hội", "until": "2025-02-28", "succeeded_by": "so-noi-vu"},
    "so-noi-vu": {"name": "Sở Nội vụ"},
}


def test_agency_names_follow_the_draft_date(tmp_path):
    result = build_fixture(
        tmp_path,
        {
            "cu": base_draft(agency="so-dttg", published=date(2024, 10, 1), consultations=None),
            "moi": base_draft(agency="so-dttg"),
            "ldtbxh": base_draft(agency="so-ldtbxh", published=date(2024, 9, 1), consultations=None),
        },
        at="2026-11-10T09:00:00+07:00",
        plugin={"agencies": AGENCIES},
    )
    assert result.ok, result.output
    assert result.html("du-thao/cu/").select_one(".pd-kicker").get_text().endswith("Ban Dân tộc tỉnh")
    assert result.html("du-thao/moi/").select_one(".pd-kicker").get_text().endswith("Sở Dân tộc và Tôn giáo")
    assert result.html("bao-cao/2024/").select_one('tr[data-agency="so-dttg"] th').get_text() == "Ban Dân tộc tỉnh"
    assert "Ban Dân tộc tỉnh" in result.text("rss/co-quan/so-dttg.xml")


def test_draft_of_a_ceased_agency_names_the_successor(tmp_path):
    write_site(tmp_path, {"sau-sap-nhap": base_draft(agency="so-ldtbxh")}, plugin={"agencies": AGENCIES})
    result = build(tmp_path)
    assert not result.ok
    assert (
        "drafts/sau-sap-nhap/index.md:6: agency: 'so-ldtbxh' đã thôi hoạt động từ 2025-02-28, trước dự thảo "
        "này (viết agency: so-noi-vu)"
    ) in result.output
