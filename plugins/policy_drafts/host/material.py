"""Material for MkDocs, the theme the plugin is written for: what the plugin asks of it, as data.

The core says what it wants in its own words (a page's `Layout`, the site's own search on
/tim-kiem/); this profile says how Material is told, and plugin.py applies it. Where Material's
templates place what the plugin adds (the <head> links, the preview banner) is the theme
override's part: theme/main.html.
"""

from __future__ import annotations

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
