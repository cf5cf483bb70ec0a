"""One door into the core: a site opened from its configuration, and its publication (pure).

A host turns its own configuration (mkdocs.yml, for the MkDocs plugin and the command line:
host/config.py) into a `SiteConfig` of plain data. `open_site` reads the drafts through the
catalog and says what stops a publication; `publish` builds what the site shows at the build
instant: the site model, the pages the core adds (rendered completely by the core, for the
host to wrap in its theme) and every other file the site writes (feeds, calendars, open
data, notices, the search index, the drafts' attachments, the core's scripts and styles).
`Publication.write` writes those files without any host (`policy-drafts build --out`).
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..model import paths
from ..model.paths import Urls, root_prefix
from ..model.problems import Problem
from ..model.registries import Settings
from ..model.text import safe_json
from ..read.attachments import read_regular
from ..read.background import Background, workers
from ..read.catalog import Catalog, Visibility, load_catalog, withheld_notice
from ..read.draftcache import DraftCache, for_site
from ..read.frontmatter import FILE
from .harvest import HarvestError, NationalConfig, SiteData, harvest
from .memo import Memo, digest
from .national import NationalOutputs, NationalSite, NationalUrls, national_pages
from .outputs import Outputs
from .pages import SCRIPT_STATUSES, GeneratedPage, generated_pages, serve_pages
from .site import SiteModel
from .templating import card_renderer, make_environment

ASSETS = Path(__file__).parent.parent / "assets"
ASSET_DIR = "assets/policy-drafts"
# The core's scripts and styles; a host adds its theme's own (SiteConfig.theme_scripts).
STATIC_ASSETS = ("policy-drafts.css", "search.js", "notice.css", "copy.js", "header-search.js")
LIVE_SCRIPT = f"{ASSET_DIR}/live.js"  # the live status script, rendered with the site's settings

# Hand-written pages ask for blocks of the site's drafts with these markers.
PLACEHOLDER = "<!-- policy-drafts:"
BLOCKS = ("open", "closing-soon", "upcoming", "recent", "feeds", "contacts", "open-data")


@dataclass(frozen=True)
class SiteConfig:
    """A site as the core needs it, as plain data (a host builds it from its own configuration)."""

    root: Path  # the site's folder: drafts_dir and the drafts' paths are relative to it
    settings: Settings
    site_name: str
    site_url: str  # absolute, for feeds, calendars and open data
    now: datetime  # the build instant (the one clock), in the site's time zone
    drafts_dir: str = "drafts"
    use_directory_urls: bool = True
    page_size: int = 20
    template_dirs: tuple[str, ...] = ()  # the site's overrides of the core's templates (its custom_dir)
    email_alerts: Mapping[str, Any] = field(default_factory=dict)
    open_data_licence: Mapping[str, Any] = field(default_factory=dict)
    social_image: str = ""
    jurisdiction: str = ""
    comment_columns: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()  # what the configuration still leaves to fill (placeholders)
    national: NationalConfig | None = None  # a national (or provincial) site: the sites it harvests
    # Scripts of the host's theme served from assets/ rather than inline (host/material.py: every
    # page then satisfies a Content-Security-Policy without 'unsafe-inline', deploy/nginx.conf).
    theme_scripts: tuple[str, ...] = ()

    @property
    def urls(self) -> Urls:
        return Urls(directory_urls=self.use_directory_urls, site_url=self.site_url)


@dataclass
class OpenSite:
    """A site with its drafts read: what may be published, and what stops a publication."""

    config: SiteConfig
    catalog: Catalog
    cache: DraftCache | None = None

    @property
    def problems(self) -> list[Problem]:
        """Every problem that may be shown, in file order (never a withheld draft's)."""
        return sorted(self.catalog.problems, key=lambda p: (p.path, p.line or 0, p.field))

    @property
    def warnings(self) -> list[Problem]:
        return self.catalog.warnings

    @property
    def withheld_invalid(self) -> int:
        return self.catalog.withheld_invalid

    @property
    def publishable(self) -> bool:
        return not self.catalog.problems and not self.withheld_invalid

    @property
    def refusal(self) -> str:
        """Why the site cannot be published, in a few words ("" when it can)."""
        problems = self.catalog.problems
        if problems:
            return f"{len(problems)} lỗi trong {len({p.path for p in problems})} tệp"
        return withheld_notice(self.withheld_invalid) if self.withheld_invalid else ""

    @property
    def preview_problems(self) -> list[Problem]:
        """What a preview shows in place of the pages a publication would refuse: every problem,
        and how many state secrets have some (never which)."""
        if self.publishable:
            return []
        hidden = self.withheld_invalid
        secret = [Problem(self.config.drafts_dir, None, FILE, withheld_notice(hidden))] if hidden else []
        return self.problems + secret

    def account(self) -> str:
        """Every draft folder accounted for, in counts only (a withheld draft's id is a trace)."""
        counts = self.catalog.summary(self.config.now)
        return (
            f"{len(self.catalog.entries)} thư mục dự thảo: {counts[Visibility.PUBLISHED]} đã công bố, "
            f"{counts[Visibility.EMBARGOED]} chưa đến giờ công bố, {counts[Visibility.WITHHELD]} không công bố "
            f"(bí mật nhà nước), {counts[Visibility.INVALID]} có lỗi"
        )


def open_site(config: SiteConfig, only: set[str] | None = None, *, parallel: bool = False) -> OpenSite:
    """Read the site's drafts (`only` some ids, for `check`); `parallel` uses the machine's cores
    on a large site (never from a threaded server). Drafts unchanged since the last reading
    come from the site's cache (draftcache.py)."""
    cache = for_site(config.root)
    catalog = load_catalog(config.root, config.drafts_dir, config.settings, only, parallel=parallel, cache=cache)
    return OpenSite(config, catalog, cache)


@dataclass(frozen=True)
class CoreFile:
    """A file of the site that is not a page: its bytes are produced when it is written."""

    path: str  # site-relative
    produce: Callable[[], bytes]
    copy_of: str = ""  # a file shipped with the package, copied as it is (a host may copy it its own way)
    # The key of what the file is made of, where known without producing it (outputs.py,
    # Output.inputs): a host that kept the file with this key need not produce it again.
    input_key: str = ""


class Publication:
    """What the site shows at the build instant: its model, the pages the core adds and every
    other file it writes. Each is made when first asked for (the digest needs the model only)."""

    site: SiteModel | NationalSite
    env: jinja2.Environment
    outputs: Outputs | NationalOutputs
    pages: list[GeneratedPage]
    files: list[CoreFile]
    blocks = True  # hand-written pages may hold blocks of the site's own drafts

    @property
    def globals(self) -> dict:
        return {"site": self.site, "now": self.site.now, "outputs": self.outputs}

    def render(self, page: GeneratedPage) -> str:
        """A page's content HTML (what a host puts inside its theme's article)."""
        return page.render(self.env, self.globals)

    def page_key(self, page: GeneratedPage) -> str:
        """The key of what a page's content is made of, where known without rendering it (a page
        of one draft: SiteModel.input_key); "" otherwise."""
        return ""

    def head(self, page_url: str, page: GeneratedPage | None = None) -> Markup:
        """What a page adds to <head>: the feeds and calendars it announces (relative links: feed
        readers resolve them against the page, and a preview on another host never asks the
        production host for anything), its Open Graph facts and structured data."""
        return Markup(self.env.get_template("policy_drafts/head.html").render(**self.head_context(page_url, page)))

    def head_context(self, page_url: str, page: GeneratedPage | None = None) -> dict:
        """All `head` is made of (head.html's context: sites override it)."""
        announced = page.announce() if page else self.outputs.site_wide()
        base = root_prefix(page_url)
        links = [(a.type, a.title, base + a.path) for a in announced]
        og = page.og if page else None
        jsonld = Markup(safe_json(page.jsonld)) if page and page.jsonld else None
        return {"links": links, "og": og, "jsonld": jsonld}

    def head_key(self, page_url: str, page: GeneratedPage | None = None) -> str:
        """The key of what `head` writes for a page. A page made of some drafts alone has its
        structured data made of them too (`GeneratedPage.structured_data`): its content's key
        stands for it, and nothing is serialised for a page that did not change."""
        inputs_key = self.page_key(page) if page is not None and page.structured_data is not None else ""
        if not inputs_key:
            return digest(self.head_context(page_url, page))
        announced = page.announce() if page else self.outputs.site_wide()
        base = root_prefix(page_url)
        links = [(a.type, a.title, base + a.path) for a in announced]
        return digest({"links": links, "og": page.og if page else None, "jsonld of": inputs_key})

    def fill_blocks(self, html: str, page_url: str) -> str:
        """A hand-written page's HTML with its block markers filled."""
        if not self.blocks or PLACEHOLDER not in html:
            return html
        context = {**self.globals, "base": root_prefix(page_url)}
        for name in BLOCKS:
            marker = f"{PLACEHOLDER}{name} -->"
            if marker in html:
                html = html.replace(
                    marker, self.env.get_template(f"policy_drafts/blocks/{name}.html").render(**context)
                )
        return html

    def concurrent_groups(self) -> list[list[str]]:
        """On a large site, the paths of files that forked processes may write while the pages
        are rendered, in groups that share no work (the same bytes, about half the time on two
        cores); none on a small one."""
        if not isinstance(self.outputs, Outputs) or workers(len(self.site.drafts)) < 2:
            return []
        return self.outputs.independent_groups()

    def write(self, out: Path) -> int:
        """Write every file but the pages under `out`; the number of files written."""
        files = {f.path: f for f in self.files}
        elsewhere = self.concurrent_groups()
        taken = {path for group in elsewhere for path in group}
        background = (
            Background.start([[partial(_write, out, files[path]) for path in group] for group in elsewhere])
            if elsewhere
            else None
        )
        try:
            for file in self.files:
                if file.path not in taken:
                    _write(out, file)
        except BaseException:
            if background is not None:
                background.cancel()
            raise
        if background is not None:
            background.finish()
        return len(files)


def _write(out: Path, file: CoreFile) -> None:
    parts = file.path.split("/")
    if not file.path or file.path.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"not a site-relative path: {file.path!r}")
    target = out.joinpath(*parts)
    os.makedirs(target.parent, exist_ok=True)
    with open(target, "wb") as output:
        output.write(file.produce())


