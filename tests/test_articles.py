"""The draft text, article by article (design.md): stable ids for articles, clauses and points
on version pages and redlines, and a link to comment on each article while the window that
puts the version out is open."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from policy_drafts.model.articles import article_id, prepare, structure
from policy_drafts.read.markup import Renderer
from sitekit import base_draft, build_fixture

TEXT = """HỘI ĐỒNG NHÂN DÂN TỈNH

## Chương I. QUY ĐỊNH CHUNG

### Điều 1. Phạm vi điều chỉnh
1. Nghị quyết này quy định mức học phí.
2. Đối tượng áp dụng gồm:
a) Trẻ em mầm non;
b) Học sinh phổ thông;
đ) Học viên giáo dục thường xuyên.

### Điều 2. Giải thích từ ngữ
Trong Nghị quyết này, các từ ngữ dưới đây được hiểu như sau:
a) Học phí là khoản tiền người học nộp.
d) Cơ sở giáo dục là nhà trường.

## Chương II. MỨC HỌC PHÍ

Văn bản giữa các chương.

**Điều 3. Mức thu**

3. Khoản viết số 3 trước.
1. Khoản viết số 1 sau.

### Điều 5a. Điều bổ sung
Nội dung.

### Dieu 1
### Điều 1 khoản 2
"""


def render(text: str):
    prepared, _ = prepare(text)
    return structure(Renderer().render(prepared).html)


def test_articles_clauses_and_points_have_stable_ids():
    s = render(TEXT)
    assert [(a.id, a.label, a.title) for a in s.articles] == [
        ("dieu-1", "Điều 1", "Phạm vi điều chỉnh"),
        ("dieu-2", "Điều 2", "Giải thích từ ngữ"),
        ("dieu-3", "Điều 3", "Mức thu"),
        ("dieu-5a", "Điều 5a", "Điều bổ sung"),
    ]
    html = "\n".join(seg.heading + seg.html for seg in s.segments)
    for wanted in (
        'id="dieu-1-khoan-1">1. Nghị quyết',
        'id="dieu-1-khoan-2">2. Đối tượng',
        'id="dieu-1-khoan-2-diem-a">a) Trẻ em',
        'id="dieu-1-khoan-2-diem-dd">đ) Học viên',
        'id="dieu-2-diem-a">a) Học phí',  # a point of an article without clauses
        'id="dieu-2-diem-d">d) Cơ sở',  # d and đ never collide
        'id="dieu-3-khoan-3">3. Khoản viết số 3',  # the number as written, not renumbered
        'id="dieu-3-khoan-1">1. Khoản viết số 1',
    ):
        assert wanted in html, wanted
    assert "<ol" not in html  # a clause is never an automatically renumbered list item


def test_a_chapter_heading_ends_the_article_and_stays_outside():
    s = render(TEXT)
    assert s.segments[0].article is None and "HỘI ĐỒNG" in s.segments[0].html
    chapter2 = next(seg for seg in s.segments if "Chương II" in seg.html)
    assert chapter2.article is None and "Văn bản giữa các chương" in chapter2.html
    # The article's own heading keeps its anchor; the section takes the structure id.
    assert "Chương I." in s.segments[0].html
    assert s.segments[1].heading.startswith('<h3 id="dieu-1-pham-vi-dieu-chinh">')


def test_no_heading_of_an_editor_takes_a_structure_id():
    html = Renderer().render(
        '### Dieu 1\n### Điều 1 khoản 2\n<h2 id="dieu-4">x</h2>\n<h2 id="dieu-4-khoan-1-diem-dd">y</h2>'
    )
    assert 'id="dieu-1"' not in html.html and 'id="dieu-1-khoan-2"' not in html.html
    assert 'id="dieu-4"' not in html.html and "dieu-4-khoan-1-diem-dd" not in html.html
    assert {t["id"] for t in html.toc} == {"dieu-1-1", "dieu-1-khoan-2-1"}


def test_a_repeated_article_number_gets_one_id_and_is_reported():
    s = render("### Điều 1. Một\nA.\n### Điều 1. Lại một\nB.\n")
    assert [a.id for a in s.articles] == ["dieu-1"]
    assert s.duplicates == ("Điều 1",)


def test_ids_fold_letters_and_zeros():
    assert article_id("5đ") == "dieu-5dd" and article_id("05") == "dieu-5" and article_id("12b") == "dieu-12b"


def test_prepare_keeps_code_blocks_and_line_numbers():
    text = "```\n1. code\n```\n1. khoản\na) điểm"
    prepared, origin = prepare(text)
    assert "1. code" in prepared and "1\\. khoản" in prepared
    lines = prepared.split("\n")
    assert [line for line, o in zip(lines, origin, strict=True) if o == 4] == ["", "a) điểm"]
    assert len(origin) == len(lines)


# -- the site ---------------------------------------------------------------------------------

VERSION_1 = """---
title: Dự thảo lần 1
date: 2026-10-01
---
### Điều 1. Phạm vi điều chỉnh
1. Nghị quyết này quy định mức học phí.
2. Đối tượng áp dụng.
### Điều 2. Mức thu
Mức thu tăng 7%.
"""
VERSION_2 = """---
title: Dự thảo lần 2
date: 2026-10-20
---
### Điều 1. Phạm vi điều chỉnh
1. Nghị quyết này quy định mức học phí và hỗ trợ học phí.
2. Đối tượng áp dụng.
a) Trẻ em;
đ) Học viên.
### Điều 2. Mức thu
Mức thu tăng 5%.
### Điều 3. Tổ chức thực hiện
Ủy ban nhân dân tỉnh tổ chức thực hiện.
"""
VERSIONS = {"hoc-phi/versions/1.md": VERSION_1, "hoc-phi/versions/2.md": VERSION_2}
FORM = "https://forms.gle/rieng?draft={id}&dieu={article}"


def draft(**round_):
    window = {"subject": "draft", "opens": date(2026, 11, 1), "closes": date(2026, 11, 30), **round_}
    return base_draft(consultations=[window])


@pytest.fixture(scope="module")
def open_site(tmp_path_factory):
    result = build_fixture(
        tmp_path_factory.mktemp("articles"),
        {"hoc-phi": draft(form=FORM), "thu-dien-tu": draft(version=1, email="gopy@sgddt.example.gov.vn")},
        at="2026-11-20T09:00:00+07:00",
        files={**VERSIONS, **{k.replace("hoc-phi", "thu-dien-tu"): v for k, v in VERSIONS.items()}},
        plugin={"comment_form": ""},
    )
    assert result.ok, result.output
    return result


def test_the_version_page_has_the_articles_their_table_and_unique_ids(open_site):
    page = open_site.html("du-thao/hoc-phi/phien-ban/2/")
    sections = page.select("[data-article]")
    assert [(s["id"], s["data-article"]) for s in sections] == [(f"dieu-{n}", f"dieu-{n}") for n in (1, 2, 3)]
    toc = [(a["href"], a.get_text()) for a in page.select(".pd-articles-toc a")]
    assert toc[0] == ("#dieu-1", "Điều 1. Phạm vi điều chỉnh") and len(toc) == 3
    article1 = page.select_one("#dieu-1")
    assert [e["id"] for e in article1.select("p[id]")] == [
        "dieu-1-khoan-1",
        "dieu-1-khoan-2",
        "dieu-1-khoan-2-diem-a",
        "dieu-1-khoan-2-diem-dd",
    ]
    ids = [e["id"] for e in page.select("[id]")]
    assert len(ids) == len(set(ids))


def test_each_article_has_a_comment_link_with_the_article_filled_in(open_site):
    page = open_site.html("du-thao/hoc-phi/phien-ban/2/")
    links = page.select("[data-comment-article]")
    assert [a["data-comment-article"] for a in links] == ["dieu-1", "dieu-2", "dieu-3"]
    assert [a.get_text() for a in links] == ["Góp ý Điều 1", "Góp ý Điều 2", "Góp ý Điều 3"]
    for a, n in zip(links, (1, 2, 3), strict=True):
        assert a.find_parent("section")["id"] == f"dieu-{n}"
        assert not a.has_attr("hidden")
        query = parse_qs(urlsplit(a["href"]).query)
        assert query == {"draft": ["hoc-phi"], "dieu": [f"Điều {n}"]}
    assert "%C4%90i%E1%BB%81u%201" in links[0]["href"]  # URL-encoded
    # The draft page's main button fills {article} with nothing; version 1 was not put out.
    main = open_site.html("du-thao/hoc-phi/").select_one("[data-comment-form]")["href"]
    assert parse_qs(urlsplit(main).query, keep_blank_values=True) == {"draft": ["hoc-phi"], "dieu": [""]}
    assert not open_site.html("du-thao/hoc-phi/phien-ban/1/").select("[data-comment-article]")


def test_the_draft_page_links_the_text_of_its_round_above_the_body(open_site):
    page = open_site.html("du-thao/hoc-phi/")
    link = page.select_one("[data-round-text]")
    assert link["href"] == "phien-ban/2/"  # the latest version dated by the opening
    assert "góp ý từng điều" in link.get_text()
    html = str(page)
    assert html.index("data-round-text") < html.index('id="noi-dung"')
    # A window naming its version: version 1.
    other = open_site.html("du-thao/thu-dien-tu/")
    assert other.select_one("[data-round-text]")["href"] == "phien-ban/1/"


def test_an_email_only_round_links_mailto_with_draft_and_article(open_site):
    page = open_site.html("du-thao/thu-dien-tu/phien-ban/1/")
    links = page.select("[data-comment-article]")
    assert len(links) == 2
    href = links[1]["href"]
    assert href.startswith("mailto:gopy@sgddt.example.gov.vn?subject=")
    assert unquote(href.split("subject=", 1)[1]) == "Góp ý dự thảo thu-dien-tu: Điều 2"
    assert not open_site.html("du-thao/thu-dien-tu/phien-ban/2/").select("[data-comment-article]")


def test_the_redline_keeps_the_structure_ids(open_site):
    page = open_site.html("du-thao/hoc-phi/so-sanh/2/")
    sections = {s["data-article"]: s for s in page.select("[data-article]")}
    assert sections["dieu-1"]["id"] == "dieu-1" and sections["dieu-3"]["data-change"] == "added"
    assert [p.get("id") for p in sections["dieu-1"].select(".pd-redline")] == [
        "dieu-1-khoan-1",
        "dieu-1-khoan-2",
        "dieu-1-khoan-2-diem-a",
        "dieu-1-khoan-2-diem-dd",
    ]
    ids = [e["id"] for e in page.select("[id]")]
    assert len(ids) == len(set(ids))


def test_links_are_hidden_before_the_opening_and_absent_after_the_deadline(tmp_path):
    (tmp_path / "before").mkdir()
    (tmp_path / "after").mkdir()
    before = build_fixture(
        tmp_path / "before", {"hoc-phi": draft(form=FORM)}, at="2026-10-25T09:00:00+07:00", files=VERSIONS
    )
    assert before.ok, before.output
    links = before.html("du-thao/hoc-phi/phien-ban/2/").select("[data-comment-article]")
    assert links and all(a.has_attr("hidden") for a in links)
    after = build_fixture(
        tmp_path / "after", {"hoc-phi": draft(form=FORM)}, at="2026-12-01T09:00:00+07:00", files=VERSIONS
    )
    assert after.ok, after.output
    page = after.html("du-thao/hoc-phi/phien-ban/2/")
    assert not page.select("[data-comment-article]") and not page.select("[data-comment-window]")
    assert [s["id"] for s in page.select("[data-article]")] == ["dieu-1", "dieu-2", "dieu-3"]
    link = after.html("du-thao/hoc-phi/").select_one("[data-round-text]")
    assert link.get_text() == "Toàn văn dự thảo đã đưa ra lấy ý kiến"


def test_a_round_naming_a_missing_version_fails_the_build(tmp_path):
    result = build_fixture(tmp_path, {"hoc-phi": draft(version=3)}, files=VERSIONS)
    assert not result.ok
    assert "drafts/hoc-phi/index.md: consultations[0].version: không có phiên bản 3" in result.output


def test_the_form_placeholder_is_checked_in_the_site_configuration(tmp_path):
    (tmp_path / "ok").mkdir()
    (tmp_path / "bad").mkdir()
    ok = build_fixture(
        tmp_path / "ok", {"hoc-phi": draft()}, plugin={"comment_form": "https://forms.gle/x?d={article}&i={id}"}
    )
    assert ok.ok, ok.output
    bad = build_fixture(
        tmp_path / "bad", {"hoc-phi": draft()}, plugin={"comment_form": "https://evil.example/{article}"}
    )
    assert not bad.ok and "comment_form" in bad.output


# -- in the browser -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Built on 25 October, before the window opens (1 November): the links are in the page, hidden."""
    from test_browser import serve

    result = build_fixture(
        tmp_path_factory.mktemp("articles-live"),
        {"hoc-phi": draft(form=FORM)},
        at="2026-10-25T09:00:00+07:00",
        files=VERSIONS,
    )
    assert result.ok, result.output
    server, url = serve(result.site)
    yield url
    server.shutdown()


