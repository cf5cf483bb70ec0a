#!/usr/bin/env python3
"""What an editor waits for under `mkdocs serve`: save a draft, see the page with the new text.

    python bench/serve.py N [--edits 5] [--idle 10] [--dirty] [--real-clock] [--json FILE]

1. Uses the corpus of `run.py N` (bench/out/n<N>-seed<S>, generated if missing).
2. Starts `mkdocs serve` for the product site and for the plain site (each on a free port of
   127.0.0.1, SOURCE_DATE_EPOCH at the reference instant, or none with --real-clock, the
   product's draft cache in a fresh folder), and waits until both serve their home page.
3. Measures the idle cost of each server for --idle seconds: the CPU its file watcher spends
   while nothing changes (MkDocs polls every watched file twice a second).
4. Then, alternately on the product and on the plain site, --edits times: appends a paragraph
   with a unique word to one open draft (the product's drafts/<id>/index.md, the plain site's
   docs/du-thao/<id>.md), and polls http://127.0.0.1:<port>/du-thao/<id>/ until the page holds
   the word. For each edit: save -> served (wall), the server's CPU over that time, the
   process tree's PSS once served and its peak during the rebuild; --settle seconds after the
   last edit, the PSS of each waiting server.
5. Puts the draft files back as they were and stops the servers.

A rebuild that takes longer or holds more memory than the one before shows in the per-edit
table; the summary gives the medians, the ratio product/plain and the first and last edit.
Server logs: OUT/logs/serve-<site>.log.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import procmem  # noqa: E402
import run  # noqa: E402

SITES = ("product", "plain")
MARKER = "Ghi chú biên tập số"  # the paragraph each edit appends ("editor's note number")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, timeout: float = 600) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


class Server:
    """One `mkdocs serve` of OUT/<site>."""

    def __init__(self, out: Path, site: str, cache: Path, dirty: bool = False, real_clock: bool = False):
        self.site = site
        self.root = out / site
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        logs = out / "logs"
        logs.mkdir(exist_ok=True)
        self.log = open(logs / f"serve-{site}.log", "w", encoding="utf-8")  # noqa: SIM115 - closed in stop()
        env = run.build_env(cache=cache)
        if real_clock:  # an editor's preview: the build instant is the clock's at each rebuild
            del env["SOURCE_DATE_EPOCH"]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", "mkdocs.yml", "-a", f"127.0.0.1:{self.port}"]
            + (["--dirty"] if dirty else []),
            cwd=self.root,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() ends it and nothing else
            # Ctrl+C's default action, even when this runner was started in the background
            # (a shell's background job ignores SIGINT, and its children would inherit that).
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.started = time.perf_counter()

    def wait_served(self, timeout: float) -> float:
        """Seconds from the start until the home page is served (the first build is done)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"mkdocs serve of the {self.site} site stopped; see its log")
            if fetch(self.base + "/", timeout=5) is not None:
                return time.perf_counter() - self.started
            time.sleep(0.2)
        sys.exit(f"mkdocs serve of the {self.site} site served nothing in {timeout:.0f} s")

    def source(self, draft_id: str) -> Path:
        if self.site == "product":
            return self.root / "drafts" / draft_id / "index.md"
        return self.root / "docs" / "du-thao" / f"{draft_id}.md"

    def cpu(self) -> float:
        return procmem.tree_cpu_s(self.process.pid)

    def pss_mib(self) -> float:
        return procmem.tree_pss_kib(self.process.pid) / 1024

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)  # what Ctrl+C does: MkDocs removes its temp site
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def edit_once(server: Server, draft_id: str, original: str, number: int, timeout: float) -> dict[str, Any]:
    """Append a paragraph with a unique word to the draft, then poll its page until it shows."""
    word = f"{MARKER} {number}-{server.site}-{time.time_ns()}"
    url = f"{server.base}/du-thao/{draft_id}/"
    cpu_before = server.cpu()
    with procmem.PeakSampler(server.process.pid, interval=0.2) as sampler:
        saved = time.perf_counter()
        server.source(draft_id).write_text(f"{original.rstrip()}\n\n{word}.\n", encoding="utf-8")
        deadline = saved + timeout
        while True:
            page = fetch(url, timeout=timeout)
            if page is not None and word in page:
                break
            if time.perf_counter() > deadline or server.process.poll() is not None:
                sys.exit(f"the {server.site} page {url} never showed the edit (see the server's log)")
            time.sleep(0.05)
        served = time.perf_counter() - saved
    return {
        "site": server.site,
        "edit": number,
        "served_s": round(served, 3),
        "cpu_s": round(server.cpu() - cpu_before, 2),
        "pss_mib": round(server.pss_mib(), 1),
        "peak_pss_mib": round(sampler.peak_kib / 1024, 1),
        "load": os.getloadavg()[0],
    }


