"""`mkdocs serve` gives a finished build's memory back to the system (the MkDocs adapter; no core).

A serve build of a large site makes millions of objects (MkDocs' files and pages, the site
model, the outputs) and lets go of them when `build()` returns. Two things keep the memory they
held from the system while the server waits for the next edit:

- the finished build's objects are in reference cycles (the site model, its outputs and the
  files and pages bound to them): only a full collection of Python's garbage collector frees
  them, and one runs only after many allocations, often well into the next rebuild;
- the memory freed stays in the C allocator's heap: glibc's `malloc` gives pages back only from
  the top of its heap, and the long-lived objects (the drafts kept for the next rebuild,
  draftcache.py; the values kept, memo.py) are spread across it. `malloc_trim(0)` gives back
  every whole free page.

At 10,000 drafts this is about a third of the server's memory (bench/RESULTS.md, "What serve
keeps between rebuilds"). `give_back_after_each_build(server)`, from the plugin's `on_serve`
(after the first build), collects and trims once now and after every rebuild. After the first
build the objects that survive (modules, the drafts as read, the kept values) are frozen
(`gc.freeze`): the collector no longer walks them, so each later full collection, the rebuilds'
own ones included, costs what the rebuild made, not what the whole process holds (at 1,000
drafts 0.06 s to free a finished rebuild). Frozen objects are still freed by their reference
counts; what they hold is not cyclic (a draft as read, a kept value). Where the C library has no
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


def give_back(*, first: bool = False) -> None:
    """Collect the cycles a finished build left, then return the C heap's free pages; after the
    `first` build, freeze what survives."""
    gc.collect()
    if first:
        gc.freeze()
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
    give_back(first=True)

    @wraps(builder)
    def build_then_give_back(*args: Any, **kwargs: Any) -> Any:
        try:
            return builder(*args, **kwargs)
        finally:
            give_back()

    server.builder = build_then_give_back