@pytest.mark.browser
def test_article_links_appear_at_the_opening_and_vanish_at_the_deadline(browser, served):
    from test_browser import new_page

    page = new_page(browser, "2026-10-31T23:59:30+07:00")
    page.goto(served + "du-thao/hoc-phi/phien-ban/2/")
    links = page.locator("[data-comment-article]")
    assert links.count() == 3 and not links.first.is_visible()
    page.clock.run_for(60_000)  # the window opens: revealed without a rebuild
    assert all(links.nth(i).is_visible() for i in range(3))
    assert links.nth(1).inner_text() == "Góp ý Điều 2"
    page.clock.fast_forward((30 * 86400 - 60) * 1000)  # 30 November 23:59:30, still open
    assert links.first.is_visible()
    page.clock.run_for(60_000)  # past 23:59:59: gone
    assert page.locator("[data-comment-article]").count() == 0
    assert page.locator("#dieu-2").is_visible()  # the text stays


@pytest.mark.browser
def test_the_phone_first_screen_still_shows_status_deadline_and_button(browser, served):
    from test_browser import PHONE, bottom, new_page, status_of

    page = new_page(browser, "2026-11-20T09:00:00+07:00", **PHONE)
    page.goto(served + "du-thao/hoc-phi/")
    assert status_of(page) == "open"
    for selector in ("[data-status-label]", ".pd-window strong", "[data-comment-form]"):
        assert page.locator(selector).first.is_visible(), selector
        assert bottom(page, selector) <= PHONE["height"], selector
    assert page.locator("[data-round-text]").is_visible()


