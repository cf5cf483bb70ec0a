"""Fixture sites built for real: markers at chosen instants, escaping, and no trace of hidden drafts."""

from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from sitekit import all_site_files, base_draft, build, build_fixture, write_site


def marker(build_result, draft_id):
    soup = build_result.html(f"du-thao/{draft_id}/")
    return soup, soup.select_one("[data-draft-id]")


@pytest.mark.parametrize(
    "at, status, link",
    [
        ("2026-11-30T23:59:00+07:00", "open", "visible"),
        # 00:30 on 1 December in Viet Nam is still 30 November in UTC.
        ("2026-12-01T00:30:00+07:00", "closed", "absent"),
        ("2026-10-31T23:00:00+07:00", "upcoming", "hidden"),
    ],
)
def test_date_only_deadline_across_the_utc_date(tmp_path, at, status, link):
    result = build_fixture(tmp_path, {"hoc-phi": base_draft()}, at=at)
    assert result.ok, result.output
    soup, m = marker(result, "hoc-phi")
    assert m["data-status"] == status
    assert m["data-opens"] == "2026-11-01T00:00:00+07:00"
    assert m["data-closes"] == "2026-11-30T23:59:59+07:00"
    links = soup.select("[data-comment-form]")
    if link == "absent":
        assert links == []
    else:
        assert len(links) == 1 and links[0].has_attr("hidden") == (link == "hidden")
    assert "23:59:59" in soup.select_one(".pd-note").get_text()


def test_extension_and_shortened_window_markers(tmp_path):
    result = build_fixture(
        tmp_path,
        {
            "gia-han": base_draft(
                consultations=[
                    {
                        "subject": "draft",
                        "opens": date(2026, 10, 1),
                        "closes": date(2026, 10, 31),
                        "extended_to": date(2026, 11, 25),
                    }
                ]
            ),
            "rut-gon": base_draft(
                consultations=[
                    {
                        "subject": "proposal",
                        "opens": date(2026, 11, 15),
                        "closes": date(2026, 11, 25),
                        "shortened_reason": "Thủ tục rút gọn theo Điều 146.",
                    }
                ]
            ),
        },
        at="2026-11-20T12:00:00+07:00",
    )
    assert result.ok, result.output
    _, extended = marker(result, "gia-han")
    assert extended["data-status"] == "open" and extended["data-closes"] == "2026-11-25T23:59:59+07:00"
    assert extended["data-closing-soon"] == "true"
    _, short = marker(result, "rut-gon")
    assert short["data-status"] == "open" and short["data-closes"] == "2026-11-25T23:59:59+07:00"


def test_comment_link_fills_id_and_title_url_encoded(tmp_path):
    result = build_fixture(tmp_path, {"hoc-phi": base_draft(title="Học phí & hỗ trợ")}, at="2026-11-10T12:00:00+07:00")
    soup, _ = marker(result, "hoc-phi")
    link = soup.select_one("[data-comment-form]")
    query = parse_qs(urlsplit(link["href"]).query)
    assert query == {"id": ["hoc-phi"], "title": ["Học phí & hỗ trợ"]}
    assert "Học phí & hỗ trợ" in link["aria-label"]


def test_own_form_wins_over_site_default(tmp_path):
    result = build_fixture(
        tmp_path,
        {
            "hoc-phi": base_draft(
                consultations=[
                    {
                        "subject": "draft",
                        "opens": date(2026, 11, 1),
                        "closes": date(2026, 11, 30),
                        "form": "https://docs.google.com/forms/d/abc/viewform",
                    }
                ]
            )
        },
        at="2026-11-10T12:00:00+07:00",
    )
    soup, _ = marker(result, "hoc-phi")
    assert soup.select_one("[data-comment-form]")["href"] == "https://docs.google.com/forms/d/abc/viewform"


MARKUP_TITLE = '<script>alert("t")</script><b>Học phí</b> "quoted" & more'
MARKUP_SUMMARY = '<img src=x onerror=alert(1)> tóm tắt "x" & y'


