"""`mkdocs serve` keeps the plugin object from one rebuild to the next (it has on_startup): what a
finished build made must not stay in memory until the next build replaces it (issue #22)."""

from __future__ import annotations

import gc
import weakref
from datetime import date
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from policy_drafts.publish import standards
from policy_drafts.publish.site import SiteModel
from sitekit import EXAMPLE_AT, base_draft, draft_text, epoch, write_site


def test_serve_lets_go_of_each_finished_build(tmp_path, monkeypatch):
    write_site(tmp_path, {"hoc-phi": base_draft()})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch(EXAMPLE_AT)))
    monkeypatch.setenv("POLICY_DRAFTS_CACHE_DIR", "off")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    models: list[weakref.ref] = []
    real_init = SiteModel.__init__

    def remember(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        models.append(weakref.ref(self))

    monkeypatch.setattr(SiteModel, "__init__", remember)
    plugin = None
    for rebuild in range(2):  # what serve's builder does: a new configuration, the same plugin object
        config = load_config(config_file=str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        if plugin is None:
            config.plugins.on_startup(command="serve", dirty=False)
            plugin = config.plugins["policy-drafts"]
        assert config.plugins["policy-drafts"] is plugin  # MkDocs keeps it: it has on_startup
        build(config, serve_url="http://127.0.0.1:8000/")
        assert (tmp_path / "site" / "du-thao" / "hoc-phi" / "index.html").is_file()
        assert not {"site", "outputs", "env", "globals"} & set(vars(plugin)), rebuild
        assert plugin.pages == {}
        del config
        gc.collect()
        assert len(models) == rebuild + 1
        assert all(model() is None for model in models), "a finished build's site model is still alive"


def _serve_build(root, site_dir, fresh: bool, aside: bool = False):
    """One build as serve's builder makes it (dirty: `policy-drafts serve`); `fresh`: a new
    server, whose plugin object has kept nothing; `aside`: then the server before goes on."""
    kept = MkDocsConfig.plugins.plugin_cache  # type: ignore[attr-defined]
    before = dict(kept)
    if fresh:
        kept.clear()
    # `mkdocs serve -f mkdocs.yml` loads its first configuration from the file it opened (the path
    # as given), its rebuilds' from the path made absolute: the same site.
    if fresh and Path.cwd() == root:
        with open("mkdocs.yml", "rb") as given:
            config = load_config(config_file=given, site_dir=str(site_dir))
    else:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir))
    plugin = config.plugins["policy-drafts"]
    if fresh:
        config.plugins.on_startup(command="serve", dirty=True)
    build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
    if aside:
        kept.clear()
        kept.update(before)
    return plugin


