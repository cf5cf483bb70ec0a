"""`mkdocs serve` keeps the plugin object from one rebuild to the next (it has on_startup): what a
finished build made must not stay in memory until the next build replaces it (issue #22)."""

from __future__ import annotations

import gc
import weakref

from mkdocs.commands.build import build
from mkdocs.config import load_config
from policy_drafts.publish.site import SiteModel
from sitekit import EXAMPLE_AT, base_draft, epoch, write_site


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
