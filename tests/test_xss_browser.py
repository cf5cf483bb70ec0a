"""An editor with push access cannot run script, load third-party content or forge controls.

One fixture site holds the XSS corpus (tests/corpus/xss_vectors.py): one draft per chunk
of about ten vectors appended to the body, the first chunks also as versions 1 and 2 of
`xss-01` (version pages and the redline), and one draft whose front matter holds markup.
The site uses `unsafe_markup: warn`, so the build publishes the sanitized pages and only
warns about what it removed.

In headless Chromium every page is opened with the clock at the build instant, every
element of the body is sent the events inline handlers listen to, and the test proves:
no dialog opened, no request left 127.0.0.1, the page did not navigate, no link or
resource uses a script scheme, and the body holds no forged comment button or draft
marker. A static check per vector then reads the built HTML with BeautifulSoup.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from corpus.xss_vectors import AT_TOP, SWALLOWS_REST, VECTORS
from sitekit import SECTIONS_BODY, base_draft, build, draft_text, write_site
from test_browser import CHROMIUM, FLAGS, _require_browser, new_page, serve

pytestmark = pytest.mark.browser

AT = "2026-11-10T12:00:00+07:00"  # the consultation of every draft is open (1-30 November)
CHUNK = 10
# The body containers of the three kinds of page: draft, version, redline.
BODIES = [".pd-content", ".pd-version-text", ".pd-article"]
BODY = ", ".join(BODIES)
EVIL_TEMPLATE = "<!doctype html><script>alert(1)</script><script>location='https://evil.example/'</script>\n"


def canary(index: int) -> str:
    """Plain text written after vector `index`: its presence shows the vector did not hide the rest."""
    return f"Mốc kiểm tra {index:03d}."


# -- the drafts ---------------------------------------------------------------------------------


def make_chunks() -> list[list[int]]:
    """Vector indexes per draft: in corpus order, each AT_TOP vector first and each
    SWALLOWS_REST vector last in a draft of its own."""
    names = [name for name, _ in VECTORS]
    top = [i for i, n in enumerate(names) if n in AT_TOP]
    last = [i for i, n in enumerate(names) if n in SWALLOWS_REST]
    middle = [i for i, n in enumerate(names) if n not in AT_TOP | SWALLOWS_REST]
    count = max(-(-len(VECTORS) // CHUNK), len(top), len(last))
    chunks = [middle[k * len(middle) // count : (k + 1) * len(middle) // count] for k in range(count)]
    for k, i in enumerate(top):
        chunks[k].insert(0, i)
    for k, i in enumerate(last):
        chunks[-1 - k].append(i)
    return chunks


CHUNKS = make_chunks()
DRAFT_OF = {i: f"xss-{k + 1:02d}" for k, chunk in enumerate(CHUNKS) for i in chunk}


def snippet(i: int) -> str:
    return f"{VECTORS[i][1]}\n\n{canary(i)}\n"


def body_of(chunk: list[int]) -> str:
    top = "".join(snippet(i) for i in chunk if VECTORS[i][0] in AT_TOP)
    rest = "\n".join(snippet(i) for i in chunk if VECTORS[i][0] not in AT_TOP)
    return f"{top}{SECTIONS_BODY}\n{rest}"


def version_text(number: int, chunk: list[int], front: str = "") -> str:
    vectors = "\n".join(snippet(i) for i in chunk if VECTORS[i][0] not in AT_TOP)
    return (
        f"{front}### Điều 1. Phạm vi điều chỉnh\n\nPhạm vi của lần {number}.\n\n{vectors}\n"
        f"### Điều 2. Hiệu lực\n\nCó hiệu lực sau {number * 10} ngày.\n"
    )


# Versions 1 and 2 of xss-01 hold the vectors of the first two drafts; version 2's own
# front matter (title, note) holds markup too.
VERSION_FRONT = (
    '---\ntitle: "Dự thảo lần 2 <img src=x onerror=alert(1)>"\n'
    'note: "\\"><script>alert(1)</script> Tiếp thu ý kiến."\n---\n'
)
VERSIONED = {
    i: [f"du-thao/xss-01/phien-ban/{k + 1}/", "du-thao/xss-01/so-sanh/2/"]
    for k in (0, 1)
    for i in CHUNKS[k]
    if VECTORS[i][0] not in AT_TOP
}

# Front matter is plain text: escaped wherever it is shown, never sanitized as HTML.
FRONT_PAYLOADS = base_draft(
    title='<script>alert(1)</script> Dự thảo "><img src=x onerror=alert(1)>',
    summary='"><img src=x onerror=alert(1)> </textarea><svg onload=alert(1)> {{ 7*7 }}',
    contact={
        "name": "<script>fetch('https://evil.example/x')</script>\"><img src=x onerror=alert(1)>",
        "email": "lienhe@sgddt.example.gov.vn",
    },
    documents=[{"title": "<img src=x onerror=alert(1)> Tờ trình", "url": "https://sgddt.example.gov.vn/to-trinh.pdf"}],
    events=[
        {
            "title": "<svg onload=alert(1)> Hội nghị",
            "start": "2026-11-20T08:00:00+07:00",
            "location": '"><script>alert(1)</script>',
        }
    ],
)

PAGES = [f"du-thao/xss-{k + 1:02d}/" for k in range(len(CHUNKS))] + [
    "du-thao/xss-front/",
    "du-thao/xss-front/niem-yet/",
    "du-thao/xss-01/phien-ban/1/",
    "du-thao/xss-01/phien-ban/2/",
    "du-thao/xss-01/so-sanh/2/",
    "du-thao/",
    "",
]


def pages_of(i: int) -> list[str]:
    return [f"du-thao/{DRAFT_OF[i]}/"] + VERSIONED.get(i, [])


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("xss")
    drafts = {
        f"xss-{k + 1:02d}": draft_text(base_draft(title=f"Dự thảo thử nghiệm {k + 1}"), body_of(chunk))
        for k, chunk in enumerate(CHUNKS)
    }
    drafts["xss-front"] = draft_text(FRONT_PAYLOADS)
    files = {
        "xss-01/versions/1.md": version_text(1, CHUNKS[0]),
        "xss-01/versions/2.md": version_text(2, CHUNKS[1], VERSION_FRONT),
    }
    write_site(root, drafts, plugin={"unsafe_markup": "warn"}, files=files)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    # No Google Fonts (the only third-party request Material makes); a custom_dir holding an
    # evil.html template, so that a body able to choose its template would be seen running it.
    config["theme"] = {"name": "material", "language": "vi", "font": False, "custom_dir": "overrides"}
    config["markdown_extensions"] = [
        {"toc": {"permalink": True}},
        "attr_list",
        "admonition",
        "tables",
        "footnotes",
        "md_in_html",
        "def_list",
        "abbr",
        "pymdownx.details",
    ]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "overrides").mkdir()
    (root / "overrides" / "evil.html").write_text(EVIL_TEMPLATE, encoding="utf-8")
    (root / "evil.html").write_text(EVIL_TEMPLATE, encoding="utf-8")
    return build(root, AT, strict=False)


@pytest.fixture(scope="module")
def in_browser():
    """Runs `fn(browser, *args)` with headless Chromium, launched as test_browser's `browser`
    fixture does, but on a thread of its own: that session-wide fixture keeps a sync
    Playwright running on the main thread, and one thread can drive only one (importing the
    fixture here would start a second one and fail when both modules run)."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    thread = ThreadPoolExecutor(max_workers=1)

    def start():
        playwright = sync_playwright().start()
        return playwright, playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)

    playwright, browser = thread.submit(start).result()
    yield lambda fn, *args, **kwargs: thread.submit(fn, browser, *args, **kwargs).result()
    thread.submit(lambda: (browser.close(), playwright.stop())).result()
    thread.shutdown()


