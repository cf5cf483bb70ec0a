"""The MkDocs adapter: thin event handlers around the pure core.

on_startup       remembers whether this is `mkdocs serve` (preview and error pages only there);
on_config        builds the settings, reads the build instant (the one clock) and puts the
                 plugin's theme overrides (theme/) after the site's custom_dir;
on_files         reads every draft, fails the build on any problem, and adds the pages,
                 attachments and outputs of the published set only; on a large site, starts
                 writing the outputs in forked processes while MkDocs renders the pages
                 (on_post_build waits for them, on_build_error stops them);
on_page_content  fills the block markers of hand-written pages (home, press page);
on_page_context  gives each page the <head> announcements the core computed, and in `mkdocs
                 serve` the preview / problems banner (theme/main.html places both);
on_post_page     lets go of a generated page's content once it is written.

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
from pathlib import Path

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
from ..model.problems import DraftsInvalid, Problem
from ..model.registries import MarkdownSettings
from ..model.text import safe_json, slugify
from ..publish.harvest import HarvestError, harvest, national_config
from ..publish.national import NationalOutputs, NationalSite, NationalUrls, national_pages
from ..publish.outputs import Outputs
from ..publish.pages import PROBLEMS_URL, SCRIPT_STATUSES, GeneratedPage, generated_pages, serve_pages
from ..publish.site import DRAFTS_URL, DraftView, SiteModel, Urls, root_prefix
from ..publish.templating import card_renderer, make_environment
from ..read.attachments import read_regular
from ..read.background import Background, BackgroundFailed, workers
from ..read.catalog import Catalog, Visibility, load_catalog, withheld_notice
from ..read.draftcache import for_site
from ..read.frontmatter import FILE
from ..read.markup import PERMALINK_TITLE, tooltip_text
from . import material
from .config import (
    ConfigProblems,
    PolicyDraftsConfig,
    drafts_dir_problem,
    placeholder_warnings,
    settings_from_config,
)
from .upstream import AFTER_BOX, material_box_printed

log = logging.getLogger("mkdocs.plugins.policy_drafts")

ASSETS = Path(__file__).parent.parent / "assets"
THEME = Path(__file__).parent.parent / "theme"
ASSET_DIR = "assets/policy-drafts"
PLACEHOLDER = "<!-- policy-drafts:"
BLOCKS = ("open", "closing-soon", "upcoming", "recent", "feeds", "contacts", "open-data")


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

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command  # "build", "gh-deploy" or "serve" ("build" for serve --clean)
        if material_box_printed():
            log.info(AFTER_BOX)  # once per process: the box is printed once

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        markdown = MarkdownSettings(tuple(config.markdown_extensions), dict(config.mdx_configs or {}))
        try:
            self.settings = settings_from_config(self.config, markdown)
        except ConfigProblems as error:
            raise PluginError(f"policy-drafts: cấu hình trong mkdocs.yml có lỗi:\n{error}") from None
        if not config.site_url:
            raise PluginError(
                "policy-drafts: hãy khai báo site_url trong mkdocs.yml (nguồn tin, lịch và dữ liệu mở "
                "cần địa chỉ đầy đủ), ví dụ site_url: https://duthao.example.gov.vn/"
            )
        self.root = Path(config.config_file_path).parent
        site = {"site_name": config.site_name, "site_url": config.site_url or "", "copyright": config.copyright or ""}
        source = Path(config.config_file_path).read_text(encoding="utf-8", errors="replace")
        for warning in placeholder_warnings(Path(config.config_file_path).name, self.config, site, source):
            log.warning(str(warning))
        overlap = drafts_dir_problem(self.root, self.config.drafts_dir, config.docs_dir)
        if overlap:
            raise PluginError(f"policy-drafts: cấu hình trong mkdocs.yml có lỗi:\n{overlap}")
        try:
            build_instant(os.environ.get("SOURCE_DATE_EPOCH"), fallback=None)
        except BadMoment as error:
            raise PluginError(f"policy-drafts: {error} ({error.fix})") from None
        # The build instant in the site's time zone: every date and time a page prints is local.
        self.now = get_build_datetime().astimezone(self.settings.timezone)
        self.serving = self.command == "serve"
        if not self.serving and not str(config.site_url).lower().startswith("https://"):
            # On an http: page an image or link the site judged its own could come from anyone on
            # the way; feeds, calendars and open data print this address. `mkdocs serve` may use one.
            raise PluginError(
                f"policy-drafts: site_url '{config.site_url}' phải là địa chỉ https: để dựng trang công bố "
                "(site_url: https://duthao.example.gov.vn/); chỉ mkdocs serve được dùng http:"
            )
        self.preview_at = self._preview_at()
        if self.preview_at:
            self.now = self.preview_at
        self.serve_problems: list[Problem] = []
        self.urls = Urls(directory_urls=config.use_directory_urls, site_url=config.site_url)
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
        config.extra_javascript.append(f"{ASSET_DIR}/live.js")
        config.extra_javascript.append(f"{ASSET_DIR}/header-search.js")
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        if self.config.national:
            return self._national_files(files, config)
        cache = for_site(self.root)
        catalog = load_catalog(self.root, self.config.drafts_dir, self.settings, parallel=not self.serving, cache=cache)
        if cache.hits:  # counts only, like every line of the build log
            log.info(
                "policy-drafts: %d thư mục dự thảo không đổi từ lần dựng trước, đọc lại %d", cache.hits, cache.reads
            )
        self._report(catalog)
        if self.serving:  # mkdocs serve: say why a draft's page is not there (never a secret's)
            for page in serve_pages(catalog, self.serve_problems, self.now):
                self._add_page(files, config, page)
        self.site = SiteModel(catalog.published(self.now), self.settings, self.now, self.urls, self.config.page_size)
        overrides = [config.theme.custom_dir] if config.theme.custom_dir else []
        self.env = make_environment(overrides)
        self.env.globals["card"] = card_renderer(self.env, self.now)
        subscribe = str(self.config.email_alerts.get("subscribe_url") or "")
        self.outputs = Outputs(
            self.site, self.env, config.site_name, subscribe, dict(self.config.open_data_licence) or None
        )
        self.globals = {"site": self.site, "now": self.now, "outputs": self.outputs}
        for page in generated_pages(
            self.site, self.outputs, config.site_name, self.config.social_image, self.config.jurisdiction
        ):
            self._add_page(files, config, page)
        for view in self.site.drafts:
            self._add_attachments(files, config, view)
        self._add_assets(files, config)
        outputs = {path: rendered_file(config, path, render) for path, render in self.outputs.files().items()}
        for file in outputs.values():
            files.append(file)
        # The site directory is clean and everything the outputs need is known: a large site
        # writes them in other processes while this one reads and renders the pages (same
        # bytes, about half the time on two cores). Never from `mkdocs serve`, whose rebuilds
        # run in a server thread.
        if not self.serving and workers(len(self.site.drafts)) > 1:
            groups = self.outputs.independent_groups()
            self.background = Background.start([[outputs[path].write for path in group] for group in groups])
            for file in outputs.values():
                file.written_elsewhere = True
        return files

    @event_priority(100)  # before any plugin that reads site_dir after the build
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        background, self.background = self.background, None
        self._release()
        if background is not None:
            try:
                background.finish()
            except BackgroundFailed as error:
                raise PluginError(f"policy-drafts: ghi các tệp của trang không thành công:\n{error}") from None

    def on_build_error(self, *, error: Exception) -> None:
        background, self.background = self.background, None
        self._release()
        if background is not None:
            background.cancel()
        line = abort_line(error, self.failure)
        if line:
            say_at_exit(line)

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if not self.config.enabled:
            return None
        generated = self.pages.get(page.file.src_uri)
        announced = generated.announce() if generated else self.outputs.site_wide()
        # Relative links: feed readers resolve them against the page, and a preview on another
        # host never asks the production host for anything.
        base = root_prefix(page.url)
        links = [(a.type, a.title, base + a.path) for a in announced]
        og = generated.og if generated else None
        jsonld = Markup(safe_json(generated.jsonld)) if generated and generated.jsonld else None
        context["policy_drafts_head"] = Markup(  # type: ignore[typeddict-unknown-key]
            self.env.get_template("policy_drafts/head.html").render(links=links, og=og, jsonld=jsonld)
        )
        if self.preview_at or self.serve_problems:  # mkdocs serve only (theme/main.html places it)
            context["policy_drafts_banner"] = Markup(  # type: ignore[typeddict-unknown-key]
                self.env.get_template("policy_drafts/banner.html").render(
                    preview_at=self.preview_at,
                    problems=len(self.serve_problems),
                    problems_url=base + PROBLEMS_URL,
                )
            )
        return context

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or page.file.src_uri in self.pages or PLACEHOLDER not in html:
            return None
        if self.config.national:
            return None  # the blocks show a site's own drafts
        context = {**self.globals, "base": root_prefix(page.url)}
        for name in BLOCKS:
            marker = f"{PLACEHOLDER}{name} -->"
            if marker in html:
                html = html.replace(
                    marker, self.env.get_template(f"policy_drafts/blocks/{name}.html").render(**context)
                )
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        if page.file.src_uri in self.pages:
            page.content = None  # written out: thousands of pages need not stay in memory
        return None

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.config.enabled and not self.config.national:
            server.watch(str(self.root / self.config.drafts_dir))
        return server

    # -- the national (or provincial) site ----------------------------------------------------

    def _national_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Harvest every site's open data (its last good copy when it cannot be fetched), then add
        the national pages and files; a site never harvested stops the build."""
        national, problems = national_config(self.config.national)
        if national is None:
            raise PluginError("policy-drafts: cấu hình trong mkdocs.yml có lỗi:\n" + "\n".join(problems))
        cache = self.root / national.cache_dir
        harvested, failures = [], []
        for spec in national.sites:
            try:
                data = harvest(
                    spec,
                    cache,
                    self.now,
                    self.settings.timezone,
                    timeout=national.timeout,
                    max_bytes=national.max_bytes,
                    max_drafts=national.max_drafts,
                )
            except HarvestError as error:
                failures.append(str(error))
                continue
            for warning in data.warnings:
                log.warning(f"policy-drafts: {warning}")
            if data.fresh:
                log.info(f"policy-drafts: {spec.key}: {len(data.drafts)} dự thảo ({data.done})")
            harvested.append(data)
        if failures:
            raise PluginError("policy-drafts: không thu thập được dữ liệu:\n" + "\n".join(failures))
        site = NationalSite(
            harvested,
            self.settings,
            self.now,
            NationalUrls(config.use_directory_urls, config.site_url or ""),
            self.config.page_size,
        )
        log.info("policy-drafts: %d dự thảo của %d trang", len(site.drafts), len(harvested))
        self.env = make_environment([config.theme.custom_dir] if config.theme.custom_dir else [])
        outputs = NationalOutputs(site, self.env, config.site_name)
        self.outputs = outputs  # type: ignore[assignment]
        self.globals = {"site": site, "now": self.now, "outputs": outputs}
        for page in national_pages(site, outputs, config.site_name):
            self._add_page(files, config, page)
        self._add_assets(files, config)
        for path, render in outputs.files().items():
            files.append(rendered_file(config, path, render))
        return files

    # -- helpers ------------------------------------------------------------------------------

    def _release(self) -> None:
        """Let go of the finished build's site model, outputs, templates and pages. `mkdocs serve`
        keeps this object from one rebuild to the next (a plugin with on_startup): held until the
        next on_files replaced them, they were in memory while the server waited, and twice over
        (the old site and the new one) during every rebuild."""
        if self.serving:
            for name in ("site", "outputs", "env", "globals"):
                self.__dict__.pop(name, None)
            self.pages = {}

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
            return parse_moment(value, self.settings.timezone).at
        except BadMoment as error:
            raise PluginError(
                f"policy-drafts: {PREVIEW_AT}: {error} ({error.fix or 'ví dụ 2026-12-01T08:00'})"
            ) from None

    def _report(self, catalog: Catalog) -> None:
        """Every problem at once; never a withheld draft's (build logs are often public)."""
        for warning in catalog.warnings:
            log.warning(str(warning))
        hidden = catalog.withheld_invalid
        if hidden:
            log.error(f"policy-drafts: {withheld_notice(hidden)}")
        if catalog.problems or hidden:
            error = DraftsInvalid(catalog.problems)
            for problem in error.problems:
                log.error(str(problem))
            if self.serving:
                # mkdocs serve: show the problems in the browser and keep serving (a raised error
                # would leave the tab loading until the file is fixed); a publishing build fails.
                secret = [Problem(self.config.drafts_dir, None, FILE, withheld_notice(hidden))] if hidden else []
                self.serve_problems = error.problems + secret
                log.error(f"policy-drafts: {len(self.serve_problems)} lỗi, xem trong trình duyệt: /{PROBLEMS_URL}")
                return
            # Each problem is logged above; the error itself says how many (MkDocs logs it last).
            count, files = len(catalog.problems), len({p.path for p in catalog.problems})
            self.failure = f"{count} lỗi trong {files} tệp" if catalog.problems else withheld_notice(hidden)
            raise PluginError(
                f"policy-drafts: {count} lỗi trong {files} tệp dự thảo, mỗi lỗi một dòng ERROR ở trên"
                if catalog.problems
                else f"policy-drafts: {withheld_notice(hidden)}"
            )
        # Counts only: a withheld draft's id is a trace.
        counts = catalog.summary(self.now)
        log.info(
            "policy-drafts: %d thư mục dự thảo: %d đã công bố, %d chưa đến giờ công bố, %d không công bố "
            "(bí mật nhà nước), %d có lỗi",
            len(catalog.entries),
            counts[Visibility.PUBLISHED],
            counts[Visibility.EMBARGOED],
            counts[Visibility.WITHHELD],
            counts[Visibility.INVALID],
        )

    def _add_page(self, files: Files, config: MkDocsConfig, page: GeneratedPage) -> None:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(
                f"policy-drafts: docs/{page.src_uri} trùng địa chỉ với một trang do plugin tạo ra; "
                "hãy xóa hoặc đổi tên tệp đó"
            )
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.src_uri, content="", inclusion=inclusion)
        files.append(file)
        CorePage(page, file, config, lambda: page.render(self.env, self.globals))
        self.pages[page.src_uri] = page

    def _add_attachments(self, files: Files, config: MkDocsConfig, view: DraftView) -> None:
        source = self.root / posixpath.dirname(view.draft.path)
        for name in view.draft.files:
            files.append(
                attachment_file(
                    config, f"{DRAFTS_URL}{view.id}/{name}", str(source / name), self.settings.attachment_max_bytes
                )
            )

    def _add_assets(self, files: Files, config: MkDocsConfig) -> None:
        for name in (
            "policy-drafts.css",
            "search.js",
            "notice.css",
            "copy.js",
            "header-search.js",
        ) + material.INLINE_SCRIPTS:
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", abs_src_path=str(ASSETS / name)))
        script = self.env.get_template("policy_drafts/live.js").render(settings=self.settings, statuses=SCRIPT_STATUSES)
        files.append(File.generated(config, f"{ASSET_DIR}/live.js", content=script))


