"""Feeds, calendars and open data, from real builds: parsed with feedparser, lxml, icalendar, jsonschema."""

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import icalendar
import jsonschema
import pytest
from lxml import etree
from sitekit import EXAMPLE_AT, ROOT, base_draft, build, build_fixture

LATER = "2026-12-13T09:00:00+07:00"


def feed_files(site: Path):
    return sorted((site / "rss").rglob("*.xml"))


def parse_feed(path: Path):
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    etree.fromstring(path.read_bytes())  # well-formed XML for strict parsers too
    return parsed


@pytest.fixture(scope="module")
def later_site(tmp_path_factory):
    result = build(ROOT, LATER, site_dir=tmp_path_factory.mktemp("later") / "site")
    assert result.ok, result.output
    return result


def test_every_feed_parses_without_bozo(example_site):
    paths = feed_files(example_site.site)
    names = {str(p.relative_to(example_site.site)) for p in paths}
    assert {
        "rss/tat-ca.xml",
        "rss/dang-lay-y-kien.xml",
        "rss/du-4-tieu-chi.xml",
        "rss/linh-vuc/giao-duc.xml",
        "rss/co-quan/so-gddt.xml",
    } <= names
    for path in paths:
        parse_feed(path)


def test_items_are_events_with_stable_guid_date_categories_and_link(example_site):
    feed = parse_feed(example_site.site / "rss/tat-ca.xml")
    items = feed.entries
    assert len(items) >= 30
    guids = [i.id for i in items]
    assert len(guids) == len(set(guids))
    now = datetime.fromisoformat(EXAMPLE_AT)
    dates = []
    for i in items:
        assert i.published.endswith("+0700"), i.published
        when = datetime.strptime(i.published, "%a, %d %b %Y %H:%M:%S %z")
        assert when <= now, "events after the build instant are not in the feed yet"
        dates.append(when)
        assert i.guidislink is False
        assert i.link.startswith("https://duthao.sgddt.minhgiang.example.gov.vn/du-thao/")
        page = i.link.split("example.gov.vn/", 1)[1].split("#")[0]
        assert (example_site.site / page / "index.html").is_file()
        terms = [t.term for t in i.tags]
        assert terms and any(t.startswith(("Sở ", "Ban ")) for t in terms)  # the agency
        assert i.title.split(": ", 1)[1]  # "<what happened>: <draft title>"
    assert dates == sorted(dates, reverse=True), "newest first"


def test_item_anchor_exists_in_the_page(example_site):
    feed = parse_feed(example_site.site / "rss/tat-ca.xml")
    for item in feed.entries:
        page, _, anchor = item.link.split("example.gov.vn/", 1)[1].partition("#")
        if anchor:
            soup = example_site.html(page)
            assert soup.find(id=anchor), item.link


def test_kinds_of_events_present(example_site):
    titles = [i.title for i in parse_feed(example_site.site / "rss/tat-ca.xml").entries]
    for prefix in (
        "Công bố dự thảo",
        "Bắt đầu lấy ý kiến",
        "Gia hạn góp ý",
        "Sắp hết hạn góp ý",
        "Hết hạn góp ý",
        "Công bố tiếp thu, giải trình",
        "Ban hành văn bản",
        "Dừng xây dựng",
    ):
        assert any(t.startswith(prefix) for t in titles), prefix


def test_enclosure_for_main_document(example_site):
    feed = parse_feed(example_site.site / "rss/co-quan/so-gddt.xml")
    enclosures = [e for i in feed.entries for e in i.enclosures]
    assert enclosures
    for e in enclosures:
        rel = e.href.split("example.gov.vn/", 1)[1]
        assert (example_site.site / rel).stat().st_size == int(e.length)
        assert e.type == "application/pdf"


