"""The province's own server: the example site served by a real nginx with the `deploy/nginx.conf`
that `policy-drafts init` writes (only its `listen` and `root` lines filled), checked over HTTP
(media types, 404, caching, security headers) and in Chromium: the main pages load with zero
Content-Security-Policy violations while the live status script and the search still work.

nginx runs from a temporary prefix on a free port (as root here, so its worker reads the
temporary site as root). Without nginx these tests skip, unless POLICY_DRAFTS_REQUIRE_BROWSER=1
(CI), which makes them fail.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from test_browser import new_page, results_of, status_of

NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)
MIME_TYPES = Path("/etc/nginx/mime.types")
OPEN_DRAFT = "ho-tro-an-trua-tre-mam-non"  # open at the example instant, closes on 2 December 2026


def shipped_config() -> str:
    from policy_drafts.host.newsite import new_site, scaffold_files

    site = new_site(today=date(2026, 11, 23), package_spec="", url="https://duthao.sgddt.bacha.gov.vn")
    return scaffold_files(site, requirements="")["deploy/nginx.conf"]


def fill(config: str, *, listen: str, root: Path) -> str:
    """The two lines a province's team fills, and nothing else."""
    assert len(re.findall(r"^\s*listen <[^>]+>;$", config, re.MULTILINE)) == 1
    assert len(re.findall(r"^\s*root <[^>]+>;$", config, re.MULTILINE)) == 1
    config = re.sub(r"^(\s*)listen <[^>]+>;$", rf"\1listen {listen};", config, flags=re.MULTILINE)
    return re.sub(r"^(\s*)root <[^>]+>;$", lambda m: f"{m.group(1)}root {root};", config, flags=re.MULTILINE)


