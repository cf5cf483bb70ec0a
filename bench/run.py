#!/usr/bin/env python3
"""Benchmark the policy-drafts build against a plain MkDocs build of the same Markdown.

    python bench/run.py N [--pairs 3] [--out DIR] [--keep] [--profile] [--json FILE]

1. Generates the corpus for N drafts (bench/generate.py), or reuses OUT if it already
   holds that corpus, and checks it with `policy-drafts check` when it is new.
2. Builds OUT/product (the plugin) and OUT/plain (the same bodies as plain pages)
   alternately, --pairs times each, each build in a fresh process (bench/_one_build.py)
   with SOURCE_DATE_EPOCH at the reference instant and NO_MKDOCS_2_WARNING=1.
3. Prints every build (wall time, CPU, peak RSS, output size) and a summary: median
   times, the median of the per-pair time ratios product/plain, peak RSS and its ratio.
4. With --profile, builds the product once more under cProfile, in one process
   (POLICY_DRAFTS_WORKERS=1, so that the profile sees all the work), saves OUT/product.prof
   and prints the top entries by cumulative and own time, for the plugin and overall.

OUT defaults to bench/out/n<N>-seed<S> (git-ignored). The corpus stays there and is reused;
the built sites (OUT/*/site) are removed at the end unless --keep. Build logs: OUT/logs/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402  (beside this file)
import procmem  # noqa: E402

ONE_BUILD = BENCH / "_one_build.py"
SITES = ("product", "plain")


# -- corpus -----------------------------------------------------------------------------------


def default_out(n: int, seed: int, attachments: bool) -> Path:
    """bench/out/n<N>-seed<S>[-attachments] (bench/out/ is git-ignored)."""
    suffix = "-attachments" if attachments else ""
    return BENCH / "out" / f"n{n}-seed{seed}{suffix}"


def ensure_corpus(n: int, out: Path, *, seed: int, attachments: bool, regenerate: bool) -> dict[str, Any]:
    """The manifest of OUT's corpus: reused when it was generated with the same N, seed, options
    and generator; otherwise generated afresh and checked (exit on any problem)."""
    manifest_path = out / "manifest.json"
    if manifest_path.exists() and not regenerate:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        wanted = {"n": n, "seed": seed, "attachments": attachments, "fingerprint": generate.fingerprint()}
        if all(manifest.get(key) == value for key, value in wanted.items()):
            print(f"corpus: reusing {out}")
            return manifest
    print(f"corpus: generating {n} drafts in {out} ...", flush=True)
    started = time.perf_counter()
    manifest = generate.generate(n, out, seed=seed, attachments=attachments)
    problems = generate.verify(out, manifest)
    if problems:
        print("\n".join(problems[:50]), file=sys.stderr)
        (out / "manifest.json").unlink()  # never reuse a corpus that failed its check
        sys.exit(f"corpus check failed ({len(problems)} problems): the generator and the plugin disagree")
    print(
        f"corpus: {n} drafts, {manifest['published']} published at the reference instant; "
        f"`policy-drafts check` passes ({time.perf_counter() - started:.1f} s)"
    )
    return manifest


# -- builds -----------------------------------------------------------------------------------


def build_env(*, one_process: bool = False, cache: Path | None = None) -> dict[str, str]:
    """The builds' environment. `cache`: the draft cache folder (POLICY_DRAFTS_CACHE_DIR); None
    turns the disk cache off (a cold build that writes no cache: the fresh CI clone)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(generate.REFERENCE_EPOCH), "NO_MKDOCS_2_WARNING": "1"}
    env["POLICY_DRAFTS_CACHE_DIR"] = str(cache) if cache else "off"
    if one_process:  # a profile sees only its own process: no worker processes then
        env["POLICY_DRAFTS_WORKERS"] = "1"
    return env


