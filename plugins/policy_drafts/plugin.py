"""The MkDocs adapter: thin event handlers around the pure core.

on_config  builds the settings and reads the build instant (the one clock);
on_files   reads every draft, fails the build on any problem, and adds the pages,
           attachments and assets of the published set only;
on_page_*  give generated pages escaped metadata and their rendered content.
"""

from __future__ import annotations

import logging
import os
import posixpath
from pathlib import Path
from typing import Callable

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime

from .catalog import Visibility, load_catalog
from .consultation import STATUS_INFO
from .config import ConfigProblems, PolicyDraftsConfig, settings_from_config
from .outputs import Outputs
from .pages import GeneratedPage, generated_pages
from .problems import DraftsInvalid
from .render import card_renderer, make_environment
from .site import DRAFTS_URL, DraftView, SiteModel, Urls, root_prefix

log = logging.getLogger("mkdocs.plugins.policy_drafts")

ASSETS = Path(__file__).parent / "assets"
ASSET_DIR = "assets/policy-drafts"
LUNR_VI = "assets/javascripts/lunr/min/lunr.vi.min.js"
PLACEHOLDER = "<!-- policy-drafts:"
SEARCH_DIALOG = 'data-md-component="search" role="dialog"'
BLOCKS = ("open", "closing-soon", "upcoming", "recent", "feeds", "contacts")