def test_markup_in_front_matter_is_text_everywhere(tmp_path):
    result = build_fixture(
        tmp_path,
        {
            "hoc-phi": base_draft(
                title=MARKUP_TITLE,
                summary=MARKUP_SUMMARY,
                contact={"name": "<i>Phòng</i>", "email": "a@b.example.gov.vn"},
                documents=[{"title": "<u>Tờ trình</u>", "url": "https://x.example.gov.vn/a?b=1&c=2"}],
            )
        },
        at="2026-11-10T12:00:00+07:00",
    )
    assert result.ok, result.output
    soup, _ = marker(result, "hoc-phi")
    assert soup.select_one("h1").get_text() == MARKUP_TITLE
    # The theme's <title> and header title come from the same value: a tag start is shown as '‹'
    # there, because Material's tooltip renders a cut-off header title as HTML (markup.tooltip_text).
    from html import unescape

    from markupsafe import escape
    from policy_drafts.read.markup import tooltip_text

    shown = unescape(tooltip_text(str(escape(MARKUP_TITLE))))
    assert "<" not in shown and soup.select_one("title").get_text().startswith(shown)
    assert soup.select_one('meta[name="description"]')["content"] == MARKUP_SUMMARY
    assert soup.select_one(".pd-summary").get_text() == MARKUP_SUMMARY
    # The only script that may hold the title is the page's JSON-LD (data, never run), where
    # '<' is written \u003c: no string closes it (text.safe_json).
    assert not soup.select("script:not([type='application/ld+json']):-soup-contains('alert')")
    assert all("<" not in s.string for s in soup.select("script[type='application/ld+json']"))
    assert not soup.select("img[onerror]") and not soup.select("main b") and not soup.select(".pd-contact i")
    # Markup stays text in every format that a browser or feed reader may render as markup.
    # (iCalendar TEXT is plain text by definition: icalendar escapes it per RFC 5545, and
    # test_feeds reads the exact title back from the .ics.)
    for path in all_site_files(result.site):
        if path.suffix in (".html", ".xml", ".json", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "<script>alert" not in text, path
            assert "<img src=x onerror" not in text, path


SECRET_ID = "bi-mat-phuong-an-zq7"
SECRET_TITLE = "Phương án bảo vệ XQZSECRET"
EMBARGO_ID = "cam-cong-bo-kx9"
EMBARGO_TITLE = "Dự thảo chưa công bố XQZEMBARGO"


def everything(marker: str, **overrides) -> dict:
    """A draft that uses every feature, so that every kind of output would carry it if it leaked:
    page, listings, feeds, calendars, open data, notice (its window is open), report, versions."""
    return base_draft(
        title=f"Dự thảo {marker}TITLE",
        summary=f"Nội dung {marker}SUMMARY",
        published=date(2026, 10, 1),
        fields=["giao-duc", "y-te"],
        consultations=[
            {"subject": "proposal", "opens": date(2026, 10, 2), "closes": date(2026, 11, 1)},
            {
                "subject": "draft",
                "opens": date(2026, 11, 5),
                "closes": date(2026, 12, 10),
                "email": f"{marker.lower()}@sgddt.example.gov.vn",
            },
        ],
        documents=[{"title": f"Tờ trình {marker}DOC", "file": f"{marker.lower()}-to-trinh.pdf"}],
        events=[
            {
                "title": f"Hội nghị {marker}EVENT",
                "start": datetime.fromisoformat("2026-11-20T08:00:00+07:00"),
                "location": f"Hội trường {marker}PLACE",
            }
        ],
        contact={"name": f"Phòng {marker}CONTACT", "phone": "0200 3 812 345"},
        **overrides,
    )


def hidden_drafts():
    return {
        "cong-khai": everything("XQZPUBLIC"),
        SECRET_ID: everything("XQZSECRET", state_secret=True),
        EMBARGO_ID: everything("XQZEMBARGO", publish_at=datetime.fromisoformat("2026-12-01T08:00:00+07:00")),
    }


HIDDEN_FILES = {}
for _id, _marker in (("cong-khai", "XQZPUBLIC"), (SECRET_ID, "XQZSECRET"), (EMBARGO_ID, "XQZEMBARGO")):
    HIDDEN_FILES[f"{_id}/{_marker.lower()}-to-trinh.pdf"] = f"%PDF-1.4 {_marker}FILE".encode()
    HIDDEN_FILES[f"{_id}/versions/1.md"] = f"### Điều 1. Phạm vi\n{_marker}VERSION một.\n"
    HIDDEN_FILES[f"{_id}/versions/2.md"] = f"### Điều 1. Phạm vi\n{_marker}VERSION hai.\n"


def assert_no_trace(site, needles):
    for path in all_site_files(site):
        rel = str(path.relative_to(site))
        data = path.read_bytes()
        if path.suffix == ".gz":
            import gzip

            data = gzip.decompress(data)
        for needle in needles:
            assert needle not in rel, f"{needle} in file name {rel}"
            assert needle.encode() not in data, f"{needle} in {rel}"


def test_secret_and_embargoed_drafts_leave_no_trace(tmp_path):
    result = build_fixture(tmp_path, hidden_drafts(), at="2026-11-23T09:00:00+07:00", files=HIDDEN_FILES)
    assert result.ok, result.output
    # The public twin proves each kind of output exists and carries a draft, so the scan covers it.
    outputs = {
        "du-thao/cong-khai/index.html": "XQZPUBLIC",
        "du-thao/cong-khai/niem-yet/index.html": "XQZPUBLIC",
        "du-thao/cong-khai/phien-ban/2/index.html": "XQZPUBLIC",
        "du-thao/cong-khai/so-sanh/2/index.html": "XQZPUBLIC",
        "du-thao/cong-khai/lich.ics": "XQZPUBLIC",
        "du-thao/cong-khai/xqzpublic-to-trinh.pdf": "XQZPUBLIC",
        "rss/tat-ca.xml": "XQZPUBLIC",
        "rss/tat-ca.json": "XQZPUBLIC",
        "lich/tat-ca.ics": "XQZPUBLIC",
        "api/drafts.json": "XQZPUBLIC",
        "tim-kiem/du-lieu/docs/0.json": "XQZPUBLIC",
        "sitemap.xml": "cong-khai",
        # Counts are traces too: the report counts the public draft alone.
        "bao-cao/2026/bao-cao-407-2026.csv": "Toàn tỉnh,1,1,",
    }
    for rel, needle in outputs.items():
        assert needle in (result.site / rel).read_bytes().decode("utf-8"), rel
    assert_no_trace(result.site, [SECRET_ID, "XQZSECRET", "xqzsecret", EMBARGO_ID, "XQZEMBARGO", "xqzembargo"])
    assert "1 chưa đến giờ công bố, 1 không công bố (bí mật nhà nước)" in result.output
    assert SECRET_ID not in result.output  # build logs are often public too


def test_embargoed_draft_appears_once_its_instant_passes(tmp_path):
    result = build_fixture(tmp_path, hidden_drafts(), at="2026-12-01T08:00:00+07:00", files=HIDDEN_FILES)
    assert result.ok, result.output
    assert (result.site / f"du-thao/{EMBARGO_ID}/xqzembargo-to-trinh.pdf").is_file()
    assert_no_trace(result.site, [SECRET_ID, "XQZSECRET", "xqzsecret"])


def test_listing_is_paginated_and_drafts_stay_out_of_nav(tmp_path):
    drafts = {
        f"du-thao-{i:02d}": base_draft(title=f"Dự thảo số {i}", published=date(2026, 10, i + 1)) for i in range(5)
    }
    result = build_fixture(tmp_path, drafts, at="2026-11-10T12:00:00+07:00", plugin={"page_size": 2})
    assert result.ok, result.output
    pages = [result.html("du-thao/"), result.html("du-thao/trang/2/"), result.html("du-thao/trang/3/")]
    ids = [c["data-draft-id"] for p in pages for c in p.select(".pd-cards [data-draft-id]")]
    assert sorted(ids) == sorted(drafts) and len(ids) == 5
    assert not (result.site / "du-thao/trang/4").exists()
    assert pages[1].select_one('a[rel="next"]') and pages[1].select_one('a[rel="prev"]')
    nav = [a.get("href") for a in result.html("").select("nav.md-nav a")]
    assert not any("du-thao-0" in (h or "") for h in nav)


def test_same_sources_and_instant_give_identical_sites(tmp_path):
    write_site(tmp_path, hidden_drafts(), files=HIDDEN_FILES)
    first = build(tmp_path, site_dir=tmp_path / "a")
    second = build(tmp_path, site_dir=tmp_path / "b")
    assert first.ok and second.ok
    files_a = {p.relative_to(first.site): p.read_bytes() for p in all_site_files(first.site)}
    files_b = {p.relative_to(second.site): p.read_bytes() for p in all_site_files(second.site)}
    assert files_a.keys() == files_b.keys()
    different = [str(k) for k in files_a if files_a[k] != files_b[k]]
    assert different == []
