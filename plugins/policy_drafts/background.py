"""Using the machine's other cores on a large site (pure).

A large site's build does two long, independent things after the drafts are read: MkDocs
renders the pages through the theme, and the core writes its files (feeds, calendars,
notices, open data, the search index). `Background.start` forks a process that writes the
files while the parent renders the pages; `finish` waits for it and reports its failure.
The bytes are the same whichever process writes them (the child works on a copy of the
parent's memory), so the site stays byte-identical to a build that does everything in turn.
"""

from __future__ import annotations

import os
import signal
import traceback
from collections.abc import Callable, Sequence

# Below this many drafts the forks cost more than they save; `POLICY_DRAFTS_WORKERS=1` turns
# every worker off (a host with little memory, or to profile a build in one process).
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
    """Jobs run, in order, in one forked process."""

    def __init__(self, pid: int, errors: int):
        self.pid = pid
        self._errors = errors

    @classmethod
    def start(cls, jobs: Sequence[Callable[[], object]]) -> Background:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run the jobs, say what failed, never return into the build
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
        return cls(pid, read)

    def finish(self) -> None:
        """Wait for the jobs; raise BackgroundFailed if one failed or the process died."""
        chunks = []
        with os.fdopen(self._errors, "rb") as errors:  # read to the end first: a full pipe blocks
            chunks.append(errors.read())
        _, status = os.waitpid(self.pid, 0)
        message = b"".join(chunks).decode("utf-8", "replace").strip()
        if os.waitstatus_to_exitcode(status) != 0:
            raise BackgroundFailed(message or f"tiến trình phụ dừng với mã {os.waitstatus_to_exitcode(status)}")

    def cancel(self) -> None:
        """The build failed elsewhere: stop the jobs and reap the process."""
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self._errors)