class SitePublication(Publication):
    """A site's publication, of its published drafts."""

    def __init__(self, opened: OpenSite, preview: bool, memo: Memo | None = None, site_key: str = ""):
        c = self.config = opened.config
        self.opened, self.preview, self.memo = opened, preview, memo
        self.site: SiteModel = SiteModel(
            opened.catalog.published(c.now),
            c.settings,
            c.now,
            c.urls,
            c.page_size,
            site_key=site_key,
            source_keys=opened.catalog.keys,
            memo=memo,
        )
        self._page_keys: dict[str, str] = {}  # by page path (page_key)
        self.env = make_environment(c.template_dirs)
        self.env.globals["card"] = card_renderer(self.env, c.now)

    @cached_property
    def outputs(self) -> Outputs:  # type: ignore[override]
        c = self.config
        return Outputs(self.site, self.env, c.site_name, dict(c.open_data_licence) or None, self.memo)

    @cached_property
    def pages(self) -> list[GeneratedPage]:  # type: ignore[override]
        c = self.config
        pages = serve_pages(self.opened.catalog, self.opened.preview_problems, c.now) if self.preview else []
        subscribe = str(c.email_alerts.get("subscribe_url") or "")
        return pages + generated_pages(self.site, self.outputs, c.site_name, c.social_image, c.jurisdiction, subscribe)

    @cached_property
    def files(self) -> list[CoreFile]:  # type: ignore[override]
        c = self.config
        files = [
            CoreFile(
                paths.in_draft(view.id, name),
                partial(
                    read_regular,
                    str(c.root / posixpath.dirname(view.draft.path) / name),
                    c.settings.attachment_max_bytes,
                ),
            )
            for view in self.site.drafts
            for name in view.draft.files
        ]
        return files + assets(self.env, c) + _outputs(self.outputs)

    def page_key(self, page: GeneratedPage) -> str:
        if page.inputs is None:
            return ""
        key = self._page_keys.get(page.path)
        if key is None:  # asked for its content's key and its head's (head_key)
            key = self._page_keys[page.path] = self.site.input_key(page.inputs, page.template, page.path, page.facts)
        return key


