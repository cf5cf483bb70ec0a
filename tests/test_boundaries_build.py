"""The time boundary through real builds of the example site: built at t0 and one second before
the next boundary after t0 (publish/boundaries.py), the sites are the same bytes but for the
build instant printed as it is; at the boundary, something the site shows changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from mkdocs.config import load_config
from policy_drafts.model.formatting import vi_datetime
from policy_drafts.publish.boundaries import next_boundary
from sitekit import ROOT, all_site_files, build

# Odd seconds, so that no draft's date falls on t0 or on a printed instant by chance: a working
# morning (the hour of the deadlines' countdowns), the last half hour of a window (minutes),
# an afternoon after most windows closed. None reaches 07:00 local time (UTC midnight), when
# MkDocs' own sitemap dates change: MkDocs takes those from its clock, never the plugin's.
CASES = ["2026-11-23T09:00:17+07:00", "2026-11-30T23:30:17+07:00", "2026-12-05T16:00:17+07:00"]


@pytest.fixture(scope="module")
def example_drafts():
    from policy_drafts.host.config import site_config
    from policy_drafts.publish.publication import open_site

    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    # Every draft read, whatever the instant: the catalog keeps the ones not yet published too.
    site = site_config(config, config.plugins["policy-drafts"].config, datetime.fromisoformat(CASES[0]))
    opened = open_site(site)
    return [e.draft for e in opened.catalog.entries if e.draft is not None], site.settings


def printed_instant(at: datetime, tz) -> list[bytes]:
    """How outputs print the build instant itself: ISO 8601 in the site's zone (open data's
    generated_at, dct:modified), a calendar's DTSTAMP (UTC), the yearly report's 'Số liệu tính đến'."""
    local = at.astimezone(tz)
    forms = [local.isoformat(timespec="seconds"), at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"), vi_datetime(local)]
    return [form.encode("utf-8") for form in forms]


def site_bytes(tmp_path, at: datetime, tz) -> dict[str, bytes]:
    result = build(ROOT, at.isoformat(), site_dir=tmp_path / at.strftime("%Y%m%d%H%M%S"), strict=False)
    assert result.ok, result.output
    files = {}
    for path in all_site_files(result.site):
        data = path.read_bytes()
        for form in printed_instant(at, tz):
            data = data.replace(form, b"@BUILD-INSTANT@")
        files[str(path.relative_to(result.site))] = data
    return files


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    return sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))


def test_the_site_is_the_same_until_the_next_boundary_and_changes_at_it(tmp_path, example_drafts):
    drafts, settings = example_drafts
    changed_at_boundary = []
    for case in CASES:
        t0 = datetime.fromisoformat(case)
        boundary = next_boundary(drafts, settings, t0)
        assert boundary - t0 >= timedelta(seconds=2), case
        at_t0 = site_bytes(tmp_path, t0, settings.timezone)
        before = site_bytes(tmp_path, boundary - timedelta(seconds=1), settings.timezone)
        assert not differences(at_t0, before), (case, boundary)
        at_boundary = site_bytes(tmp_path, boundary, settings.timezone)
        changed_at_boundary.append(differences(at_t0, at_boundary))
    assert any(changed_at_boundary), "nothing changed at any boundary: the test could not fail"
