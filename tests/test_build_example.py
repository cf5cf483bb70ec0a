"""The example site, built for real at the reference instant 2026-11-23T09:00+07:00."""

import re
from datetime import date

import pytest
from sitekit import ROOT, base_draft, build_fixture


def draft_page(site, draft_id):
    soup = site.html(f"du-thao/{draft_id}/")
    marker = soup.select("[data-draft-id]")
    assert len(marker) == 1, "one element carries the draft markers"
    return soup, marker[0]


def test_build_log_accounts_for_every_folder(example_site):
    folders = [p for p in (ROOT / "drafts").iterdir() if p.is_dir()]
    match = re.search(
        r"policy-drafts: (\d+) thư mục dự thảo: (\d+) đã công bố, (\d+) chưa đến giờ công bố, (\d+) "
        r"không công bố",
        example_site.output,
    )
    assert match, example_site.output
    total, published, embargoed, withheld = map(int, match.groups())
    assert total == len(folders) == published + embargoed + withheld
    assert embargoed >= 1 and withheld >= 1


@pytest.mark.parametrize(
    "draft_id, status",
    [
        ("hoc-phi-2027-2028", "open"),
        ("ho-tro-hoc-sinh-ban-tru", "open"),
        ("ho-tro-an-trua-tre-mam-non", "open"),
        ("thu-hut-giao-vien-2027-2030", "open"),
        ("khoan-thu-dich-vu-giao-duc", "upcoming"),
        ("day-them-hoc-them", "closed"),
        ("giao-duc-hoa-nhap", "responded"),
        ("hoc-phi-2026-2027", "adopted"),
        ("lien-ket-giao-duc-trong-truong-hoc", "withdrawn"),
        ("ho-tro-bhyt-hoc-sinh", "announced"),
    ],
)
def test_every_status_is_on_the_example_site(example_site, draft_id, status):
    soup, marker = draft_page(example_site, draft_id)
    assert marker["data-status"] == status
    link = soup.select("[data-comment-form]")
    if status == "open":
        assert len(link) == 1 and not link[0].has_attr("hidden")
        assert link[0]["href"].startswith(("https://", "mailto:"))
    elif status == "upcoming":
        assert len(link) == 1 and link[0].has_attr("hidden")
    else:
        assert link == []


def test_closing_soon_flag(example_site):
    _, marker = draft_page(example_site, "hoc-phi-2027-2028")
    assert marker["data-closing-soon"] == "true"
    _, other = draft_page(example_site, "thu-hut-giao-vien-2027-2030")
    assert not other.has_attr("data-closing-soon")


def test_extension_counts_in_data_closes(example_site):
    soup, marker = draft_page(example_site, "ho-tro-hoc-sinh-ban-tru")
    assert marker["data-closes"] == "2026-12-05T23:59:59+07:00"
    assert "gia hạn" in soup.select_one(".pd-window").get_text()


def test_shortened_procedure_shows_its_reason(example_site):
    soup, _ = draft_page(example_site, "ho-tro-an-trua-tre-mam-non")
    assert soup.select_one(".pd-shortened").get_text(strip=True).startswith("Rút ngắn thời gian lấy ý kiến:")


def test_three_criteria_draft_badges(example_site):
    soup, _ = draft_page(example_site, "ho-tro-nha-giao-xa-dao-vung-cao")
    badges = {b["data-criterion"]: b["data-met"] for b in soup.select("[data-criterion]")}
    assert badges == {
        "proposal_required": "true",
        "rights_obligations": "true",
        "public_concern": "true",
        "wide_impact": "false",
    }
    assert soup.select_one("[data-all-four]")["data-all-four"] == "false"


def test_attachments_are_copied(example_site):
    assert (example_site.site / "du-thao/hoc-phi-2027-2028/du-thao-nghi-quyet.pdf").is_file()
    soup, _ = draft_page(example_site, "hoc-phi-2027-2028")
    hrefs = [a["href"] for a in soup.select(".pd-documents a")]
    assert "du-thao-nghi-quyet.pdf" in hrefs


def test_home_page_lists_open_and_closing_soon(example_site):
    soup = example_site.html("")
    closing = soup.select("#pd-closing-soon ~ ol [data-draft-id]")
    assert [c["data-draft-id"] for c in closing] == ["hoc-phi-2027-2028"]
    open_now = [c["data-draft-id"] for c in soup.select("#pd-open-now ~ ol [data-draft-id]")]
    assert "y-te-truong-hoc" in open_now and "day-them-hoc-them" not in open_now
    assert "hoc-phi-2027-2028" not in open_now  # no draft twice on the home page
    every = [c["data-draft-id"] for c in soup.select(".pd-block [data-draft-id]")]
    assert len(every) == len(set(every))


