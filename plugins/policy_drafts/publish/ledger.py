"""What the plugin wrote to a site directory, so that a dirty build writes only what changed (no MkDocs).

Each file the plugin wrote is kept as (key, size, modification time in nanoseconds, inputs'
key): the key of an output is the hash of its bytes, the key of a page the hash of everything
its HTML is made of (host/plugin.py, `CorePage.key`); an output made of some drafts alone also
has the key of its inputs (outputs.py, `Output.inputs`), with which a dirty build knows it
unchanged without producing it. In a dirty build (`mkdocs build --dirty`, `mkdocs
serve --dirty`) a file whose key is the same and which the site directory still holds as it
was written (same size and time: nobody touched it) is not written again, and a page is not
rendered again (MkDocs asks `File.is_modified`). The files the last build wrote that this one
does not produce (a deleted draft's page, calendar, notice ...) are removed, so that a dirty
build leaves the site a clean build would.

The ledger lives in the draft cache's folder (`POLICY_DRAFTS_CACHE_DIR`), one file per site
directory; with the cache off there is none and every file is written. A build that writes
files in forked processes (background.py) has each process save what it wrote beside the
ledger (`save_part`), and the parent merges those parts (`merge_parts`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

FORMAT = 2

# What this process last wrote to each ledger file, with the file's size and time just after: a
# `mkdocs serve` rebuild takes its ledger from here instead of reading it again (a JSON of 67,000
# files at 10,000 drafts), unless the file changed since (another process wrote it).
_WRITTEN: dict[Path, tuple[tuple[int, int], dict[str, list]]] = {}


def _stat_of(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def content_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


class Ledger:
    """The files of one site directory. `folder`: where the ledger is kept (None: no ledger,
    every file is written); `dirty`: whether this build keeps the site directory's files."""

    def __init__(self, folder: Path | None, site_dir: str, dirty: bool):
        self.site_dir = site_dir
        self.dirty = dirty and folder is not None
        self.path: Path | None = None
        self.old: dict[str, list] = {}
        self.new: dict[str, list] = {}  # [key, size, mtime_ns, inputs' key], or [key] until written
        self.produced: set[str] = set()  # every file this build declared, written or not
        if folder is None:
            return
        name = hashlib.sha256(os.path.realpath(site_dir).encode("utf-8", "surrogateescape")).hexdigest()[:16]
        self.path = folder / f"site-{name}.json"
        if self.dirty:  # a clean build starts from an empty site directory: nothing to keep
            written = _WRITTEN.get(self.path)
            if written is not None and written[0] == _stat_of(self.path):
                self.old = written[1]  # never changed in place: read, and replaced by `finish`
                return
            with contextlib.suppress(OSError, ValueError, TypeError):
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("format") == FORMAT and isinstance(data.get("files"), dict):
                    self.old = data["files"]

    def _dest(self, rel: str) -> str:
        return os.path.join(self.site_dir, rel)

    def declare(self, rels) -> None:
        """Every file of this build (the plugin's and the others'): never removed as stale, even
        where a forked writer could not say what it wrote."""
        self.produced.update(rels)

    def unchanged(self, rel: str, key: str, inputs_key: str = "") -> bool:
        """Whether `rel` is in the site directory as the last build wrote it, with this key (only
        in a dirty build); then it counts as written by this build (from inputs of `inputs_key`)."""
        self.produced.add(rel)
        old = self.old.get(rel)
        if not self.dirty or old is None or len(old) < 3 or old[0] != key:
            return False
        return self._untouched(rel, [*old[:3], inputs_key])

    def unchanged_inputs(self, rel: str, inputs_key: str) -> bool:
        """Whether `rel` is in the site directory as the last build wrote it from inputs of this
        key (only in a dirty build): then it need not even be produced."""
        self.produced.add(rel)
        old = self.old.get(rel)
        if not self.dirty or not inputs_key or old is None or len(old) < 4 or old[3] != inputs_key:
            return False
        return self._untouched(rel, old)

    def _untouched(self, rel: str, old: list) -> bool:
        try:
            info = os.stat(self._dest(rel))
        except OSError:
            return False
        if (info.st_size, info.st_mtime_ns) != (old[1], old[2]):
            return False
        self.new[rel] = old
        return True

    def wrote(self, rel: str, key: str, inputs_key: str = "") -> None:
        """`rel` has just been written with this key (from inputs of `inputs_key`)."""
        self.produced.add(rel)
        with contextlib.suppress(OSError):
            info = os.stat(self._dest(rel))
            self.new[rel] = [key, info.st_size, info.st_mtime_ns, inputs_key]

    def will_write(self, rel: str, key: str) -> None:
        """MkDocs writes `rel` (a page) after this: its size and time are read in `finish`."""
        self.produced.add(rel)
        self.new[rel] = [key]

    def _part(self, pid: int) -> Path | None:
        return self.path.with_name(f"{self.path.stem}.part-{pid}.json") if self.path else None

    def save_part(self) -> None:
        """In a forked writer: what this process wrote, for the parent."""
        part = self._part(os.getpid())
        if part is not None:
            with contextlib.suppress(OSError):
                part.parent.mkdir(parents=True, exist_ok=True)
                part.write_text(json.dumps([sorted(self.produced), self.new], separators=(",", ":")), "utf-8")

    def merge_parts(self, pids: list[int]) -> None:
        for pid in pids:
            part = self._part(pid)
            if part is None:
                continue
            with contextlib.suppress(OSError, ValueError, TypeError):
                produced, new = json.loads(part.read_text(encoding="utf-8"))
                self.produced.update(produced)
                self.new.update(new)
            with contextlib.suppress(OSError):
                part.unlink()

    def finish(self) -> None:
        """The build is done: remove what the last build wrote and this one did not produce (a
        dirty build), then keep what this build wrote."""
        if self.path is None:
            return
        if self.dirty:
            for rel in sorted(set(self.old) - self.produced):
                self._remove_if_untouched(rel, self.old[rel])
        files = {}
        for rel, entry in self.new.items():
            if len(entry) == 1:
                try:
                    info = os.stat(self._dest(rel))
                except OSError:
                    continue
                entry = [entry[0], info.st_size, info.st_mtime_ns]
            files[rel] = entry
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            data = {"format": FORMAT, "site_dir": os.path.realpath(self.site_dir), "files": files}
            temporary.write_text(json.dumps(data, separators=(",", ":")), "utf-8")
            os.replace(temporary, self.path)
            stat = _stat_of(self.path)
            if stat is not None:
                _WRITTEN[self.path] = (stat, files)
        self._forget_gone_sites()

    def _forget_gone_sites(self) -> None:
        """Ledgers of site directories that no longer exist (each `mkdocs serve` builds into a
        new temporary one)."""
        assert self.path is not None
        for other in self.path.parent.glob("site-*.json"):
            if other == self.path:
                continue
            with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
                if not os.path.isdir(json.loads(other.read_text(encoding="utf-8"))["site_dir"]):
                    other.unlink()

    def forget(self) -> None:
        """The build failed: the site directory is not what the ledger says."""
        if self.path is not None:
            _WRITTEN.pop(self.path, None)
            with contextlib.suppress(OSError):
                self.path.unlink()

    def _remove_if_untouched(self, rel: str, old: list) -> None:
        dest = self._dest(rel)
        try:
            info = os.stat(dest)
        except OSError:
            return
        if len(old) < 3 or (info.st_size, info.st_mtime_ns) != (old[1], old[2]):
            return  # someone else's file now
        with contextlib.suppress(OSError):
            os.unlink(dest)
        folder = os.path.dirname(dest)
        root = os.path.realpath(self.site_dir)
        while os.path.realpath(folder).startswith(root + os.sep):
            try:
                os.rmdir(folder)  # only when empty
            except OSError:
                break
            folder = os.path.dirname(folder)