def run_build(
    out: Path, site: str, label: str, *, profile: Path | None = None, cache: Path | None = None
) -> dict[str, Any]:
    """One build of OUT/<site> in a fresh process, from an empty site directory. `cache`: the
    draft cache folder the build reads and fills (None: no disk cache, a cold build)."""
    root = out / site
    shutil.rmtree(root / "site", ignore_errors=True)
    command = [sys.executable, str(ONE_BUILD), str(root / "mkdocs.yml")]
    if profile:
        command += ["--profile", str(profile)]
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=build_env(one_process=profile is not None, cache=cache),
        cwd=root,
    )
    # The whole tree's proportional set size (the build and its forked workers), sampled while
    # it runs: the workers share the parent's pages, so their RSS cannot simply be added.
    with procmem.PeakSampler(process.pid) as sampler:
        stdout, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    logs = out / "logs"
    logs.mkdir(exist_ok=True)
    (logs / f"{label}.log").write_text(stderr, encoding="utf-8")
    if process.returncode != 0:
        sys.stderr.write(stderr[-5000:])
        sys.exit(f"the {site} build failed (exit {process.returncode}); log: {logs / f'{label}.log'}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result.update(site=site, label=label, process_s=round(elapsed, 4), **output_size(root / "site"))
    result["tree_pss_kib"] = sampler.peak_kib  # 0 where /proc has no smaps_rollup
    # A build that took much longer than its CPU time waited for the CPU: something else was
    # running, and its wall time says more about the machine than the code. (A build that uses
    # worker processes has more CPU time than wall time, so it is flagged only when it waited a lot.)
    result["contended"] = elapsed > 1.2 * result["cpu_s"] + 0.3
    # Peak memory: the largest process (the build or one of its forked workers, which share the
    # build's pages copy-on-write).
    result["maxrss_kib"] = max(result["maxrss_kib"], result.get("maxrss_children_kib", 0))
    return result


def output_size(site_dir: Path) -> dict[str, int]:
    files = pages = size = 0
    for folder, _, names in os.walk(site_dir):
        for name in names:
            files += 1
            pages += name.endswith(".html")
            size += os.path.getsize(os.path.join(folder, name))
    return {"files": files, "pages": pages, "bytes": size}


# -- report -----------------------------------------------------------------------------------


def print_table(builds: list[dict[str, Any]]) -> None:
    header = (
        f"{'pair':>4}  {'site':<13} {'wall s':>8} {'process s':>9} {'CPU s':>7} {'peak RSS MiB':>12} {'tree PSS':>8} "
        f"{'pages':>6} {'files':>6} {'site MB':>8} {'warnings':>8}"
    )
    print(header)
    print("-" * len(header))
    for b in builds:
        mark = "*" if b["contended"] else " "
        print(
            f"{b['pair']:>4}  {b['site'] + ' ' + b.get('phase', ''):<13} {b['wall_s']:>8.2f}{mark}"
            f"{b['process_s']:>9.2f} {b['cpu_s']:>7.2f} "
            f"{b['maxrss_kib'] / 1024:>12.1f} {b.get('tree_pss_kib', 0) / 1024:>8.1f} {b['pages']:>6} {b['files']:>6} {b['bytes'] / 1e6:>8.1f} "
            f"{b['warnings']:>8}"
        )


def summarize(builds: list[dict[str, Any]], manifest: dict[str, Any]) -> dict[str, Any]:
    by_site = {site: [b for b in builds if b["site"] == site] for site in SITES}
    pairs = sorted({b["pair"] for b in builds})
    wall = {site: {b["pair"]: b["wall_s"] for b in by_site[site]} for site in SITES}
    cpu = {site: {b["pair"]: b["cpu_s"] for b in by_site[site]} for site in SITES}
    ratios = [wall["product"][p] / wall["plain"][p] for p in pairs]
    cpu_ratios = [cpu["product"][p] / cpu["plain"][p] for p in pairs]
    summary: dict[str, Any] = {
        "pairs": len(pairs),
        "time_ratios": [round(r, 3) for r in ratios],
        "median_time_ratio": round(statistics.median(ratios), 3),
        "median_cpu_ratio": round(statistics.median(cpu_ratios), 3),
        "contended_builds": sum(b["contended"] for b in builds),
    }
    for site in SITES:
        summary[site] = {
            "median_wall_s": round(statistics.median(b["wall_s"] for b in by_site[site]), 3),
            "median_cpu_s": round(statistics.median(b["cpu_s"] for b in by_site[site]), 3),
            "peak_rss_mib": round(max(b["maxrss_kib"] for b in by_site[site]) / 1024, 1),
            "peak_tree_pss_mib": round(max(b.get("tree_pss_kib", 0) for b in by_site[site]) / 1024, 1),
            "pages": by_site[site][-1]["pages"],
        }
    summary["rss_ratio"] = round(summary["product"]["peak_rss_mib"] / summary["plain"]["peak_rss_mib"], 3)
    if summary["plain"]["peak_tree_pss_mib"]:
        summary["pss_ratio"] = round(summary["product"]["peak_tree_pss_mib"] / summary["plain"]["peak_tree_pss_mib"], 3)
    published = manifest["published"]
    summary["ms_per_published_draft"] = {
        site: round(1000 * summary[site]["median_wall_s"] / published, 2) for site in SITES
    }
    return summary


def print_summary(summary: dict[str, Any], manifest: dict[str, Any]) -> None:
    product, plain = summary["product"], summary["plain"]
    per = summary["ms_per_published_draft"]
    print()
    print(
        f"N = {manifest['n']} drafts ({manifest['published']} published), {summary['pairs']} pair(s), "
        f"build instant {generate.REFERENCE.isoformat()}"
    )
    print(
        f"  product (policy-drafts): median {product['median_wall_s']:7.2f} s   peak RSS {product['peak_rss_mib']:7.1f} MiB"
        f"   {product['pages']} pages   {per['product']:.1f} ms/draft"
    )
    print(
        f"  plain (same bodies):     median {plain['median_wall_s']:7.2f} s   peak RSS {plain['peak_rss_mib']:7.1f} MiB"
        f"   {plain['pages']} pages   {per['plain']:.1f} ms/draft"
    )
    print(
        f"  ratio product/plain:     time {summary['median_time_ratio']:.2f}x (median of per-pair ratios "
        f"{', '.join(f'{r:.2f}' for r in summary['time_ratios'])}), CPU {summary['median_cpu_ratio']:.2f}x, "
        f"RSS {summary['rss_ratio']:.2f}x"
    )
    if product["peak_tree_pss_mib"]:
        print(
            f"  peak PSS of the process tree (build + workers): product {product['peak_tree_pss_mib']:.0f} MiB, "
            f"plain {plain['peak_tree_pss_mib']:.0f} MiB ({summary['pss_ratio']:.2f}x)"
        )
    if summary["contended_builds"]:
        print(
            f"  * {summary['contended_builds']} build(s) waited for the CPU (process time well above CPU time): "
            "the machine was busy; trust the CPU ratio more, or rerun with more --pairs"
        )


# -- profile ----------------------------------------------------------------------------------


def short_location(func: tuple[str, int, str]) -> str:
    """file:line(function), with the site-packages, standard library or repository prefix cut."""
    filename, line, name = func
    if filename == "~":
        return name  # a built-in, e.g. {method 'sub' of 're.Pattern' objects}
    prefixes = [
        sysconfig.get_paths()["purelib"],
        sysconfig.get_paths()["platlib"],
        str(generate.ROOT / "plugins"),
        str(generate.ROOT),
        sysconfig.get_paths()["stdlib"],
    ]
    for prefix in prefixes:
        if filename.startswith(prefix + os.sep):
            filename = filename[len(prefix) + 1 :]
            break
    return f"{filename}:{line}({name})"


def package_of(filename: str) -> str:
    """The package a profiled function belongs to, for the per-package breakdown."""
    if filename == "~":
        return "(built-ins, C code)"
    for prefix in (sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], str(generate.ROOT / "plugins")):
        if filename.startswith(prefix + os.sep):
            return filename[len(prefix) + 1 :].split(os.sep)[0].removesuffix(".py")
    if filename.startswith("<frozen importlib"):
        return "(imports)"
    if filename.startswith(sysconfig.get_paths()["stdlib"] + os.sep) or filename.startswith("<frozen "):
        return "(standard library)"
    return "(other)"