def open_drafts(manifest: dict[str, Any], count: int) -> list[str]:
    """Drafts open at the reference instant (the ones an editor edits most), spread over the corpus."""
    ids = [draft_id for draft_id, status in manifest["expected"].items() if status in ("open", "closing-soon")]
    if not ids:
        sys.exit("the corpus has no open draft")
    step = max(1, len(ids) // count)
    return ids[::step][:count]


def summarize(edits: list[dict[str, Any]], idle: dict[str, float], sites: tuple[str, ...]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for site in sites:
        mine = [e for e in edits if e["site"] == site]
        summary[site] = {
            "median_served_s": round(statistics.median(e["served_s"] for e in mine), 3),
            "median_cpu_s": round(statistics.median(e["cpu_s"] for e in mine), 2),
            "first_last_served_s": [mine[0]["served_s"], mine[-1]["served_s"]],
            "first_last_cpu_s": [mine[0]["cpu_s"], mine[-1]["cpu_s"]],
            "first_last_pss_mib": [mine[0]["pss_mib"], mine[-1]["pss_mib"]],
            "peak_pss_mib": max(e["peak_pss_mib"] for e in mine),
            "idle_cpu_share": idle.get(site),
        }
    if len(sites) == 2:
        ratios = [p["served_s"] / q["served_s"] for p, q in zip(edits[0::2], edits[1::2])]
        summary["median_served_ratio"] = round(statistics.median(ratios), 3)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", type=int, help="number of drafts in the corpus")
    parser.add_argument("--edits", type=int, default=5, help="edits per site (default 5)")
    parser.add_argument("--idle", type=float, default=10, help="seconds of idle CPU measured (default 10; 0: skip)")
    parser.add_argument("--drafts", type=int, default=1, help="edit this many different drafts in turn (default 1)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for a build (default 900)")
    parser.add_argument(
        "--sites", choices=("both", "product", "plain"), default="both", help="serve both sites (default) or one"
    )
    parser.add_argument(
        "--dirty", action="store_true", help="serve both sites with --dirty (rebuild only what changed)"
    )
    parser.add_argument(
        "--real-clock",
        action="store_true",
        help="serve without SOURCE_DATE_EPOCH: each rebuild's instant is the real clock's, as in an editor's preview",
    )
    parser.add_argument("--out", type=Path, help="corpus folder (default: bench/out/n<N>-seed<S>)")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED, help="corpus seed")
    parser.add_argument(
        "--settle",
        type=float,
        default=5,
        help="seconds after the last edit before the settled PSS (default 5; 0: skip)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the results as JSON to FILE")
    args = parser.parse_args(argv)
    if args.n < 1 or args.edits < 1:
        parser.error("N and --edits must be at least 1")
    if not procmem.available():
        print("note: /proc/<pid>/smaps_rollup is missing: memory figures will be 0")
    out = (args.out or run.default_out(args.n, args.seed, False)).resolve()
    env = run.environment()
    print(f"commit {env['commit'] or '?'}, load average at the start: {run.load_average()}")
    manifest = run.ensure_corpus(args.n, out, seed=args.seed, attachments=False, regenerate=False)
    drafts = open_drafts(manifest, args.drafts)
    cache = Path(tempfile.mkdtemp(prefix="serve-draftcache-", dir=out))
    # A `kill` (SIGTERM) ends the run like Ctrl+C: the drafts are put back, the servers stopped.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sites = SITES if args.sites == "both" else (args.sites,)
    servers = {site: Server(out, site, cache, args.dirty, args.real_clock) for site in sites}
    originals = {
        (site, draft_id): servers[site].source(draft_id).read_text(encoding="utf-8")
        for site in sites
        for draft_id in drafts
    }
    edits: list[dict[str, Any]] = []
    idle: dict[str, float] = {}
    settled: dict[str, float] = {}
    started: dict[str, float] = {}
    try:
        for site, server in servers.items():
            started[site] = round(server.wait_served(args.timeout), 2)
            print(f"{site}: first build served after {started[site]:.1f} s, tree PSS {server.pss_mib():.0f} MiB")
        if args.idle > 0:
            time.sleep(2)  # let the watchers take their first snapshot
            before = {site: server.cpu() for site, server in servers.items()}
            time.sleep(args.idle)
            for site, server in servers.items():
                idle[site] = round((server.cpu() - before[site]) / args.idle, 3)
            print(
                "idle (watcher polling): "
                + ", ".join(f"{site} {100 * share:.0f}% of a core" for site, share in idle.items())
            )
        print(f"\n{'edit':>4}  {'site':<8} {'served s':>9} {'CPU s':>7} {'PSS MiB':>8} {'peak PSS':>9} {'load':>5}")
        for number in range(1, args.edits + 1):
            draft_id = drafts[(number - 1) % len(drafts)]
            for site in sites:
                time.sleep(1)  # the watcher has seen the previous edit's files settle
                result = edit_once(servers[site], draft_id, originals[(site, draft_id)], number, args.timeout)
                result["draft"] = draft_id
                edits.append(result)
                print(
                    f"{number:>4}  {site:<8} {result['served_s']:>9.2f} {result['cpu_s']:>7.2f} "
                    f"{result['pss_mib']:>8.1f} {result['peak_pss_mib']:>9.1f} {result['load']:>5.1f}",
                    flush=True,
                )
        if args.settle and edits:
            # The product's server collects a rebuild's garbage and gives the memory back once idle
            # (host/reclaim.py, 2 s after the rebuild): the PSS a waiting server holds.
            time.sleep(args.settle)
            settled = {site: round(server.pss_mib(), 1) for site, server in servers.items()}
            print(
                f"settled ({args.settle:g} s after the last edit): "
                + ", ".join(f"{site} PSS {mib:.0f} MiB" for site, mib in settled.items())
            )
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second kill must not cut the clean-up short
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for (site, draft_id), text in originals.items():
            servers[site].source(draft_id).write_text(text, encoding="utf-8")
        for server in servers.values():
            server.stop()
        shutil.rmtree(cache, ignore_errors=True)
    summary = summarize(edits, idle, sites)
    summary["settled_pss_mib"] = settled
    summary["first_build_served_s"] = started
    summary["load_average"] = run.load_average()
    print(f"\nN = {args.n} drafts, {args.edits} edit(s) per site, load average at the end: {summary['load_average']}")
    for site in sites:
        s = summary[site]
        print(
            f"  {site:<8} save -> served median {s['median_served_s']:.2f} s (first {s['first_last_served_s'][0]:.2f}, "
            f"last {s['first_last_served_s'][1]:.2f}), rebuild CPU median {s['median_cpu_s']:.2f} s "
            f"(first {s['first_last_cpu_s'][0]:.2f}, last {s['first_last_cpu_s'][1]:.2f}), PSS "
            f"{s['first_last_pss_mib'][0]:.0f} -> {s['first_last_pss_mib'][1]:.0f} MiB (peak {s['peak_pss_mib']:.0f})"
        )
    if "median_served_ratio" in summary:
        print(
            f"  ratio product/plain: save -> served {summary['median_served_ratio']:.2f}x (median of per-edit ratios)"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "when": datetime.now(UTC).isoformat(timespec="seconds"),
                    "command": sys.argv,
                    "environment": env,
                    "edits": edits,
                    "idle_cpu_share": idle,
                    "summary": summary,
                },
                ensure_ascii=False,
                indent=2,
            ),
            encoding="utf-8",
        )
        print(f"\nresults written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
