#!/usr/bin/env python3
"""Memory of `mkdocs serve --dirty` in one process: the first build, then rebuilds after an edit.

    python bench/serve_memory.py CORPUS [--edits 3] [--tracemalloc] [--top 25]

CORPUS is a folder of `bench/generate.py` (its `product/` site is served). The script does what
MkDocs' `serve` does (mkdocs/commands/serve.py): it loads the configuration, calls `on_startup`
once (command "serve", dirty), builds, and for each edit appends a paragraph to one open draft
and builds again with a freshly loaded configuration (MkDocs keeps the plugin object, which has
on_startup). The draft cache is in a fresh folder, as `bench/serve.py` gives each server;
SOURCE_DATE_EPOCH is the reference instant unless set. No livereload server and no watcher:
what is measured is what the builds leave in memory.

For each build: wall and CPU seconds, the process's PSS (and RSS) after it, the peak PSS during
it (sampled every 0.1 s), and with --tracemalloc the traced bytes after it and the top
allocations by file:line (tracemalloc slows the builds several times: use it for where, not how
much). The drafts are put back at the end.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import os
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import procmem  # noqa: E402

REFERENCE_EPOCH = "1795399200"  # 2026-11-23T09:00+07:00, as run.py and serve.py
MARKER = "Ghi chú biên tập số"


def pss_mib() -> float:
    return procmem.pss_kib(os.getpid()) / 1024


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class PeakSampler:
    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, pss_mib())
            self._stop.wait(0.1)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, pss_mib())


def top_allocations(limit: int) -> list[str]:
    snapshot = tracemalloc.take_snapshot().filter_traces(
        [tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, "<frozen importlib._bootstrap>")]
    )
    rows = []
    for stat in snapshot.statistics("lineno")[:limit]:
        frame = stat.traceback[0]
        name = frame.filename
        for cut in ("site-packages/", "plugins/"):
            if cut in name:
                name = name.split(cut, 1)[1]
        rows.append(f"{stat.size / 2**20:8.1f} MiB {stat.count:9d}  {name}:{frame.lineno}")
    return rows


def open_draft(corpus: Path) -> str:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    ids = [i for i, status in manifest["expected"].items() if status in ("open", "closing-soon")]
    return ids[len(ids) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--tracemalloc", action="store_true", help="trace allocations (slow)")
    parser.add_argument("--top", type=int, default=25, help="allocations listed per build with --tracemalloc")
    parser.add_argument(
        "--give-back",
        choices=("none", "trim", "gc", "freeze"),
        default="none",
        help="after each build: nothing; malloc_trim(0) (glibc); gc.collect() then malloc_trim; the same"
        " and gc.freeze() after the first build",
    )
    parser.add_argument("--json", type=Path, metavar="FILE")
    args = parser.parse_args(argv)

    os.environ.setdefault("SOURCE_DATE_EPOCH", REFERENCE_EPOCH)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    cache = tempfile.mkdtemp(prefix="serve-memory-cache-")
    os.environ["POLICY_DRAFTS_CACHE_DIR"] = cache
    site_dir = tempfile.mkdtemp(prefix="serve-memory-site-")
    root = (args.corpus / "product").resolve()
    os.chdir(root)

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    serve_url = "http://127.0.0.1:8000/"

    def get_config():
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=site_dir)
        config.site_url = serve_url
        return config

    draft = open_draft(args.corpus)
    source = root / "drafts" / draft / "index.md"
    original = source.read_text(encoding="utf-8")
    if args.tracemalloc:
        tracemalloc.start(1)
    results = []
    try:
        config = get_config()
        config.plugins.on_startup(command="serve", dirty=True)
        for number in range(args.edits + 1):
            if number:
                source.write_text(f"{original}\n\n{MARKER} {number}.\n", encoding="utf-8")
                config = get_config()
            wall, cpu = time.perf_counter(), time.process_time()
            with PeakSampler() as sampler:
                build(config, serve_url=serve_url, dirty=True)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            del config
            row = {
                "build": "first" if number == 0 else f"rebuild {number}",
                "wall_s": round(wall, 2),
                "cpu_s": round(cpu, 2),
                "pss_mib": round(pss_mib(), 1),
                "rss_mib": round(rss_mib(), 1),
                "peak_pss_mib": round(sampler.peak, 1),
            }
            started = time.perf_counter()
            if args.give_back in ("gc", "freeze"):
                gc.collect()
                if args.give_back == "freeze" and number == 0:
                    gc.freeze()
            if args.give_back != "none":
                ctypes.CDLL("libc.so.6").malloc_trim(0)
            row["give_back_s"] = round(time.perf_counter() - started, 3)
            row["pss_given_back_mib"] = round(pss_mib(), 1)
            print(
                f"{row['build']:>10}: wall {wall:6.2f} s  cpu {cpu:6.2f} s  PSS {row['pss_mib']:7.1f} MiB "
                f"(given back: {row['pss_given_back_mib']:7.1f} in {row['give_back_s']} s)  "
                f"RSS {row['rss_mib']:7.1f}  peak PSS {sampler.peak:7.1f}",
                flush=True,
            )
            if args.tracemalloc:
                current, peak = tracemalloc.get_traced_memory()
                row["traced_mib"] = round(current / 2**20, 1)
                row["traced_peak_mib"] = round(peak / 2**20, 1)
                print(f"            traced {current / 2**20:.1f} MiB, peak {peak / 2**20:.1f} MiB")
                for line in top_allocations(args.top):
                    print("           ", line)
                tracemalloc.reset_peak()
            results.append(row)
    finally:
        source.write_text(original, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
