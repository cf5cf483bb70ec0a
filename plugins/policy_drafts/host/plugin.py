"""The MkDocs adapter: thin event handlers around the pure core.

on_startup       remembers whether this is `mkdocs serve` (preview and error pages only there);
on_config        turns mkdocs.yml into the core's SiteConfig (config.py) at the build instant (the
                 one clock) and puts the plugin's theme overrides (theme/) after the site's custom_dir;
on_env           gives the theme's own templates their links from the URL map (model/paths.py);
on_files         opens the site through the core's one door (publication.py): fails the build on
                 any problem, and adds the pages and files of the publication (the published set
                 only); `mkdocs serve` at the real clock keeps the last rebuild's instant until the
                 drafts' next time boundary (_hold_instant, boundaries.py); on a large site,
                 starts writing the outputs in forked processes while MkDocs renders the pages
                 (on_post_build waits for them, on_build_error stops them);
on_page_content  fills the block markers of hand-written pages (home, press page);
on_page_context  gives each page the <head> announcements the core computed, and in `mkdocs
                 serve` the preview / problems banner (theme/main.html places both);
on_post_page     lets go of a generated page's content once it is written.
on_serve         watches the drafts folder too, and every watched path natively where it can
                 (serving.py); gives each finished build's memory back to the system (reclaim.py).

Pages the plugin adds are `CorePage`s: their content is rendered entirely by the core
(pages.py), so MkDocs never parses an editor's text, and their metadata is set here,
escaped, never read from a body.
"""

from __future__ import annotations

import atexit
import logging
import os
import posixpath
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path, PurePath
from typing import cast

import jinja2
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_datetime
from mkdocs.utils.templates import TemplateContext

from ..model.clock import PREVIEW_AT, BadMoment, build_instant, parse_moment
from ..model.paths import PROBLEMS, root_prefix
from ..model.problems import Problem
from ..model.text import slugify
from ..publish.boundaries import next_boundary
from ..publish.ledger import Ledger, content_key
from ..publish.memo import Memo
from ..publish.pages import GeneratedPage
from ..publish.publication import (
    ASSET_DIR,
    LIVE_SCRIPT,
    NationalPublication,
    OpenSite,
    Publication,
    harvest_national,
    open_site,
    publish,
)
from ..publish.templating import compiled_templates, theme_links
from ..read.background import Background, BackgroundFailed
from ..read.catalog import withheld_notice
from ..read.draftcache import code_signature, default_dir, fingerprint
from ..read.markup import PERMALINK_TITLE, tooltip_text
from . import material, reclaim, serving
from .config import ConfigProblems, PolicyDraftsConfig, publishing_problem, site_config
from .upstream import AFTER_BOX, DIRTY_EXPLAINED, material_box_printed

log = logging.getLogger("mkdocs.plugins.policy_drafts")

THEME = Path(__file__).parent.parent / "theme"


def abort_line(error: Exception, failure: str = "") -> str:
    """The Vietnamese line that follows MkDocs's own last words on a failed build ("Aborted with
    a BuildError!", "Aborted with 2 warnings in strict mode!"): what happened, and what to run."""
    if failure:
        return (
            f"Trang chưa được dựng: {failure} (liệt kê ở trên). Chạy `policy-drafts check` trong thư mục "
            "của trang để liệt kê lại, sửa từng lỗi rồi dựng lại."
        )
    if isinstance(error, BuildError):
        return "Trang chưa được dựng: xem dòng ERROR ở trên (dòng tiếng Anh cuối cùng là của MkDocs)."
    if isinstance(error, Abort) and "strict mode" in str(error):
        return (
            "Trang chưa được dựng: chế độ --strict dừng ở mọi cảnh báo (các dòng WARNING ở trên); "
            "sửa chúng rồi dựng lại."
        )
    return ""


_SAID: list[str] = []
_SAID_DIRTY: list[bool] = []


def say_at_exit(line: str) -> None:
    """Print `line` when the process ends: after MkDocs's English abort line, which is printed
    once every plugin event has run. Said once per process."""
    if not _SAID:
        atexit.register(lambda: print(_SAID[-1], flush=True))
    _SAID.append(line)


