"""Every internal reference of the built example site leads to a file of the site, in both URL
modes (`use_directory_urls: true` and `false`), and every fragment to an id of its page.

References are read where readers and programs follow them: HTML attributes (href, src, srcset,
form action, meta content, any attribute holding an address of the site) and text, JSON-LD;
XML (RSS, sitemaps) attributes and text; every string of the JSON files (open data, JSON Feed,
search data); the URL properties and text of the calendars; the plain-text bulletins. An
absolute address counts as internal when it starts with the site's `site_url`. With directory
URLs a folder address is served by its index.html; without them (a site read from disk, where
nothing serves a folder's index.html) an address must name the file itself, as MkDocs' own
links do; only the site's address (`site_url`) stays a folder.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from lxml import etree, html
from sitekit import EXAMPLE_AT, ROOT, build

SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
# An address of the site inside free text (a calendar's description, a bulletin, an HTML text
# node): it ends at a space, a quote, an angle bracket or an iCalendar escape.
ABSOLUTE = re.compile(re.escape(SITE_URL) + r"[^\s\"'<>\\]*")
WEBCAL = "webcal://" + SITE_URL.split("://", 1)[1]
URL_ATTRIBUTES = ("href", "src", "action", "poster", "data", "cite", "formaction")
SKIPPED = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:")


class Links:
    """The references of one built site, and those that lead nowhere."""

    def __init__(self, site: Path, directory_urls: bool):
        self.site = site
        self.directory_urls = directory_urls
        self.files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
        self.broken: list[str] = []
        self.checked = 0
        self._ids: dict[str, frozenset[str]] = {}

    # -- resolving -----------------------------------------------------------------------

    def target(self, ref: str, source: str) -> tuple[str | None, str]:
        """(site-relative file or None if external, fragment) of `ref` written in file `source`."""
        if ref.startswith(WEBCAL):
            ref = SITE_URL + ref[len(WEBCAL) :]
        absolute = urljoin(SITE_URL + source, ref)
        if not absolute.startswith(SITE_URL):
            return None, ""
        parts = urlsplit(absolute[len(SITE_URL) :])
        return unquote(parts.path), unquote(parts.fragment)

    def check(self, ref: str, source: str, where: str) -> None:
        ref = ref.strip()
        if not ref or ref.startswith(SKIPPED):
            return
        path, fragment = self.target(ref, source)
        if path is None:
            return
        self.checked += 1
        name = path
        if name == "" or name.endswith("/"):
            if not self.directory_urls and ref != SITE_URL:  # the site's own address is a folder
                self.broken.append(f"{source}: {where} {ref!r}: a folder, not a file (use_directory_urls: false)")
                return
            name += "index.html"
        if name not in self.files:
            self.broken.append(f"{source}: {where} {ref!r}: no file {name}")
            return
        if fragment and name.endswith(".html") and fragment not in self.ids(name):
            self.broken.append(f"{source}: {where} {ref!r}: no id {fragment!r} in {name}")

    def ids(self, name: str) -> frozenset[str]:
        if name not in self._ids:
            self._ids[name] = frozenset(html.fromstring((self.site / name).read_bytes()).xpath("//@id"))
        return self._ids[name]

    def absolute_in(self, text: str, source: str, where: str) -> None:
        for found in ABSOLUTE.findall(text):
            self.check(found.rstrip(".,;:)"), source, where)

    # -- reading each format -------------------------------------------------------------------

    def read(self, name: str) -> None:
        suffix = name.rsplit(".", 1)[-1]
        reader = {
            "html": self.html,
            "xml": self.xml,
            "json": self.json,
            "jsonld": self.json,
            "ics": self.ics,
            "txt": self.text,
        }.get(suffix)
        if reader is not None:
            reader(name)

    def html(self, name: str) -> None:
        tree = html.fromstring((self.site / name).read_bytes())
        for element in tree.iter(etree.Element):
            tag = element.tag
            for attribute, value in element.attrib.items():
                if attribute in URL_ATTRIBUTES:
                    if tag == "a" and not value:
                        continue  # an anchor a script fills in
                    self.check(value, name, f"<{tag} {attribute}>")
                elif attribute in ("srcset", "imagesrcset"):
                    for candidate in value.split(","):
                        self.check(candidate.strip().split(" ")[0], name, f"<{tag} {attribute}>")
                elif tag == "meta" and attribute == "content" and element.get("http-equiv", "").lower() == "refresh":
                    self.check(value.split("url=", 1)[-1], name, "<meta refresh>")
                else:
                    self.absolute_in(value, name, f"<{tag} {attribute}>")
            if tag == "script" and element.get("type") == "application/ld+json":
                self.strings(json.loads(element.text or "null"), name, "JSON-LD")
            elif tag not in ("script", "style", "code"):  # code: addresses quoted as examples
                self.absolute_in(element.text or "", name, f"<{tag}> text")
            self.absolute_in(element.tail or "", name, "text")

    def xml(self, name: str) -> None:
        tree = etree.fromstring((self.site / name).read_bytes())
        for element in tree.iter(etree.Element):
            tag = etree.QName(element).localname
            for attribute, value in element.attrib.items():
                if (tag, attribute) != ("category", "domain"):  # names a vocabulary (RSS 2.0)
                    self.absolute_in(value, name, f"<{tag} {etree.QName(attribute).localname}>")
            self.absolute_in(element.text or "", name, f"<{tag}>")

    def json(self, name: str) -> None:
        data = json.loads((self.site / name).read_text(encoding="utf-8"))
        if name != "search/search_index.json":  # its text is the pages' text, checked there
            self.strings(data, name, "JSON")
        if name.startswith("tim-kiem/du-lieu/docs/"):
            for result in data:  # [url, title, ...]: the address relative to the site's root
                self.check(result[0], "", f"search result of {name}")
        if name == "search/search_index.json":
            for doc in data["docs"]:
                self.check(doc["location"], "", f"search location of {name}")

    def strings(self, data, name: str, where: str) -> None:
        if isinstance(data, str):
            self.absolute_in(data, name, where)
        elif isinstance(data, dict):
            for key, value in data.items():
                if key == "@id" and isinstance(value, str):
                    # A hash URI names a node of the data (a dataset, a distribution): only the
                    # document part is an address to resolve.
                    self.absolute_in(value.split("#", 1)[0], name, where)
                else:
                    self.strings(value, name, where)
        elif isinstance(data, list):
            for value in data:
                self.strings(value, name, where)

    def ics(self, name: str) -> None:
        unfolded = (self.site / name).read_bytes().replace(b"\r\n ", b"").replace(b"\r\n\t", b"").decode("utf-8")
        for line in unfolded.splitlines():
            self.absolute_in(line, name, line.split(":", 1)[0].split(";", 1)[0])

    def text(self, name: str) -> None:
        if not name.startswith("tim-kiem/du-lieu/"):  # the search index's word lists
            self.absolute_in((self.site / name).read_text(encoding="utf-8"), name, "text")


def broken_links(site: Path, directory_urls: bool) -> tuple[list[str], int]:
    links = Links(site, directory_urls)
    for name in sorted(links.files):
        links.read(name)
    return links.broken, links.checked


@pytest.fixture(scope="module")
def flat_site(tmp_path_factory):
    """The example site built with `use_directory_urls: false` (a site read from disk)."""
    root = tmp_path_factory.mktemp("flat")
    for folder in ("docs", "drafts"):
        shutil.copytree(ROOT / folder, root / folder)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config + "\nuse_directory_urls: false\n", encoding="utf-8")
    result = build(root, EXAMPLE_AT, site_dir=root / "site")
    assert result.ok, result.output
    return result


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "file-urls"])
def test_every_internal_reference_resolves(request, directory_urls):
    built = request.getfixturevalue("example_site" if directory_urls else "flat_site")
    broken, checked = broken_links(built.site, directory_urls)
    assert checked > 1000  # the readers above found the site's references
    assert not broken, f"{len(broken)} broken references:\n" + "\n".join(broken)


def test_every_name_the_site_writes_in_a_draft_folder_is_reserved(example_site):
    """An editor's file may not take a name the site writes beside the draft page (it would be
    overwritten, or overwrite the site's): what the built folders hold besides the editors'
    files is in the reserved names."""
    from policy_drafts.read.catalog import RESERVED_NAMES

    written = set()
    for folder in (example_site.site / "du-thao").iterdir():
        source = ROOT / "drafts" / folder.name
        if source.is_dir():
            written |= {p.name for p in folder.iterdir() if not (source / p.name).exists()}
    assert {"index.html", "lich.ics", "rss.xml", "phat-thanh.txt", "niem-yet"} <= written
    assert written <= RESERVED_NAMES, sorted(written - RESERVED_NAMES)


def test_every_id_the_draft_pages_give_their_sections_is_reserved():
    """No heading of an editor's text may take an id a draft, version or redline page gives its
    own sections (a link to the section would land on the heading)."""
    from policy_drafts.read import markup

    templates = ROOT / "plugins" / "policy_drafts" / "templates" / "policy_drafts"
    ids = set()
    for name in ("draft.html", "version.html", "redline.html"):
        ids |= set(re.findall(r'\bid="([a-z0-9-]+)"', (templates / name).read_text(encoding="utf-8")))
    assert {"trang-thai", "tieu-chi", "cac-dieu"} <= ids
    assert not {i for i in ids if not markup.reserved(i)}
