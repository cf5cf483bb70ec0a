"""In a real browser: live status without a rebuild, search without diacritics, keyboard, accessibility.

Headless Chromium from Debian, driven by Playwright through `executable_path`. The built
site is served over HTTP on 127.0.0.1; the browser runs in Asia/Ho_Chi_Minh with its clock
set to chosen instants. Without Chromium these tests skip, unless
POLICY_DRAFTS_REQUIRE_BROWSER=1 (set by .ci/run), which turns the skip into a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote_plus

import pytest
from sitekit import EXAMPLE_AT, base_draft, build_fixture

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).parent / "artifacts" / "screenshots"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _require_browser():
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "the playwright package is not installed (pip install -e '.[test]')"
    if CHROMIUM is None:
        reason = "Chromium is not installed (apt-get install -y chromium)"
    if reason:
        if os.environ.get("POLICY_DRAFTS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests are required here but {reason}")
        pytest.skip(f"browser tests skipped: {reason}")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path):
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def example_url(example_site):
    server, url = serve(example_site.site)
    yield url
    server.shutdown()


def new_page(browser, at: str, *, width=1280, height=900, scheme="light"):
    context = browser.new_context(
        timezone_id="Asia/Ho_Chi_Minh", locale="vi-VN", viewport={"width": width, "height": height}, color_scheme=scheme
    )
    page = context.new_page()
    page.clock.install(time=datetime.fromisoformat(at))
    return page


def status_of(page):
    return page.locator("[data-draft-id]").first.get_attribute("data-status")


# -- live status -------------------------------------------------------------------------------

LIVE_DRAFTS = {
    "dang-mo": base_draft(title="Học phí năm học mới"),
    "sap-mo": base_draft(
        title="Hỗ trợ bán trú",
        consultations=[{"subject": "draft", "opens": date(2026, 12, 1), "closes": date(2026, 12, 31)}],
    ),
}


@pytest.fixture(scope="module")
def live_url(tmp_path_factory):
    # Built on 20 November: "dang-mo" is open until 30 November, "sap-mo" opens on 1 December.
    result = build_fixture(tmp_path_factory.mktemp("live"), LIVE_DRAFTS, at="2026-11-20T09:00:00+07:00")
    assert result.ok, result.output
    server, url = serve(result.site)
    yield url
    server.shutdown()


def test_before_the_deadline_open_with_countdown_and_button(browser, live_url):
    page = new_page(browser, "2026-11-27T12:00:00+07:00")
    page.goto(live_url + "du-thao/dang-mo/")
    assert status_of(page) == "open"
    assert page.locator("[data-status-text]").first.inner_text() == "Đang lấy ý kiến"
    assert page.locator("[data-draft-id]").first.get_attribute("data-closing-soon") == "true"
    # 30/11 23:59:59 minus 27/11 12:00 = 3 days 11 hours 59 minutes.
    assert page.locator(".pd-panel [data-countdown]").inner_text() == "Còn 3 ngày 11 giờ để góp ý."
    button = page.get_by_role("link", name=re.compile("Gửi góp ý cho dự thảo: Học phí năm học mới"))
    assert button.is_visible()
    assert "id=dang-mo" in button.get_attribute("href")


def test_after_the_deadline_without_rebuild_closed_and_no_button(browser, live_url):
    page = new_page(browser, "2026-12-01T00:00:05+07:00")
    page.goto(live_url + "du-thao/dang-mo/")
    assert status_of(page) == "closed"
    assert page.locator("[data-status-text]").first.inner_text() == "Hết hạn góp ý, chờ tiếp thu"
    assert page.locator("[data-comment-form]").count() == 0
    assert "Đã hết hạn góp ý" in page.locator(".pd-panel [data-countdown]").inner_text()


def test_button_goes_away_at_the_deadline_while_the_page_is_open(browser, live_url):
    page = new_page(browser, "2026-11-30T23:59:00+07:00")
    page.goto(live_url + "du-thao/dang-mo/")
    assert page.locator("[data-comment-form]").is_visible()
    page.clock.run_for(70_000)
    assert status_of(page) == "closed"
    assert page.locator("[data-comment-form]").count() == 0


def test_upcoming_turns_open_when_its_opening_instant_passes(browser, live_url):
    page = new_page(browser, "2026-11-30T23:58:00+07:00")
    page.goto(live_url + "du-thao/sap-mo/")
    assert status_of(page) == "upcoming"
    assert page.locator("[data-comment-form]").count() == 1
    assert not page.locator("[data-comment-form]").is_visible()
    page.clock.run_for(3 * 60_000)
    assert status_of(page) == "open"
    assert page.locator("[data-comment-form]").is_visible()
    assert page.locator("[data-status-text]").first.inner_text() == "Đang lấy ý kiến"


def test_listing_rows_update_too(browser, live_url):
    page = new_page(browser, "2026-12-02T09:00:00+07:00")
    page.goto(live_url + "du-thao/")
    statuses = {
        el.get_attribute("data-draft-id"): el.get_attribute("data-status")
        for el in page.locator(".pd-cards [data-draft-id]").all()
    }
    assert statuses == {"dang-mo": "closed", "sap-mo": "open"}


# -- keyboard ----------------------------------------------------------------------------------


def tab_to(page, text: str, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.textContent")
        if focused and focused.strip().startswith(text):
            return
    raise AssertionError(f"could not reach {text!r} with the Tab key")


def tab_to_element(page, selector: str, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement === document.querySelector({selector!r})"):
            return
    raise AssertionError(f"could not reach {selector} with the Tab key")


def test_listing_filters_work_with_the_keyboard(browser, example_url):
    page = new_page(browser, EXAMPLE_AT)
    page.goto(example_url + "du-thao/")
    tab_to_element(page, 'select[name="trang-thai"]')
    page.keyboard.press("ArrowDown")  # chooses "Đang lấy ý kiến"; choosing does not leave the page ...
    assert page.locator('select[name="trang-thai"]').input_value() == "dang-lay-y-kien"
    assert page.url == example_url + "du-thao/"
    tab_to(page, "Lọc")  # ... the button does
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"tim-kiem/\?trang-thai=dang-lay-y-kien"))
    results = results_of(page)
    assert results and {r["status"] for r in results} == {"open"}


@pytest.mark.parametrize(
    "label, url",
    [("Đủ 4 tiêu chí", "du-thao/du-4-tieu-chi/"), ("Đang lấy ý kiến", "du-thao/trang-thai/dang-lay-y-kien/")],
)
def test_quick_links_reach_the_main_listings_by_keyboard(browser, example_url, label, url):
    page = new_page(browser, EXAMPLE_AT)
    page.goto(example_url + "du-thao/")
    tab_to(page, label)
    page.keyboard.press("Enter")
    page.wait_for_url(example_url + url)
    assert page.locator(".pd-cards [data-draft-id]").count()


# -- search ------------------------------------------------------------------------------------


def results_of(page) -> list[dict]:
    page.wait_for_function(
        "document.querySelector('[data-search-summary]').textContent.includes('Tìm thấy') || "
        "document.querySelector('[data-search-summary]').textContent.includes('Không tìm thấy')"
    )
    return [
        {
            "title": r.locator("h2").inner_text(),
            "status": r.get_attribute("data-status"),
            "href": r.locator("a").first.get_attribute("href"),
            "text": r.inner_text(),
        }
        for r in page.locator("[data-search-result]").all()
    ]


def test_the_header_search_box_leads_to_the_search_page(browser, example_url):
    page = new_page(browser, EXAMPLE_AT)
    page.goto(example_url + "du-thao/y-te-truong-hoc/")
    page.locator(".md-search__input").click()
    page.keyboard.type("hoc phi")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=hoc+phi")
    results = results_of(page)
    assert "học phí" in results[0]["title"].lower()
    for r in results:
        assert re.fullmatch(r"\.\./du-thao/[a-z0-9-]+/", r["href"]) and r["status"]
    # Each result says where the draft stands: the status and the deadline or the outcome.
    assert "Đang lấy ý kiến" in results[0]["text"] and "Hạn góp ý: hết ngày" in results[0]["text"]


@pytest.mark.parametrize(
    "query, first",
    [
        ("hoc phi 2027", "học phí năm học 2027-2028"),
        ("ban tru", "bán trú"),
        ("giao vien", "giáo viên"),
        ("quy dinh hoat dong day them", "hoạt động dạy thêm"),  # đ typed as d
        ("de nghi xay dung", "Đề nghị xây dựng"),
        ("học phí 2026", "học phí năm học 2026-2027"),  # with diacritics too
        ("dan toc thieu so", "dân tộc thiểu số"),
    ],
)
def test_search_ranks_the_title_holding_the_words_first(browser, example_url, query, first):
    page = new_page(browser, EXAMPLE_AT)
    page.goto(example_url + "tim-kiem/?q=" + query.replace(" ", "+"))
    results = results_of(page)
    assert first.lower() in results[0]["title"].lower(), [r["title"] for r in results[:3]]


def test_words_of_the_page_body_are_found(browser, example_url):
    page = new_page(browser, EXAMPLE_AT)
    page.goto(example_url + "tim-kiem/?q=trong+giu+xe")  # "trông giữ xe": in a body, not in a title
    assert any("khoản thu dịch vụ" in r["title"] for r in results_of(page))


def test_filters_combine_with_the_query_and_count_for_it(browser, example_url):
    page = new_page(browser, EXAMPLE_AT)
    page.goto(example_url + "tim-kiem/?q=hoc+phi&trang-thai=dang-lay-y-kien")
    results = results_of(page)
    assert results and {r["status"] for r in results} == {"open"}
    option = page.locator('select[name="trang-thai"] option[value="dang-lay-y-kien"]')
    assert option.inner_text() == f"Đang lấy ý kiến ({len(results)})"
    assert page.locator('select[name="trang-thai"]').input_value() == "dang-lay-y-kien"
    # No open draft of the Sở Y tế says "học phí": its option counts 0 and cannot be chosen.
    health = page.locator('select[name="co-quan"] option[value="so-y-te"]')
    assert health.inner_text().endswith("(0)") and health.is_disabled()
    page.select_option('select[name="co-quan"]', "so-gddt")
    page.wait_for_url(re.compile(r"co-quan=so-gddt"))
    narrowed = results_of(page)
    assert narrowed and len(narrowed) <= len(results)
    assert all("Sở Giáo dục và Đào tạo" in r["text"] for r in narrowed)


def test_a_search_by_field_offers_its_feed(browser, example_url):
    page = new_page(browser, EXAMPLE_AT)
    page.goto(example_url + "tim-kiem/?linh-vuc=hoc-phi&trang-thai=dang-lay-y-kien")
    results_of(page)
    follow = page.locator("[data-search-follow] a")
    assert follow.is_visible() and follow.get_attribute("href").endswith("rss/linh-vuc/hoc-phi/dang-lay-y-kien.xml")
    page.goto(example_url + "tim-kiem/?q=hoc+phi")
    results_of(page)
    assert not page.locator("[data-search-follow]").is_visible()  # words cannot be followed by a feed


def test_the_url_holds_the_search(browser, example_url):
    page = new_page(browser, EXAMPLE_AT)
    page.goto(example_url + "tim-kiem/")
    page.locator("#pd-search-q").fill("ban tru")
    page.wait_for_url(re.compile(r"tim-kiem/\?q=ban\+tru$"))
    first = results_of(page)
    page.reload()
    assert page.locator("#pd-search-q").input_value() == "ban tru"
    assert results_of(page) == first


def test_nothing_search_related_is_downloaded_before_a_search(browser, example_url):
    page = new_page(browser, EXAMPLE_AT)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    for url in ("", "du-thao/", "du-thao/hoc-phi-2027-2028/", "tim-kiem/"):
        page.goto(example_url + url)
        page.wait_for_load_state("networkidle")
    assert not [r for r in requests if "/tim-kiem/du-lieu/" in r or "search_index" in r or "lunr" in r]
    page.locator("#pd-search-q").fill("hoc phi")
    results_of(page)
    fetched = sorted(r.split("/tim-kiem/du-lieu/")[1].split("?")[0] for r in requests if "/tim-kiem/du-lieu/" in r)
    # "hoc phi" is one word of two syllables: its pair lives with its first syllable.
    assert fetched == ["docs/0.json", "facets.json", "ho.txt", "manifest.json"]


def drafts_saying(site: Path, phrase: str) -> set[str]:
    """The drafts whose page says the (folded) phrase, syllables adjacent and in order."""
    from policy_drafts.publish.search import fold

    out = set()
    drafts = {folder.name for folder in (Path(__file__).parents[1] / "drafts").iterdir()}
    for page in (site / "du-thao").glob("*/index.html"):
        if page.parent.name not in drafts:  # a listing
            continue
        html = page.read_text(encoding="utf-8")
        article = html[html.index("<article") : html.index("</article>")]
        text = fold(re.sub(r"<[^>]+>", " ", article))
        if re.search(r"\b" + phrase.replace(" ", r"\s+") + r"\b", text):
            out.add(page.parent.name)
    return out


@pytest.mark.parametrize("query, phrase", [("hoc phi", "hoc phi"), ("ban tru", "ban tru"), ('"hoc phi"', "hoc phi")])
def test_a_search_counts_the_drafts_that_say_the_words_together(browser, example_site, example_url, query, phrase):
    page = new_page(browser, EXAMPLE_AT, **PHONE)
    page.goto(example_url + "tim-kiem/?q=" + quote_plus(query))
    results = results_of(page)
    found = {r["href"].strip("/").split("/")[-1] for r in results}
    expected = drafts_saying(example_site.site, phrase)
    total = len(list((Path(__file__).parents[1] / "drafts").iterdir()))
    assert found == expected and 0 < len(found) < total, (sorted(found), sorted(expected))
    assert page.locator("[data-search-summary]").inner_text() == f"Tìm thấy {len(found)} dự thảo."
    # On a phone the first result is on the first screen, without scrolling.
    first = page.locator("[data-search-result]").first
    assert first.is_visible() and bottom(page, "[data-search-result] h2") <= PHONE["height"]
    assert page.evaluate("window.scrollY") == 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "phone-search.png"))


def test_quotes_make_a_phrase_and_words_found_apart_are_said_to_be_apart(browser, example_url):
    page = new_page(browser, EXAMPLE_AT)
    page.goto(example_url + "tim-kiem/?q=hoc+phi+ban+tru")  # "phi ban" stands together nowhere
    apart = results_of(page)
    summary = page.locator("[data-search-summary]").inner_text()
    assert apart and summary.startswith("Không có dự thảo nào có liền cả cụm từ đã gõ")
    assert "“hoc phi”, “ban tru”" in summary and summary.endswith(f"Tìm thấy {len(apart)} dự thảo.")
    page.goto(example_url + "tim-kiem/?q=" + quote_plus('"hoc phi ban tru"'))  # quoted: only as typed
    assert results_of(page) == []


def test_the_last_syllable_completes_only_while_it_is_no_word_yet(browser, example_url):
    page = new_page(browser, EXAMPLE_AT)
    page.goto(example_url + "tim-kiem/?q=ban+tr")  # still typing: "ban tr" completes
    typing = {r["href"] for r in results_of(page)}
    page.goto(example_url + "tim-kiem/?q=ban+tru")
    word = {r["href"] for r in results_of(page)}
    assert word and word <= typing
    page.goto(example_url + "tim-kiem/?q=" + quote_plus('"ban tr"'))  # quoted: no completion
    assert results_of(page) == []


def test_the_header_search_never_opens_an_empty_panel(browser, example_url):
    # On a phone the header's search button goes straight to the search page, ready to type.
    page = new_page(browser, EXAMPLE_AT, **PHONE)
    page.goto(example_url + "du-thao/y-te-truong-hoc/")
    page.locator("label.md-header__button[for='__search']").click()
    page.wait_for_url("**/tim-kiem/#tim")
    assert page.evaluate("document.activeElement.id") == "pd-search-q"
    page.keyboard.type("ban tru")
    assert "bán trú" in results_of(page)[0]["title"]
    # On a wide screen the header's box opens a panel that says what to do, with its button.
    page = new_page(browser, EXAMPLE_AT)
    page.goto(example_url + "du-thao/y-te-truong-hoc/")
    page.locator(".md-search__input").click()
    panel = page.locator(".pd-search-panel")
    assert panel.is_visible() and "Gõ từ khóa" in panel.inner_text()
    page.keyboard.type("hoc phi")
    panel.get_by_role("button", name="Tìm").click()
    page.wait_for_url("**/tim-kiem/?q=hoc+phi")
    assert "học phí" in results_of(page)[0]["title"].lower()


# -- accessibility -----------------------------------------------------------------------------


EVERY_PAGE_KIND = [
    "",  # home
    "du-thao/",  # listing
    "du-thao/hoc-phi-2027-2028/",  # draft, open
    "du-thao/hoc-phi-2026-2027/",  # draft, adopted
    "du-thao/hoc-phi-2027-2028/phien-ban/1/",  # version
    "du-thao/hoc-phi-2027-2028/so-sanh/2/",  # redline
    "du-thao/hoc-phi-2027-2028/niem-yet/",  # printable notice
    "tim-kiem/?q=hoc+phi",  # search
    "bao-chi/",  # press
    "du-lieu-mo/",  # open data
    "bao-cao/",  # reports
    "bao-cao/2026/",  # a year's report
    "kha-nang-tiep-can/",  # accessibility statement
    "bao-ve-du-lieu-ca-nhan/",  # privacy notice
    "404.html",
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", EVERY_PAGE_KIND)
def test_no_serious_accessibility_violations(browser, example_url, path, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page = new_page(browser, EXAMPLE_AT, scheme=scheme)
    page.goto(example_url + path)
    if path.startswith("tim-kiem/"):
        results_of(page)
    if scheme == "dark" and "niem-yet" not in path:  # the notice is printed: always light
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    results = Axe().run(page)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []


def test_time_elements_and_badges_are_not_colour_only(browser, example_url):
    page = new_page(browser, EXAMPLE_AT)
    page.goto(example_url + "du-thao/hoc-phi-2027-2028/")
    for value in page.locator("time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))"):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00", value), value
    for badge in page.locator("[data-criterion]").all():
        assert re.search(r"(Đáp ứng|Không đáp ứng)", badge.inner_text())
    assert page.locator("[data-status-label]").first.inner_text().strip().startswith("✎")


# -- the citizen's page: phone first, outcome first, nothing foreign ---------------------------------

PHONE = {"width": 390, "height": 844}


def bottom(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box, selector
    return box["y"] + box["height"]


@pytest.mark.parametrize(
    "draft, status, must_see",
    [
        ("hoc-phi-2027-2028", "open", ["[data-status-label]", ".pd-window strong", "[data-comment-form]"]),
        ("hoc-phi-2026-2027", "adopted", ["[data-status-label]", "#ban-hanh", ".pd-outcome-response"]),
        ("giao-duc-hoa-nhap", "responded", ["[data-status-label]", ".pd-outcome-response"]),
        ("lien-ket-giao-duc-trong-truong-hoc", "withdrawn", ["[data-status-label]", "#dung-xay-dung"]),
    ],
)
def test_the_first_phone_screen_says_where_the_draft_stands(browser, example_url, draft, status, must_see):
    page = new_page(browser, EXAMPLE_AT, **PHONE)
    page.goto(example_url + f"du-thao/{draft}/")
    assert status_of(page) == status
    for selector in must_see:
        assert page.locator(selector).first.is_visible(), selector
        assert bottom(page, selector) <= PHONE["height"], (selector, bottom(page, selector))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-first-screen-{status}.png"))
    text = page.locator(".pd-panel").inner_text()
    if status == "withdrawn":  # a withdrawn draft promises nothing
        assert "sẽ được công bố" not in page.locator("article.pd-draft").inner_text()
        assert not page.locator(".pd-response-later").count()
    if status == "open":
        assert "hết ngày" in text and "23:59:59" not in text


@pytest.mark.parametrize("path", ["", "du-thao/", "du-thao/hoc-phi-2027-2028/", "tim-kiem/?q=hoc+phi", "bao-chi/"])
def test_a_phone_never_scrolls_sideways(browser, example_url, path):
    page = new_page(browser, EXAMPLE_AT, **PHONE)
    page.goto(example_url + path)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # folded parts too
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    wide = page.evaluate(
        "[...document.querySelectorAll('.md-content *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 5)"
    )
    assert wide == []


def test_the_home_page_shows_a_draft_on_a_phones_first_screen_and_none_twice(browser, example_url):
    page = new_page(browser, EXAMPLE_AT, **PHONE)
    page.goto(example_url)
    assert bottom(page, ".pd-card h3") <= PHONE["height"]
    ids = page.locator(".pd-block .pd-card").evaluate_all("els => els.map(e => e.dataset.draftId)")
    assert ids and len(ids) == len(set(ids))
    # Following is named by what it does; the agency's name is whole in the header.
    assert page.locator(".md-header__topic .md-ellipsis").first.evaluate("e => e.scrollHeight <= e.clientHeight + 1")


def test_the_press_page_fits_a_phone_with_copy_buttons(browser, example_url):
    page = new_page(browser, EXAMPLE_AT, **PHONE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(example_url + "bao-chi/")
    assert page.evaluate("document.documentElement.scrollHeight") < 6 * PHONE["height"]
    assert not page.locator("table").count() and not page.locator(".pd-feeds code").count()
    groups = page.locator(".pd-feeds details")
    assert groups.count() >= 3 and groups.first.evaluate("d => d.open")
    button = page.locator(".pd-feeds details").first.locator("button[data-copy]").first
    assert button.is_visible()
    button.click()
    page.wait_for_function("document.querySelector('[data-copy-status]').textContent === 'Đã sao chép'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == "https://duthao.sgddt.minhgiang.example.gov.vn/rss/tat-ca.xml"


def test_criteria_are_explained_without_hover(browser, example_url):
    page = new_page(browser, EXAMPLE_AT, **PHONE)
    page.goto(example_url + "du-thao/")
    assert not page.locator(".pd-card").first.get_by_text("tiêu chí").count()  # not the headline of a card
    page.goto(example_url + "du-thao/hoc-phi-2027-2028/")
    page.locator(".pd-facts a[href='#tieu-chi']").click()
    page.wait_for_url(re.compile(r"#tieu-chi$"))
    explained = page.locator("[data-criterion] .pd-badge__text")
    assert explained.count() == 4 and explained.first.is_visible()


def test_listing_filters_leave_the_drafts_on_the_first_screen(browser, example_url):
    page = new_page(browser, EXAMPLE_AT, **PHONE)
    page.goto(example_url + "du-thao/linh-vuc/giao-duc/")
    assert page.locator(".pd-card").first.bounding_box()["y"] < PHONE["height"]
    status = page.locator('select[name="trang-thai"]')
    labels = status.locator("option").all_inner_texts()
    assert any(label.startswith("Đang lấy ý kiến (") for label in labels)
    assert status.locator("option[disabled]").count() >= 1  # an empty choice cannot be chosen
    page.select_option('select[name="trang-thai"]', "dang-lay-y-kien")
    page.locator(".pd-filters button").click()
    page.wait_for_url(re.compile(r"tim-kiem/\?.*trang-thai=dang-lay-y-kien.*linh-vuc=giao-duc"))
    results = results_of(page)
    assert results and {r["status"] for r in results} == {"open"}


MAIN_PAGES = [
    "",
    "du-thao/",
    "du-thao/hoc-phi-2027-2028/",
    "du-thao/hoc-phi-2026-2027/",
    "tim-kiem/?q=hoc+phi",
    "bao-cao/2026/",
    "bao-chi/",
    "bao-ve-du-lieu-ca-nhan/",
    "404.html",
]


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_no_third_party_or_failing_request(browser, example_url, path):
    page = new_page(browser, EXAMPLE_AT)
    failed, foreign = [], []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(example_url) else None)
    page.goto(example_url + path)
    page.wait_for_load_state("networkidle")
    assert foreign == [] and failed == []


def test_a_page_view_probes_no_sitemap_beside_its_feeds(browser, example_url):
    """Material fetched `sitemap.xml` beside every <link rel="alternate"> (for its language
    switch): the served bundle probes only language alternates (`hreflang`), and the feeds and
    calendars announced in <head> cost no request."""
    page = new_page(browser, EXAMPLE_AT)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(example_url + "du-thao/hoc-phi-2027-2028/")
    page.wait_for_load_state("networkidle")
    feeds = page.eval_on_selector_all("link[rel=alternate]", "links => links.map(l => l.href)")
    assert len(feeds) >= 3 and not page.query_selector("link[rel=alternate][hreflang]")
    sitemaps = [r for r in requests if r.split("?")[0].endswith("/sitemap.xml")]
    assert set(sitemaps) <= {example_url + "sitemap.xml"}, sitemaps


def test_the_404_page_is_vietnamese_with_a_way_on(browser, example_url):
    page = new_page(browser, EXAMPLE_AT)
    page.goto(example_url + "404.html")  # what static hosts serve for an unknown address
    assert page.locator("h1").inner_text() == "Không tìm thấy trang"
    assert "404 - Not found" not in page.content()
    links = page.locator("article a").all_inner_texts()
    assert "Trang chủ" in links and "Tất cả dự thảo" in links
    page.locator("#pd-404-q").fill("ban tru")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"tim-kiem/\?q=ban\+tru"))
    assert "bán trú" in results_of(page)[0]["title"]


# -- screenshots for people --------------------------------------------------------------------


@pytest.mark.parametrize("name, width, height", [("desktop", 1280, 900), ("phone", 390, 844)])
@pytest.mark.parametrize("path, slug", [("", "home"), ("du-thao/hoc-phi-2027-2028/", "draft")])
def test_screenshots(browser, example_url, name, width, height, path, slug):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = new_page(browser, EXAMPLE_AT, width=width, height=height)
    page.goto(example_url + path)
    target = ARTIFACTS / f"{slug}-{name}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000


# -- printable notice --------------------------------------------------------------------------


def test_notice_prints_on_one_a4_page_even_at_maximum_length(browser, tmp_path):
    import pypdf

    longest = base_draft(
        title=(
            "Nghị quyết quy định chính sách hỗ trợ học phí, chi phí học tập, tiền ăn, tiền ở và đồ dùng học tập "
            "cho trẻ em mầm non, học sinh phổ thông, học viên giáo dục thường xuyên thuộc hộ nghèo, cận nghèo "
            "và hộ có hoàn cảnh đặc biệt khó khăn trên địa bàn tỉnh Minh Giang giai đoạn 2027-2030"
        )[:250].strip(),
        summary=(
            "Dự thảo quy định đối tượng, mức hỗ trợ, thời gian hưởng, trình tự, thủ tục, hồ sơ đề nghị hỗ trợ "
            "và trách nhiệm của cơ sở giáo dục, Ủy ban nhân dân cấp xã trong việc xác nhận, chi trả. "
        )
        * 3,
        contact={
            "name": "Phòng Kế hoạch - Tài chính, Sở Giáo dục và Đào tạo",
            "email": "khtc@sgddt.example.gov.vn",
            "phone": "0200 3 812 345",
        },
        consultations=[
            {
                "subject": "draft",
                "opens": date(2026, 11, 1),
                "closes": date(2026, 11, 30),
                "email": "gopy.hocphi.hotro.chiphi@sgddt.example.gov.vn",
            }
        ],
    )
    assert len(longest["title"]) >= 245 and len(longest["summary"]) <= 600
    result = build_fixture(tmp_path, {"dai-nhat": longest}, at="2026-11-10T09:00:00+07:00")
    assert result.ok, result.output
    server, url = serve(result.site)
    try:
        page = new_page(browser, "2026-11-10T09:00:00+07:00")
        page.goto(url + "du-thao/dai-nhat/niem-yet/")
        decoded_qr = decode_qr(page.locator(".qr svg").screenshot())
        page.emulate_media(media="print")
        pdf = tmp_path / "niem-yet.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    finally:
        server.shutdown()
    reader = pypdf.PdfReader(str(pdf))
    assert decoded_qr == "https://fixture.example.gov.vn/du-thao/dai-nhat/"
    assert len(reader.pages) == 1
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
    text = " ".join(reader.pages[0].extract_text().split())
    assert "THÔNG BÁO LẤY Ý KIẾN NHÂN DÂN" in text and "Thứ Hai, ngày 30 tháng 11 năm 2026" in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf.replace(ARTIFACTS / "niem-yet.pdf")


def decode_qr(png: bytes) -> str:
    """Read the QR code of a screenshot as a phone would (zxing-cpp)."""
    import io

    import zxingcpp
    from PIL import Image

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    assert len(found) == 1, "one readable QR code"
    return found[0].text