# -- comments per article -----------------------------------------------------------------------

COMMENTS_CSV = """Ngày nhận,Người góp ý,Địa chỉ,Đối tượng,Điều,Nội dung góp ý,Tiếp thu,Giải trình,Công bố,Đồng ý công khai tên
02/11/2026,Nguyễn Văn A,"thôn 3, xã Hòn Mây",Cá nhân,Điều 1,Thêm hỗ trợ học phí.,Có,Đã bổ sung.,Có,Có
03/11/2026,Trần Thị B,phường Trung Tâm,Cá nhân,1,Ghi rõ phạm vi.,Không,Đã rõ.,Có,Không
04/11/2026,Trường X,phường Trung Tâm,Tổ chức,Điều 2 khoản 1,Mức thu cao.,Một phần,Giảm còn 5%.,Có,Có
05/11/2026,Lê C,xã Hòn Mây,Cá nhân,,Đồng ý.,,,Có,Không
06/11/2026,Phạm D,xã Hòn Mây,Cá nhân,Điều 2,Riêng tư.,,,Không,Không
"""


def test_the_article_column_is_read_and_a_wrong_value_is_reported():
    from policy_drafts.read.comments import article_of, commune_of, parse_comments

    assert article_of("Điều 5") == ("5", "") and article_of("5") == ("5", "")
    assert article_of("Điều 5 khoản 2") == ("5", "2") and article_of("điều 05a") == ("5a", "")
    assert article_of("") == ("", "")
    assert commune_of("thôn 3, xã Hòn Mây, tỉnh Minh Giang") == "Xã Hòn Mây"
    table, problems = parse_comments(COMMENTS_CSV.encode(), "drafts/x/y.csv")
    assert not problems and table is not None
    assert table.by_article == (("", 1), ("1", 2), ("2", 2))
    assert table.by_commune == (("Xã Hòn Mây", 3), ("Phường Trung Tâm", 2))
    assert [(c.article, c.clause) for c in table.published][2] == ("2", "1")
    bad = COMMENTS_CSV.replace("Điều 2 khoản 1", "Chương II")
    _, problems = parse_comments(bad.encode(), "drafts/x/y.csv")
    assert [str(p) for p in problems] == [
        "drafts/x/y.csv:4: Điều: 'Chương II' không phải là một điều của dự thảo "
        "(viết Điều 5, 5 hoặc Điều 5 khoản 2; để trống nếu góp ý chung cho cả dự thảo)"
    ]