def is_plugin(filename: str) -> bool:
    return f"{os.sep}policy_drafts{os.sep}" in filename


def print_profile(path: Path, top: int = 30) -> None:
    """Top entries by cumulative and by own time, restricted to the plugin and unrestricted,
    and own time per package."""
    stats = pstats.Stats(str(path)).stats  # {(file, line, name): (primitive calls, calls, tottime, cumtime, callers)}
    total = sum(entry[2] for entry in stats.values())
    rows = [(func, calls, tottime, cumtime) for func, (_, calls, tottime, cumtime, _) in stats.items()]
    for key, title in ((3, "cumulative time"), (2, "own time (tottime)")):
        for restricted in (True, False):
            chosen = [r for r in rows if is_plugin(r[0][0])] if restricted else rows
            chosen = sorted(chosen, key=lambda r: r[key], reverse=True)[:top]
            scope = "policy_drafts only" if restricted else "all code"
            print(f"\nTop {top} by {title}, {scope} (profile total {total:.2f} s):")
            print(f"{'ncalls':>9} {'tottime':>8} {'cumtime':>8}  function")
            for func, calls, tottime, cumtime in chosen:
                print(f"{calls:>9} {tottime:>8.3f} {cumtime:>8.3f}  {short_location(func)}")
    packages: dict[str, float] = defaultdict(float)
    for func, (_, _, tottime, _, callers) in stats.items():
        if func[0] != "~" or not callers:
            packages[package_of(func[0])] += tottime
            continue
        for caller, caller_stats in callers.items():  # a built-in's time, charged to who called it
            packages[package_of(caller[0])] += caller_stats[2]
    print("\nOwn time per package (time in C built-ins such as str.join or re is charged to the caller's package):")
    for package, seconds in sorted(packages.items(), key=lambda item: item[1], reverse=True)[:15]:
        print(f"  {seconds:8.3f} s  {100 * seconds / total:5.1f} %  {package}")