def test_filtered_feeds(example_site):
    all_four = parse_feed(example_site.site / "rss/du-4-tieu-chi.xml").entries
    assert all_four and not any("day-them-hoc-them" in i.link for i in all_four)
    assert all("Đủ 4 tiêu chí Quyết định 407" in [t.term for t in i.tags] for i in all_four)
    health = parse_feed(example_site.site / "rss/linh-vuc/y-te.xml").entries
    assert health and all("Y tế học đường" in [t.term for t in i.tags] for i in health)
    open_feed = parse_feed(example_site.site / "rss/dang-lay-y-kien.xml").entries
    assert open_feed
    soup_status = {}
    for i in open_feed:
        draft_id = i.link.split("/du-thao/")[1].split("/")[0]
        soup_status[draft_id] = example_site.html(f"du-thao/{draft_id}/").select_one("[data-draft-id]")["data-status"]
    assert set(soup_status.values()) == {"open"}


def test_rebuild_later_keeps_guids_links_and_dates(example_site, later_site):
    first = {i.id: i for i in parse_feed(example_site.site / "rss/tat-ca.xml").entries}
    second = {i.id: i for i in parse_feed(later_site.site / "rss/tat-ca.xml").entries}
    assert len(second) >= len(first) or len(second) >= 50
    cutoff = datetime.fromisoformat(LATER) - timedelta(days=90)
    for guid, item in first.items():
        when = datetime.strptime(item.published, "%a, %d %b %Y %H:%M:%S %z")
        if guid in second:
            assert second[guid].link == item.link and second[guid].published == item.published
        else:
            assert when < cutoff and len(second) >= 50, f"{guid} vanished"
    assert set(second) - set(first), "new events appeared"


def announced(example_site, page: str) -> list[str]:
    """The <head> alternate links of a page, resolved against its URL (they are relative)."""
    base = "https://duthao.sgddt.minhgiang.example.gov.vn/" + page
    return [urljoin(base, link["href"]) for link in example_site.html(page).select('head link[rel="alternate"]')]


def test_feed_discovery_on_every_page(example_site):
    for page in ("", "du-thao/", "cach-gop-y/", "du-thao/y-te-truong-hoc/", "du-thao/linh-vuc/y-te/"):
        soup = example_site.html(page)
        rss = soup.select('head link[rel="alternate"][type="application/rss+xml"]')
        assert (
            urljoin("https://duthao.sgddt.minhgiang.example.gov.vn/" + page, rss[0]["href"])
            == "https://duthao.sgddt.minhgiang.example.gov.vn/rss/tat-ca.xml"
        ), page
        assert soup.select('head link[rel="alternate"][type="application/json"]')
        assert soup.select('head link[rel="alternate"][type="text/calendar"]')
    draft = announced(example_site, "du-thao/y-te-truong-hoc/")
    assert any(h.endswith("/rss/linh-vuc/y-te.xml") for h in draft)
    assert any(h.endswith("/rss/co-quan/so-y-te.xml") for h in draft)
    assert any(h.endswith("/du-thao/y-te-truong-hoc/lich.ics") for h in draft)
    field = announced(example_site, "du-thao/linh-vuc/y-te/")
    assert any(h.endswith("/rss/linh-vuc/y-te.xml") for h in field)


