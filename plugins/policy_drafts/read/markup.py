"""Editors' Markdown to safe HTML (pure: Python-Markdown and nh3, no MkDocs).

Every piece of HTML made from an editor's Markdown (draft bodies, versions, response
summaries) is rendered here and passes an allow-list sanitizer (nh3, the binding to the
Rust crate ammonia). The sanitizer is the guarantee: whatever the Markdown holds, the
page gets only the tags, attributes, classes and URL schemes listed below, and no
attribute that the theme or the live script reads (data-*, the comment button's class).

`render` also reports what the sanitizer removed, with the line of the Markdown where it
most likely came from, so that `policy-drafts check` teaches editors before they publish.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import re
import select
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from html import unescape as html_unescape
from html.parser import HTMLParser
from typing import Any

import markdown
import nh3
from ada_url import URL

from ..model.articles import is_structure_id
from ..model.paths import RESERVED_IDS  # ids of the page templates: no heading may take one
from ..model.records import Html, Removal, Section
from ..model.registries import MarkdownSettings
from ..model.text import heading_key, slugify, strip_comments
from ..model.timeline import reserved_anchor

TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
ATTRIBUTES = {
    "*": {"title", "lang"},
    "a": {"href", "title", "class"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start", "reversed"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "td": {"colspan", "rowspan", "style"},
    "div": {"class"},
    "p": {"class"},
    "span": {"class"},
    "code": {"class"},
    "details": {"open", "class"},
    **{h: {"id"} for h in HEADINGS},
}
# Classes Python-Markdown's own extensions write; nothing a body could use to look like the
# site's controls (md-button, pd-*).
CLASSES = {
    "a": {"headerlink", "footnote-ref", "footnote-backref"},
    "div": {
        "admonition",
        "note",
        "abstract",
        "info",
        "tip",
        "success",
        "question",
        "warning",
        "failure",
        "danger",
        "bug",
        "example",
        "quote",
        "footnote",
        "attention",
        "caution",
        "error",
        "hint",
        "important",
    },
    "p": {"admonition-title"},
    "details": {"note", "info", "tip", "warning", "danger", "example"},
    "span": set(),
    "code": set(),
}
CODE_LANGUAGE = re.compile(r"^language-[a-z0-9+#-]{1,30}$")
LINK_SCHEMES = {"https", "http", "mailto", "tel"}
ANCHOR = re.compile(r"^[a-z0-9][a-z0-9_-]{0,80}$")  # "_1": a repeated heading (toc)
# Where a relative image address is resolved to judge it: a base no written address can name
# (a host with a space is no host), so only an address without a scheme or host stays on it.
_SITE = "https://site.invalid/du-thao/x/"
_SCHEME = re.compile(r"^[\x00-\x20]*[a-zA-Z][a-zA-Z0-9+.-]*:")


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "class":
        if tag == "code":
            return value if CODE_LANGUAGE.match(value) else None
        kept = [c for c in value.split() if c in CLASSES.get(tag, set())]
        return " ".join(kept) or None
    if name == "id":
        return value if ANCHOR.match(value) and not reserved(value) else None
    if tag == "img" and name == "src":
        return value if _same_site(value) else None
    if name == "title":
        # Material's content.tooltips renders a title as HTML (innerHTML): only text without a
        # tag in it may be one (an entity only ever makes text).
        return None if "<" in value or ">" in value else value
    if name in ("width", "height", "colspan", "rowspan", "start"):
        return value if value.isdigit() and len(value) <= 4 else None
    if name == "scope":
        return value if value in ("row", "col", "rowgroup", "colgroup") else None
    return value


def _same_site(value: str) -> bool:
    """An image is a file of the site: a request to another host would tell it who reads."""
    written = value.strip("\x00\t\n\x0c\r ")
    if _SCHEME.match(written) or written.replace("\\", "/").startswith("//"):
        # A scheme ("https:", or "http:x.png", relative on an http: page but another host's
        # address on an https: one) or a host: never the site's own file, whatever it names.
        return False
    try:
        return URL(written, _SITE).host == "site.invalid"
    except ValueError:
        return False


CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={
        "script",
        "style",
        "template",
        "iframe",
        "object",
        "embed",
        "noscript",
        "svg",
        "math",
        "textarea",
        "select",
        "title",
        "xmp",
        "noembed",
        "noframes",
    },
    attributes=ATTRIBUTES,
    attribute_filter=_attribute,
    url_schemes=LINK_SCHEMES,
    filter_style_properties={"text-align"},
    strip_comments=True,
    link_rel=None,
)


def reserved(anchor: str) -> bool:
    """An id of the page template, of the articles of a draft's text (dieu-5-khoan-2), or one a feed item, calendar event or page links to (derived
    from the table that makes those links, timeline.KIND_INFO)."""
    return anchor in RESERVED_IDS or is_structure_id(anchor) or reserved_anchor(anchor)


def body_slugify(value: str, separator: str = "-") -> str:
    """A heading's anchor: a reserved one gets a suffix ("lay-y-kien-1", "dot-1-1"; "opened_"
    where "-1" is reserved too)."""
    slug = slugify(value, separator)[:72].rstrip(separator)  # a long heading keeps an id (ANCHOR)
    if not reserved(slug):
        return slug
    return f"{slug}{separator}1" if not reserved(f"{slug}{separator}1") else f"{slug}_"


def sanitize(html: str) -> str:
    """The allow-listed HTML, cleaned until it is stable: misnested markup can serialize into
    HTML that parses differently (the root of mutation XSS), so what is published is what a
    browser re-parsing it gets, and that was itself allowed."""
    for _ in range(4):
        clean = CLEANER.clean(html)
        if clean == html:
            break
        html = clean
    return html


# -- rendering ---------------------------------------------------------------------------------------


# The Markdown extensions an editor's text may use, when the site enables them: Python-Markdown's
# own, which only turn text into the tags the sanitizer allows. Never one that reads a file or a
# URL (pymdownx.snippets, markdown-include...), runs code, or lets the text set attributes
# (attr_list: ids, classes, titles; md_in_html): the site's pages may use them, editors may not.
EDITOR_EXTENSIONS = ("toc", "tables", "fenced_code", "sane_lists", "admonition", "abbr", "def_list", "footnotes")
# Harmless options of those extensions that the site may set (the rest are the project's).
EDITOR_OPTIONS = {
    "toc": {"permalink", "toc_depth"},
    "footnotes": {"BACKLINK_TEXT", "SUPERSCRIPT_TEXT", "BACKLINK_TITLE", "SEPARATOR", "UNIQUE_IDS"},
}
_BUILTIN = "markdown.extensions."


def editor_extensions(settings: MarkdownSettings) -> tuple[list[str], dict[str, dict]]:
    """The extensions and options an editor's text is rendered with: those of the site that are
    in EDITOR_EXTENSIONS (toc, tables and fenced_code always), with their harmless options."""
    names = {"toc", "tables", "fenced_code"}
    for extension in settings.extensions:
        name = extension.removeprefix(_BUILTIN) if isinstance(extension, str) else None
        if name in EDITOR_EXTENSIONS:
            names.add(name)
    configs: dict[str, dict] = {}
    for key, options in settings.configs.items():
        name = key.removeprefix(_BUILTIN)
        if name in names and isinstance(options, dict):
            kept = {k: v for k, v in options.items() if k in EDITOR_OPTIONS.get(name, ())}
            if kept:
                configs[name] = kept
    return [n for n in EDITOR_EXTENSIONS if n in names], configs


PLAIN_MARKDOWN = MarkdownSettings()  # toc, tables and fenced code: what every site has
PERMALINK_TITLE = "Liên kết tới mục này"


# Rendering an editor's Markdown gets a time in proportion to its length: Python-Markdown is
# superlinear on some inputs (a run of unclosed links `[x](` is quadratic: hours at the 2 MB
# limit), so a text that takes longer than a linear budget is not rendered but reported.
BUDGET_BASE = 5.0  # seconds, for any text
BUDGET_PER_CHAR = 50e-6  # seconds per character: 100 s more at the 2 MB limit (~20 µs/char is usual)
CHILD_ABOVE = 16 * 1024  # characters: longer texts are rendered in a child process (~40 ms to fork)
MAX_REMOVALS = 50  # removals reported per text (locating each one reads the text)
TOO_SLOW = "văn bản quá phức tạp để hiển thị trong thời gian cho phép ({seconds:.0f} giây)"
TOO_SLOW_FIX = (
    "tìm đoạn có nhiều ký tự '[', '(', '<', '*', '`' hoặc liên kết không đóng liên tiếp và sửa lại; "
    "văn bản dài nên đưa vào tệp đính kèm (PDF)"
)


class TooSlow(BaseException):  # not an Exception: no `except Exception` in a renderer swallows it
    """Raised in the rendering thread when its time budget is spent."""


class Renderer:
    """One Python-Markdown instance per build, reset between documents. Only the extensions an
    editor may use (EDITOR_EXTENSIONS), whatever else the site enables for its own pages."""

    def __init__(
        self,
        settings: MarkdownSettings = PLAIN_MARKDOWN,
        budget_base: float = BUDGET_BASE,
        budget_per_char: float = BUDGET_PER_CHAR,
    ):
        extensions, configs = editor_extensions(settings)
        toc = configs.setdefault("toc", {})
        # Anchors fold Vietnamese like the search does ("sửa đổi" -> "sua-doi") and never take
        # an id of the page template.
        toc["slugify"] = body_slugify
        if toc.get("permalink"):
            toc["permalink_title"] = PERMALINK_TITLE
        self._extensions = extensions
        self._configs = configs
        self._budget = (budget_base, budget_per_char)
        self._md = self._markdown()

    def _markdown(self) -> markdown.Markdown:
        return markdown.Markdown(extensions=self._extensions, extension_configs=self._configs)

    def budget(self, text: str) -> float:
        return self._budget[0] + self._budget[1] * len(text)

    def render(self, text: str, first_line: int = 1) -> Html:
        seconds = self.budget(text)
        # A long text is rendered in a child process, killed when its budget is spent: a regular
        # expression quadratic inside the C engine cannot be interrupted in this process. A short
        # one (nearly every draft) in this thread, where such a regex stays under a second.
        run = in_child if len(text) > CHILD_ABOVE and hasattr(os, "fork") else within
        try:
            return run(seconds, lambda: self._render(text, first_line))
        except (TooSlow, RecursionError):  # too slow, or nested too deep for the renderer
            self._md = self._markdown()  # interrupted anywhere: start from a clean instance
            why = Removal(first_line, TOO_SLOW.format(seconds=seconds), TOO_SLOW_FIX)
            return Html("", (), (why,))

    def _render(self, text: str, first_line: int) -> Html:
        md = self._md.reset()
        raw = md.convert(text)
        clean = sanitize(raw)
        toc = tuple(_strip_toc(getattr(md, "toc_tokens", [])))
        plain, sections = texts(clean)
        return Html(clean, toc, tuple(removals(raw, clean, text, first_line)), plain, sections)


def in_child(seconds: float, work: Callable[[], Any]) -> Any:
    """`work()` run in a forked child process, or TooSlow once `seconds` have passed (the child
    is killed). The result comes back pickled through a pipe."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        status = 0
        try:
            os.close(read)
            try:
                data = pickle.dumps((True, work()))
            except Exception as error:  # raised again in the caller, as if run there
                try:
                    data = pickle.dumps((False, error))
                except Exception:
                    data = pickle.dumps((False, RuntimeError(repr(error))))
            with os.fdopen(write, "wb") as out:
                out.write(data)
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write)
    deadline = time.monotonic() + seconds
    chunks = []
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                raise TooSlow
            chunk = os.read(read, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read)
        os.waitpid(pid, 0)
    if not chunks:
        raise TooSlow  # the child died without an answer (out of memory...)
    done, result = pickle.loads(b"".join(chunks))  # our own child's bytes, through a pipe of ours
    if not done:
        raise result
    return result