def publish(site: OpenSite, *, preview: bool = False, memo: Memo | None = None, site_key: str = "") -> SitePublication:
    """The publication of the site's published drafts. A `preview` (`mkdocs serve`) adds the pages
    that say why a draft's page is not there (its problems, or when it will be published).
    `site_key`: the host's key of everything but the drafts (its configuration, code, templates,
    the build instant), with which files and pages of one draft get keys of their inputs; `memo`:
    what the last build of this process derived (memo.py)."""
    return SitePublication(site, preview, memo, site_key)


@dataclass
class NationalHarvest:
    """Every site's open data, fetched now or its last good copy, and what the harvest says."""

    sites: list[SiteData]
    notes: list[tuple[int, str]]  # (logging level, line): a site's warnings, what was transferred
    failures: list[str]  # sites never harvested: the national site is not published without them


def harvest_national(config: SiteConfig) -> NationalHarvest:
    """Harvest the open data of every site a national configuration lists (harvest.py)."""
    national = config.national
    assert national is not None, "a national site's configuration"
    cache = config.root / national.cache_dir
    result = NationalHarvest([], [], [])
    for spec in national.sites:
        try:
            data = harvest(
                spec,
                cache,
                config.now,
                config.settings.timezone,
                timeout=national.timeout,
                max_bytes=national.max_bytes,
                max_drafts=national.max_drafts,
            )
        except HarvestError as error:
            result.failures.append(str(error))
            continue
        result.notes += [(logging.WARNING, warning) for warning in data.warnings]
        if data.fresh:
            result.notes.append((logging.INFO, f"{spec.key}: {len(data.drafts)} dự thảo ({data.done})"))
        result.sites.append(data)
    return result