def test_json_feed(example_site):
    data = json.loads((example_site.site / "rss/tat-ca.json").read_text(encoding="utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    rss = parse_feed(example_site.site / "rss/tat-ca.xml").entries
    assert [i["id"] for i in data["items"]] == [i.id for i in rss]


def test_markup_in_titles_is_escaped_in_xml_json_and_ics(tmp_path):
    title = '<b>Học phí</b> & "phụ phí" <script>x</script>'
    result = build_fixture(tmp_path, {"hoc-phi": base_draft(title=title)}, at="2026-11-10T12:00:00+07:00")
    assert result.ok, result.output
    feed = parse_feed(result.site / "rss/tat-ca.xml")
    assert all(i.title.endswith(title) for i in feed.entries)
    tree = etree.fromstring((result.site / "rss/tat-ca.xml").read_bytes())
    assert all(t.text.endswith(title) for t in tree.iter("title") if "Học phí" in (t.text or ""))
    data = json.loads((result.site / "api/drafts.json").read_text(encoding="utf-8"))
    assert data["drafts"][0]["title"] == title
    cal = icalendar.Calendar.from_ical((result.site / "du-thao/hoc-phi/lich.ics").read_bytes())
    assert any(str(e["summary"]).endswith(title) for e in cal.walk("VEVENT"))


def deadlines(calendar):
    return {str(e["uid"]): e for e in calendar.walk("VEVENT") if "han-gop-y" in str(e["uid"])}


def test_calendar_deadlines_are_all_day_on_the_local_deadline_day(example_site):
    cal = icalendar.Calendar.from_ical((example_site.site / "lich/tat-ca.ics").read_bytes())
    assert cal.walk("VTIMEZONE")[0]["tzid"] == "Asia/Ho_Chi_Minh"
    found = deadlines(cal)
    uid = next(u for u in found if u.startswith("hoc-phi-2027-2028-han-gop-y-2@"))
    # A date-only deadline (23:59:59 on 27 November in Viet Nam, 16:59:59 UTC) is an all-day
    # event on 27 November: the local day, whatever the UTC date.
    assert found[uid].decoded("dtstart") == date(2026, 11, 27)
    assert found[uid].decoded("dtend") == date(2026, 11, 28)
    events = [e for e in cal.walk("VEVENT") if "su-kien" in str(e["uid"])]
    assert events and all(e.get("location") for e in events)


def test_calendar_per_draft_and_stable_uids(example_site, later_site):
    own = icalendar.Calendar.from_ical((example_site.site / "du-thao/ho-tro-hoc-sinh-ban-tru/lich.ics").read_bytes())
    uids = deadlines(own)
    assert len(uids) == 1
    (event,) = uids.values()
    # The extension counts: the deadline is the extended one.
    assert event.decoded("dtstart").isoformat() == "2026-12-05"
    # Its deadline has passed by the later build: its calendar stays (a subscription keeps working).
    assert (later_site.site / "du-thao/ho-tro-hoc-sinh-ban-tru/lich.ics").is_file()
    site_later = icalendar.Calendar.from_ical((later_site.site / "lich/tat-ca.ics").read_bytes())
    assert set(uids) <= set(deadlines(site_later))
    first = deadlines(icalendar.Calendar.from_ical((example_site.site / "lich/tat-ca.ics").read_bytes()))
    # UIDs are stable across rebuilds: every deadline still in the later calendar's window
    # (the last 30 days and what is ahead) keeps its UID.
    window = datetime.fromisoformat(LATER) - timedelta(days=30)
    kept = {uid for uid, e in first.items() if e.decoded("dtstart") >= window.date()}
    assert kept and kept <= set(deadlines(site_later))
    page = example_site.html("du-thao/ho-tro-hoc-sinh-ban-tru/")
    assert page.select_one('.pd-follow a[type="text/calendar"]')["href"].endswith(
        "du-thao/ho-tro-hoc-sinh-ban-tru/lich.ics"
    )


def test_open_data_validates_against_its_schema(example_site):
    data = json.loads((example_site.site / "api/drafts.json").read_text(encoding="utf-8"))
    schema = json.loads((example_site.site / "api/drafts.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    by_id = {d["id"]: d for d in data["drafts"]}
    assert data["count"] == len(by_id) == 14
    assert by_id["hoc-phi-2027-2028"]["status"] == {
        "key": "open",
        "label": "Đang lấy ý kiến",
        "closing_soon": True,
        "response_due": None,
    }
    assert by_id["ho-tro-hoc-sinh-ban-tru"]["consultations"][0]["deadline"] == "2026-12-05T23:59:59+07:00"
    assert by_id["hoc-phi-2026-2027"]["adoption"]["number"].startswith("25/2026/")
    assert "phuong-an-bao-dam-an-ninh-ky-thi" not in by_id


def test_outputs_are_byte_identical_for_the_same_instant(example_site, tmp_path):
    again = build(ROOT, EXAMPLE_AT, site_dir=tmp_path / "site")
    for rel in (
        "rss/tat-ca.xml",
        "rss/tat-ca.json",
        "lich/tat-ca.ics",
        "api/drafts.json",
        "du-thao/hoc-phi-2027-2028/lich.ics",
        "sitemap.xml",
        "search/search_index.json",
    ):
        assert (again.site / rel).read_bytes() == (example_site.site / rel).read_bytes(), rel
