"""The pure core in process, in milliseconds: the schema and what is generated from it,
event kinds, timeline, listings and feeds, the report, calendars, redlines, and property
tests for the clock and the status rules. Real builds are in the test_build_* modules."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from icalendar.parser import Contentline
from policy_drafts.model.clock import END_OF_DAY, parse_moment
from policy_drafts.model.consultation import Status, state_at
from policy_drafts.model.criteria import Criteria
from policy_drafts.model.records import (
    Adoption,
    Contact,
    Draft,
    Event,
    Link,
    Response,
    Round,
    Subject,
    Version,
    Withdrawal,
    known_at,
)
from policy_drafts.model.text import fold as text_fold
from policy_drafts.model.timeline import KIND_INFO, EventKind, timeline
from policy_drafts.publish.calendars import Calendars, fold, to_ical
from policy_drafts.publish.feeds import feed_items
from policy_drafts.publish.report import csv_text, year_report
from policy_drafts.read import schema
from policy_drafts.read.frontmatter import parse as parse_source
from policy_drafts.read.markup import Renderer, plain_text, sections_text
from policy_drafts.read.versions import redline
from sitekit import BUILT, ROOT, SITE_CONFIG, base_draft, draft_text, fixture_settings, parse, site_of, valid

TZ = fixture_settings().timezone


def test_the_search_script_folds_a_query_as_the_index_was_folded():
    """A query finds what the index holds only if the page's script folds it as model/text.py
    folded the index; outside Vietnamese too (a reader pastes anything)."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("POLICY_DRAFTS_REQUIRE_BROWSER") == "1":
            pytest.fail("Node.js is needed (apt-get install -y nodejs)")
        pytest.skip("Node.js is needed (apt-get install -y nodejs)")
    script = (ROOT / "plugins/policy_drafts/assets/search.js").read_text(encoding="utf-8")
    function = re.search(r"^  function fold\(text\) \{\n.*?\n  \}\n", script, re.S | re.M)
    assert function, "assets/search.js has no fold()"
    texts = [
        "Nội dung SỬA ĐỔI, Đắk Lắk, Nghị quyết số 15/2025/NQ-HĐND",
        "Ưu đãi học phí ở Phú Quốc; ỦY BAN, Ủy ban",  # precomposed and decomposed
        "Straße İstanbul ΟΔΟΣ ǅ ﬁ Ångström x\u1dc4y Ｈ Ωмега ǰ",
    ]
    texts.append(unicodedata.normalize("NFD", texts[1]))
    program = function.group() + "process.stdout.write(JSON.stringify(JSON.parse(process.argv[1]).map(fold)))"
    result = subprocess.run([node, "-e", program, json.dumps(texts)], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [text_fold(t) for t in texts]


# -- the schema and what follows from it ---------------------------------------------------------------


def _readme_front_matter() -> dict:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n---\n(.*?)\n---\n", text, re.S)
    assert block, "the README's draft example is missing"
    return yaml.safe_load(block.group(1))


def _keys(data, prefix="") -> set[str]:
    out = set()
    texts = {f.key for f in schema.DRAFT.fields if f.kind is schema.ValueKind.TEXTS}  # keyed by language
    for key, value in data.items():
        out.add(prefix + key)
        if not prefix and key in texts:
            continue
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                out |= _keys(item, prefix + key + ("[]." if isinstance(value, list) else "."))
    return out


def test_the_readme_example_uses_exactly_the_schema_fields():
    assert _keys(_readme_front_matter()) == set(schema.all_keys())


# Each record of the schema, the class it builds, and that class's fields that are not written in
# the front matter (set by the reader or the catalog); the Draft calls its `consultations` `rounds`.
RECORD_CLASSES = {
    "draft": (Draft, {"id", "path", "body", "body_line", "files", "sizes", "versions", "content"}),
    "consultation": (Round, {"index", "table"}),
    "response": (Response, {"summary_html"}),
    "criteria": (Criteria, set()),
    "adoption": (Adoption, set()),
    "withdrawal": (Withdrawal, set()),
    "document": (Link, set()),
    "event": (Event, {"index"}),
    "contact": (Contact, set()),
    "version": (Version, {"number", "body", "body_line", "content", "text"}),
}
RENAMED = {"consultations": "rounds"}


def test_the_schema_keys_are_the_record_fields():
    """Records are built by keyword from their values (schema._given): a key added to the schema
    without its field in the record class, or a field without its key, fails here."""
    records: dict[str, schema.Record] = {}
    todo = [schema.DRAFT, schema.VERSION]
    while todo:
        record = todo.pop()
        records[record.name] = record
        todo += [f.sub for f in record.fields if f.record is not None]
    assert set(records) == set(RECORD_CLASSES)
    for name, record in records.items():
        cls, not_front_matter = RECORD_CLASSES[name]
        keys = {RENAMED.get(key, key) for key in record.keys}
        assert keys == {f.name for f in dataclasses.fields(cls)} - not_front_matter, name


def test_the_template_of_new_lists_every_field_and_parses_once_filled():
    registries = {"document_types": ["nghi-quyet-hdnd-tinh"], "agencies": ["so-gddt"], "fields": ["giao-duc"]}
    text = schema.template(registries, {"nghi-quyet-hdnd-tinh": 30}, date(2026, 11, 1))
    for key in (f.key for f in schema.DRAFT.fields):
        assert re.search(rf"^#? ?{key}:", text, re.M), key
    for f in (f for f in schema.DRAFT.fields if f.record):
        for g in f.sub.fields:
            assert re.search(rf"^#?\s+(- )?{g.key}:", text, re.M), (f.key, g.key)
    filled = (
        text.replace('title: ""', "title: Học phí")
        .replace('summary: ""', "summary: Tóm tắt.")
        .replace('document_type: ""', "document_type: nghi-quyet-hdnd-tinh")
        .replace('agency: ""', "agency: so-gddt")
        .replace("fields: []", "fields: [giao-duc]")
    )
    draft, problems = parse("---\n" + filled + "---\n" + draft_text(base_draft()).split("---\n", 2)[2])
    assert not problems, [str(p) for p in problems]
    assert draft.title == "Học phí" and "ít nhất 30 ngày (nghi-quyet-hdnd-tinh)" in text


def _registries():
    spec = SITE_CONFIG["plugins"][1]["policy-drafts"]
    return {name: sorted(spec[name]) for name in ("document_types", "agencies", "fields")}


def _front(path: Path) -> dict:
    source = parse_source(path.read_bytes(), str(path))
    return yaml.safe_load(yaml.safe_dump(source.data, allow_unicode=True, default_flow_style=False))


def test_front_matter_json_schema_accepts_the_example_drafts_and_refuses_mistakes():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    plugin = next(p["policy-drafts"] for p in config["plugins"] if isinstance(p, dict) and "policy-drafts" in p)
    registries = {name: sorted(plugin[name]) for name in ("document_types", "agencies", "fields")}
    validator = jsonschema.Draft202012Validator(schema.json_schema(registries))
    for index in sorted((ROOT / "drafts").glob("*/index.md")):
        front = {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in _front(index).items()}
        errors = [e.message for e in validator.iter_errors(_stringify_dates(front))]
        assert not errors, (index, errors)
    bad = _stringify_dates(dict(base_draft(agency="so-khac", sumary="x")))
    messages = " ".join(e.message for e in validator.iter_errors(bad))
    assert "so-khac" in messages and "sumary" in messages


def _stringify_dates(value):
    if isinstance(value, dict):
        return {k: _stringify_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify_dates(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def test_json_schema_is_derived_from_the_schema():
    generated = schema.json_schema(_registries())
    assert set(generated["properties"]) == {f.key for f in schema.DRAFT.fields}
    assert set(generated["required"]) == {f.key for f in schema.DRAFT.fields if f.required}
    assert generated["properties"]["agency"]["enum"] == ["so-gddt", "so-y-te"]
    rounds = generated["properties"]["consultations"]["items"]
    assert set(rounds["properties"]) == set(schema.ROUND.keys)
    assert rounds["properties"]["subject"]["enum"] == [s.value for s in Subject]


# -- event kinds, timeline ---------------------------------------------------------------------------


def test_every_event_kind_is_described_once():
    assert set(KIND_INFO) == set(EventKind)
    d = valid(
        consultations=[
            {
                "subject": "draft",
                "opens": date(2026, 11, 1),
                "closes": date(2026, 11, 30),
                "extended_to": date(2026, 12, 10),
                "extended_at": date(2026, 11, 25),
            }
        ],
        response={"published": date(2026, 12, 20), "received": 10, "accepted": 4},
        adoption={"date": date(2027, 1, 5), "number": "01/2027/NQ-HĐND"},
    )
    events = timeline(d, 7)
    assert [e.kind for e in events] == [
        EventKind.PUBLISHED,
        EventKind.OPENED,
        EventKind.EXTENDED,
        EventKind.CLOSING_SOON,
        EventKind.CLOSED,
        EventKind.RESPONDED,
        EventKind.ADOPTED,
    ]
    for e in events:
        assert e.title.endswith(d.title) and e.what and e.label
    assert "01/2027/NQ-HĐND" in events[-1].title
    assert "10/12" in events[2].title


def test_nothing_happens_after_a_withdrawal():
    d = valid(withdrawn={"date": date(2026, 11, 10), "reason": "Không còn cần thiết."})
    kinds = [e.kind for e in timeline(d, 7)]
    assert kinds == [EventKind.PUBLISHED, EventKind.OPENED, EventKind.WITHDRAWN]


def test_known_at_hides_later_facts_and_their_files():
    d = valid(
        response={"published": date(2026, 12, 20), "document": "bao-cao.pdf"},
        adoption={"date": date(2027, 1, 5)},
        files=("bao-cao.pdf",),
    )
    early = known_at(d, BUILT)
    assert early.response is None and early.adoption is None and early.files == ()
    late = known_at(d, datetime.fromisoformat("2027-02-01T00:00:00+07:00"))
    assert late is d


# -- listings, feeds, report, calendars ------------------------------------------------------------------


def test_listings_paginate_and_feeds_follow_their_listings():
    site = site_of(
        valid(),
        valid("y-te", title="Y tế", fields=["y-te"], agency="so-y-te"),
        valid(
            "sap-mo",
            title="Sắp mở",
            consultations=[{"subject": "proposal", "opens": date(2026, 12, 1), "closes": date(2026, 12, 31)}],
        ),
    )
    every = site.listing_by_key["all"]
    assert every.page_count(2) == 2 and [p.number for p in site.pages() if p.listing is every] == [1, 2]
    specs = site.feed_by_key
    assert {k for k in specs if not k.startswith("draft/") and k.count("/") < 2} == {
        listing.key for listing in site.listings if listing.feed
    }
    assert {k for k in specs if k.startswith("draft/")} == {f"draft/{v.id}" for v in site.drafts}
    assert specs["field/y-te"].path == "rss/linh-vuc/y-te.xml" and specs["field/y-te"].page == "du-thao/linh-vuc/y-te/"
    open_items = feed_items(site, specs["status/open"])
    assert open_items and all(i.happening.info.consultation for i in open_items)
    assert all(i.view.status is Status.OPEN for i in open_items)
    assert {i.view.id for i in feed_items(site, specs["field/y-te"])} == {"y-te"}


def test_report_counts_and_csv_in_process():
    adopted = valid(
        consultations=[
            {"subject": "proposal", "opens": date(2026, 2, 1), "closes": date(2026, 3, 2)},
            {"subject": "draft", "opens": date(2026, 4, 1), "closes": date(2026, 4, 30)},
        ],
        published=date(2026, 1, 15),
        response={"published": date(2026, 5, 10)},
        adoption={"date": date(2026, 6, 1)},
    )
    skipped = valid("bo-qua", consultations=[], published=date(2026, 2, 1), adoption={"date": date(2026, 6, 1)})
    report = year_report(site_of(adopted, skipped), 2026)
    assert (report.total.qualifying, report.total.complete, report.total.short) == (2, 1, 1)
    assert report.total.coverage == 50.0 and report.target_met is False
    assert csv_text(report).startswith("\ufeffNăm,")


def test_calendar_parses_and_holds_each_deadline():
    site = site_of(
        valid(),
        valid(
            "hai-dot",
            title="Hai đợt",
            consultations=[
                {"subject": "proposal", "opens": date(2026, 10, 1), "closes": date(2026, 10, 31)},
                {"subject": "draft", "opens": date(2026, 11, 10), "closes": date(2026, 12, 10)},
            ],
        ),
    )
    calendar = Calendar.from_ical(Calendars(site, "Trang").site_calendar())
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids)) >= 3
    # Events are serialised with our folding: the bytes icalendar itself gives.
    events = list(Calendars(site, "Trang")._vevents(site.drafts[0]))
    assert events and all(to_ical(event) == event.to_ical() for _, event in events)


@given(st.text(st.sampled_from('aZ09 ,;:\\^"đĐếẫữỳ€😀\u0301'), max_size=400))
def test_calendar_lines_fold_exactly_as_icalendar_folds_them(text):
    line = "DESCRIPTION:" + text
    assert fold(line) == Contentline(line).to_ical()
    assert all(len(piece) <= 75 for piece in fold(line).split(b"\r\n"))


# -- redline ---------------------------------------------------------------------------------------------


def test_redline_compares_what_readers_see():
    old = Renderer().render("Điều 1. Phạm vi\n\nÁp dụng cho <!-- ghi chú nội bộ --> trường công lập.\n")
    new = Renderer().render("Điều 1. Phạm vi\n\nÁp dụng cho mọi trường.\n")
    diff = redline(plain_text(old.html), plain_text(new.html))
    text = " ".join(p.text for a in diff for p in a.pieces)
    assert "ghi chú nội bộ" not in text and "mọi" in text


def test_texts_of_a_body_are_derived_once_and_read_as_before():
    """The plain text and the section texts kept with a rendered body (Html.text, Html.sections)
    are what parsing its HTML gives, a section kept as a slice of the plain text where it is one."""
    body = (
        "Mở đầu.\n\n## Sự cần thiết\n\nVì *trường* cần.\n\n"
        "## Nội dung cơ bản\n\n<div><p>Học phí</p>theo vùng</div>\n\n"
        "## Nội dung cơ bản (nhắc lại)\n\nKhông đọc.\n\n## Trống\n"
    )
    html = Renderer().render(body)
    assert html.text == plain_text(html.html)
    assert "Học phí\ntheo vùng" in html.text  # a line break after a block in the plain text, none below
    names = {"necessity": "Sự cần thiết", "basic": "Nội dung cơ bản", "other": "Nội dung khác"}
    assert sections_text(html, names) == {"necessity": "Vì trường cần.", "basic": "Học phítheo vùng", "other": None}
    own = {heading: text for heading, _, _, text in html.sections}
    assert own["Sự cần thiết"] == "" and own["Nội dung cơ bản"] == "Học phítheo vùng"
    assert "Trống" not in own  # no text under it: left out


# -- property tests: the clock and the status rules ---------------------------------------------------------

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@given(days)
def test_a_date_only_deadline_is_the_end_of_that_local_day(day):
    moment = parse_moment(day, TZ, end_of_day=True)
    assert moment.at.date() == day and moment.at.time() == END_OF_DAY and moment.date_only
    assert moment.iso().endswith("23:59:59+07:00")
    assert parse_moment(moment.iso(), TZ).at == moment.at


@given(opens=days, length=st.integers(1, 120), offset=st.integers(-200, 400))
def test_status_follows_the_window(opens, length, offset):
    closes = opens + timedelta(days=length)
    d = valid(
        published=opens,
        consultations=[{"subject": "draft", "opens": opens, "closes": closes, "shortened_reason": "Thủ tục rút gọn."}],
    )
    now = datetime.combine(opens, datetime.min.time(), TZ) + timedelta(days=offset, hours=12)
    state = state_at(d, now)
    expected = Status.UPCOMING if now.date() < opens else Status.OPEN if now.date() <= closes else Status.CLOSED
    assert state.status is expected
    assert state.closing_soon == (expected is Status.OPEN and (closes - now.date()).days < 7)
    if expected is Status.CLOSED:
        assert state.response_due == d.rounds[0].deadline.at + timedelta(days=30)


@given(offset=st.integers(0, 400), withdraw=st.integers(0, 200))
def test_a_withdrawal_wins_from_its_date(offset, withdraw):
    d = valid(
        withdrawn={"date": date(2026, 10, 1) + timedelta(days=withdraw), "reason": "Dừng."},
        adoption={"date": date(2026, 12, 20)},
        response={"published": date(2026, 12, 10)},
    )
    now = datetime(2026, 10, 1, 12, tzinfo=TZ) + timedelta(days=offset)
    state = state_at(d, now)
    if now.date() >= d.withdrawn.date.day:
        assert state.status is Status.WITHDRAWN
    else:
        assert state.status is not Status.WITHDRAWN
    assert Subject(d.rounds[0].subject) is Subject.DRAFT


def test_the_memo_keeps_one_build_of_values():
    from policy_drafts.publish.memo import Memo, digest

    memo, made = Memo(), []

    def make(value):
        return lambda: made.append(value) or value

    assert memo.get("a", make(1)) == 1 and memo.get("a", make(9)) == 1  # once per build
    memo.get("b", make(2))
    memo.next_build()
    assert memo.get("a", make(9)) == 1 and (memo.hits, memo.misses) == (1, 0)  # kept for the next build
    memo.next_build()  # "b" was not asked for in the last build: forgotten
    assert memo.get("b", make(3)) == 3 and len(memo) == 2 and made == [1, 2, 3]
    # Keys from data: equal data, equal keys; any difference, another key.
    assert digest("x", (1, [2])) == digest("x", (1, [2])) != digest("x", (1, [3]))