@pytest.fixture(scope="module")
def xss_url(xss_site):
    assert xss_site.ok, xss_site.output
    server, url = serve(xss_site.site)
    yield url
    server.shutdown()


# -- the build ----------------------------------------------------------------------------------


def test_the_build_publishes_sanitized_pages_and_warns(xss_site):
    assert xss_site.ok, xss_site.output
    # Each draft with vectors, and the versions, get warnings naming the file and line of the removed HTML.
    warnings = [line for line in xss_site.output.splitlines() if line.startswith("WARNING")]
    for k in range(len(CHUNKS)):
        assert any(re.search(rf"drafts/xss-{k + 1:02d}/index\.md:\d+: ", line) for line in warnings), (
            f"no warning about the removed HTML of xss-{k + 1:02d}:\n{xss_site.output}"
        )
    for n in (1, 2):
        assert any(f"drafts/xss-01/versions/{n}.md:" in line for line in warnings), "version bodies are checked too"
    for page in PAGES:
        assert (xss_site.site / page / "index.html").is_file(), page


def test_every_vector_reaches_its_page(xss_site):
    """No vector hid the ones after it: the text written after each is on the page."""
    missing = [
        f"{VECTORS[i][0]} on /{path}"
        for i in range(len(VECTORS))
        for path in pages_of(i)
        if VECTORS[i][0] not in SWALLOWS_REST
        and "so-sanh" not in path  # the redline splits words
        and canary(i) not in xss_site.html(path).get_text()
    ]
    assert not missing, f"these vectors hid the rest of their draft: {missing}"


