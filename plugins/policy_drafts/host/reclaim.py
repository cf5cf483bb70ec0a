"""`mkdocs serve` gives a finished build's memory back to the system (the MkDocs adapter; no core).

A serve build of a large site makes millions of objects (MkDocs' files and pages, the site
model, the outputs) and lets go of them when `build()` returns. Two things keep the memory they
held from the system while the server waits for the next edit:

- objects in reference cycles wait for a full collection of Python's garbage collector, which
  runs only after many allocations (tens of MB at 10,000 drafts);
- the memory freed stays in the C allocator's heap: glibc's `malloc` gives pages back only from
  the top of its heap, and the long-lived objects (the drafts kept for the next rebuild) are
  spread across it. `malloc_trim(0)` gives back every whole free page (hundreds of MB at 10,000
  drafts; bench/RESULTS.md, "Memory under serve").

`give_back_after_each_build(server)`, from the plugin's `on_serve` (after the first build),
does both once now and after every rebuild of the server. Where the C library has no
`malloc_trim` (musl, macOS, Windows) only the collection runs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable
from functools import cache, wraps
from typing import Any


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


def give_back() -> None:
    """Collect the cycles a finished build left, then return the C heap's free pages."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def give_back_after_each_build(server: Any) -> None:
    """Wrap the server's `builder` (MkDocs' LiveReloadServer calls `server.builder()` for each
    rebuild) so that every build, failed ones too, ends by giving its memory back; and give the
    first build's back now. A server without a `builder` is left as it is."""
    builder = getattr(server, "builder", None)
    if not callable(builder):
        return
    give_back()

    @wraps(builder)
    def build_then_give_back(*args: Any, **kwargs: Any) -> Any:
        try:
            return builder(*args, **kwargs)
        finally:
            give_back()

    server.builder = build_then_give_back
