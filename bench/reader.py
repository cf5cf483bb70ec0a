#!/usr/bin/env python3
"""What a reader of the policy-drafts site downloads, and how long a search takes.

    python bench/reader.py N [--out DIR] [--reuse-site] [--json FILE] [--with FILE ...]

run.py measures what the plugin costs the build; this measures what the built site costs
its readers, which must not grow with the archive (design principle 7): a page view, a
search, a feed or the calendar should cost about the same at 10,000 drafts as at 1,000.

1. Reuses or generates the corpus of N drafts as run.py does (bench/out/n<N>-seed<S>), and
   builds OUT/product once with `mkdocs build` (SOURCE_DATE_EPOCH at the reference instant)
   into OUT/product/site, unless --reuse-site and that site exists.
2. Serves the site on 127.0.0.1 (http.server: no compression) and drives headless Chromium,
   a fresh browser context (empty cache) per measurement, 1280x900, Asia/Ho_Chi_Minh, vi-VN:
   - a page view without interaction (load, then network idle) of the home page, the
     listing /du-thao/, its first draft and the search page /tim-kiem/ without a query:
     bytes (Content-Length) and requests to 127.0.0.1; requests to any other host are
     listed apart, never counted;
   - a search: open /tim-kiem/, type the query without diacritics into #pd-search-q, wait
     for "Tìm thấy ..." or "Không tìm thấy ...": the time from the first keystroke to the
     first result in the page (or to the summary when there is none), and what was fetched
     from tim-kiem/du-lieu/ meanwhile. Each query is cold (fresh context); one warm run
     types "hoc phi" again in the page that searched it, after another query.
3. Measures on disk the feed documents (subscription documents, RFC 5005 archives, JSON Feed
   pages), the calendars, the home page HTML and the search index.
4. Prints a report, the figures as a Markdown table for bench/RESULTS.md (one column per N;
   --with adds the columns of earlier --json results), and checks the reader budgets: PASS
   or FAIL each. A failed budget is reported, not an error: the exit status is 0.

Sizes are decimal: 1 KB = 1,000 bytes, 1 MB = 1,000,000 bytes. Times come from one run on
a possibly busy machine: read them as orders of magnitude.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402  (beside this file)
from run import build_env, default_out, ensure_corpus, environment  # noqa: E402

KB, MB = 1_000, 1_000_000
QUERIES = ("hoc phi", "ban tru", "giao vien", "dan toc thieu so")
WARM_QUERY, WARM_AFTER = "hoc phi", "ban tru"
SEARCH_DATA = "/tim-kiem/du-lieu/"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Installed in the search page before typing: in-page timestamps (performance.now()) of the
# first and last keystroke, of the first result added to the list, and of the summary that
# answers the whole query (the URL's q is the query: the page writes it before searching).
WATCH_SEARCH = """() => {
  const input = document.querySelector("#pd-search-q")
  const results = document.querySelector("[data-search-results]")
  const summary = document.querySelector("[data-search-summary]")
  const w = (window.__reader = {
    reset(query) { Object.assign(w, { query, start: null, last: null, result: null, done: null }) },
  })
  input.addEventListener("keydown", () => {
    if (w.start === null) w.start = performance.now()
    w.last = performance.now()
  })
  new MutationObserver(() => {
    if (w.start !== null && w.result === null && results.querySelector("[data-search-result]"))
      w.result = performance.now()
  }).observe(results, { childList: true })
  new MutationObserver(() => {
    const answered = /^(Tìm thấy|Không tìm thấy)/.test(summary.textContent)
    if (w.start !== null && w.done === null && answered && new URLSearchParams(location.search).get("q") === w.query)
      w.done = performance.now()
  }).observe(summary, { childList: true, characterData: true, subtree: true })
}"""


# -- site -------------------------------------------------------------------------------------


def build_site(out: Path, reuse: bool) -> tuple[Path, float | None]:
    """OUT/product/site, built once with `mkdocs build` (None: reused, not built)."""
    root = out / "product"
    site = root / "site"
    if reuse and (site / "index.html").exists():
        print(f"site: reusing {site}")
        return site, None
    print(f"site: mkdocs build -> {site} ...", end=" ", flush=True)
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), "--site-dir", str(site)]
    started = time.perf_counter()
    process = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=build_env(), cwd=root)
    elapsed = time.perf_counter() - started
    log = out / "logs" / "reader-build.log"
    log.parent.mkdir(exist_ok=True)
    log.write_text(process.stderr, encoding="utf-8")
    if process.returncode != 0:
        sys.stderr.write(process.stderr[-5000:])
        sys.exit(f"the build failed (exit {process.returncode}); log: {log}")
    print(f"{elapsed:.1f} s")
    return site, elapsed


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """The site over plain HTTP on 127.0.0.1 (any free port), without compression."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# -- browser ----------------------------------------------------------------------------------


