"""Drafts read once: what a draft folder gave the last time, reused while the folder is the same (pure).

Reading a draft (YAML, checks, Markdown, the sanitizer, attachments) is most of a large
site's build and all of an edit's wait under `mkdocs serve`. A folder's `Entry` (catalog.py)
depends only on the folder's files, the site's settings and this package's code, so it is
kept under a key made of those three:

- the folder: every file and sub-folder below it as `lstat` sees it (name, kind, size,
  modification time in nanoseconds), links included as links, never followed;
- the settings: every value of `Settings`, callables by their qualified name;
- the code: every module of the package (name, size, modification time) and its version.

Any change of a file, of mkdocs.yml's registries or of the package reads the folder again.
`mkdocs serve` keeps the entries in memory between rebuilds; builds keep them on disk in a
cache folder outside the repository (`POLICY_DRAFTS_CACHE_DIR`, default
`~/.cache/policy-drafts/`, one sub-folder per site), because the entries are pickles and a
folder that editors can push to must never be unpickled. `POLICY_DRAFTS_CACHE_DIR=off`
turns the disk cache off. A build with the cache writes the same bytes as one without
(tests/test_draftcache.py follows a sequence of edits).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

CACHE_DIR = "POLICY_DRAFTS_CACHE_DIR"
PACKAGE = Path(__file__).parent.parent
FORMAT = 1  # bump when the pickled records change shape without a code change (never in practice)


def folder_signature(folder: str) -> str:
    """Everything below `folder` as lstat sees it; '' when the folder cannot be listed."""
    rows: list[str] = []
    try:
        _walk(folder, "", rows)
    except OSError:
        return ""
    return hashlib.sha256("\n".join(rows).encode("utf-8", "surrogateescape")).hexdigest()


def _walk(folder: str, prefix: str, rows: list[str]) -> None:
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda e: e.name)
    for entry in entries:
        info = entry.stat(follow_symlinks=False)
        kind = "d" if stat.S_ISDIR(info.st_mode) else "l" if stat.S_ISLNK(info.st_mode) else "f"
        rows.append(f"{prefix}{entry.name}\t{kind}\t{info.st_size}\t{info.st_mtime_ns}\t{info.st_ino}")
        if kind == "d" and len(rows) < 100_000:  # a folder is read only one level deep (versions/)
            _walk(entry.path, f"{prefix}{entry.name}/", rows)


def fingerprint(value: Any) -> str:
    """A stable text of a settings value: dataclasses by field, mappings sorted, callables by name."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        inner = ",".join(f"{f.name}={fingerprint(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return f"{type(value).__qualname__}({inner})"
    if isinstance(value, dict):
        return "{" + ",".join(f"{fingerprint(k)}:{fingerprint(v)}" for k, v in sorted(value.items(), key=str)) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return "[" + ",".join(fingerprint(v) for v in items) + "]"
    if callable(value):
        return f"<{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}>"
    return repr(value)


_CODE: str | None = None


def code_signature() -> str:
    """This package's code as installed: a change of any module reads every draft again."""
    global _CODE
    if _CODE is None:
        rows = [f"format {FORMAT}"]
        for path in sorted(PACKAGE.rglob("*.py")):
            info = path.stat()
            rows.append(f"{path.relative_to(PACKAGE).as_posix()}\t{info.st_size}\t{info.st_mtime_ns}")
        _CODE = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return _CODE


def default_dir(root: Path) -> Path | None:
    """The disk cache of the site at `root` (None: off)."""
    configured = os.environ.get(CACHE_DIR, "").strip()
    if configured.lower() in ("off", "0", "no", "false"):
        return None
    base = Path(configured) if configured else Path.home() / ".cache" / "policy-drafts"
    site = hashlib.sha256(os.path.realpath(root).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return base / site


class DraftCache:
    """Entries by folder name, valid while their key is unchanged. `directory`: the disk cache
    (None: memory only, as in `mkdocs serve`, where the plugin keeps this object between rebuilds)."""

    def __init__(self, directory: Path | None = None):
        self.directory = directory
        self._memory: dict[str, tuple[str, Any]] = {}
        self._settings: Any = None
        self._settings_text = ""
        self.hits = 0
        self.reads = 0
        self.last_keys: dict[str, str] = {}  # the last load's key of each folder, by name

    def key(self, settings: Any, name: str, signature: str) -> str:
        # The settings' fingerprint once per build, not once per draft (0.3 ms each: 0.3 s of every
        # rebuild at 1,000 drafts). Settings is a frozen dataclass, made anew by each on_config; the
        # object itself is kept, so a later one is never mistaken for it.
        if self._settings is not settings:
            self._settings, self._settings_text = settings, fingerprint(settings)
        text = f"{code_signature()}\n{self._settings_text}\n{name}\n{signature}"
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()

    def get(self, name: str, key: str) -> Any | None:
        kept = self._memory.get(name)
        if kept is not None and kept[0] == key:
            self.hits += 1
            return kept[1]
        if self.directory is not None:
            try:
                with open(self.directory / f"{key}.pickle", "rb") as cached:
                    entry = pickle.load(cached)  # written by this cache only, outside the repository
            except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
                return None
            self._memory[name] = (key, entry)
            self.hits += 1
            return entry
        return None

    def put(self, name: str, key: str, entry: Any) -> Any:
        """Keep `entry` (in memory, and on disk with a directory); returns the entry to use: with
        a directory, the copy read back from the pickle just written. Pickling a string that is
        not ASCII leaves a UTF-8 copy of it inside the string object (CPython caches the encoding
        the pickler asks for), for as long as the string lives: Vietnamese text kept twice
        over (15 MB per 1,000 drafts of bench/generate.py) for the lifetime of `mkdocs serve`. The copy read
        back has none (unpickling costs about a hundredth of reading the draft)."""
        self.reads += 1
        self._memory[name] = (key, entry)
        if self.directory is None:
            return entry
        try:
            data = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        except pickle.PicklingError:
            return entry  # a cache that cannot be written only costs time
        entry = pickle.loads(data)
        self._memory[name] = (key, entry)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            temporary = self.directory / f".{key}.{os.getpid()}.tmp"
            with open(temporary, "wb") as out:
                out.write(data)
            os.replace(temporary, self.directory / f"{key}.pickle")
        except OSError:
            pass  # a cache that cannot be written only costs time
        return entry

    def keep_only(self, names: set[str]) -> None:
        """Forget the folders that are gone, in memory and on disk (entries of this site only)."""
        for name in set(self._memory) - names:
            del self._memory[name]
        if self.directory is None or not self.directory.is_dir():
            return
        kept = {f"{key}.pickle" for key, _ in self._memory.values()}
        for path in self.directory.iterdir():
            if path.name not in kept and path.suffix == ".pickle":
                with contextlib.suppress(OSError):
                    path.unlink()


Loader = Callable[[list[tuple[str, str, str]]], list[Any]]


def load_with_cache(
    cache: DraftCache, settings: Any, jobs: list[tuple[str, str, str]], load: Loader, *, whole: bool = True
) -> list[Any]:
    """`load(jobs)` for the folders whose key changed, the cache for the others; entries in the
    order of `jobs` ((path, rel, name) per folder). `whole`: `jobs` are every folder of the site
    (then the cache forgets the others)."""
    cache.hits = cache.reads = 0
    keys = [cache.key(settings, name, folder_signature(path)) for path, _, name in jobs]
    cache.last_keys = {name: key for (_, _, name), key in zip(jobs, keys)}
    found = [cache.get(name, key) for (_, _, name), key in zip(jobs, keys)]
    missing = [i for i, entry in enumerate(found) if entry is None]
    for i, entry in zip(missing, load([jobs[i] for i in missing])):
        found[i] = cache.put(jobs[i][2], keys[i], entry)
    if whole:
        cache.keep_only({name for _, _, name in jobs})
    return found


_SITES: dict[str, DraftCache] = {}


def for_site(root: Path) -> DraftCache:
    """The cache of the site at `root`, the same object for every build of this process:
    `mkdocs serve` loads the configuration, hence the plugin, anew for each rebuild."""
    key = os.path.realpath(root)
    if key not in _SITES:
        _SITES[key] = DraftCache(default_dir(root))
    return _SITES[key]
