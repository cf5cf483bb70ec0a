"""`mkdocs serve`'s watcher, native where that is safe (the MkDocs adapter; no core).

MkDocs' `LiveReloadServer` watches with watchdog's `PollingObserver`: every 0.5 s it lists and
`stat`s every file under the watched paths, which over a large drafts folder is a good part of a
core while the server waits (bench/RESULTS.md, "The watcher"). On Linux the kernel can say what
changed instead (inotify), at no cost while nothing does. `watch_natively(server)`, from the
plugin's `on_serve`, gives the server a `Watcher` that

- watches with inotify each path on a local file system; on others (network shares, Docker
  Desktop's bind mounts, WSL's /mnt/c) inotify does not see edits made from the other side,
  which is why MkDocs polls: those paths keep MkDocs' own polling observer, and so does a path
  inotify refuses (fs.inotify.max_user_watches or max_user_instances reached). The refusal comes
  when the watch is added, so the native observer is started before any path is given to it;
- passes on only changes: not the opens and reads of every rebuild, which would trigger the next
  one forever;
- reports a folder created, moved or deleted (and events the kernel dropped) as a file event:
  MkDocs' handler ignores folder events, which polling sends beside one event per file inside,
  while inotify says "folder moved out" once for a draft folder dragged to the trash.

It relies on what `LiveReloadServer` (MkDocs 1.6) does with `observer` (schedule, unschedule,
start, stop, join) and on its `_watched_paths` and `_watch_refs`: the paths already watched are
moved with the server's own `unwatch()` and `watch()` (MkDocs makes their handlers), and
`server.watch()` schedules at call time, so the paths watched after `on_serve` (mkdocs.yml's
`watch:`) go to the new watcher. Where any of this is not as expected, MkDocs' own is kept.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import sys
from pathlib import Path
from typing import Any

from watchdog import events
from watchdog.observers.api import BaseObserver, ObservedWatch

log = logging.getLogger("mkdocs.plugins.policy_drafts")

# File systems whose every change goes through this machine's kernel: inotify sees them all.
LOCAL_FILESYSTEMS = frozenset(
    {"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "f2fs", "zfs", "overlay", "jfs", "bcachefs", "nilfs2"}
)

# What counts as a change (MkDocs' handler takes any event but a folder's).
CHANGES: list[type[events.FileSystemEvent]] = [
    events.FileCreatedEvent,
    events.FileModifiedEvent,
    events.FileDeletedEvent,
    events.FileMovedEvent,
    events.FileClosedEvent,
    events.DirCreatedEvent,
    events.DirDeletedEvent,
    events.DirMovedEvent,
    *(getattr(events, name) for name in ("FileAttribEvent", "EventsLostEvent") if hasattr(events, name)),
]


def filesystem_type(path: str, mountinfo: str | None = None) -> str | None:
    """The type of the file system holding `path` (/proc/self/mountinfo; None where unknown)."""
    if mountinfo is None:
        try:
            mountinfo = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="surrogateescape")
        except OSError:
            return None
    target = os.path.realpath(path)
    found, kind = "", None
    for line in mountinfo.splitlines():
        fields = line.split(" ")
        try:
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4])
            here = fields[fields.index("-", 6) + 1]
        except (IndexError, ValueError):
            continue
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(found):  # the deepest mount; the later one of a stack
            found, kind = point, here
    return kind


class Changes(events.FileSystemEventHandler):
    """MkDocs' handler, given a folder's event as a file event (see the module's docstring)."""

    def __init__(self, handler: events.FileSystemEventHandler):
        self.handler = handler

    def dispatch(self, event: events.FileSystemEvent) -> None:
        if event.is_directory:
            event = events.FileModifiedEvent(event.src_path)
        self.handler.dispatch(event)


class Watcher:
    """The server's observer: `native` for the paths it can watch, MkDocs' `polling` one for the
    others. `native` is running already (see the module's docstring)."""

    def __init__(self, native: BaseObserver, polling: BaseObserver):
        self.native = native
        self.polling = polling
        self.polled: set[ObservedWatch] = set()
        self.started = False

    def schedule(
        self, event_handler: events.FileSystemEventHandler, path: str, *, recursive: bool = False, **options: Any
    ) -> ObservedWatch:
        kind = filesystem_type(path)
        if kind in LOCAL_FILESYSTEMS:
            try:
                return self.native.schedule(Changes(event_handler), path, recursive=recursive, event_filter=CHANGES)
            except OSError as error:
                if error.errno in (errno.ENOSPC, errno.EMFILE):
                    why = "hệ thống đã đến giới hạn số thư mục theo dõi (tăng fs.inotify.max_user_watches để nhanh hơn)"
                elif error.errno == errno.ENOENT:
                    why = "không tìm thấy đường dẫn này"
                else:
                    why = f"inotify từ chối ({error.strerror or error})"
        else:
            why = f"hệ thống tệp {kind or 'không rõ'}, inotify có thể không thấy thay đổi"
        log.info("policy-drafts: theo dõi %s bằng cách quét định kỳ của MkDocs, tốn CPU hơn: %s", path, why)
        watch = self.polling.schedule(event_handler, path, recursive=recursive, **options)
        self.polled.add(watch)
        if self.started and not self.polling.is_alive():
            self.polling.start()
        return watch

    def unschedule(self, watch: ObservedWatch) -> None:
        if watch in self.polled:
            self.polled.discard(watch)
            self.polling.unschedule(watch)
        else:
            self.native.unschedule(watch)

    def start(self) -> None:
        self.started = True
        if self.polled and not self.polling.is_alive():
            self.polling.start()

    def stop(self) -> None:
        self.native.stop()
        if self.polling.is_alive():
            self.polling.stop()

    def join(self, timeout: float | None = None) -> None:
        self.native.join(timeout)
        if self.polling.ident is not None:  # started once
            self.polling.join(timeout)


def watch_natively(server: Any) -> bool:
    """Give MkDocs' `server` (before it serves) a Watcher holding the same watches; False where
    MkDocs' own observer is kept (not Linux, no inotify, a server unlike MkDocs 1.6's)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        from watchdog.observers.inotify import InotifyObserver
    except Exception:  # a libc without inotify, or another watchdog
        return False
    polling = getattr(server, "observer", None)
    paths = getattr(server, "_watched_paths", None)
    refs = getattr(server, "_watch_refs", None)
    if not (isinstance(polling, BaseObserver) and isinstance(paths, dict) and isinstance(refs, dict)):
        return False
    if polling.is_alive() or not callable(getattr(server, "unwatch", None)):
        return False
    native = InotifyObserver()
    try:
        native.start()
    except Exception:
        return False
    moved = {path: (count, getattr(refs.get(path), "is_recursive", True)) for path, count in paths.items()}
    for path, (count, _) in moved.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = Watcher(native, polling)
    for path, (count, recursive) in moved.items():
        for _ in range(count):
            server.watch(path, recursive=recursive)
    return True
