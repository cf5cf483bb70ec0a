"""Every file the site writes besides pages: feeds, calendars, open data (pure).

All of them are built from the SiteModel, hence from the published set only. The
`<head>` announcements of each page are decided here too, next to the files they name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable

import jinja2

from . import opendata
from .formatting import vi_datetime
from .calendars import SITE_CALENDAR, Calendars, draft_calendar_path
from .feeds import feed_items, feed_specs, json_feed, rfc822
from .report import csv_name, csv_text, report_page_path, report_years, year_report
from .notices import has_notice, notice_path, qr_svg
from .site import DraftView, Listing, SiteModel

RSS = "application/rss+xml"
JSON_FEED = "application/feed+json"
ICS = "text/calendar"
JSON = "application/json"


@dataclass(frozen=True)
class Announce:
    type: str
    title: str
    path: str  # site-relative


class Outputs:
    def __init__(self, site: SiteModel, env: jinja2.Environment, site_name: str):
        self.site = site
        self.env = env
        self.site_name = site_name
        self.specs = {spec.key: spec for spec in feed_specs(site)}
        self.calendars = Calendars(site, site_name)
        self.reports = {year: year_report(site, year) for year in report_years(site)}

    def files(self) -> dict[str, Callable[[], str | bytes]]:
        """site-relative path -> a function that renders the content. Rendering happens when the
        file is written, so thousands of per-draft files are never all in memory at once."""
        out: dict[str, Callable[[], str | bytes]] = {}
        for spec in self.specs.values():
            out[spec.path] = partial(self._rss, spec)
        out["rss/tat-ca.json"] = partial(self._json_feed, self.specs["all"])
        for view in self.site.drafts:
            if self.calendars.has_calendar(view):
                out[draft_calendar_path(self.site, view)] = partial(self.calendars.draft_calendar, view)
            if has_notice(view):
                out[notice_path(self.site, view)] = partial(self._notice, view)
        out[SITE_CALENDAR] = self.calendars.site_calendar
        for year, report in self.reports.items():
            out[report_page_path(year) + csv_name(year)] = partial(csv_text, report)
        out[opendata.DATA_PATH] = self._open_data
        out[opendata.SCHEMA_PATH] = opendata.schema_text
        return out

    def _rss(self, spec) -> str:
        return self.env.get_template("policy_drafts/rss.xml").render(
            spec=spec, items=feed_items(self.site, spec), site=self.site, site_name=self.site_name,
            rfc822=lambda at: rfc822(at, self.site))

    def _json_feed(self, spec) -> str:
        return json_feed(self.site, spec, feed_items(self.site, spec), self.site_name)

    def _notice(self, view: DraftView) -> str:
        url = self.site.urls.absolute(view.url)
        return self.env.get_template("policy_drafts/notice.html").render(
            v=view, site=self.site, site_name=self.site_name, url=url, qr=qr_svg(url), now=self.site.now)

    def _open_data(self) -> str:
        records = []
        for view in self.site.drafts:
            links = {}
            if self.calendars.has_calendar(view):
                links["calendar"] = self.site.urls.absolute(draft_calendar_path(self.site, view))
            records.append(opendata.draft_record(self.site, view, links))
        return opendata.document(self.site, records, self.site_name)

    # -- <head> ------------------------------------------------------------------------------

    def site_wide(self) -> list[Announce]:
        """On every page; the feed of all events first."""
        s = self.specs
        return [
            Announce(RSS, f"{self.site_name} – {s['all'].title}", s["all"].path),
            Announce(RSS, f"{self.site_name} – {s['open'].title}", s["open"].path),
            Announce(RSS, f"{self.site_name} – {s['all-four'].title}", s["all-four"].path),
            Announce(JSON_FEED, f"{self.site_name} – {s['all'].title} (JSON Feed)", s["all"].path.replace(".xml", ".json")),
            Announce(ICS, f"{self.site_name} – Lịch lấy ý kiến", SITE_CALENDAR),
            Announce(JSON, f"{self.site_name} – Dữ liệu mở các dự thảo", opendata.DATA_PATH),
        ]

    def for_draft(self, view: DraftView) -> list[Announce]:
        extra = [self._feed(f"field/{key}") for key in view.draft.fields]
        extra.append(self._feed(f"agency/{view.draft.agency}"))
        if self.calendars.has_calendar(view):
            extra.append(Announce(ICS, f"Lịch lấy ý kiến: {view.draft.title}", draft_calendar_path(self.site, view)))
        return self.site_wide() + extra

    def for_listing(self, listing: Listing) -> list[Announce]:
        own = self.specs.get(listing.key)
        return self.site_wide() + ([self._feed(listing.key)] if own and listing.group in ("field", "agency") else [])

    def _feed(self, key: str) -> Announce:
        spec = self.specs[key]
        return Announce(RSS, f"{self.site_name} – {spec.title}", spec.path)


def social(view: DraftView, site: SiteModel, site_name: str) -> dict:
    """Open Graph facts of a draft page: what a shared link shows on social media."""
    st = view.state
    status = st.info.label
    if st.window and st.status.value in ("open", "upcoming"):
        when = st.window.deadline if st.status.value == "open" else st.window.opens
        status += f" – {'hạn góp ý' if st.status.value == 'open' else 'từ'} {vi_datetime(when)}"
    return {
        "site_name": site_name,
        "title": view.draft.title,
        "description": f"{status}. {view.draft.summary}",
        "url": site.urls.absolute(view.url),
    }