class CorePage(Page):
    """A page whose content the core renders: MkDocs reads no Markdown and no meta for it."""

    def __init__(self, generated: GeneratedPage, file: File, config: MkDocsConfig, render: Callable[[], str]):
        super().__init__(None, file, config)
        self.generated = generated
        self._render_content = render

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
        self.content = self._render_content()
        self.toc = get_toc(list(self.generated.toc))  # type: ignore[arg-type]
        self.present_anchor_ids = None  # anchors of generated pages are not validated


class ProducedFile(File):
    """A file whose bytes the plugin produces at the moment MkDocs writes it (not kept afterwards)."""

    def __init__(self, config: MkDocsConfig, src_uri: str, produce: Callable[[], bytes]):
        super().__init__(src_uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
        self.generated_by = "policy-drafts"
        self._produce = produce
        self.written_elsewhere = False  # by a background process (on_files)

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
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        with open(self.abs_dest_path, "wb") as output:
            output.write(self.content_bytes)


def rendered_file(config: MkDocsConfig, src_uri: str, render: Callable[[], str | bytes]) -> ProducedFile:
    """An output of the core (feed, calendar, notice ...), rendered when written."""

    def produce() -> bytes:
        data = render()
        return data.encode("utf-8") if isinstance(data, str) else data

    return ProducedFile(config, src_uri, produce)


def attachment_file(config: MkDocsConfig, src_uri: str, abs_src_path: str, limit: int) -> ProducedFile:
    """An attachment copied without following links: opened with O_NOFOLLOW, and still a
    regular file within the size limit when it is copied."""
    return ProducedFile(config, src_uri, lambda: read_regular(abs_src_path, limit))