class PolicyDraftsPlugin(BasePlugin[PolicyDraftsConfig]):
    supports_multiple_instances = False
    command = "build"
    background: Background | None = None  # writing the outputs beside the pages (on_files)
    failure = ""  # why the drafts stopped the build, for the last line (abort_line)
    serving = False  # `mkdocs serve` (on_config)
    dirty = False  # `--dirty`: the site directory keeps its files (ledger.py)
    ledger: Ledger | None = None
    nav_key = ""
    source_key = ""  # everything but the drafts (_source_key)
    memo = Memo()  # replaced in on_startup: one per plugin object
    held_at: datetime | None = None  # serve at the real clock: the instant the last rebuild showed (_hold_instant)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command  # "build", "gh-deploy" or "serve" ("build" for serve --clean)
        self.dirty = dirty
        self.memo = Memo()  # what a build derived from each draft, for the next rebuild of `mkdocs serve`
        self.held_at = None
        if material_box_printed():
            log.info(AFTER_BOX)  # once per process: the box is printed once

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        try:
            build_instant(os.environ.get("SOURCE_DATE_EPOCH"), fallback=None)
        except BadMoment as error:
            raise PluginError(f"policy-drafts: {error} ({error.fix})") from None
        try:
            self.site_config = site_config(config, self.config, get_build_datetime())
        except ConfigProblems as error:
            raise PluginError(f"policy-drafts: cấu hình trong mkdocs.yml có lỗi:\n{error}") from None
        self.serving = self.command == "serve"
        problem = publishing_problem(config.site_url, preview=self.serving)
        if problem:
            raise PluginError(f"policy-drafts: {problem}")
        for warning in self.site_config.warnings:
            log.warning(str(warning))
        self.preview_at = self._preview_at()
        if self.preview_at:
            self.site_config = replace(self.site_config, now=self.preview_at)
        self.serve_problems: list[Problem] = []
        self.pages: dict[str, GeneratedPage] = {}
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
        for key, value in material.THEME_SETTINGS.items():
            config.theme[key] = value
        for key, value in material.EXTRA_DEFAULTS.items():
            config.extra.setdefault(key, value)
        # Vietnamese permalink titles on hand-written pages too.
        toc = config.mdx_configs.setdefault("toc", {})
        if isinstance(toc, dict):
            # Anchors of hand-written pages fold Vietnamese like the drafts' (đ -> d, not dropped).
            toc.setdefault("slugify", slugify)
            if toc.get("permalink"):
                toc.setdefault("permalink_title", PERMALINK_TITLE)
        config.extra_css.append(f"{ASSET_DIR}/policy-drafts.css")
        config.extra_javascript.append(LIVE_SCRIPT)
        config.extra_javascript.append(f"{ASSET_DIR}/header-search.js")
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        self.ledger = Ledger(default_dir(self.site_config.root), config.site_dir, self.dirty)
        if self.ledger.dirty and not _SAID_DIRTY:
            # Right after MkDocs's English warning, true only with the ledger; once per process,
            # as `mkdocs` prints the warning (its DuplicateFilter), not on every serve rebuild.
            log.info(DIRTY_EXPLAINED)
            _SAID_DIRTY.append(True)
        self.site_key, self._config = "", config
        if self.site_config.national:
            self.source_key = self._source_key()
            self.publication = self._national()
        else:
            site = self._hold_instant(open_site(self.site_config, parallel=not self.serving))
            if site.cache and site.cache.hits:  # counts only, like every line of the build log
                log.info(
                    "policy-drafts: %d thư mục dự thảo không đổi từ lần dựng trước, đọc lại %d",
                    site.cache.hits,
                    site.cache.reads,
                )
            self._report(site)
            self.memo.next_build()
            self.source_key = self._source_key()
            # mkdocs serve: its pages also say why a draft's page is not there (never a secret's)
            memo = self.memo if self.serving else None  # a single build has no next build to keep values for
            self.publication = publish(site, preview=self.serving, memo=memo, site_key=self.source_key)
        for page in self.publication.pages:
            self._add_page(files, config, page)
        produced: dict[str, ProducedFile] = {}
        for core in self.publication.files:
            if core.copy_of:
                files.append(File.generated(config, core.path, abs_src_path=core.copy_of))
            else:
                produced[core.path] = ProducedFile(config, core.path, core.produce, core.input_key)
                produced[core.path].ledger = self.ledger
                files.append(produced[core.path])
        # The site directory is clean and everything the outputs need is known: a large site
        # writes them in other processes while this one reads and renders the pages (same
        # bytes, about half the time on two cores). Never from `mkdocs serve`, whose rebuilds
        # run in a server thread.
        groups = [] if self.serving else self.publication.concurrent_groups()
        if groups:
            ledger = self.ledger
            assert ledger is not None
            self.background = Background.start(
                [[*(produced[path].write for path in group), ledger.save_part] for group in groups]
            )
            for group in groups:
                for path in group:
                    produced[path].written_elsewhere = True
        material.replace_bundle(files, config)
        hand_written_pages_modified(files)
        self.ledger.declare(file.dest_uri for file in files)
        return files

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.serving:
            reclaim.pause_collector()

    @event_priority(100)  # before any plugin that reads site_dir after the build
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        background, self.background = self.background, None
        ledger, self.ledger = self.ledger, None
        self._release()
        reclaim.collect_when_idle()
        if background is not None:
            pids = background.pids
            try:
                background.finish()
            except BackgroundFailed as error:
                raise PluginError(f"policy-drafts: ghi các tệp của trang không thành công:\n{error}") from None
            if ledger is not None:
                ledger.merge_parts(pids)
        if ledger is not None:
            ledger.finish()

    def on_build_error(self, *, error: Exception) -> None:
        background, self.background = self.background, None
        self._release()
        reclaim.collect_when_idle()
        if background is not None:
            background.cancel()
        if self.ledger is not None:
            self.ledger.forget()
            self.ledger = None
        line = abort_line(error, self.failure)
        if line:
            say_at_exit(line)

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment | None:
        if not self.config.enabled:
            return None
        env.globals["pd_links"] = theme_links(self.site_config.urls)  # the theme's links follow the URL map
        env.bytecode_cache = compiled_templates  # the theme's templates too: compiled once per process
        return env

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if not self.config.enabled:
            return None
        generated = self.pages.get(page.file.src_uri)
        context["policy_drafts_head"] = self.publication.head(page.url, generated)  # type: ignore[typeddict-unknown-key]
        if self.preview_at or self.serve_problems:  # mkdocs serve only (theme/main.html places it)
            context["policy_drafts_banner"] = Markup(  # type: ignore[typeddict-unknown-key]
                self.publication.env.get_template("policy_drafts/banner.html").render(
                    preview_at=self.preview_at,
                    problems=len(self.serve_problems),
                    problems_url=root_prefix(page.url) + self.site_config.urls.page(PROBLEMS),
                )
            )
        return context

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or page.file.src_uri in self.pages:
            return None
        return self.publication.fill_blocks(html, page.url)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        if isinstance(page, CorePage):
            if self.ledger is not None:
                self.ledger.will_write(page.file.dest_uri, page.key())
            page.forget_content()
        if page.file.src_uri in self.pages:
            page.content = None  # written out: thousands of pages need not stay in memory
        return None

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        # What every page's navigation shows, as known before the pages are read (titles from
        # mkdocs.yml and the plugin's pages): part of each page's key (CorePage.key).
        self.nav_key = content_key(repr(nav_outline(nav.items)).encode("utf-8"))
        return None

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if not self.config.enabled:
            return server
        if not self.config.national:
            server.watch(str(self.site_config.root / self.site_config.drafts_dir))
        # MkDocs polls every watched file twice a second, a good part of a core over thousands of
        # drafts while the server waits: watch with inotify where that sees every edit (serving.py).
        serving.watch_natively(server)
        reclaim.keep_first_build()  # what stays between rebuilds; each rebuild's memory given back when idle
        return server

    # -- the national (or provincial) site ----------------------------------------------------

    def _national(self) -> Publication:
        """Harvest every site's open data (its last good copy when it cannot be fetched), then the
        national publication; a site never harvested stops the build."""
        harvested = harvest_national(self.site_config)
        for level, note in harvested.notes:
            log.log(level, f"policy-drafts: {note}")
        if harvested.failures:
            raise PluginError("policy-drafts: không thu thập được dữ liệu:\n" + "\n".join(harvested.failures))
        publication = NationalPublication(self.site_config, harvested.sites)
        log.info("policy-drafts: %d dự thảo của %d trang", len(publication.site.drafts), len(harvested.sites))
        return publication

    # -- helpers ------------------------------------------------------------------------------

    def _release(self) -> None:
        """Let go of the finished build's publication (site model, outputs, templates) and pages.
        `mkdocs serve` keeps this object from one rebuild to the next (a plugin with on_startup):
        held until the next on_files replaced them, they were in memory while the server waited,
        and twice over (the old site and the new one) during every rebuild."""
        if self.serving:
            self.__dict__.pop("publication", None)
            self.pages = {}

    def _real_clock_preview(self) -> bool:
        """`mkdocs serve` at the real clock: no `--at`, no SOURCE_DATE_EPOCH (a publishing build,
        `mkdocs build` or gh-deploy, always stamps the real build instant)."""
        return self.serving and not self.preview_at and not os.environ.get("SOURCE_DATE_EPOCH")

    def _hold_instant(self, site: OpenSite) -> OpenSite:
        """At the real clock, a serve rebuild shows the instant the rebuild before showed while
        nothing this site shows could differ between that instant and the real one (until the
        next time boundary of the drafts just read, boundaries.py): the pages and files whose
        drafts did not change keep their keys, and are not made again. Otherwise the real clock."""
        if not self._real_clock_preview():
            self.held_at = None
            return site
        real, held = self.site_config.now, self.held_at
        drafts = (entry.draft for entry in site.catalog.entries if entry.draft is not None)
        if held is not None and held <= real < next_boundary(drafts, self.site_config.settings, held):
            self.site_config = replace(self.site_config, now=held)
            return replace(site, config=self.site_config)
        self.held_at = real
        return site

    def _preview_at(self):
        value = os.environ.get(PREVIEW_AT)
        if not value:
            return None
        if not self.serving:
            raise PluginError(
                f"policy-drafts: biến {PREVIEW_AT} chỉ dùng để xem trước (policy-drafts serve --at …); "
                "một lần dựng trang để công bố không bao giờ dùng thời điểm giả định. Hãy bỏ biến này"
            )
        try:
            return parse_moment(value, self.site_config.settings.timezone).at
        except BadMoment as error:
            raise PluginError(
                f"policy-drafts: {PREVIEW_AT}: {error} ({error.fix or 'ví dụ 2026-12-01T08:00'})"
            ) from None

    def _report(self, site: OpenSite) -> None:
        """Every problem at once; never a withheld draft's (build logs are often public)."""
        for warning in site.warnings:
            log.warning(str(warning))
        hidden = site.withheld_invalid
        if hidden:
            log.error(f"policy-drafts: {withheld_notice(hidden)}")
        if not site.publishable:
            for problem in site.problems:
                log.error(str(problem))
            if self.serving:
                # mkdocs serve: show the problems in the browser and keep serving (a raised error
                # would leave the tab loading until the file is fixed); a publishing build fails.
                self.serve_problems = site.preview_problems
                log.error(f"policy-drafts: {len(self.serve_problems)} lỗi, xem trong trình duyệt: /{PROBLEMS}")
                return
            # Each problem is logged above; the error itself says how many (MkDocs logs it last).
            self.failure = site.refusal
            raise PluginError(
                f"policy-drafts: {site.refusal} dự thảo, mỗi lỗi một dòng ERROR ở trên"
                if site.problems
                else f"policy-drafts: {site.refusal}"
            )
        log.info("policy-drafts: %s", site.account())

    def _source_key(self) -> str:
        """What every page and file of this build is made of besides the drafts: mkdocs.yml and
        the site's configuration, the code and templates of this package and of the site's theme,
        the build instant, what the banner says."""
        from importlib.metadata import version

        config = self._config
        package = THEME.parent
        rows = [
            Path(config.config_file_path).read_bytes().decode("utf-8", "replace"),
            # The site's folder as the system knows it: mkdocs serve's first build has it as given
            # on the command line (".") and its rebuilds as an absolute path, the same folder.
            fingerprint(replace(self.site_config, root=Path(os.path.realpath(self.site_config.root)))),
            code_signature(),
            data_signature(
                [
                    package / "theme",
                    package / "assets",
                    package / "templates",
                    *filter(None, [config.theme.custom_dir]),
                ]
            ),
            version("mkdocs"),
            version("mkdocs-material"),
            self.site_config.now.isoformat(),
            repr(self.preview_at),
            str(len(self.serve_problems)),
        ]
        return content_key("\n".join(rows).encode("utf-8", "surrogateescape"))

    def _site_key(self) -> str:
        """What every page of this build is made of besides its own content: the source key
        (`_source_key`) and the navigation."""
        if not self.site_key:
            self.site_key = content_key(f"{self.source_key}\n{self.nav_key}".encode())
        return self.site_key

    def _context_key(self, page: CorePage) -> str:
        """The site's key and the page's <head> additions."""
        return self._site_key() + self.publication.head_key(page.url, page.generated)

    def _add_page(self, files: Files, config: MkDocsConfig, page: GeneratedPage) -> None:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(
                f"policy-drafts: docs/{page.src_uri} trùng địa chỉ với một trang do plugin tạo ra; "
                "hãy xóa hoặc đổi tên tệp đó"
            )
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        file = cast(CorePageFile, CorePageFile.generated(config, page.src_uri, content="", inclusion=inclusion))
        files.append(file)
        core = CorePage(
            page,
            file,
            config,
            lambda: self.publication.render(page),
            self._context_key,
            lambda: self.publication.page_key(page),
        )
        file.modified = partial(core.modified, self.ledger)
        self.pages[page.src_uri] = page


