"""A `mkdocs serve --dirty` rebuild in one process, timed and profiled (issue #22).

    SOURCE_DATE_EPOCH=1795399200 python bench/serve_profile.py /tmp/c1000/product [--rebuilds 3]
        [--profile OUT.prof] [--top 40] [--check]

Does what `mkdocs serve --dirty` does (mkdocs/commands/serve.py): a configuration loaded from the
site's mkdocs.yml, `on_startup(command="serve", dirty=True)` once, a first build, then for each
rebuild a new configuration with the same plugin objects (MkDocs keeps a plugin that has
on_startup) and `build(config, dirty=True)`. Before each rebuild one open draft's body gets a
paragraph with a unique word. Prints each rebuild's wall and CPU seconds; with `--profile`, the
last rebuild runs under cProfile and the top functions are printed. `--check` builds the same
sources afresh (a new plugin object, a clean site directory) after the last rebuild and compares
the two sites file for file. The draft is put back at the end. Needs POLICY_DRAFTS_CACHE_DIR set
to a folder (the ledger lives there; the script uses a fresh one by default).
"""

from __future__ import annotations

import argparse
import cProfile
import filecmp
import gc
import os
import pstats
import re
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path


def load(root: Path, site_dir: Path, serve_url: str):
    from mkdocs.config import load_config

    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir))
    config.site_url = serve_url
    return config


def open_draft(root: Path) -> Path:
    for folder in sorted((root / "drafts").iterdir()):
        text = folder / "index.md"
        if text.is_file() and re.search(r"^closes: 2026-1[12]", text.read_text("utf-8"), re.M):
            return text
    return next(iter(sorted((root / "drafts").glob("*/index.md"))))


def differences(left: Path, right: Path) -> list[str]:
    out: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        out.extend(f"only in serve: {prefix}{n}" for n in cmp.left_only)
        out.extend(f"only in fresh: {prefix}{n}" for n in cmp.right_only)
        for name in cmp.common_files:
            if not filecmp.cmp(Path(cmp.left) / name, Path(cmp.right) / name, shallow=False):
                out.append(f"differs: {prefix}{name}")
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return out


class GcClock:
    """The time the cyclic garbage collector takes (gc.callbacks), by generation."""

    def __init__(self) -> None:
        self.spent = [0.0, 0.0, 0.0]
        self._started = 0.0
        gc.callbacks.append(self._tick)

    def _tick(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.spent[info["generation"]] += time.perf_counter() - self._started

    def take(self) -> str:
        spent, self.spent = self.spent, [0.0, 0.0, 0.0]
        return "gc " + "/".join(f"{s:.2f}" for s in spent) + " s (generations 0/1/2)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path, help="the product site's folder (mkdocs.yml, drafts/)")
    parser.add_argument("--rebuilds", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="profile the last rebuild, save it here")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--check", action="store_true", help="compare with a fresh build at the end")
    parser.add_argument(
        "--freeze-before",
        type=int,
        default=1,
        metavar="R",
        help="run what on_serve does after the first build (keep_first_build: gc.collect, gc.freeze, malloc_trim) "
        "before rebuild R (default 1, as `mkdocs serve`; 0: never)",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    work = Path(tempfile.mkdtemp(prefix="serve-profile-"))
    if os.environ.get("POLICY_DRAFTS_CACHE_DIR", "off") == "off":
        os.environ["POLICY_DRAFTS_CACHE_DIR"] = str(work / "cache")
    from mkdocs.commands.build import build
    from mkdocs.config.defaults import MkDocsConfig
    from policy_drafts.host import reclaim
    from policy_drafts.host.reclaim import keep_first_build

    root = args.root.resolve()
    site_dir = work / "site"
    serve_url = "http://127.0.0.1:8000/"
    draft = open_draft(root)
    original = draft.read_bytes()
    try:
        config = load(root, site_dir, serve_url)
        config.plugins.on_startup(command="serve", dirty=True)
        clock = GcClock()
        started = time.perf_counter(), time.process_time()
        build(config, serve_url=serve_url, dirty=True)
        clock.take()
        print(
            f"first build: {time.perf_counter() - started[0]:.2f} s wall, {time.process_time() - started[1]:.2f} s CPU"
        )
        for rebuild in range(1, args.rebuilds + 1):
            if rebuild == args.freeze_before:
                started = time.perf_counter()
                keep_first_build()
                print(f"keep_first_build: {time.perf_counter() - started:.2f} s; {clock.take()}")
            word = f"suadoi{rebuild}x{uuid.uuid4().hex[:8]}"  # unique across runs on the same corpus
            draft.write_text(draft.read_text("utf-8") + f"\n\nĐoạn thêm {word}.\n", "utf-8")
            profiler = cProfile.Profile() if args.profile and rebuild == args.rebuilds else None
            started = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            config = load(root, site_dir, serve_url)
            build(config, serve_url=serve_url, dirty=True)
            if profiler:
                profiler.disable()
            wall, cpu = time.perf_counter() - started[0], time.process_time() - started[1]
            page = site_dir / "du-thao" / draft.parent.name / "index.html"
            served = word in page.read_text("utf-8")
            print(
                f"rebuild {rebuild}: {wall:.2f} s wall, {cpu:.2f} s CPU{' (profiled)' if profiler else ''}"
                f"{'' if served else '  EDIT NOT IN PAGE'}; {clock.take()}"
            )
            waited = time.perf_counter()
            for timer in list(reclaim._IDLE_COLLECTION):  # the server is idle: its collection
                timer.join()
            if reclaim._IDLE_COLLECTION:
                print(f"  idle collection after it: {clock.take()} (waited {time.perf_counter() - waited:.1f} s)")
            if profiler:
                profiler.dump_stats(args.profile)
                stats = pstats.Stats(str(args.profile)).strip_dirs()
                stats.sort_stats("cumulative").print_stats(args.top)
                stats.sort_stats("tottime").print_stats(args.top // 2)
        if args.check:
            MkDocsConfig.plugins.plugin_cache.clear()  # type: ignore[attr-defined]
            fresh = work / "fresh"
            config = load(root, fresh, serve_url)
            config.plugins.on_startup(command="serve", dirty=True)
            build(config, serve_url=serve_url, dirty=True)
            diffs = differences(site_dir, fresh)
            print(f"serve rebuild vs fresh build: {len(diffs)} differences")
            for line in diffs[:30]:
                print("  " + line)
            return 1 if diffs else 0
        return 0
    finally:
        draft.write_bytes(original)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
