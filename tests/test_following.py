"""Following a draft: feed items that tell each event as it was, per-draft feeds and calendars,
calendars that calendar apps update, e-mail digests sent to a real SMTP server, open data.

Built for real (`mkdocs build`); feeds read with feedparser, calendars with icalendar and
with ical.js under Node (an independent parser), mail received by aiosmtpd."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
from datetime import date
from email import message_from_bytes, policy

import feedparser
import icalendar
import pytest
from readers import node_read
from sitekit import base_draft, build, epoch, write_site

AT = "2026-11-20T09:00:00+07:00"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

TWO_ROUNDS = base_draft(
    title="Nghị quyết học phí hai đợt",
    summary="Đã được thông qua ngày 15/11/2026.",  # a summary edited after the adoption
    published=date(2026, 6, 1),
    consultations=[
        {
            "subject": "proposal",
            "opens": date(2026, 6, 2),
            "closes": date(2026, 7, 1),
            "response": {"published": date(2026, 7, 10), "received": 12, "accepted": 5, "document": "tiep-thu-1.pdf"},
        },
        {
            "subject": "draft",
            "opens": date(2026, 8, 1),
            "closes": date(2026, 8, 31),
            "extended_to": date(2026, 9, 10),
            "extended_at": date(2026, 8, 25),
            "form": "https://forms.gle/HaiDot",
            "response": {"published": date(2026, 9, 20), "received": 40, "accepted": 9, "document": "tiep-thu-2.pdf"},
        },
    ],
    adoption={"date": date(2026, 11, 15), "number": "07/2026/NQ-HĐND", "url": "https://vbpl.example.gov.vn/07-2026"},
    documents=[{"title": "Dự thảo", "file": "du-thao.pdf"}],
)
ANNOUNCED = base_draft(title="Dự thảo mới công bố", consultations=[], published=date(2026, 11, 10))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("following")
    write_site(
        root,
        {"hai-dot": TWO_ROUNDS, "moi-cong-bo": ANNOUNCED, "dang-mo": base_draft(title="Dự thảo đang mở")},
        files={"hai-dot/tiep-thu-1.pdf": PDF, "hai-dot/tiep-thu-2.pdf": PDF + b"2", "hai-dot/du-thao.pdf": PDF},
        plugin={
            "email_alerts": {
                "subscribe_url": "https://lists.example.gov.vn/dang-ky",
                "from": "Sở GD&ĐT <duthao@sgddt.example.gov.vn>",
                "to": ["duthao-tin@lists.example.gov.vn"],
            }
        },
    )
    result = build(root, AT)
    assert result.ok, result.output
    result.root = root  # type: ignore[attr-defined]
    return result


def items_of(path) -> dict:
    return {e.id.rsplit("#", 1)[1]: e for e in feedparser.parse(path.read_bytes()).entries}


# -- feed items ----------------------------------------------------------------------------------------


def test_each_event_carries_what_belongs_to_it(site):
    items = items_of(site.site / "du-thao/hai-dot/rss.xml")
    assert {"responded-1", "responded-2", "extended-2", "adopted", "opened-1", "closed-2"} <= set(items)
    first, second = items["responded-1"], items["responded-2"]
    assert first.enclosures[0]["href"].endswith("/tiep-thu-1.pdf")
    assert second.enclosures[0]["href"].endswith("/tiep-thu-2.pdf")
    assert not items["adopted"].get("enclosures")
    assert "https://vbpl.example.gov.vn/07-2026" in items["adopted"].summary
    assert "https://forms.gle/HaiDot" in items["extended-2"].summary
    # Told as known on the event's date: nothing of the later adoption or the new summary.
    for key in ("opened-1", "responded-1", "extended-2", "closed-2"):
        assert "07/2026/NQ" not in items[key].summary and "thông qua" not in items[key].summary, key
    # The deadline known when the window opened was the original one, not the later extension.
    assert "31/08/2026" in items["opened-2"].summary and "10/09/2026" not in items["opened-2"].summary
    titles = [items[k].title.split(":")[0] for k in ("closed-1", "closed-2", "responded-1", "responded-2")]
    assert len(set(titles)) == 4, titles


def test_the_event_kind_is_machine_readable(site):
    text = (site.site / "rss/tat-ca.xml").read_text(encoding="utf-8")
    assert '<category domain="https://fixture.example.gov.vn/rss/su-kien/">adopted</category>' in text
    data = json.loads((site.site / "rss/tat-ca.json").read_text(encoding="utf-8"))
    extended = next(i for i in data["items"] if i["id"].endswith("#extended-2"))
    assert extended["_policy_drafts"] == {
        "about": "https://fixture.example.gov.vn/du-lieu-mo/#nguon-tin",
        "event": "extended",
        "draft": "hai-dot",
        "round": 2,
        "subject": "draft",
        "deadline": "2026-09-10T23:59:59+07:00",
        "form": "https://forms.gle/HaiDot",
        "document": None,
    }


# -- following one draft, a field, an agency -----------------------------------------------------------


def test_every_draft_has_a_feed_and_a_calendar_even_before_any_window(site):
    feed = feedparser.parse((site.site / "du-thao/moi-cong-bo/rss.xml").read_bytes())
    assert [e.id.rsplit("#", 1)[1] for e in feed.entries] == ["published"]
    calendar = icalendar.Calendar.from_ical((site.site / "du-thao/moi-cong-bo/lich.ics").read_bytes())
    assert calendar.walk("VEVENT") == [] and "Dự thảo mới công bố" in str(calendar["X-WR-CALNAME"])
    page = site.html("du-thao/moi-cong-bo/")
    follow = {a.get_text(" ", strip=True): a["href"] for a in page.select(".pd-follow a")}
    assert follow["Nhận tin khi có cập nhật"].endswith("du-thao/moi-cong-bo/rss.xml")
    assert follow["Thêm hạn góp ý vào lịch"] == "webcal://fixture.example.gov.vn/du-thao/moi-cong-bo/lich.ics"
    assert follow["Google Lịch"].startswith("https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F")
    assert follow["Outlook"].startswith("https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2F")
    assert follow["Nhận thư báo qua thư điện tử"] == "https://lists.example.gov.vn/dang-ky"
    head = [link["href"] for link in page.select('head link[rel="alternate"]')]
    assert any(h.endswith("du-thao/moi-cong-bo/rss.xml") for h in head)


def test_fields_and_agencies_have_feeds_of_open_consultations_and_calendars(site):
    open_feed = feedparser.parse((site.site / "rss/linh-vuc/giao-duc/dang-lay-y-kien.xml").read_bytes())
    assert open_feed.entries and all("dang-mo" in e.id for e in open_feed.entries)
    assert {e.id.rsplit("#", 1)[1].split("-")[0] for e in open_feed.entries} <= {"opened", "extended", "closing"}
    for path in ("lich/linh-vuc/giao-duc.ics", "lich/co-quan/so-gddt.ics"):
        assert icalendar.Calendar.from_ical((site.site / path).read_bytes()).walk("VEVENT")
    listing = site.html("du-thao/linh-vuc/giao-duc/")
    links = [a["href"] for a in listing.select(".pd-follow a")]
    assert any(h.endswith("rss/linh-vuc/giao-duc.xml") for h in links)
    assert "webcal://fixture.example.gov.vn/lich/linh-vuc/giao-duc.ics" in links


# -- calendars that apps handle --------------------------------------------------------------------------


def deadline_events(path) -> dict:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


def test_deadlines_are_all_day_with_a_reminder_and_openings_are_events(site):
    events = deadline_events(site.site / "du-thao/dang-mo/lich.ics")
    deadline, opening = events["dang-mo-han-gop-y-1"], events["dang-mo-mo-gop-y-1"]
    assert deadline.decoded("dtstart") == date(2026, 11, 30) and deadline.decoded("dtend") == date(2026, 12, 1)
    assert opening.decoded("dtstart") == date(2026, 11, 1)
    alarm = deadline.walk("VALARM")[0]
    assert alarm["ACTION"] == "DISPLAY" and alarm.decoded("trigger").days == -2
    read = node_read("ics", [site.site / "du-thao/dang-mo/lich.ics", site.site / "du-thao/hai-dot/lich.ics"])
    mine = {e["uid"].split("@")[0]: e for doc in read.values() for e in doc["events"]}
    assert mine["dang-mo-han-gop-y-1"]["allDay"] and mine["dang-mo-han-gop-y-1"]["start"] == "2026-11-30"
    assert mine["dang-mo-han-gop-y-1"]["alarms"] == 1
    assert mine["hai-dot-han-gop-y-1"]["summary"] != mine["hai-dot-han-gop-y-2"]["summary"]


def test_an_extension_reaches_those_who_subscribed(tmp_path):
    draft = base_draft(consultations=[{"subject": "draft", "opens": date(2026, 11, 1), "closes": date(2026, 11, 30)}])
    write_site(tmp_path, {"hoc-phi": draft})
    before = deadline_events(build(tmp_path, "2026-11-10T09:00:00+07:00").site / "du-thao/hoc-phi/lich.ics")
    draft["consultations"][0].update(extended_to=date(2026, 12, 10), extended_at=date(2026, 11, 25))
    write_site(tmp_path, {"hoc-phi": draft})
    after = deadline_events(build(tmp_path, "2026-11-26T09:00:00+07:00").site / "du-thao/hoc-phi/lich.ics")
    old, new = before["hoc-phi-han-gop-y-1"], after["hoc-phi-han-gop-y-1"]
    assert old["UID"] == new["UID"]
    assert new.decoded("dtstart") == date(2026, 12, 10) and new["SEQUENCE"] > old["SEQUENCE"]
    assert new.decoded("last-modified") > old.decoded("last-modified")


# -- e-mail alerts ---------------------------------------------------------------------------------------


@pytest.fixture()
def smtp_server():
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received = []

    class Keep(Message):
        def handle_message(self, message):
            received.append(message)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(
        Keep(message_class=lambda: __import__("email").message.EmailMessage()), hostname="127.0.0.1", port=port
    )
    controller.start()
    yield port, received
    controller.stop()


def digest(root, port: int, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(epoch(AT)),
        "NO_MKDOCS_2_WARNING": "1",
        "POLICY_DRAFTS_SMTP_HOST": "127.0.0.1",
        "POLICY_DRAFTS_SMTP_PORT": str(port),
        "POLICY_DRAFTS_SMTP_STARTTLS": "0",
    }
    return subprocess.run(
        [sys.executable, "-m", "policy_drafts", "digest", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_digest_is_mailed_once_in_vietnamese(site, smtp_server):
    port, received = smtp_server
    state = site.root / ".policy-drafts" / "thu-bao.json"
    first = digest(site.root, port, "--since", "2026-11-09", "--state", str(state), "--send")
    assert first.returncode == 0, first.stderr
    assert len(received) == 1
    mail = message_from_bytes(received[0].as_bytes(), policy=policy.default)
    assert mail["From"] == "Sở GD&ĐT <duthao@sgddt.example.gov.vn>"
    assert mail["To"] == "duthao-tin@lists.example.gov.vn"
    assert mail["Subject"].startswith("[Dự thảo chính sách]") and "sự kiện mới" in mail["Subject"]
    assert mail["Content-Language"] == "vi"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert mail.get_body(("plain",)).get_content_charset() == "utf-8"
    assert "Ban hành văn bản 07/2026/NQ-HĐND: Nghị quyết học phí hai đợt" in text
    assert "https://fixture.example.gov.vn/du-thao/hai-dot/#ban-hanh" in text
    assert 'href="https://fixture.example.gov.vn/du-thao/moi-cong-bo/"' in html
    assert 'href="https://lists.example.gov.vn/dang-ky"' in html
    assert "tiep-thu-1" not in text  # July's events are before --since
    again = digest(site.root, port, "--state", str(state), "--send")
    assert again.returncode == 0 and len(received) == 1  # each event is mailed once
    assert "Không có sự kiện mới" in again.stderr


# -- open data --------------------------------------------------------------------------------------------


def test_open_data_has_a_licence_a_csv_the_sections_and_the_versions(site):
    data = json.loads((site.site / "api/drafts.json").read_text(encoding="utf-8"))
    assert data["licence"]["url"].startswith("https://creativecommons.org/licenses/by/4.0")
    record = next(d for d in data["drafts"] if d["id"] == "hai-dot")
    assert record["sections"]["basic"] == "Mức học phí theo vùng và cấp học."
    assert record["consultations"][0]["response"]["document"].endswith("/tiep-thu-1.pdf")
    assert record["versions"] == [] and record["links"]["feed"].endswith("/du-thao/hai-dot/rss.xml")
    rows = list(csv.DictReader(io.StringIO((site.site / "api/drafts.csv").read_text(encoding="utf-8-sig"))))
    assert {r["Mã"] for r in rows} == {"hai-dot", "moi-cong-bo", "dang-mo"}
    assert next(r for r in rows if r["Mã"] == "hai-dot")["Ban hành"] == "07/2026/NQ-HĐND"
