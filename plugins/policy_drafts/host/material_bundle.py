"""Material's JavaScript bundle, with its language-alternate probe kept to language alternates.

On every page view Material's bundle (integrations/alternate) fetches `sitemap.xml` beside each
`<link rel="alternate">` of the page, to map the page onto its other-language versions. Only the
language alternates (`extra.alternate`, written with `hreflang`) have such a sitemap; the site's
feeds and calendars, announced with `rel="alternate"` too, have none: each probe was a request
for nothing. The bundle the site serves selects `link[rel=alternate][hreflang]` instead, so
language switching works as before and a feed link costs no request.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

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