# -- main -------------------------------------------------------------------------------------


def load_average() -> str:
    """The machine's load (1, 5, 15 minutes): note it beside every figure (a shared VM)."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "?"


def environment() -> dict[str, Any]:
    """Versions, and the repository commit: the plugin changes, so results are per commit."""

    def git(*args: str) -> str:
        result = subprocess.run(["git", "-C", str(generate.ROOT), *args], capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else ""

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "plugin_modified": bool(git("status", "--porcelain", "--", "plugins")),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        **{name: version(name) for name in ("mkdocs", "mkdocs-material", "mkdocs-policy-drafts", "Markdown")},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", type=int, help="number of drafts in the corpus")
    parser.add_argument("--pairs", type=int, default=3, help="product/plain build pairs (default 3)")
    parser.add_argument(
        "--out",
        type=Path,
        help="corpus and build folder (default: bench/out/n<N>-seed<S>, reused by later runs with the same corpus)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the built sites (OUT/*/site) after the run")
    parser.add_argument("--profile", action="store_true", help="also profile one product build (OUT/product.prof)")
    parser.add_argument("--top", type=int, default=30, help="profile entries per listing (default 30)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the results as JSON to FILE")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED, help="corpus seed")
    parser.add_argument("--attachments", action="store_true", help="drafts carry tiny PDF attachments")
    parser.add_argument("--regenerate", action="store_true", help="regenerate the corpus even if OUT holds it")
    parser.add_argument(
        "--warm",
        action="store_true",
        help="after each pair, build both sites again with the product's draft cache kept (warm builds)",
    )
    args = parser.parse_args(argv)
    if args.n < 1 or args.pairs < 1:
        parser.error("N and --pairs must be at least 1")
    out = (args.out or default_out(args.n, args.seed, args.attachments)).resolve()

    env = environment()
    print(
        f"commit {env['commit'] or '?'}{' (plugins/ modified)' if env['plugin_modified'] else ''}, "
        f"mkdocs {env['mkdocs']}, material {env['mkdocs-material']}, Python {env['python']}, {env['cpus']} CPUs"
    )
    print(f"load average at the start: {load_average()}")
    manifest = ensure_corpus(args.n, out, seed=args.seed, attachments=args.attachments, regenerate=args.regenerate)
    builds = []
    phases = ("cold", "warm") if args.warm else ("cold",)
    for pair in range(1, args.pairs + 1):
        # Cold: an empty draft cache (a fresh clone, or the first build after a plugin upgrade),
        # which the build fills; warm (--warm): the next build of the unchanged corpus, with that
        # cache kept (an editor's second `mkdocs build`, or the CI runner that keeps its cache).
        cache = Path(tempfile.mkdtemp(prefix="draftcache-", dir=out)) if args.warm else None
        for phase in phases:
            for site in SITES:
                print(f"build {pair}/{args.pairs}: {site} {phase} ...", end=" ", flush=True)
                result = run_build(out, site, f"{site}-{phase}-{pair}", cache=cache)
                result.update(pair=pair, phase=phase)
                builds.append(result)
                print(
                    f"{result['wall_s']:.2f} s, {result['maxrss_kib'] / 1024:.0f} MiB, "
                    f"tree PSS {result['tree_pss_kib'] / 1024:.0f} MiB"
                )
        if cache:
            shutil.rmtree(cache, ignore_errors=True)
    print(f"\nload average at the end: {load_average()}")
    print()
    print_table(builds)
    summary = summarize([b for b in builds if b["phase"] == "cold"], manifest)
    summary["load_average"] = load_average()
    print_summary(summary, manifest)
    if args.warm:
        warm = summarize([b for b in builds if b["phase"] == "warm"], manifest)
        summary["warm"] = warm
        print(
            f"\nwarm (second build, draft cache kept): product median {warm['product']['median_wall_s']:.2f} s, "
            f"plain median {warm['plain']['median_wall_s']:.2f} s\n"
            f"  ratio product/plain:     time {warm['median_time_ratio']:.2f}x (median of per-pair ratios "
            f"{', '.join(f'{r:.2f}' for r in warm['time_ratios'])}), CPU {warm['median_cpu_ratio']:.2f}x"
        )
    if any(b["warnings"] for b in builds):
        print(f"\nWARNING: some builds logged warnings; see {out / 'logs'}")

    profile_path = None
    if args.profile:
        profile_path = out / "product.prof"
        print(f"\nprofiling one product build -> {profile_path} ...", flush=True)
        profiled = run_build(out, "product", "product-profile", profile=profile_path)
        print(f"profiled build: {profiled['wall_s']:.2f} s under cProfile")
        print_profile(profile_path, args.top)

    if not args.keep:
        for site in SITES:
            shutil.rmtree(out / site / "site", ignore_errors=True)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "when": datetime.now(UTC).isoformat(timespec="seconds"),
                    "command": sys.argv,
                    "out": str(out),
                    "environment": env,
                    "corpus": {k: v for k, v in manifest.items() if k != "expected"},
                    "builds": builds,
                    "summary": summary,
                    "profile": str(profile_path) if profile_path else None,
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