@dataclass
class Traffic:
    """What one browser context fetched: (path, bytes) per response from the site, in order,
    and the requests to any other host by host and path (never counted in the bytes)."""

    origin: str
    fetched: list[tuple[str, int]] = field(default_factory=list)
    others: Counter = field(default_factory=Counter)

    def on_request(self, request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https") and parts.netloc != self.origin:
            self.others[f"{parts.hostname}{parts.path}"] += 1

    def on_response(self, response: Any) -> None:
        parts = urlsplit(response.url)
        if parts.netloc == self.origin:
            self.fetched.append((parts.path, int(response.headers.get("content-length", 0))))

    def summary(self, since: int = 0, under: str = "/") -> dict[str, Any]:
        chosen = [(path, size) for path, size in self.fetched[since:] if path.startswith(under)]
        return {
            "bytes": sum(size for _, size in chosen),
            "requests": len(chosen),
            "largest": sorted(chosen, key=lambda item: item[1], reverse=True)[:3],
        }


def open_page(browser: Any, base: str) -> tuple[Any, Any, Traffic]:
    """A page in a fresh context (empty cache) whose traffic is recorded."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, timezone_id="Asia/Ho_Chi_Minh", locale="vi-VN"
    )
    traffic = Traffic(urlsplit(base).netloc)
    context.on("request", traffic.on_request)
    context.on("response", traffic.on_response)
    return context, context.new_page(), traffic


def page_view(browser: Any, base: str, url: str) -> tuple[dict[str, Any], str | None]:
    """What a page view without interaction downloads, and the page's first draft link (if any)."""
    context, page, traffic = open_page(browser, base)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    first_draft = page.evaluate("() => document.querySelector('.pd-card[data-draft-id] .pd-card__title a')?.href")
    context.close()
    return {"url": "/" + url.removeprefix(base), **traffic.summary(), "others": dict(traffic.others)}, first_draft


def page_views(browser: Any, base: str) -> dict[str, dict[str, Any]]:
    """The home page, the listing, the listing's first draft and the search page without a query."""
    views: dict[str, dict[str, Any]] = {}
    views["home"], _ = page_view(browser, base, base)
    views["listing"], draft = page_view(browser, base, base + "du-thao/")
    if draft is None:
        sys.exit("the listing /du-thao/ shows no draft")
    views["draft"], _ = page_view(browser, base, draft)
    views["search page"], _ = page_view(browser, base, base + "tim-kiem/")
    return views


def search(page: Any, traffic: Traffic, query: str) -> dict[str, Any]:
    """Type `query` into the search box (replacing what is there) and wait for its answer."""
    box = page.locator("#pd-search-q")
    box.select_text()
    page.evaluate("query => window.__reader.reset(query)", query)
    mark = len(traffic.fetched)
    box.press_sequentially(query)
    page.wait_for_function("() => window.__reader.done !== null", timeout=120_000)
    w = page.evaluate("() => window.__reader")
    shown = w["result"] if w["result"] is not None else w["done"]
    return {
        "query": query,
        "first_results_s": round((shown - w["start"]) / 1000, 3),
        "after_typing_s": round((shown - w["last"]) / 1000, 3),
        "summary": page.locator("[data-search-summary]").inner_text(),
        "results_shown": page.locator("[data-search-result]").count(),
        **traffic.summary(since=mark, under=SEARCH_DATA),
    }


def open_search_page(browser: Any, base: str) -> tuple[Any, Any, Traffic]:
    context, page, traffic = open_page(browser, base)
    page.goto(base + "tim-kiem/", wait_until="load")
    page.evaluate(WATCH_SEARCH)
    return context, page, traffic


def searches(browser: Any, base: str) -> tuple[list[dict[str, Any]], Counter]:
    """Every query cold, each in a fresh context; then the warm run in the first one's page."""
    runs, others = [], Counter()
    for query in QUERIES:
        context, page, traffic = open_search_page(browser, base)
        runs.append({**search(page, traffic, query), "cache": "cold"})
        if query == WARM_QUERY:
            search(page, traffic, WARM_AFTER)
            runs.append({**search(page, traffic, WARM_QUERY), "cache": "warm"})
        others += traffic.others
        context.close()
    return runs, others


def measure_browser(site: Path) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, int]]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("Chromium is not installed (apt-get install -y chromium)")
    server, base = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS, headless=True)
            views = page_views(browser, base)
            runs, others = searches(browser, base)
            browser.close()
    finally:
        server.shutdown()
    for view in views.values():
        others.update(view["others"])
    return views, runs, dict(others)


