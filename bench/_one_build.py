#!/usr/bin/env python3
"""Run one MkDocs build in this process and print what it cost as one line of JSON.

    python bench/_one_build.py SITE/mkdocs.yml [--profile FILE.prof]

Used by run.py, one fresh process per build. Prints on stdout:

    {"import_s": ..., "load_config_s": ..., "build_s": ..., "wall_s": ...,
     "cpu_s": ..., "maxrss_kib": ..., "warnings": ...}

wall_s = load_config_s + build_s (what `mkdocs build` spends after its imports);
cpu_s (user + system) is this whole process's, imports included, plus its worker processes'
(a large site reads drafts and writes files in forked processes); maxrss_kib is the peak
resident set size of this process (the workers' own peaks are in maxrss_children_kib).
MkDocs log messages go to stderr (INFO and above); warnings and errors are counted.
The environment (SOURCE_DATE_EPOCH, NO_MKDOCS_2_WARNING) is set by the caller.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402


class WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="One timed MkDocs build, reported as JSON.")
    parser.add_argument("config_file", help="the site's mkdocs.yml")
    parser.add_argument("--profile", metavar="FILE", help="run under cProfile and write the stats to FILE")
    args = parser.parse_args(argv)

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)
    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    counter = WarningCounter()
    logger.addHandler(stream)
    logger.addHandler(counter)

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    imported = time.perf_counter()
    config = load_config(config_file=args.config_file)
    loaded = time.perf_counter()
    build(config)
    built = time.perf_counter()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)

    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    scale = 1024 if sys.platform == "darwin" else 1  # bytes on macOS
    print(
        json.dumps(
            {
                "import_s": round(imported - STARTED, 4),
                "load_config_s": round(loaded - imported, 4),
                "build_s": round(built - loaded, 4),
                "wall_s": round(built - imported, 4),
                "cpu_s": round(usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime, 4),
                "maxrss_kib": usage.ru_maxrss // scale,
                "maxrss_children_kib": children.ru_maxrss // scale,
                "warnings": counter.count,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