class CoreNamedFile(File):
    """A file named by the core: its path is POSIX and normal already (what MkDocs makes it with
    a PurePath, 67,000 times per build at 10,000 drafts), otherwise made so as MkDocs does."""

    @property
    def src_path(self) -> str:
        return os.path.normpath(self.src_uri)

    @src_path.setter
    def src_path(self, value: str) -> None:
        normal = "\\" not in value and posixpath.normpath(value) == value
        self.src_uri = value if normal else PurePath(value).as_posix()


class CorePageFile(CoreNamedFile):
    """The file of a CorePage: modified when the page's key changed or its HTML is not in the
    site directory as the last build wrote it (a dirty build renders only those)."""

    modified: Callable[[], bool] | None = None

    def is_modified(self) -> bool:
        return self.modified() if self.modified is not None else True


class CorePage(Page):
    """A page whose content the core renders: MkDocs reads no Markdown and no meta for it."""

    def __init__(
        self,
        generated: GeneratedPage,
        file: File,
        config: MkDocsConfig,
        render: Callable[[], str],
        context_key: Callable[[CorePage], str] | None = None,
        input_key: Callable[[], str] | None = None,
    ):
        super().__init__(None, file, config)
        self.generated = generated
        self._render_content = render
        self._context_key = context_key
        self._input_key = input_key  # its content's inputs, when known without rendering it
        self._content: str | None = None
        self._modified: bool | None = None
        self.read_source(config)  # title and meta known without a read: a dirty build skips it

    def rendered(self) -> str:
        if self._content is None:
            self._content = self._render_content()
        return self._content

    def forget_content(self) -> None:
        self._content = None

    def key(self) -> str:
        """Everything the page's HTML is made of (with the site's key and its <head> additions):
        its content, metadata, table of contents and neighbours in the navigation."""
        neighbours = [(p.url, p.title) for p in (self.previous_page, self.next_page) if p is not None]
        rows = [
            self._context_key(self) if self._context_key else "",
            self.url,
            repr(sorted(self.meta.items())),
            (self._input_key() if self._input_key else "") or self.rendered(),
            repr(self.generated.toc),
            repr(neighbours),
            repr([a.title for a in self.ancestors]),
        ]
        return content_key("\n".join(rows).encode("utf-8", "surrogateescape"))

    def modified(self, ledger: Ledger | None) -> bool:
        """Asked by MkDocs before reading and before writing the page (dirty builds)."""
        if self._modified is None:
            self._modified = ledger is None or not ledger.unchanged(self.file.dest_uri, self.key())
            if not self._modified:
                self.forget_content()
        return self._modified

    def read_source(self, config: MkDocsConfig) -> None:
        page = self.generated
        self.markdown = ""
        # Material prints title and description unescaped: give it escaped text (design.md, traps).
        self.meta = {
            "title": tooltip_text(str(escape(page.title))),  # and the header's cut-off title: no tag
            "description": escape(page.description),
            **material.generated_page_meta(page.layout),
        }

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = self.rendered()
        self.toc = get_toc(list(self.generated.toc))  # type: ignore[arg-type]
        self.present_anchor_ids = None  # anchors of generated pages are not validated