# -- files ------------------------------------------------------------------------------------


def largest(paths: list[Path], site: Path) -> dict[str, Any]:
    sizes = sorted(((p.stat().st_size, p) for p in paths), reverse=True)
    if not sizes:
        return {"count": 0, "bytes": 0, "path": None}
    size, path = sizes[0]
    return {"count": len(sizes), "bytes": size, "path": path.relative_to(site).as_posix()}


def file_sizes(site: Path) -> dict[str, Any]:
    """Feeds (subscription documents, archives; not the empty sitemap.xml beside them for
    Material's script), calendars, home page HTML, search index."""
    feeds = [p for p in (site / "rss").rglob("*") if p.suffix in (".xml", ".json") and p.name != "sitemap.xml"]
    archived = [p for p in feeds if "luu-tru" in p.parts]
    current = [p for p in feeds if "luu-tru" not in p.parts and (p.suffix == ".xml" or p.name == "tat-ca.json")]
    calendars = list(site.rglob("*.ics"))
    index = [p for p in (site / "tim-kiem/du-lieu").rglob("*") if p.is_file()]
    return {
        "feed_subscriptions": largest(current, site),
        "feed_archives": largest(archived, site),
        "site_calendar_bytes": (site / "lich/tat-ca.ics").stat().st_size,
        "calendars": largest(calendars, site),
        "home_html_bytes": (site / "index.html").stat().st_size,
        "search_index": {"files": len(index), "bytes": sum(p.stat().st_size for p in index)},
    }


# -- budgets and report -----------------------------------------------------------------------