def test_materials_inline_scripts_are_the_files_the_theme_loads():
    """The files hold Material's own inline scripts, as the installed Material writes them: a
    Material upgrade that changes one fails here (copy it again into assets/md-*.js)."""
    import material
    from policy_drafts.host.material import INLINE_SCRIPTS
    from policy_drafts.publish.publication import ASSETS

    partials = Path(material.__file__).parent / "templates/partials/javascripts"
    inline = {
        name: re.findall(r"<script>(.*?)</script>", (partials / f"{name}.html").read_text(encoding="utf-8"))
        for name in ("base", "palette", "content", "announce", "outdated", "consent")
    }
    values = {
        '"{{ config.extra.scope | d(base_url) }}",location': 'document.currentScript.getAttribute("data-md-scope"),location',
        '"{{ base_url }}")': 'document.currentScript.getAttribute("data-md-base"),location)',
    }
    expected = {"md-tabs.js": inline["content"][0], "md-content.js": inline["content"][1]}
    expected |= {f"md-{n}.js": scripts[0] for n, scripts in inline.items() if n != "content"}
    assert sorted(expected) == sorted(INLINE_SCRIPTS)
    for name, script in expected.items():
        for jinja, value in values.items():
            script = script.replace(jinja, value)
        file = (ASSETS / name).read_text(encoding="utf-8")
        assert file.split("*/\n", 1)[1].strip() == script, name


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def nginx_url(example_site, tmp_path_factory):
    if NGINX is None or not MIME_TYPES.is_file():
        if os.environ.get("POLICY_DRAFTS_REQUIRE_BROWSER") == "1":
            pytest.fail("nginx is required here (apt-get install -y nginx)")
        pytest.skip("nginx is not installed (apt-get install -y nginx)")
    prefix = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    shutil.copyfile(MIME_TYPES, prefix / "mime.types")
    root = shutil.copytree(example_site.site, prefix / "site")
    # A page that breaks the policy, to show that the browser tests would see a violation.
    (root / "csp-probe.html").write_text(
        '<!doctype html><html lang="vi"><title>x</title><script>document.title = "chạy"</script></html>',
        encoding="utf-8",
    )
    (prefix / "site.conf").write_text(fill(shipped_config(), listen=f"127.0.0.1:{port}", root=root), encoding="utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"  {kind}_temp_path {prefix}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (prefix / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n{temp}  include site.conf;\n}}\n",
        encoding="utf-8",
    )
    command = [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    tested = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert tested.returncode == 0, tested.stderr
    server = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, server.stderr and server.stderr.read()
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    server.terminate()
    server.wait(timeout=10)


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def csp_directives(header: str) -> dict[str, list[str]]:
    parts = (p.split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


def test_security_headers_on_every_response(nginx_url):
    for path in ("", "du-thao/", "rss/tat-ca.xml", "khong-co-trang-nay/"):
        status, headers, _ = get(nginx_url + path)
        assert status in (200, 404), path
        csp = csp_directives(headers["Content-Security-Policy"])
        assert csp["script-src"] == ["'self'"] and "'unsafe-inline'" not in headers["Content-Security-Policy"]
        assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "nginx/" not in headers.get("Server", "")


@pytest.mark.parametrize(
    "path, media_type",
    [
        ("", "text/html; charset=utf-8"),
        ("lich/tat-ca.ics", "text/calendar; charset=utf-8"),
        ("rss/tat-ca.xml", "application/rss+xml; charset=utf-8"),
        (f"du-thao/{OPEN_DRAFT}/rss.xml", "application/rss+xml; charset=utf-8"),
        ("rss/tat-ca.json", "application/feed+json; charset=utf-8"),
        ("sitemap.xml", "application/xml; charset=utf-8"),
        ("api/drafts.json", "application/json; charset=utf-8"),
        ("api/drafts.csv", "text/csv; charset=utf-8"),
        ("assets/policy-drafts/live.js", "application/javascript; charset=utf-8"),
        ("assets/policy-drafts/policy-drafts.css", "text/css; charset=utf-8"),
    ],
)
def test_media_types(nginx_url, path, media_type):
    status, headers, _ = get(nginx_url + path)
    assert status == 200, path
    assert headers["Content-Type"] == media_type


def test_the_vietnamese_404_page(nginx_url):
    status, headers, body = get(nginx_url + "du-thao/khong-co-du-thao-nay/")
    assert status == 404 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Không tìm thấy trang" in body.decode("utf-8")


def test_caching_short_for_pages_feeds_calendars_long_for_hashed_assets(nginx_url, example_site):
    for path in ("", f"du-thao/{OPEN_DRAFT}/", "rss/tat-ca.xml", "lich/tat-ca.ics", "assets/policy-drafts/live.js"):
        assert get(nginx_url + path)[1]["Cache-Control"] == "max-age=300", path
    (bundle,) = (example_site.site / "assets/javascripts").glob("bundle.*.min.js")
    headers = get(nginx_url + f"assets/javascripts/{bundle.name}")[1]
    assert headers["Cache-Control"] == "max-age=31536000"
    # Open data is cheap to come back to (design: incremental harvesting).
    assert get(nginx_url + "api/drafts.json")[1]["ETag"]


def _watch(page, *, missing: str = "") -> list[str]:
    """Every CSP violation and console error of the page, as text (except the 404 of `missing`,
    the address of a page that is not there on purpose)."""
    problems: list[str] = []
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('CSP ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber))"
    )

    def console(message) -> None:
        if message.type == "error" and not (missing and message.location.get("url") == missing):
            problems.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda e: problems.append(f"pageerror {e}"))
    return problems


@pytest.mark.browser
def test_a_page_with_an_inline_script_is_refused_and_seen(browser, nginx_url):
    page = new_page(browser, "2026-11-23T09:00:00+07:00")
    problems = _watch(page)
    page.goto(nginx_url + "csp-probe.html")
    page.wait_for_load_state("networkidle")
    assert page.title() == "x"  # the inline script did not run ...
    assert any(p.startswith("CSP script-src") for p in problems), problems  # ... and the test saw why


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    ["", f"du-thao/{OPEN_DRAFT}/", "du-thao/", "bao-chi/", "tim-kiem/?q=hoc+phi", "khong-co/"],
)
def test_main_pages_load_with_no_csp_violation(browser, nginx_url, path):
    page = new_page(browser, "2026-11-23T09:00:00+07:00")
    problems = _watch(page, missing=nginx_url + "khong-co/")
    page.goto(nginx_url + path)
    page.wait_for_load_state("networkidle")
    if path.startswith("tim-kiem/"):
        assert results_of(page), "the search page finds nothing under the policy"
    # Material's scripts run from files: the palette toggle and the header work.
    assert page.evaluate("typeof __md_get === 'function' && typeof __md_scope === 'object'")
    assert problems == []


@pytest.mark.browser
def test_the_live_status_script_still_works_under_the_policy(browser, nginx_url):
    page = new_page(browser, "2026-12-02T23:59:00+07:00")
    problems = _watch(page)
    page.goto(nginx_url + f"du-thao/{OPEN_DRAFT}/")
    assert status_of(page) == "open" and page.locator("[data-comment-form]").is_visible()
    page.clock.run_for(70_000)  # past 2 December 23:59:59: closed, the button gone, no rebuild
    assert status_of(page) == "closed"
    assert page.locator("[data-comment-form]").count() == 0
    assert problems == []


@pytest.mark.browser
def test_the_notice_page_satisfies_the_policy_too(browser, nginx_url, example_site):
    notice = next(example_site.site.glob("du-thao/*/niem-yet/index.html"))
    path = notice.relative_to(example_site.site).parent.as_posix() + "/"
    page = new_page(browser, "2026-11-23T09:00:00+07:00")
    problems = _watch(page)
    page.goto(nginx_url + path)
    assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"  # its stylesheet applied
    assert problems == []