def within(seconds: float, work: Callable[[], Any]) -> Any:
    """`work()`, or TooSlow once `seconds` have passed. A watchdog thread raises TooSlow in the
    calling thread (any thread: the build's, a worker process's or `mkdocs serve`'s), between
    two bytecodes of the pure-Python renderer."""
    target = threading.get_ident()
    lock = threading.Lock()
    done = False

    def interrupt() -> None:
        with lock:
            if not done:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(TooSlow))

    timer = threading.Timer(seconds, interrupt)
    timer.daemon = True
    timer.start()
    try:
        return work()
    finally:
        # Once `done` is set under the lock the watchdog can no longer fire; if it fired just
        # before, TooSlow is raised here at the latest (the lock's exit is a call), not later.
        with lock:
            done = True
        timer.cancel()


def _strip_toc(tokens: list[dict]) -> list[dict]:
    """TOC entries whose id the sanitizer kept (a reserved id was dropped)."""
    out = []
    for token in tokens:
        children = _strip_toc(token.get("children", []))
        if ANCHOR.match(token.get("id", "")) and not reserved(token["id"]):
            out.append({**token, "name": _plain(token.get("name", "")), "children": children})
        else:
            out.extend(children)
    return out


def _plain(text: str) -> str:
    return tooltip_text(nh3.clean(text, tags=set()))


