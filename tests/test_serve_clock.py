"""`mkdocs serve` at the real clock (no --at, no SOURCE_DATE_EPOCH): a rebuild keeps the instant the
rebuild before showed until the drafts' next time boundary (publish/boundaries.py), so that the
drafts an edit did not touch are not made again; then it takes the clock again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import policy_drafts.host.plugin as plugin_module
from sitekit import base_draft, write_site
from test_serve_state import _serve_build

T0 = datetime.fromisoformat("2026-11-23T09:00:17+07:00").astimezone(UTC)  # base_draft's window is open
BOUNDARY = datetime.fromisoformat("2026-11-23T09:59:59+07:00")  # "Còn 7 ngày 14 giờ" becomes "… 13 giờ"
UNTOUCHED = "du-thao/y-te-truong-hoc/index.html"


def real_clock(monkeypatch, tmp_path, root) -> list[datetime]:
    """A preview at the real clock (no SOURCE_DATE_EPOCH, no --at), whose clock the test moves:
    the plugin reads `clock[0]` as the build instant."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("POLICY_DRAFTS_PREVIEW_AT", raising=False)
    monkeypatch.setenv("POLICY_DRAFTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    clock = [T0]
    monkeypatch.setattr(plugin_module, "get_build_datetime", lambda: clock[0])
    monkeypatch.chdir(root)
    return clock


def page_times(site) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def test_a_serve_rebuild_at_the_real_clock_holds_the_instant_until_the_next_boundary(tmp_path, monkeypatch):
    root = tmp_path / "src"
    root.mkdir()
    write_site(
        root,
        {
            "hoc-phi": base_draft(),
            "y-te-truong-hoc": base_draft(title="Y tế trường học", agency="so-y-te", fields=["y-te"]),
        },
    )
    clock = real_clock(monkeypatch, tmp_path, root)
    served = tmp_path / "served"
    text = root / "drafts" / "hoc-phi" / "index.md"

    def edit(old: str, new: str) -> None:
        text.write_text(text.read_text(encoding="utf-8").replace(old, new), "utf-8")

    plugin = _serve_build(root, served, fresh=True)
    assert plugin.held_at == T0 and plugin.site_config.now == T0

    # Ten minutes later, before the boundary: the instant stays; the untouched draft's page stays.
    clock[0] = T0 + timedelta(minutes=10)
    before = page_times(served)
    edit("theo vùng", "theo vùng, cấp học")
    assert _serve_build(root, served, fresh=False) is plugin
    assert plugin.site_config.now == T0 and plugin.held_at == T0
    after = page_times(served)
    assert after[UNTOUCHED] == before[UNTOUCHED]
    assert after["du-thao/hoc-phi/index.html"] != before["du-thao/hoc-phi/index.html"]
    assert plugin.memo.hits > 0
    assert "Còn 7 ngày 14 giờ để góp ý." in (served / UNTOUCHED).read_text(encoding="utf-8")

    # Past the boundary: the real clock again, and every countdown with it.
    clock[0] = BOUNDARY.astimezone(UTC) + timedelta(seconds=1)
    before = page_times(served)
    edit("cấp học", "cấp học và vùng")
    _serve_build(root, served, fresh=False)
    assert plugin.site_config.now == clock[0] and plugin.held_at == clock[0]
    assert page_times(served)[UNTOUCHED] != before[UNTOUCHED]
    assert "Còn 7 ngày 13 giờ để góp ý." in (served / UNTOUCHED).read_text(encoding="utf-8")


def test_a_fixed_instant_is_never_held(tmp_path, monkeypatch):
    """With SOURCE_DATE_EPOCH (or --at) the instant is the one given, and nothing is kept."""
    root = tmp_path / "src"
    root.mkdir()
    write_site(root, {"hoc-phi": base_draft()})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(T0.timestamp())))
    monkeypatch.setenv("POLICY_DRAFTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(root)
    plugin = _serve_build(root, tmp_path / "served", fresh=True)
    assert plugin.held_at is None


def test_a_publishing_build_at_the_real_clock_is_never_held(tmp_path, monkeypatch):
    """`mkdocs build` (and gh-deploy) stamps the real build instant, twice in one process too."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path / "src"
    root.mkdir()
    write_site(root, {"hoc-phi": base_draft()})
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("POLICY_DRAFTS_CACHE_DIR", "off")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    clock = [T0]
    monkeypatch.setattr(plugin_module, "get_build_datetime", lambda: clock[0])
    plugin = None
    for minutes in (0, 10):
        clock[0] = T0 + timedelta(minutes=minutes)
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        if plugin is None:
            config.plugins.on_startup(command="build", dirty=False)
            plugin = config.plugins["policy-drafts"]
        build(config)
        assert plugin.site_config.now == clock[0] and plugin.held_at is None


def test_an_edit_with_a_date_between_the_kept_instant_and_the_clock_takes_the_clock(tmp_path, monkeypatch):
    """The boundary is the one of the drafts as just read: an adoption dated five minutes after
    the kept instant, written ten minutes after it, shows at once."""
    from sitekit import draft_text

    root = tmp_path / "src"
    root.mkdir()
    write_site(root, {"hoc-phi": base_draft()})
    clock = real_clock(monkeypatch, tmp_path, root)
    served = tmp_path / "served"
    plugin = _serve_build(root, served, fresh=True)
    assert plugin.held_at == T0
    clock[0] = T0 + timedelta(minutes=10)
    adopted = (T0 + timedelta(minutes=5)).astimezone(plugin.site_config.settings.timezone).replace(tzinfo=None)
    text = draft_text(base_draft(adoption={"date": adopted, "number": "12/2026/NQ-HĐND"}))
    (root / "drafts" / "hoc-phi" / "index.md").write_text(text, "utf-8")
    _serve_build(root, served, fresh=False)
    assert plugin.site_config.now == clock[0] and plugin.held_at == clock[0]
    assert "12/2026/NQ-HĐND" in (served / "du-thao" / "hoc-phi" / "index.html").read_text(encoding="utf-8")