def test_a_serve_rebuild_is_the_fresh_build_after_every_edit(tmp_path, monkeypatch):
    """What a rebuild reuses from the last one (memo.py: search terms, calendar events, feed
    items, records) gives the bytes a new server gives, after each edit; only what the drafts
    that did not change gave is reused, and the kept values do not pile up."""
    root = tmp_path / "src"
    root.mkdir()
    drafts = {
        "hoc-phi": base_draft(),
        "ban-tru": base_draft(title="Hỗ trợ học sinh bán trú", fields=["giao-duc", "y-te"]),
        "y-te-truong-hoc": base_draft(title="Y tế trường học", agency="so-y-te", fields=["y-te"]),
    }
    write_site(root, drafts)
    # One draft per catalogue page: the pages after the first are kept by their drafts' keys.
    monkeypatch.setattr(standards, "DATASETS_PER_PAGE", 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch(EXAMPLE_AT)))
    monkeypatch.setenv("POLICY_DRAFTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    served = tmp_path / "served"
    monkeypatch.chdir(root)
    plugin = _serve_build(root, served, fresh=True)
    kept = len(plugin.memo)
    assert kept > 0
    text = root / "drafts" / "hoc-phi" / "index.md"
    closed = base_draft(
        title="Hỗ trợ học sinh bán trú",
        fields=["giao-duc", "y-te"],
        consultations=[{"subject": "draft", "opens": date(2026, 10, 1), "closes": date(2026, 10, 31)}],
    )
    older = base_draft(
        title="Tuyển sinh lớp 10",
        published=date(2026, 9, 1),
        consultations=[{"subject": "draft", "opens": date(2026, 10, 1), "closes": date(2026, 10, 31)}],
    )
    edits = [
        lambda: text.write_text(text.read_text(encoding="utf-8").replace("theo vùng", "theo vùng, cấp học"), "utf-8"),
        lambda: (root / "drafts" / "ban-tru" / "index.md").write_text(draft_text(closed), "utf-8"),
        # Closed as ban-tru is, after it by id, so last: the catalogue's other pages keep their drafts,
        # not their numbers.
        lambda: add(root / "drafts" / "tuyen-sinh" / "index.md", draft_text(older)),
        # The build instant moves (a preview at the clock): hoc-phi's window closes; every kept value
        # made at the instant (each draft's view, its status) is made again.
        lambda: monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch(EXAMPLE_AT) + 10 * 86400)),
    ]
    instant_moved = len(edits) - 1
    for step, edit in enumerate(edits):
        before = {p.relative_to(served).as_posix(): p.stat().st_mtime_ns for p in served.rglob("*.html")}
        edit()
        assert _serve_build(root, served, fresh=False) is plugin
        after = {p.relative_to(served).as_posix(): p.stat().st_mtime_ns for p in served.rglob("*.html")}
        # A draft that did not change: its page is neither rendered nor written again.
        if step != instant_moved:
            assert after["du-thao/y-te-truong-hoc/index.html"] == before["du-thao/y-te-truong-hoc/index.html"], step
        assert plugin.memo.hits > 0 and plugin.memo.misses > 0, step  # the others' values, the edited one's anew
        # One build's values (and the last one's), not one per rebuild: `kept` for 3 drafts.
        assert len(plugin.memo) <= 2 * kept * len(list((root / "drafts").iterdir())) / len(drafts), step
        fresh = tmp_path / f"fresh-{step}"
        _serve_build(root, fresh, fresh=True, aside=True)
        assert files_of(served) == files_of(fresh), step
        assert (served / "api" / "catalog" / "3.jsonld").is_file(), step


def add(path, text: str) -> None:
    path.parent.mkdir()
    path.write_text(text, "utf-8")


def files_of(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_serve_rebuild_leaves_the_collector_to_the_idle_server(monkeypatch):
    """After on_serve (keep_first_build), a rebuild runs without cyclic collection and its garbage
    is collected once the server is idle; an edit before that has it collected first, and its own
    rebuild runs without the collector too."""
    from policy_drafts.host import reclaim as host

    given: list[bool] = []
    monkeypatch.setattr(host, "give_back", lambda first=False: given.append(first))
    monkeypatch.setattr(host, "_SERVER_KEPT", [True])
    monkeypatch.setattr(host, "_IDLE_COLLECTION", [])
    try:
        monkeypatch.setattr(host, "IDLE_SECONDS", 0)
        host.pause_collector()
        assert not gc.isenabled() and given == []
        host.collect_when_idle()
        host._IDLE_COLLECTION[-1].join()
        assert gc.isenabled() and given == [False]  # collected, and running as usual until the next rebuild

        monkeypatch.setattr(host, "IDLE_SECONDS", 3600)
        host.pause_collector()
        assert not gc.isenabled() and given == [False]  # nothing pending: nothing collected
        host.collect_when_idle()
        host.pause_collector()  # the next edit, before the last rebuild's garbage was collected
        assert not gc.isenabled() and given == [False, False]  # collected now, paused again
        assert host._IDLE_COLLECTION == []
    finally:
        gc.enable()
        for timer in host._IDLE_COLLECTION:
            timer.cancel()
