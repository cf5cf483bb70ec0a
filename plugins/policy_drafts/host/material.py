"""Material for MkDocs, the theme the plugin is written for: what the plugin asks of it, as data.

The core says what it wants in its own words (a page's `Layout`, the site's own search on
/tim-kiem/); this profile says how Material is told, and plugin.py applies it. Where Material's
templates place what the plugin adds (the <head> links, the preview banner) is the theme
override's part: theme/main.html.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..publish.pages import Layout

# config.theme: no fonts from a third-party host on every page view (a Vietnamese government site).
THEME_SETTINGS = {"font": False}
# config.extra, unless the site says otherwise: no English credit line ("Made with Material").
EXTRA_DEFAULTS = {"generator": False}
# Material's inline scripts as files (theme/partials/javascripts/): every page satisfies a
# Content-Security-Policy without 'unsafe-inline' (deploy/nginx.conf).
INLINE_SCRIPTS = tuple(
    f"md-{name}.js" for name in ("base", "palette", "content", "tabs", "announce", "outdated", "consent")
)
# A layout as Material's page meta `hide`: the sidebars left out.
HIDE = {Layout.FULL: (), Layout.NO_OUTLINE: ("toc",), Layout.CONTENT_ONLY: ("toc", "navigation")}


def generated_page_meta(layout: Layout) -> dict:
    """The meta of a page the core renders, besides its title and description. The site's search
    is /tim-kiem/ on the core's own index (search.py): Material's index of these pages would be
    built for nobody (its search box leads to /tim-kiem/)."""
    meta: dict = {"search": {"exclude": True}}
    if HIDE[layout]:
        meta["hide"] = list(HIDE[layout])
    return meta


# -- Material's JavaScript bundle, with its language-alternate probe kept to language alternates.
#
# On every page view Material's bundle (integrations/alternate) fetches `sitemap.xml` beside each
# `<link rel="alternate">` of the page, to map the page onto its other-language versions. Only the
# language alternates (`extra.alternate`, written with `hreflang`) have such a sitemap; the site's
# feeds and calendars, announced with `rel="alternate"` too, have none: each probe was a request
# for nothing. The bundle the site serves selects `link[rel=alternate][hreflang]` instead, so
# language switching works as before and a feed link costs no request.
PROBED = '"link[rel=alternate]"'
LANGUAGE_ALTERNATES = '"link[rel=alternate][hreflang]"'


def language_probe_only(bundle: str) -> str:
    """The bundle probing only the language alternates; unchanged when the selector is not
    there once (another Material: test_browser proves the probe is gone for the pinned one)."""
    if bundle.count(PROBED) != 1:
        return bundle
    return bundle.replace(PROBED, LANGUAGE_ALTERNATES)


def replace_bundle(files: Files, config: MkDocsConfig) -> None:
    """Serve Material's bundle (the theme's file of that name) with the probe narrowed."""
    for file in list(files):
        uri = file.src_uri
        if uri.startswith("assets/javascripts/bundle.") and uri.endswith(".min.js") and file.abs_src_path:
            with open(file.abs_src_path, encoding="utf-8") as source:
                content = language_probe_only(source.read())
            files.remove(file)
            files.append(File.generated(config, uri, content=content))
