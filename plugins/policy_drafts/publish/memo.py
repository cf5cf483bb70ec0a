"""What one build derived, by the key of what it was derived from, for the next build (pure).

A rebuild after one edit (`mkdocs serve`, `mkdocs build --dirty`) must not derive again what
did not change: the search terms of 999 drafts, their calendar events, their open-data
records. Each such value is asked for by a key made of everything it is made of: the draft
view it shows (`fingerprint`, the hash of the view's whole data, its body and status at the
build instant included) and the site's key (configuration, code, templates, build instant:
`SiteKey`). Nothing is ever looked up by a draft's id alone, so a stale value cannot be
found: a changed input is a new key.

`Memo` keeps, from one build to the next within one process (the plugin object that
`mkdocs serve` keeps), the values the last build asked for and nothing else: memory stays
that of one build's values, however many rebuilds.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")
_MISSING = object()


def digest(*parts: Any) -> str:
    """A key for plain data (strings, numbers, dates, records of them): the hash of its pickle.
    Equal data gives equal keys in every process (no set in the data: a set's order follows the
    process's string hashing, which only costs a key that does not match)."""
    return hashlib.blake2b(pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).hexdigest()


class Memo:
    """Values by key, kept for one more build: a value asked for in this build is kept for the
    next; one not asked for is forgotten (`next_build`)."""

    def __init__(self) -> None:
        self._last: dict[Hashable, Any] = {}
        self._this: dict[Hashable, Any] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        value = self._this.get(key, _MISSING)
        if value is _MISSING:
            value = self._last.pop(key, _MISSING)
            if value is _MISSING:
                self.misses += 1
                value = compute()
            else:
                self.hits += 1
            self._this[key] = value
        return value

    def next_build(self) -> None:
        """A new build starts: what the last one asked for stays, the rest is dropped."""
        self._last, self._this = self._this, {}
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._last) + len(self._this)


def fingerprints(views: Iterable[Any]) -> dict[str, str]:
    """Each draft view's key by its id: the hash of its whole data (draft, status, events, names)."""
    return {view.id: digest(view) for view in views}
