"""The consultation clock: windows in Asia/Ho_Chi_Minh and the derived status at an instant."""

from datetime import UTC, date, datetime, timedelta

import pytest
from policy_drafts.model.consultation import Status, state_at
from sitekit import base_draft, parse


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def draft(**overrides):
    result, problems = parse(base_draft(**overrides))
    assert not problems, problems
    return result


def status(d, when: str):
    return state_at(d, at(when)).status


def test_date_only_deadline_is_end_of_local_day_even_when_utc_date_differs():
    d = draft()  # window 2026-11-01 .. 2026-11-30, date-only
    # 23:59:59 local on 30/11 is 16:59:59 UTC: still open one second before.
    assert status(d, "2026-11-30T16:59:58+00:00") is Status.OPEN
    # 00:30 local on 1/12 is still 30/11 in UTC: a UTC reading would say "open".
    assert status(d, "2026-11-30T17:30:00+00:00") is Status.CLOSED
    assert d.rounds[0].deadline.iso() == "2026-11-30T23:59:59+07:00"


def test_date_only_opening_is_start_of_local_day():
    d = draft()
    # 31/10 18:00 UTC is already 1/11 01:00 in Viet Nam.
    assert status(d, "2026-10-31T18:00:00+00:00") is Status.OPEN
    assert status(d, "2026-10-31T16:59:59+00:00") is Status.UPCOMING
    assert d.rounds[0].opens.iso() == "2026-11-01T00:00:00+07:00"


def test_datetime_without_offset_is_local_time():
    d = draft(consultations=[{"subject": "draft", "opens": "2026-11-01T08:00", "closes": "2026-12-01T17:00"}])
    assert d.rounds[0].opens.iso() == "2026-11-01T08:00:00+07:00"
    assert d.rounds[0].deadline.iso() == "2026-12-01T17:00:00+07:00"


def test_extension_keeps_the_window_open():
    d = draft(
        consultations=[
            {
                "subject": "draft",
                "opens": date(2026, 10, 1),
                "closes": date(2026, 10, 31),
                "extended_to": date(2026, 11, 15),
            }
        ]
    )
    assert status(d, "2026-11-05T12:00:00+07:00") is Status.OPEN
    assert status(d, "2026-11-16T00:00:00+07:00") is Status.CLOSED
    assert state_at(d, at("2026-11-05T12:00:00+07:00")).window.deadline.iso() == "2026-11-15T23:59:59+07:00"


def test_shortened_window_with_reason_is_valid_and_open():
    d = draft(
        consultations=[
            {
                "subject": "draft",
                "opens": date(2026, 11, 10),
                "closes": date(2026, 11, 20),
                "shortened_reason": "Thực hiện Nghị định mới có hiệu lực ngay.",
            }
        ]
    )
    assert d.rounds[0].days == 11
    assert status(d, "2026-11-15T09:00:00+07:00") is Status.OPEN


@pytest.mark.parametrize(
    "when, expected",
    [
        ("2026-10-15T09:00:00+07:00", Status.UPCOMING),
        ("2026-11-15T09:00:00+07:00", Status.OPEN),
        ("2026-12-05T09:00:00+07:00", Status.CLOSED),
        ("2026-12-20T09:00:00+07:00", Status.RESPONDED),
        ("2027-01-20T09:00:00+07:00", Status.ADOPTED),
    ],
)
def test_status_follows_dated_facts(when, expected):
    d = draft(
        response={"published": date(2026, 12, 15), "received": 10, "accepted": 4},
        adoption={"date": date(2027, 1, 10), "number": "01/2027/NQ-HĐND"},
    )
    assert status(d, when) is expected


def test_withdrawal_wins_over_everything():
    d = draft(withdrawn={"date": date(2026, 11, 20), "reason": "Dừng xây dựng."})
    assert status(d, "2026-11-19T09:00:00+07:00") is Status.OPEN
    assert status(d, "2026-11-20T09:00:00+07:00") is Status.WITHDRAWN


def test_no_window_is_announced():
    assert status(draft(consultations=None), "2026-11-15T09:00:00+07:00") is Status.ANNOUNCED


def test_closing_soon_flag_and_remaining_time():
    d = draft()
    early = state_at(d, at("2026-11-20T09:00:00+07:00"))
    late = state_at(d, at("2026-11-24T00:00:00+07:00"))
    assert not early.closing_soon
    assert late.closing_soon and late.status is Status.OPEN
    assert late.remaining == timedelta(days=6, hours=23, minutes=59, seconds=59)


def test_closed_reports_time_since_close_and_response_due():
    d = draft()
    state = state_at(d, at("2027-01-10T00:00:00+07:00"), response_due_days=30)
    assert state.status is Status.CLOSED
    assert state.since_close == timedelta(days=40, seconds=1)
    assert state.response_due == at("2026-12-30T23:59:59+07:00")
    assert state.overdue == timedelta(days=10, seconds=1)


def test_window_shown_is_current_else_next_else_last():
    d = draft(
        published=date(2026, 5, 20),
        consultations=[
            {"subject": "proposal", "opens": date(2026, 6, 1), "closes": date(2026, 6, 30)},
            {"subject": "draft", "opens": date(2026, 11, 1), "closes": date(2026, 11, 30)},
        ],
    )
    assert state_at(d, at("2026-06-10T00:00:00+07:00")).window.subject == "proposal"
    assert state_at(d, at("2026-08-10T00:00:00+07:00")).window.subject == "draft"  # next
    assert state_at(d, at("2026-08-10T00:00:00+07:00")).status is Status.UPCOMING
    assert state_at(d, at("2027-01-10T00:00:00+07:00")).window.subject == "draft"  # last


def test_instant_in_other_zone_is_compared_as_instant():
    d = draft()
    utc = datetime(2026, 11, 30, 16, 59, 59, tzinfo=UTC)
    assert state_at(d, utc).status is Status.OPEN