def test_listing_and_views(example_site):
    soup = example_site.html("du-thao/")
    ids = [c["data-draft-id"] for c in soup.select(".pd-cards [data-draft-id]")]
    assert len(ids) == len(set(ids))
    opened = example_site.html("du-thao/trang-thai/dang-lay-y-kien/")
    assert {c["data-status"] for c in opened.select(".pd-cards [data-draft-id]")} == {"open"}
    field = example_site.html("du-thao/linh-vuc/y-te/")
    assert "y-te-truong-hoc" in [c["data-draft-id"] for c in field.select(".pd-cards [data-draft-id]")]


def test_drafts_are_not_in_the_navigation(example_site):
    soup = example_site.html("cach-gop-y/")
    nav_links = [a.get("href", "") for a in soup.select("nav.md-nav a")]
    assert not any(re.search(r"du-thao/[a-z0-9-]+/", h) for h in nav_links), nav_links


def test_no_english_chrome_and_no_third_party_fonts(example_site):
    for path in ("index.html", "du-thao/hoc-phi-2027-2028/index.html", "cach-gop-y/index.html", "404.html"):
        html = (example_site.site / path).read_text(encoding="utf-8")
        for english in ("Made with", "Permanent link", "fonts.googleapis", "fonts.gstatic", "404 - Not found"):
            assert english not in html, (path, english)


def test_every_time_is_local_even_when_the_utc_date_differs(tmp_path):
    """Built at 00:30 on 1 December in Viet Nam (17:30 on 30 November UTC): every date and time
    printed anywhere is Viet Nam's."""
    result = build_fixture(
        tmp_path,
        {"hoc-phi": base_draft(consultations=[], adoption={"date": date(2026, 11, 20)})},
        at="2026-12-01T00:30:00+07:00",
    )
    assert result.ok, result.output
    report = result.html("bao-cao/2026/").get_text(" ", strip=True)
    assert "00:30 ngày 01/12/2026" in report
    for path in result.site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".ics", ".csv"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "30/11/2026" not in text and "2026-11-30T17:30" not in text, path


def _headings(soup) -> list[int]:
    return [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]


def test_headings_never_skip_a_level_on_any_page(example_site):
    """WCAG 1.3.1: every page of every kind starts at h1 and never skips a level on the way
    down (an editor's '### Điều 1.' under the page's h1 included)."""
    from bs4 import BeautifulSoup

    pages = sorted(example_site.site.rglob("*.html"))
    kinds = {p.relative_to(example_site.site).parts[0] for p in pages}
    assert {"du-thao", "tim-kiem", "bao-chi", "kha-nang-tiep-can", "bao-cao", "index.html"} <= kinds
    skipped = []
    for page in pages:
        levels = _headings(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"))
        if not levels:
            continue
        steps = [(a, b) for a, b in zip([0, *levels], levels, strict=False) if b > a + 1]
        if levels[0] != 1 or steps:
            skipped.append((str(page.relative_to(example_site.site)), levels[:6]))
    assert skipped == []


def test_every_page_leads_to_the_accessibility_statement(example_site):
    for page in ("", "du-thao/", "du-thao/hoc-phi-2027-2028/", "tim-kiem/", "bao-chi/", "bao-cao/2026/"):
        links = example_site.html(page).select(".md-footer a")
        assert any(a.get_text(strip=True).startswith("Khả năng tiếp cận") for a in links), page
    statement = example_site.html("kha-nang-tiep-can/")
    text = statement.select_one("article").get_text(" ", strip=True)
    assert statement.select_one("h1").get_text(strip=True) == "Tuyên bố về khả năng tiếp cận"
    for needed in (
        "WCAG) 2.1",
        "mức AA",
        "Thông tư số 26/2020/TT-BTTTT",
        "Hạn chế đã biết",
        "chữ in cỡ lớn",
        "bản đọc thành tiếng",
        "tệp chỉnh sửa được",
    ):
        assert needed in text, needed
    # How to ask: every agency still in existence, with its e-mail and phone.
    contacts = statement.select_one("#dinh-dang-khac ~ ul").get_text(" ", strip=True)
    assert "vanthu@sgddt.minhgiang.example.gov.vn" in contacts and "0276 3822 123" in contacts
    assert statement.select_one('#dinh-dang-khac ~ ul a[href^="tel:"]')