def budgets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Every reader budget: what, the measured value and the limit (seconds or bytes), met or not."""
    checks = [(f"page view {v['url']} ≤ 1.5 MB", v["bytes"], 1.5 * MB, "bytes") for v in result["views"].values()]
    for run in result["searches"]:
        label = f"search {run['query']!r} ({run['cache']})"
        checks += [
            (f"{label}: first results ≤ 3 s", run["first_results_s"], 3, "s"),
            (f"{label}: ≤ 2 MB transferred", run["bytes"], 2 * MB, "bytes"),
        ]
    files = result["files"]
    feeds = max(files["feed_subscriptions"]["bytes"], files["feed_archives"]["bytes"])
    checks += [
        ("every feed document (subscriptions, archives) ≤ 1 MB", feeds, MB, "bytes"),
        ("every calendar (site and drafts) ≤ 1 MB", files["calendars"]["bytes"], MB, "bytes"),
        ("home page HTML ≤ 200 KB", files["home_html_bytes"], 200 * KB, "bytes"),
    ]
    return [
        {"budget": name, "value": value, "limit": limit, "unit": unit, "pass": value <= limit}
        for name, value, limit, unit in checks
    ]


def size(n: float) -> str:
    return f"{n / MB:,.2f} MB" if n >= MB else f"{n / KB:,.1f} KB"


def fetched(item: dict[str, Any]) -> str:
    return f"{size(item['bytes'])} in {item['requests']} requests"


def print_report(result: dict[str, Any]) -> None:
    corpus = result["corpus"]
    print(
        f"\nN = {corpus['n']} drafts ({corpus['published']} published), build instant {generate.REFERENCE.isoformat()}"
    )
    print("\nPage views without interaction (load + network idle), fresh context, from 127.0.0.1:")
    for name, view in result["views"].items():
        top = ", ".join(f"{path} {size(n)}" for path, n in view["largest"])
        other = sum(view["others"].values())
        print(f"  {name:<12} {view['url']:<40} {fetched(view):>26}, +{other} to other hosts")
        print(f"  {'':<12} largest: {top}")
    print(
        "\nSearches on /tim-kiem/, typed without diacritics; time from the first keystroke to the first result"
        f"\n(typing and the page's 250 ms pause included); warm: again in the same page, after {WARM_AFTER!r}:"
    )
    for run in result["searches"]:
        print(
            f"  {run['query']!r:<20} {run['cache']:<5} first results {run['first_results_s']:6.3f} s "
            f"({run['after_typing_s']:.3f} s after the last key)   {fetched(run):>26} from du-lieu/   "
            f"{run['results_shown']} shown, {run['summary']!r}"
        )
    files = result["files"]
    subs, archives, calendars = files["feed_subscriptions"], files["feed_archives"], files["calendars"]
    print("\nFiles:")
    print(f"  feed subscription documents: {subs['count']}, largest {size(subs['bytes'])} ({subs['path']})")
    print(f"  feed archive documents:      {archives['count']}, largest {size(archives['bytes'])} ({archives['path']})")
    print(f"  site calendar lich/tat-ca.ics: {size(files['site_calendar_bytes'])}")
    print(f"  calendars: {calendars['count']}, largest {size(calendars['bytes'])} ({calendars['path']})")
    print(f"  home page HTML: {size(files['home_html_bytes'])}")
    index = files["search_index"]
    print(f"  search index tim-kiem/du-lieu/: {size(index['bytes'])} in {index['files']} files (never fetched whole)")
    others = result["other_hosts"]
    listed = "".join(f"\n  {url} ×{count}" for url, count in others.items()) or " none"
    print(f"\nRequests to other hosts, all page views and searches (not counted above):{listed}")
    print("\nBudgets:")
    for check in result["budgets"]:
        value = f"{check['value']:.3f} s" if check["unit"] == "s" else size(check["value"])
        print(f"  {'PASS' if check['pass'] else 'FAIL'}  {check['budget']}: {value}")
    failed = [check["budget"] for check in result["budgets"] if not check["pass"]]
    print(f"\n{len(failed)} budget(s) failed" + (": " + "; ".join(failed) if failed else ""))


def table_rows(result: dict[str, Any]) -> dict[str, str]:
    """{row label: cell} for the Markdown table: what a reader downloads."""
    views = result["views"]
    rows = {
        "page view: home `/`": fetched(views["home"]),
        "page view: listing `/du-thao/`": fetched(views["listing"]),
        "page view: a draft (the listing's first)": fetched(views["draft"]),
        "page view: search page `/tim-kiem/`": fetched(views["search page"]),
    }
    for run in result["searches"]:
        rows[f"search “{run['query']}”, {run['cache']}: first results"] = (
            f"{run['first_results_s']:.2f} s, {fetched(run)}"
        )
    files = result["files"]
    subs, archives = files["feed_subscriptions"], files["feed_archives"]
    rows["largest feed subscription document"] = f"{size(subs['bytes'])} (of {subs['count']})"
    rows["feed archive documents"] = f"{archives['count']}, largest {size(archives['bytes'])}"
    rows["site calendar `lich/tat-ca.ics`"] = size(files["site_calendar_bytes"])
    rows["largest calendar"] = f"{size(files['calendars']['bytes'])} (of {files['calendars']['count']})"
    rows["home page HTML"] = size(files["home_html_bytes"])
    rows["search index `tim-kiem/du-lieu/` (on disk)"] = size(files["search_index"]["bytes"])
    rows["requests to other hosts (all views and searches)"] = str(sum(result["other_hosts"].values()))
    rows["budgets failed"] = str(sum(not check["pass"] for check in result["budgets"]))
    return rows


def print_table(results: list[dict[str, Any]]) -> None:
    results = sorted(results, key=lambda r: r["corpus"]["n"])
    columns = [table_rows(r) for r in results]
    print("\n| what a reader downloads | " + " | ".join(f"{r['corpus']['n']:,} drafts" for r in results) + " |")
    print("| --- |" + " --- |" * len(results))
    for label in columns[-1]:
        print(f"| {label} | " + " | ".join(column.get(label, "") for column in columns) + " |")


# -- main -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", type=int, help="number of drafts in the corpus")
    parser.add_argument("--out", type=Path, help="corpus and build folder (default: bench/out/n<N>-seed<S>, as run.py)")
    parser.add_argument("--reuse-site", action="store_true", help="do not rebuild OUT/product/site if it exists")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures as JSON to FILE")
    parser.add_argument(
        "--with",
        dest="earlier",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="an earlier --json result whose column the Markdown table shows too (repeatable)",
    )
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED, help="corpus seed")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    out = (args.out or default_out(args.n, args.seed, False)).resolve()

    env = environment()
    print(f"commit {env['commit'] or '?'}{' (plugins/ modified)' if env['plugin_modified'] else ''}")
    manifest = ensure_corpus(args.n, out, seed=args.seed, attachments=False, regenerate=False)
    site, build_s = build_site(out, args.reuse_site)
    print("browser: page views and searches ...", flush=True)
    views, runs, others = measure_browser(site)
    result: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": sys.argv,
        "environment": env,
        "corpus": {k: v for k, v in manifest.items() if k != "expected"},
        "build_s": None if build_s is None else round(build_s, 1),
        "views": views,
        "searches": runs,
        "files": file_sizes(site),
        "other_hosts": others,
    }
    result["budgets"] = budgets(result)
    print_report(result)
    print_table([result] + [json.loads(path.read_text(encoding="utf-8")) for path in args.earlier])
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
