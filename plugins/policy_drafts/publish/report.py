"""The yearly Decision 407 report for the justice department (pure).

For a year (drafts published that year), per agency: how many drafts met all four
criteria, how many of those were communicated from consultation until adoption, the
coverage against the target, and which drafts fell short and why. Everything is
assessed at the build instant from the published set, so a rebuild after the year
ends gives the final figures.

A qualifying draft is
- complete: adopted (or withdrawn) after a proposal-stage consultation, a
  draft-stage consultation (for an adopted text) and a published response;
- on track: still in progress with nothing missed so far;
- short: a stage was missed (the reasons are listed).
Coverage = (complete + on track) / qualifying.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from ..model.consultation import State, Status
from ..model.records import SUBJECT_INFO, Draft, Subject
from ..model.registries import Settings
from ..model.text import csv_cell


# The site model holds the reports (site.py imports this module): the report knows a draft's view
# and the site by what it reads of them.
class DraftView(Protocol):
    """A draft as the site shows it at the build instant (site.DraftView)."""

    draft: Draft
    state: State
    agency_name: str

    @property
    def id(self) -> str: ...


class SiteModel(Protocol):
    """The site at the build instant (site.SiteModel)."""

    now: datetime
    settings: Settings

    @property
    def drafts(self) -> Sequence[DraftView]: ...


TARGETS = {2022: 70}  # percent; 100 from 2023 (provincial plans implementing Decision 407)
DEFAULT_TARGET = 100

REASONS = {
    "no_window": "Không tổ chức lấy ý kiến",
    "no_proposal_round": f"Không lấy ý kiến ở giai đoạn {SUBJECT_INFO[Subject.PROPOSAL].editor}",
    "no_draft_round": f"Ban hành mà không lấy ý kiến {SUBJECT_INFO[Subject.DRAFT].short}",
    "response_missing": "Chưa công bố tiếp thu, giải trình dù đã quá hạn",
}
NOTES = {
    "shortened": "Rút ngắn thời gian lấy ý kiến (có nêu lý do)",
    "response_late": "Công bố tiếp thu, giải trình chậm so với hạn",
}


@dataclass
class Assessment:
    view: DraftView
    outcome: str  # complete | on_track | short
    reasons: list[str] = field(default_factory=list)  # keys of REASONS
    notes: list[str] = field(default_factory=list)  # keys of NOTES


@dataclass
class AgencyRow:
    key: str
    name: str
    published: int = 0  # every draft the agency published that year
    qualifying: int = 0  # of which meet all four criteria
    complete: int = 0
    on_track: int = 0
    short: int = 0

    @property
    def covered(self) -> int:
        return self.complete + self.on_track

    @property
    def coverage(self) -> float | None:
        return round(100 * self.covered / self.qualifying, 1) if self.qualifying else None


@dataclass
class YearReport:
    year: int
    target: int
    rows: list[AgencyRow]
    total: AgencyRow
    assessments: list[Assessment]

    @property
    def shortfalls(self) -> list[Assessment]:
        return [a for a in self.assessments if a.outcome == "short"]

    @property
    def target_met(self) -> bool | None:
        return None if self.total.coverage is None else self.total.coverage >= self.target


def assess(view: DraftView, site: SiteModel) -> Assessment:
    d, st = view.draft, view.state
    finished = st.status in (Status.ADOPTED, Status.WITHDRAWN)
    subjects = [r.subject for r in d.rounds]
    reasons, notes = [], []
    if not d.rounds:
        if finished:
            reasons.append("no_window")
    else:
        if subjects[0] != "proposal":
            reasons.append("no_proposal_round")
        if st.status is Status.ADOPTED and "draft" not in subjects:
            reasons.append("no_draft_round")
    if any(r.shortened_reason for r in d.rounds):
        notes.append("shortened")
    response = d.final_response if d.final_response and d.final_response.published.at <= site.now else None
    if d.rounds and st.status is not Status.WITHDRAWN:
        due = d.rounds[-1].deadline.at + timedelta(days=site.settings.response_due_days)
        if response is None and (site.now > due or st.status is Status.ADOPTED):
            reasons.append("response_missing")
        elif response is not None and response.published.at > due:
            notes.append("response_late")
    if reasons:
        outcome = "short"
    elif finished:
        outcome = "complete"
    else:
        outcome = "on_track"
    return Assessment(view, outcome, reasons, notes)


def report_years(site: SiteModel) -> list[int]:
    return sorted({v.draft.visible_from.at.year for v in site.drafts}, reverse=True)


def year_report(site: SiteModel, year: int) -> YearReport:
    in_year = [v for v in site.drafts if v.draft.visible_from.at.year == year]
    rows: dict[str, AgencyRow] = {}
    end = date(year, 12, 31)
    assessments = []
    for view in sorted(in_year, key=lambda v: (v.draft.agency, v.id)):
        agency = site.settings.agencies[view.draft.agency]
        row = rows.setdefault(agency.key, AgencyRow(agency.key, agency.name_on(end)))
        row.published += 1
        if not view.draft.criteria.all_four:
            continue
        row.qualifying += 1
        assessment = assess(view, site)
        assessments.append(assessment)
        setattr(row, assessment.outcome, getattr(row, assessment.outcome) + 1)
    total = AgencyRow("", "Toàn tỉnh")
    for row in rows.values():
        for name in ("published", "qualifying", "complete", "on_track", "short"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return YearReport(
        year, TARGETS.get(year, DEFAULT_TARGET), sorted(rows.values(), key=lambda r: r.name), total, assessments
    )


CSV_HEADER = [
    "Năm",
    "Mã cơ quan",
    "Cơ quan",
    "Dự thảo đã công bố",
    "Dự thảo đủ 4 tiêu chí",
    "Đã hoàn thành",
    "Đang thực hiện đúng yêu cầu",
    "Chưa đạt",
    "Tỷ lệ đạt (%)",
    "Chỉ tiêu (%)",
]


def csv_text(report: YearReport) -> str:
    """One row per agency and a total row; then one row per draft that fell short."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def row_of(cells: list) -> None:
        writer.writerow([csv_cell(cell) for cell in cells])  # no cell starts a spreadsheet formula

    row_of(CSV_HEADER)
    for row in [*report.rows, report.total]:
        row_of(
            [
                report.year,
                row.key,
                row.name,
                row.published,
                row.qualifying,
                row.complete,
                row.on_track,
                row.short,
                "" if row.coverage is None else row.coverage,
                report.target,
            ]
        )
    writer.writerow([])
    row_of(["Năm", "Mã dự thảo", "Tên dự thảo", "Cơ quan", "Trạng thái", "Lý do chưa đạt"])
    for a in report.shortfalls:
        row_of(
            [
                report.year,
                a.view.id,
                a.view.draft.title,
                a.view.agency_name,
                a.view.state.info.label,
                "; ".join(REASONS[r] for r in a.reasons),
            ]
        )
    # A BOM so that spreadsheet programs open the Vietnamese text as UTF-8.
    return "\ufeff" + out.getvalue()