def test_counts_per_article_and_responses_grouped_by_article(tmp_path):
    result = build_fixture(
        tmp_path,
        {"hoc-phi": draft(version=1, comments="y-kien.csv")},
        at="2026-12-05T09:00:00+07:00",
        files={
            **VERSIONS,
            "hoc-phi/versions/2.md": VERSION_2.replace("2026-10-20", "2026-12-02"),
            "hoc-phi/y-kien.csv": COMMENTS_CSV,
        },
    )
    assert result.ok, result.output
    version = result.html("du-thao/hoc-phi/phien-ban/1/")
    counts = {
        s.find_parent("section")["id"]: s["data-article-comments"] for s in version.select("[data-article-comments]")
    }
    assert counts == {"dieu-1": "2", "dieu-2": "2"}  # the unpublished comment is counted too
    assert not version.select("[data-comment-article]")  # the window has closed
    assert not result.html("du-thao/hoc-phi/phien-ban/2/").select("[data-article-comments]")  # not consulted
    page = result.html("du-thao/hoc-phi/")
    groups = page.select(".pd-comments__group")
    assert [g.get("data-comments-article") for g in groups] == [None, "dieu-1", "dieu-2"]
    links = [a["href"] for a in groups[1].select("h3 a, h4 a")]
    assert links == ["phien-ban/1/#dieu-1", "so-sanh/2/#dieu-1"]
    assert "Nguyễn Văn A" in groups[1].get_text() and "Trần Thị B" not in page.get_text()  # consent
    assert "Điều 2 khoản 1:" in groups[2].get_text()
    stats = {
        t["data-stats"]: [r.get_text("|", strip=True) for r in t.select("tbody tr")] for t in page.select(".pd-stats")
    }
    assert stats["article"] == ["Góp ý chung|1", "Điều 1|2", "Điều 2|2"]
    assert stats["commune"] == ["Xã Hòn Mây|3", "Phường Trung Tâm|2"]
    assert "thôn 3" not in page.get_text()  # the address stays private


