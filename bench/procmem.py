"""Memory and CPU of a process tree, read from /proc (Linux only; elsewhere every figure is None).

A large build forks worker processes that share the parent's memory copy-on-write, so the sum
of their resident sets counts shared pages several times. The proportional set size (PSS)
charges each shared page to its sharers in equal parts: the PSS summed over a process and all
its descendants is what the tree really occupies.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def available() -> bool:
    return (PROC / "self" / "smaps_rollup").exists()


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it (via /proc/<pid>/task/<tid>/children)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in (PROC / str(current) / "task").iterdir():
                todo.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def pss_kib(pid: int) -> int:
    """The PSS of one process in KiB (0 if it is gone)."""
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_pss_kib(pid: int) -> int:
    return sum(pss_kib(p) for p in descendants(pid))


def cpu_s(pid: int) -> float:
    """User + system CPU of a live process, its reaped children included (/proc/<pid>/stat)."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return 0.0
    fields = text[text.rindex(")") + 2 :].split()  # after the command name, which may hold spaces
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return (utime + stime + cutime + cstime) / TICKS


def tree_cpu_s(pid: int) -> float:
    """CPU of a process tree: the live processes' own and their reaped children's."""
    return sum(cpu_s(p) for p in descendants(pid))


class PeakSampler:
    """Samples the tree PSS of `pid` every `interval` seconds in a thread; `peak_kib` is the largest."""

    def __init__(self, pid: int, interval: float = 0.25):
        self.pid = pid
        self.interval = interval
        self.peak_kib = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakSampler:
        if available():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        self.peak_kib = 0
        self.samples = 0

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            value = tree_pss_kib(self.pid)
            if value:
                self.peak_kib = max(self.peak_kib, value)
                self.samples += 1
            time.sleep(self.interval)
