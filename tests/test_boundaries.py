"""The next time boundary of a site (publish/boundaries.py): the first instant after t0 at which
anything the site built at t0 shows could change; a preview at the real clock keeps t0 until then."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from policy_drafts.publish.boundaries import MAX_HOLD, next_boundary
from sitekit import fixture_settings, valid

SETTINGS = fixture_settings()  # closing_soon_days 7, response_due_days 30, Asia/Ho_Chi_Minh
DEADLINE = datetime.fromisoformat("2026-11-30T23:59:59+07:00")  # base_draft's window closes 30/11 (whole day)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def boundary(drafts, t0: datetime, **kwargs) -> datetime:
    return next_boundary(drafts, SETTINGS, t0, **kwargs)


def test_without_drafts_the_clock_is_taken_again_after_an_hour_and_at_local_midnight():
    assert boundary([], at("2026-11-23T09:00:00+07:00")) == at("2026-11-23T10:00:00+07:00")
    assert timedelta(hours=1) == MAX_HOLD
    assert boundary([], at("2026-11-23T23:30:00+07:00")) == at("2026-11-24T00:00:00+07:00")
    # Local midnight in the site's zone, not UTC's (17:00 UTC is midnight in Viet Nam).
    assert boundary([], at("2026-11-23T16:40:00+00:00")) == at("2026-11-24T00:00:00+07:00")
    assert boundary([], at("2026-11-23T09:00:00+07:00"), hold=timedelta(days=3)) == at("2026-11-24T00:00:00+07:00")


def test_a_window_closing_is_a_boundary_and_so_is_closing_soon_before_it():
    draft = valid()
    assert boundary([draft], DEADLINE - timedelta(seconds=10)) == DEADLINE
    soon = DEADLINE - timedelta(days=SETTINGS.closing_soon_days)
    assert boundary([draft], soon - timedelta(minutes=10)) == soon


def test_a_window_opening_is_a_boundary():
    opens = at("2026-11-05T14:30:00+07:00")
    draft = valid(consultations=[{"subject": "draft", "opens": opens, "closes": date(2026, 12, 30)}])
    assert boundary([draft], opens - timedelta(seconds=20)) == opens


def test_the_response_due_date_is_a_boundary():
    draft = valid()
    due = DEADLINE + timedelta(days=SETTINGS.response_due_days)
    assert boundary([draft], due - timedelta(minutes=5)) == due


def test_a_fact_still_unknown_at_t0_is_a_boundary():
    """An adoption, a response, a publication dated later: hidden at t0 (known_at), shown from then."""
    adopted = at("2026-12-15T10:30:00+07:00")
    draft = valid(adoption={"date": adopted, "number": "12/2026/NQ-HĐND"})
    assert boundary([draft], adopted - timedelta(minutes=20)) == adopted
    publish_at = at("2026-09-30T08:15:00+07:00")
    embargoed = valid(draft_id="sap-cong-bo", publish_at=publish_at)
    assert boundary([embargoed], publish_at - timedelta(minutes=10)) == publish_at


def test_an_event_leaves_the_shared_calendars_thirty_days_after_it_starts():
    starts = at("2026-11-18T08:30:00+07:00")
    draft = valid(events=[{"title": "Hội nghị lấy ý kiến", "start": starts}])
    assert boundary([draft], starts - timedelta(minutes=10)) == starts
    gone = starts + timedelta(days=30)
    other_due = replace(SETTINGS, response_due_days=15)  # not the calendars' 30 days
    assert next_boundary([draft], other_due, gone - timedelta(minutes=10)) == gone


def test_countdowns_change_every_hour_and_every_minute_in_the_last_day():
    """'Còn 5 ngày 3 giờ' changes on the hour counted from the deadline; 'Còn 2 giờ 10 phút' every minute."""
    draft = valid()
    far = DEADLINE - timedelta(days=5, minutes=10, seconds=30)
    assert boundary([draft], far) == DEADLINE - timedelta(days=5)  # the hour, not the next minute
    near = DEADLINE - timedelta(hours=2, minutes=10, seconds=30)
    assert boundary([draft], near) == near + timedelta(seconds=30)
    # "Đã hết hạn góp ý 3 giờ 20 phút trước": after the deadline too.
    after = DEADLINE + timedelta(hours=3, minutes=20, seconds=10)
    assert boundary([draft], after) == DEADLINE + timedelta(hours=3, minutes=21)
    # An upcoming window counts down to its opening.
    opens = at("2026-11-05T14:30:00+07:00")
    later = valid(consultations=[{"subject": "draft", "opens": opens, "closes": date(2026, 12, 30)}])
    assert boundary([later], opens - timedelta(days=3, minutes=25)) == opens - timedelta(days=3)


def test_the_earliest_boundary_of_all_drafts_wins():
    adopted = at("2026-12-15T10:30:00+07:00")
    first = valid(adoption={"date": adopted, "number": "12/2026/NQ-HĐND"})
    starts = at("2026-12-15T10:20:00+07:00")
    second = valid(draft_id="ban-tru", events=[{"title": "Hội nghị", "start": starts}])
    t0 = at("2026-12-15T10:05:00+07:00")
    assert boundary([first, second], t0) == starts
    assert boundary([first], t0) == adopted


def test_a_point_at_t0_itself_ends_the_hold_at_once():
    """At 09:00:00 a window opening at midnight is '13 ngày 15 giờ' away, and '13 ngày 14 giờ'
    a microsecond later: the build at t0 holds for no time at all."""
    t0 = at("2026-11-23T09:00:00+07:00")
    opens = at("2026-12-07T00:00:00+07:00")
    draft = valid(consultations=[{"subject": "draft", "opens": opens, "closes": date(2027, 1, 10)}])
    assert boundary([draft], t0) == t0 + timedelta(microseconds=1)
    assert boundary([draft], t0 + timedelta(seconds=17)) == at("2026-11-23T09:59:59+07:00")  # the deadline's hours