_TAG_START = re.compile(r"&lt;(?=[A-Za-z/!?])")


def tooltip_text(escaped: str) -> str:
    """Escaped text that the theme may turn into HTML: Material's ellipsis patch copies the text
    of a cut-off title (the header's page title, a table-of-contents entry) into a tooltip as
    HTML, so a '<' that would start a tag there is shown as '‹' (U+2039). Any other text stays."""
    return _TAG_START.sub("\u2039", escaped)


# -- what was removed --------------------------------------------------------------------------------


class _Signature(HTMLParser):
    """Counts tags and attributes (name and value) of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.seen: Counter[tuple[str, ...]] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen[("tag", tag)] += 1
        for name, value in attrs:
            self.seen[("attr", tag, name, _normal(name, value or ""))] += 1

    handle_startendtag = handle_starttag


def _normal(name: str, value: str) -> str:
    if name == "style":
        return ";".join(p.replace(" ", "") for p in value.split(";") if p.strip())
    return value


def _signature(html: str) -> Counter[tuple[str, ...]]:
    parser = _Signature()
    parser.feed(html)
    parser.close()
    return parser.seen


TAG_FIX = "viết nội dung bằng Markdown; mã HTML chỉ được dùng các thẻ định dạng đơn giản: b, i, u, sub, sup, table..."


_START_TAG = re.compile(r"""<[a-zA-Z](?:[^>"']|"[^"]*"|'[^']*')*>""")  # a '>' may be quoted
_STYLE = re.compile(r'(?<=\s)style="([^"]*)"')


def _tags(html: str) -> Counter[str]:
    """The start tags as written, styles normalised like the sanitizer writes them."""
    return Counter(_STYLE.sub(lambda m: f'style="{_normal("style", m[1])}"', tag) for tag in _START_TAG.findall(html))


def removals(raw: str, clean: str, source: str, first_line: int) -> list[Removal]:
    """What the sanitizer removed, each at the line of `source` where it is written."""
    raw = strip_comments(raw)
    if _tags(raw) == _tags(clean):
        return []  # every start tag kept as it was: nothing removed (most drafts; parsing is slow)
    lost = _signature(raw) - _signature(clean)
    if not lost:
        return []
    lines = source.split("\n")
    out: dict[tuple[int, str], Removal] = {}
    tags_lost = {key[1] for key in lost if key[0] == "tag"}
    for key in sorted(lost):
        if len(out) >= MAX_REMOVALS:
            break
        if key[0] == "tag":
            tag = key[1]
            what = f"mã HTML <{tag}> không được phép và bị bỏ khỏi trang"
            line = _find(lines, re.compile(r"<\s*" + re.escape(tag) + r"(?![a-z0-9-])", re.I))
            fix = TAG_FIX
        else:
            _, tag, name, value = key
            if tag in tags_lost:
                continue  # reported with its tag
            line, what, fix = _attribute_removal(lines, tag, name, value)
        removal = Removal(first_line + line, what, fix)
        out.setdefault((removal.line, removal.what), removal)
    return list(out.values())


def _attribute_removal(lines: list[str], tag: str, name: str, value: str) -> tuple[int, str, str]:
    shown = value if len(value) <= 60 else value[:57] + "..."
    if name in ("href", "src"):
        line = _find(lines, value[:40], value[-20:], re.compile(re.escape(name), re.I))
        if tag == "img":
            return (
                line,
                f"ảnh '{shown}' không phải là tệp của trang",
                "đặt ảnh vào thư mục dự thảo và ghi tên tệp, ví dụ ![Bản đồ](ban-do.png)",
            )
        return (
            line,
            f"địa chỉ liên kết '{shown}' không được phép",
            "liên kết tới địa chỉ https:, mailto: hoặc một tệp trong thư mục dự thảo",
        )
    if name.startswith("on"):
        return (
            _find(lines, re.compile(r"\b" + re.escape(name) + r"\s*=", re.I)),
            f"thuộc tính {name}= (mã script) không được phép",
            "xóa thuộc tính đó",
        )
    line = _find(lines, value[:40], re.compile(r"\b" + re.escape(name) + r"\b", re.I))
    if name == "id":
        return (
            line,
            f"neo '#{shown}' trùng với neo của trang hoặc không phải là tên đơn giản",
            "dùng tiêu đề hoặc neo khác (chữ không dấu, số và '-')",
        )
    if name == "class":
        return line, f"lớp (class) '{shown}' không được phép", "xóa nó; giao diện do trang quy định"
    return line, f'thuộc tính {name}="{shown}" của thẻ <{tag}> không được phép', "xóa thuộc tính đó"


def _find(lines: list[str], *needles: str | re.Pattern[str]) -> int:
    """0-based index of the first line holding the first needle found (else the body's first line)."""
    for needle in needles:
        if not needle:
            continue
        for i, line in enumerate(lines):
            for form in (line, html_unescape(line)) if "&" in line else (line,):
                if needle.search(form) if isinstance(needle, re.Pattern) else needle in form:
                    return i
    return 0


# -- plain text ----------------------------------------------------------------------------------------

BLOCKS = {
    "p",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "br",
    "hr",
    "table",
    "ul",
    "ol",
    "figcaption",
    "summary",
    "details",
}


class _Texts(HTMLParser):
    """In one pass over sanitized HTML, the text a reader sees (`parts`: a line break around
    every block, a space before every table cell) and the text under each <h2> (`sections`:
    the heading's text, then the body's pieces, a line break before every block)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.sections: list[tuple[str, list[str]]] = [("", [])]
        self.in_heading = False
        self.skip = 0  # inside a heading's permalink (¶)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self.parts.append("\n")
        if tag == "h2":
            self.in_heading = True
            self.sections.append(("", []))
        elif tag in BLOCKS:
            self.sections[-1][1].append("\n")
        if tag == "a" and ("class", "headerlink") in attrs:
            self.skip += 1
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self.in_heading = False
        if tag == "a" and self.skip:
            self.skip -= 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.parts.append(data)
        if self.in_heading:
            heading, body = self.sections[-1]
            self.sections[-1] = (heading + data, body)
        else:
            self.sections[-1][1].append(data)


def _lines(pieces: list[str]) -> str:
    """Text pieces as non-empty lines, each with its runs of white space made one space."""
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def texts(html: str) -> tuple[str, tuple[Section, ...]]:
    """The plain text of sanitized HTML (`plain_text`) and its sections (what `sections_text`
    reads). Derived once per body, when the draft is read (Renderer), and kept with it: the
    search index and the open data read them at every build."""
    parser = _Texts()
    parser.feed(html)
    parser.close()
    plain = _lines(parser.parts)
    sections: list[Section] = []
    start = 0
    for heading, body in parser.sections[1:]:
        text = _lines(body)
        if not text:  # gives a communication section nothing (None): left out
            continue
        # Kept as a slice of the plain text where it is one (nearly always: the section texts
        # differ from it only around tables and text after a nested block), not a second copy.
        found = plain.find(text, start)
        if found >= 0:
            start = found + len(text)
            sections.append((heading, found, start, ""))
        else:
            sections.append((heading, 0, 0, text))
    return plain, tuple(sections)


def plain_text(html: str) -> str:
    """The text a reader sees in sanitized HTML, one block per line: what redlines compare, so
    that nothing the sanitizer removed (comments, scripts) reaches them."""
    return texts(html)[0]


def sections_text(html: Html, names: dict[str, str]) -> dict[str, str | None]:
    """The plain text of each communication section ({key: heading name}) of a rendered body,
    from its sections (`Html.sections`): the first <h2> whose heading starts with the name."""
    out: dict[str, str | None] = dict.fromkeys(names)
    for heading, start, end, own in html.sections:
        key = next((k for k, name in names.items() if heading_key(heading).startswith(heading_key(name))), None)
        if key and out[key] is None:
            out[key] = own or html.text[start:end]
    return out


_HEADING_TAG = re.compile(r"<(/?)h([1-6])(?=[\s>])")


def outline(html: str, top: int = 2) -> str:
    """Sanitized HTML whose headings are renumbered in the order of their levels so that the
    highest one is `top` and none skips a level (WCAG 1.3.1): an editor's text that starts at
    `### Điều 1.` under the page's h1 becomes h2. Only the tag names change (ids, anchors and
    text stay); after the sanitizer, every "<h" in the HTML is a heading tag."""
    levels = sorted({int(level) for _, level in _HEADING_TAG.findall(html)})
    mapping = {level: min(6, top + i) for i, level in enumerate(levels)}
    if all(mapping[level] == level for level in levels):
        return html
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{mapping[int(m.group(2))]}", html)