class ProducedFile(CoreNamedFile):
    """A file whose bytes the plugin produces at the moment MkDocs writes it (not kept afterwards)."""

    def __init__(self, config: MkDocsConfig, src_uri: str, produce: Callable[[], bytes], inputs_key: str = ""):
        # Not a page: written where it is named (what MkDocs would derive, 55,000 times at 10,000 drafts)
        super().__init__(
            src_uri,
            src_dir=None,
            dest_dir=config.site_dir,
            use_directory_urls=config.use_directory_urls,
            dest_uri=src_uri,
        )
        self.generated_by = "policy-drafts"
        self._produce = produce
        self.written_elsewhere = False  # by a background process (on_files)
        self.ledger: Ledger | None = None  # what the last build wrote (ledger.py)
        self.inputs_key = inputs_key  # CoreFile.input_key: unchanged inputs, nothing to produce

    @property
    def content_bytes(self) -> bytes:
        return self._produce()

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        raise AttributeError("policy-drafts produces this file when it is written")

    @property
    def content_string(self) -> str:
        return self.content_bytes.decode("utf-8")

    @content_string.setter
    def content_string(self, value: str) -> None:
        raise AttributeError("policy-drafts produces this file when it is written")

    def copy_file(self, dirty: bool = False) -> None:
        if not self.written_elsewhere:
            self.write()

    def write(self) -> None:
        if self.ledger is not None and self.ledger.unchanged_inputs(self.dest_uri, self.inputs_key):
            return  # a dirty build, and the site directory holds this file made of the same inputs
        data = self.content_bytes
        key = content_key(data)
        if self.ledger is not None and self.ledger.unchanged(self.dest_uri, key, self.inputs_key):
            return  # a dirty build, and the site directory holds these bytes already
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        with open(self.abs_dest_path, "wb") as output:
            output.write(data)
        if self.ledger is not None:
            self.ledger.wrote(self.dest_uri, key, self.inputs_key)


def _modified() -> bool:
    return True


def hand_written_pages_modified(files: Files) -> None:
    """A hand-written page shows the navigation and the drafts (block markers), and its search
    entries are Material's search index: a dirty build renders it again whatever its file's
    time (a few pages; MkDocs would skip it and leave the index without it)."""
    for file in files.documentation_pages():
        if not isinstance(file, CorePageFile):
            file.is_modified = _modified  # type: ignore[method-assign]


def nav_outline(items: list) -> list:
    """The navigation as titles and addresses (sections with their children)."""
    return [
        (type(item).__name__, item.title, getattr(item, "url", None), nav_outline(item.children or []))
        for item in items
    ]


def data_signature(folders: list) -> str:
    """Every file below `folders` as stat sees it (the templates and assets pages are made with)."""
    rows = []
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                info = path.stat()
                rows.append(f"{path}\t{info.st_size}\t{info.st_mtime_ns}")
    return content_key("\n".join(rows).encode("utf-8", "surrogateescape"))