# -- in the browser -----------------------------------------------------------------------------


def elsewhere(url: str) -> bool:
    """A request that leaves the served site."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return False
    return parts.hostname != "127.0.0.1"


# Sends every element of the body the events that inline handlers and autofocus listen to,
# then lists what a sanitized page must not hold anywhere in the document.
INSPECT = """(bodies) => {
  const inBody = (what) => bodies.map(b => `${b} ${what}`).join(", ");
  const events = ["mouseover", "mouseenter", "mousemove", "focus", "focusin", "blur", "toggle", "error",
                  "load", "animationstart", "transitionend", "input", "change", "keydown", "begin"];
  for (const el of document.querySelectorAll(bodies.join(", ") + ", " + inBody("*"))) {
    for (const type of events) el.dispatchEvent(new Event(type));
  }
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith("on")) found.push(`<${el.localName} ${attr.name}>`);
    }
    for (const name of ["href", "src", "xlink:href", "action", "formaction", "data", "poster", "background"]) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      let url;
      try { url = new URL(value, document.baseURI); } catch (e) { continue; }
      // webcal: is the site's own "subscribe to this calendar" link (its follow links).
      if (!["http:", "https:", "mailto:", "tel:", "webcal:"].includes(url.protocol)) found.push(`<${el.localName} ${name}="${value}">`);
      if (name !== "href" && url.protocol.startsWith("http") && url.host !== location.host) {
        found.push(`<${el.localName} ${name}="${value}"> (another host)`);
      }
    }
  }
  // The site's own forms (the header's search box, the listing filters) are the only forms of a page.
  for (const sel of ["base", "meta[http-equiv]", "iframe", "object", "embed",
                     "form:not(.md-search__form):not(.pd-filters):not(.pd-search)"]) {
    for (const el of document.querySelectorAll(sel)) found.push(`<${el.localName}> in the document`);
  }
  return {
    found,
    commentButtons: document.querySelectorAll("[data-comment-form]").length,
    markersInBody: document.querySelectorAll(inBody("[data-draft-id]")).length,
    bodies: document.querySelectorAll(bodies.join(", ")).length,
  };
}"""


def visit(browser, url: str, search: tuple[str, ...] = ()) -> dict:
    """Open `url` in a fresh context at the build instant; what it did and what it holds."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = new_page(browser, AT)
    seen = {"dialogs": [], "requests": [], "popups": [], "results": {}}
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: elsewhere(r.url) and seen["requests"].append(r.url))
    page.on("popup", lambda p: seen["popups"].append(p.url))
    try:
        page.goto(url)
        page.wait_for_timeout(500)
        seen.update(page.evaluate(INSPECT, BODIES))
        for words in search:  # typed into the search page, as a reader does
            page.locator("#pd-search-q").fill(words)
            try:
                page.wait_for_function(
                    "document.querySelector('[data-search-summary]').textContent.includes('Tìm thấy')", timeout=15_000
                )
            except PlaywrightTimeout:
                continue
            page.wait_for_timeout(300)
            seen["results"][words] = page.locator("[data-search-result]").count()
        page.wait_for_timeout(500)
        seen["url"] = page.url
    finally:
        page.context.close()
    return seen


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_page_runs_no_script_and_requests_nothing_elsewhere(in_browser, xss_url, path):
    seen = in_browser(visit, xss_url + path)
    assert not seen["dialogs"], f"script ran on /{path}: dialogs {seen['dialogs']}"
    assert not seen["requests"], f"/{path} requested another host: {seen['requests']}"
    assert not seen["popups"], f"/{path} opened windows: {seen['popups']}"
    assert seen["url"] == xss_url + path, f"/{path} navigated to {seen['url']}"
    assert not seen["found"], f"/{path} holds: {seen['found']}"
    # A draft page has its one real comment button (the consultation is open); other pages none.
    is_draft_page = re.fullmatch(r"du-thao/xss-[a-z0-9]+/", path) is not None
    assert seen["commentButtons"] == (1 if is_draft_page else 0), "a forged comment button is on the page"
    assert seen["markersInBody"] == 0, "a forged draft marker is in the body"
    if is_draft_page or "phien-ban" in path or "so-sanh" in path:
        assert seen["bodies"] >= 1, f"/{path} lost its body container (another template?)"