class NationalPublication(Publication):
    """The national (or provincial) site of the harvested sites' drafts (national.py)."""

    blocks = False  # the blocks show a site's own drafts

    def __init__(self, config: SiteConfig, harvested: list[SiteData]):
        self.config = config
        urls = NationalUrls(config.use_directory_urls, config.site_url)
        self.site: NationalSite = NationalSite(harvested, config.settings, config.now, urls, config.page_size)
        self.env = make_environment(config.template_dirs)

    @cached_property
    def outputs(self) -> NationalOutputs:  # type: ignore[override]
        return NationalOutputs(self.site, self.env, self.config.site_name)

    @cached_property
    def pages(self) -> list[GeneratedPage]:  # type: ignore[override]
        return national_pages(self.site, self.outputs, self.config.site_name)

    @cached_property
    def files(self) -> list[CoreFile]:  # type: ignore[override]
        return assets(self.env, self.config) + _outputs(self.outputs)


def assets(env: jinja2.Environment, config: SiteConfig) -> list[CoreFile]:
    """The core's scripts and styles (and the theme's, as files): shipped files, and the live
    script with the site's settings."""
    names = STATIC_ASSETS + config.theme_scripts
    files = [CoreFile(f"{ASSET_DIR}/{name}", (ASSETS / name).read_bytes, str(ASSETS / name)) for name in names]
    script = env.get_template("policy_drafts/live.js").render(settings=config.settings, statuses=SCRIPT_STATUSES)
    files.append(CoreFile(LIVE_SCRIPT, partial(bytes, script.encode("utf-8"))))
    return files


def _outputs(outputs: Outputs | NationalOutputs) -> list[CoreFile]:
    if isinstance(outputs, Outputs):
        return [CoreFile(o.path, partial(_encoded, o.render), input_key=outputs.input_key(o)) for o in outputs.all]
    return [CoreFile(path, partial(_encoded, render)) for path, render in outputs.files().items()]


def _encoded(render: Callable[[], str | bytes]) -> bytes:
    data = render()
    return data.encode("utf-8") if isinstance(data, str) else data
