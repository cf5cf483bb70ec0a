"""`mkdocs serve` keeps what stays between rebuilds and gives the rest back (the MkDocs adapter; no core).

A serve build of a large site makes millions of objects (MkDocs' files and pages, the site
model, the outputs) and lets go of them when `build()` returns. Three things cost the editor
time or the machine memory:

- the cyclic collector walks everything the process holds, several times per rebuild at 10,000
  drafts (1.5–3 s of a rebuild), though what stays (the drafts as read, draftcache.py; the values
  kept for the next rebuild, memo.py; modules and compiled templates) does not change;
- the finished build's objects are in reference cycles (the site model, its outputs and the
  files and pages bound to them): only a full collection frees them, and one runs only after
  many allocations, often well into the next rebuild;
- memory freed stays in the C allocator's heap: glibc's `malloc` gives pages back only from the
  top of its heap, and the long-lived objects are spread across it. `malloc_trim(0)` gives back
  every whole free page.

So (bench/RESULTS.md, "What serve keeps between rebuilds", "Rebuild work that an edit does not
change"): after the first build (`keep_first_build`, from `on_serve`) the garbage is collected,
what survives is frozen (`gc.freeze`: the collector no longer walks it; frozen objects are still
freed by their reference counts, and what they hold is not cyclic) and the heap trimmed; each
rebuild runs with the collector paused (`pause_collector`, from `on_pre_build`), and its garbage
is collected and the heap trimmed once the server is idle (`collect_when_idle`, from
`on_post_build` and `on_build_error`), not while the editor waits for the page (or, when the
next edit comes first, at the start of the next rebuild). Where the C
library has no `malloc_trim` (musl, macOS, Windows) only the collection runs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import threading
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    trim = getattr(libc, "malloc_trim", None)
    if trim is None:
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def give_back(*, first: bool = False) -> None:
    """Collect the cycles a finished build left, then return the C heap's free pages; after the
    `first` build, freeze what survives."""
    gc.collect()
    if first:
        gc.freeze()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def keep_first_build() -> None:
    """From `on_serve`, which `mkdocs serve` calls once, right after its first build: what is
    alive then (the draft cache, the values kept for the next rebuild, compiled templates, the
    modules) is what the server keeps. The first build's garbage is collected, and what remains
    is put out of the cyclic collector's sight (`gc.freeze`): the collections during a rebuild
    then traverse what rebuilds made, not millions of objects that stay (at 10,000 drafts they
    did several times per rebuild). Frozen objects are still freed when nothing refers to them
    (a draft's cache entry replaced after an edit); only one held in a reference cycle would stay
    until the server stops."""
    give_back(first=True)
    _SERVER_KEPT.append(True)


_SERVER_KEPT: list[bool] = []  # keep_first_build ran: this process is a server between rebuilds
_IDLE_COLLECTION: list[threading.Timer] = []
_COLLECTING = threading.Lock()  # the idle collection and the start of a rebuild, one at a time
IDLE_SECONDS = 2.0  # after a rebuild: the browser has asked for the page it reloads


def pause_collector() -> None:
    """A serve rebuild starts: no cyclic collection during it. A rebuild makes millions of
    objects at 10,000 drafts (a `File` and an output per file, a page object per page); the
    collector went over them several times while the editor waited (1.5–3 s of a rebuild). Most
    die by reference counting; the few cycles wait for `collect_when_idle`. When the last
    rebuild's garbage is not collected yet (an edit within IDLE_SECONDS), it is collected now,
    before this rebuild makes its own: garbage never piles up over rebuilds, and one collection
    of one rebuild's garbage (1.3 s at 10,000 drafts) costs less than the collector running
    through the rebuild over two rebuilds' objects (6–7 s more, measured with bench/serve.py)."""
    if not _SERVER_KEPT:
        return
    pending = False
    while _IDLE_COLLECTION:
        timer = _IDLE_COLLECTION.pop()
        pending = pending or timer.is_alive()
        timer.cancel()
    with _COLLECTING:  # an idle collection under way ends first
        if pending:
            give_back()
        gc.disable()


def collect_when_idle() -> None:
    """A serve rebuild ended (built or failed): collect its garbage and give the memory back
    once the server is idle, then let the collector run as usual until the next rebuild."""
    if not _SERVER_KEPT:
        return
    timer = threading.Timer(IDLE_SECONDS, _collect_and_resume)
    timer.daemon = True
    _IDLE_COLLECTION.append(timer)
    timer.start()


def _collect_and_resume() -> None:
    with _COLLECTING:
        give_back()
        gc.enable()