SEARCHED = ("onerror", "alert", "script", "img src")


def test_search_results_run_no_script(in_browser, xss_url):
    """The search page shows titles and summaries from the index (the escaped front matter):
    showing results for the payloads' words must not run them."""
    seen = in_browser(visit, xss_url + "tim-kiem/", search=SEARCHED)
    assert all(seen["results"].get(w) for w in SEARCHED), f"results not exercised: {seen['results']}"
    assert not seen["dialogs"], f"search results ran script: {seen['dialogs']}"
    assert not seen["requests"], f"search results requested another host: {seen['requests']}"


PLANTED = (
    '<img src=x onerror="alert(1)"><img src="https://evil.example/pixel.png">'
    '<a href="javascript:alert(1)">x</a><a data-comment-form href="x">Gửi góp ý</a>'
    '<div data-draft-id="x" data-status="open"></div>'
)


def test_the_checks_see_a_planted_payload(in_browser, xss_site, tmp_path):
    """Control: the same page with unsanitized HTML planted in its body fails every check,
    so a passing page is not a blind harness."""
    import shutil

    site = shutil.copytree(xss_site.site, tmp_path / "site")
    page = site / "du-thao" / "xss-01" / "index.html"
    html = page.read_text(encoding="utf-8")
    body = '<div class="pd-content" id="noi-dung">'
    assert body in html
    page.write_text(html.replace(body, body + PLANTED, 1), encoding="utf-8")
    moved = site / "du-thao" / "xss-02" / "index.html"
    moved.write_text(
        moved.read_text(encoding="utf-8").replace(
            "</body>", "<script>location='https://evil.example/'</script></body>", 1
        ),
        encoding="utf-8",
    )
    server, url = serve(site)
    try:
        seen = in_browser(visit, url + "du-thao/xss-01/")
        navigated = in_browser(visit, url + "du-thao/xss-02/")
    finally:
        server.shutdown()
    assert "1" in seen["dialogs"]
    assert "https://evil.example/pixel.png" in seen["requests"]
    assert any("javascript:" in f for f in seen["found"]) and any("onerror" in f for f in seen["found"])
    assert seen["commentButtons"] == 2 and seen["markersInBody"] == 1
    assert navigated["url"] != url + "du-thao/xss-02/" and navigated["requests"]
    assert problems_in(BeautifulSoup(page.read_text(encoding="utf-8"), "lxml"), "du-thao/xss-01/")


