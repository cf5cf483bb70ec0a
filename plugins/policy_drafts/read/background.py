"""Using the machine's other cores on a large site (pure).

A large site's build does two long, independent things after the drafts are read: MkDocs
renders the pages through the theme, and the core writes its files (feeds, calendars,
notices, open data, the search index). `Background.start` forks processes that write the
files (in groups that share nothing: feeds, the rest) while the parent renders the pages;
`finish` waits for them and reports a failure.
The bytes are the same whichever process writes them (the child works on a copy of the
parent's memory), so the site stays byte-identical to a build that does everything in turn.
"""

from __future__ import annotations

import gc
import os
import signal
import traceback
from collections.abc import Callable, Sequence

# Below this many drafts a build takes seconds and worker processes save little (and start a
# pool of readers); `POLICY_DRAFTS_WORKERS=1` turns every worker off (a host with little
# memory, or to profile a build in one process).
PARALLEL_FROM = 300
WORKERS = "POLICY_DRAFTS_WORKERS"


def workers(size: int) -> int:
    """How many processes a job over `size` drafts may use (1: do it in this process)."""
    if size < PARALLEL_FROM or not hasattr(os, "fork"):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    wanted = os.environ.get(WORKERS, "").strip()
    limit = int(wanted) if wanted.isdigit() and int(wanted) > 0 else 4
    return max(1, min(cores, limit))


class BackgroundFailed(Exception):
    """The forked process failed; the message is its traceback."""


class Background:
    """Groups of jobs, each group run in order in its own forked process."""

    def __init__(self, children: list[tuple[int, int]]):
        self.children = children  # (process id, read end of its error pipe)

    @property
    def pids(self) -> list[int]:
        return [pid for pid, _ in self.children]

    @classmethod
    def start(cls, groups: Sequence[Sequence[Callable[[], object]]]) -> Background:
        # What exists now (drafts, site model, outputs) lives until the build ends: the cyclic
        # collector need not scan it again and again in any process (a third of the jobs' time
        # on a 10,000-draft site), and the children's memory stays shared with the parent's.
        gc.freeze()
        return cls([_fork(jobs) for jobs in groups if jobs])

    def finish(self) -> None:
        """Wait for every group; raise BackgroundFailed if one failed or its process died."""
        failures = []
        for pid, errors in self.children:
            with os.fdopen(errors, "rb") as pipe:  # read to the end first: a full pipe blocks
                message = pipe.read().decode("utf-8", "replace").strip()
            _, status = os.waitpid(pid, 0)
            code = os.waitstatus_to_exitcode(status)
            if code != 0:
                failures.append(message or f"tiến trình phụ dừng với mã {code}")
        self.children = []
        gc.unfreeze()
        if failures:
            raise BackgroundFailed("\n".join(failures))

    def cancel(self) -> None:
        """The build failed elsewhere: stop the jobs and reap the processes."""
        for pid, errors in self.children:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            os.close(errors)
        self.children = []
        gc.unfreeze()


def _fork(jobs: Sequence[Callable[[], object]]) -> tuple[int, int]:
    read, write = os.pipe()
    pid = os.fork()
    # The child's lines run after fork, where the test run's coverage does not follow (what
    # they do is asserted by tests/test_scale.py, in process and by the byte-identical 2,000-draft build).
    if pid == 0:  # pragma: no cover - the child: run the jobs, say what failed, never return
        os.close(read)
        status = 0
        try:
            for job in jobs:
                job()
        except BaseException:
            os.write(write, traceback.format_exc().encode("utf-8", "replace"))
            status = 1
        finally:
            os._exit(status)
    os.close(write)
    return pid, read