def test_a_response_links_to_its_article_after_renumbering(tmp_path):
    renumbered = VERSION_2.replace("2026-10-20", "2026-12-02").replace(
        "### Điều 2. Mức thu", "### Điều 2. Công khai\nNhà trường công khai.\n### Điều 3. Mức thu"
    )
    renumbered = renumbered.replace("### Điều 3. Tổ chức", "### Điều 4. Tổ chức")
    result = build_fixture(
        tmp_path,
        {"hoc-phi": draft(version=1, comments="y-kien.csv")},
        at="2026-12-05T09:00:00+07:00",
        files={**VERSIONS, "hoc-phi/versions/2.md": renumbered, "hoc-phi/y-kien.csv": COMMENTS_CSV},
    )
    assert result.ok, result.output
    group = result.html("du-thao/hoc-phi/").select_one('[data-comments-article="dieu-2"]')
    assert [a["href"] for a in group.select("h3 a, h4 a")] == ["phien-ban/1/#dieu-2", "so-sanh/2/#dieu-3"]
    assert result.html("du-thao/hoc-phi/so-sanh/2/").select_one("#dieu-3 h2").get_text().startswith("Điều")


LINES = st.sampled_from(
    [
        "### Điều 1. Một",
        "### Điều 2. Hai",
        "**Điều 2. Lại hai**",
        "## Chương II",
        "### Dieu 1",
        "1. Khoản một",
        "2. Khoản hai",
        "a) Điểm a",
        "đ) Điểm đ",
        "d) Điểm d",
        "Văn bản.",
        "",
        '<h2 id="dieu-2">Mạo danh</h2>',
        "| a | b |\n|---|---|\n| 1. x | y |",
    ]
)


@given(st.lists(LINES, max_size=25))
def test_ids_are_unique_whatever_the_text(lines):
    s = render("\n".join(lines))
    html = "".join(f'<section id="{seg.article.id}">' if seg.article else "" for seg in s.segments)
    html += "".join(seg.heading + seg.html for seg in s.segments)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), ids


def test_an_odd_address_never_stops_the_build_nor_reaches_the_page():
    from policy_drafts.read.comments import parse_comments

    text = 'Đối tượng,Nội dung góp ý,Công bố,Địa chỉ\nCá nhân,Góp ý.,Có,"thôn 1, xã Hòn\u202eMây"\n'
    table, problems = parse_comments(text.encode(), "drafts/x/y.csv")
    assert not problems and table is not None
    assert table.by_commune == (("Xã HònMây", 1),)  # the bidirectional override is gone