# -- per vector, in the built HTML --------------------------------------------------------------

SCRIPT_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript):", re.IGNORECASE)
DANGEROUS_TAGS = {
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "meta",
    "link",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "svg",
    "math",
    "template",
    "noscript",
    "video",
    "audio",
    "source",
    "picture",
    "track",
    "marquee",
    "isindex",
    "plaintext",
    "xmp",
    "title",
    "body",
    "html",
    "head",
}
# Classes the version and redline templates themselves write around the (escaped, sanitized)
# text of the versions: the article sections and their comment links.
REDLINE_CLASSES = {
    "pd-redline",
    "pd-sr-only",
    "pd-change",
    "pd-article",
    "pd-article--same",
    "pd-article--changed",
    "pd-article--added",
    "pd-article--removed",
    "pd-article-comment",
    "pd-article-comment__link",
    "pd-article-count",
}
CONTROLS = ("data-comment-form", "data-draft-id", "data-facts", "data-countdown", "data-status")


def scheme_of(value: str) -> str:
    """The URL as a browser reads it: tabs and newlines removed, leading controls and spaces stripped."""
    return re.sub(r"[\t\n\r]", "", value).lstrip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
        "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d"
        "\x1e\x1f "
    )


def problems_in(soup, path: str) -> list[str]:
    found = []
    for el in soup.find_all(True):
        for name in ("href", "src", "action", "formaction", "data", "poster", "xlink:href"):
            value = el.get(name)
            if isinstance(value, str) and SCRIPT_SCHEME.match(scheme_of(value)):
                found.append(f"/{path}: <{el.name} {name}={value!r}>")
    bodies = soup.select(BODY)
    if path.startswith("du-thao/xss-"):
        assert bodies, f"/{path} has no body container"
    for body in bodies:
        for el in body.find_all(True):
            if el.name in DANGEROUS_TAGS:
                found.append(f"/{path}: <{el.name}> in the body")
            for name, value in el.attrs.items():
                value = " ".join(value) if isinstance(value, list) else value
                if name.lower().startswith("on") or name in CONTROLS:
                    found.append(f"/{path}: <{el.name} {name}> in the body")
                if name == "style" and re.search(r"url|expression|\\", value, re.IGNORECASE):
                    found.append(f"/{path}: <{el.name} style={value!r}> in the body")
                if (
                    name == "class"
                    and re.search(r"\b(md-button|pd-)", value)
                    and not set(value.split()) <= REDLINE_CLASSES
                ):
                    found.append(f"/{path}: <{el.name} class={value!r}> in the body")
                if name == "src" and (urlsplit(scheme_of(value).replace("\\", "/")).netloc or urlsplit(value).scheme):
                    found.append(f"/{path}: <{el.name} src={value!r}> is not a file of the site")
    return found


@pytest.mark.parametrize("index", range(len(VECTORS)), ids=[name for name, _ in VECTORS])
def test_vector_leaves_no_script_in_the_html(xss_site, index):
    assert xss_site.ok, xss_site.output
    found = []
    for path in pages_of(index):
        found += problems_in(xss_site.html(path), path)
    assert not found, f"{VECTORS[index][0]}: {VECTORS[index][1]!r}\n" + "\n".join(found)


def test_no_html_file_of_the_site_links_a_script_scheme(xss_site):
    assert xss_site.ok, xss_site.output
    found = []
    for file in sorted(xss_site.site.rglob("*.html")):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
        rel = file.relative_to(xss_site.site).as_posix()
        for el in soup.find_all(True):
            for name in ("href", "src", "action", "formaction", "data", "poster"):
                value = el.get(name)
                if isinstance(value, str) and SCRIPT_SCHEME.match(scheme_of(value)):
                    found.append(f"{rel}: <{el.name} {name}={value!r}>")
    assert not found, "\n".join(found)