class PolicyDraftsPlugin(BasePlugin[PolicyDraftsConfig]):
    supports_multiple_instances = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        try:
            self.settings = settings_from_config(self.config)
        except ConfigProblems as error:
            raise PluginError(f"policy-drafts configuration:\n{error}") from None
        if not config.site_url:
            raise PluginError("policy-drafts: set site_url in mkdocs.yml (feeds, calendars and open data "
                              "need absolute links), e.g. site_url: https://duthao.example.gov.vn/")
        self.now = get_build_datetime()
        self.root = Path(config.config_file_path).parent
        self.urls = Urls(directory_urls=config.use_directory_urls, site_url=config.site_url)
        self.pages: dict[str, GeneratedPage] = {}
        config.extra_css.append(f"{ASSET_DIR}/policy-drafts.css")
        config.extra_javascript.append(f"{ASSET_DIR}/live.js")
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        catalog = load_catalog(self.root, self.config.drafts_dir, self.settings)
        if catalog.problems:
            error = DraftsInvalid(catalog.problems)
            for problem in error.problems:
                log.error(str(problem))
            raise PluginError(error.report())
        self._log_summary(catalog)
        self.site = SiteModel(catalog.published(self.now), self.settings, self.now, self.urls, self.config.page_size)
        overrides = [config.theme.custom_dir] if config.theme.custom_dir else []
        self.env = make_environment(overrides)
        self.env.globals["card"] = card_renderer(self.env, self.now)
        self.outputs = Outputs(self.site, self.env, config.site_name)
        for page in generated_pages(self.site, self.outputs, config.site_name):
            self._add_page(files, config, page)
        for view in self.site.drafts:
            self._add_attachments(files, config, view)
        self._add_assets(files, config)
        for path, render in self.outputs.files().items():
            files.append(RenderedFile(config, path, render))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        generated = self.pages.get(page.file.src_uri) if self.config.enabled else None
        if generated:
            # Material prints title and description unescaped: give it escaped text (design.md, traps).
            page.meta.update(title=escape(generated.title), description=escape(generated.description))
            if not generated.searchable:
                page.meta["search"] = {"exclude": True}
            if generated.hide:
                page.meta["hide"] = generated.hide
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        generated = self.pages.get(page.file.src_uri)
        context = {"site": self.site, "now": self.now, "base": root_prefix(page.url), "outputs": self.outputs}
        if generated:
            return self.env.get_template(generated.template).render(body=html, **generated.context, **context)
        if PLACEHOLDER in html:
            for name in BLOCKS:
                marker = f"{PLACEHOLDER}{name} -->"
                if marker in html:
                    block = self.env.get_template(f"policy_drafts/blocks/{name}.html").render(**context)
                    html = html.replace(marker, block)
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        generated = self.pages.get(page.file.src_uri)
        announced = generated.announce() if generated else self.outputs.site_wide()
        links = [(a.type, a.title, self.urls.absolute(a.path)) for a in announced]
        og = generated.og if generated else None
        head = self.env.get_template("policy_drafts/head.html").render(links=links, og=og)
        # Material's search dialog has no accessible name (axe: aria-dialog-name).
        output = output.replace(SEARCH_DIALOG, SEARCH_DIALOG + ' aria-label="Tìm kiếm"', 1)
        if generated:
            page.content = None  # written out and indexed: thousands of pages need not stay in memory
        return output.replace("</head>", head + "</head>", 1)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.config.enabled:
            server.watch(str(self.root / self.config.drafts_dir))
        return server

    # -- helpers ------------------------------------------------------------------------------

    def _log_summary(self, catalog) -> None:
        # Counts only: build logs are often public, and a withheld draft's id is a trace.
        counts = catalog.summary(self.now)
        log.info(
            "policy-drafts: %d draft folders: %d published, %d embargoed, %d withheld (state secret), %d invalid",
            len(catalog.entries), counts[Visibility.PUBLISHED], counts[Visibility.EMBARGOED],
            counts[Visibility.WITHHELD], counts[Visibility.INVALID],
        )

    def _add_page(self, files: Files, config: MkDocsConfig, page: GeneratedPage) -> None:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"policy-drafts: docs/{page.src_uri} is in the way of a generated page; remove it")
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.src_uri, content=page.body, inclusion=inclusion))
        self.pages[page.src_uri] = page

    def _add_attachments(self, files: Files, config: MkDocsConfig, view: DraftView) -> None:
        source = self.root / posixpath.dirname(view.draft.path)
        for name in view.draft.files:
            files.append(File.generated(config, f"{DRAFTS_URL}{view.id}/{name}", abs_src_path=str(source / name)))

    def _add_assets(self, files: Files, config: MkDocsConfig) -> None:
        files.append(File.generated(config, f"{ASSET_DIR}/policy-drafts.css",
                                    abs_src_path=str(ASSETS / "policy-drafts.css")))
        statuses = {status.value: {"label": info.label, "icon": info.icon} for status, info in STATUS_INFO.items()}
        script = self.env.get_template("policy_drafts/live.js").render(settings=self.settings, statuses=statuses)
        files.append(File.generated(config, f"{ASSET_DIR}/live.js", content=script))
        lunr_vi = files.get_file_from_path(LUNR_VI)
        if self.config.fold_diacritics and lunr_vi is not None:
            # Material's Vietnamese search does not fold diacritics; extend its pipeline so that
            # "hoc phi" finds "học phí" (the fold is appended to the language file it loads).
            files.remove(lunr_vi)
            folded = lunr_vi.content_string + "\n" + (ASSETS / "lunr-fold-vi.js").read_text(encoding="utf-8")
            files.append(File.generated(config, LUNR_VI, content=folded))


class RenderedFile(File):
    """A file rendered by the plugin at the moment MkDocs writes it, and not kept afterwards."""

    def __init__(self, config: MkDocsConfig, src_uri: str, render: Callable[[], str | bytes]):
        super().__init__(src_uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
        self.generated_by = "policy-drafts"
        self._render = render
        self._content = b""  # not read from docs_dir

    @property
    def content_bytes(self) -> bytes:
        data = self._render()
        return data.encode("utf-8") if isinstance(data, str) else data

    @property
    def content_string(self) -> str:
        data = self._render()
        return data if isinstance(data, str) else data.decode("utf-8")

    def copy_file(self, dirty: bool = False) -> None:
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        with open(self.abs_dest_path, "wb") as output:
            output.write(self.content_bytes)
