"""What `mkdocs serve` keeps between rebuilds (issue #22's memory goal): the drafts kept as read
carry no second copy of their text, a draft keeps its body as HTML only, and every build of the
server gives its memory back (host/reclaim.py)."""

from __future__ import annotations

import gc
import sys

import pytest
from policy_drafts.host import reclaim
from policy_drafts.read.catalog import load_catalog
from policy_drafts.read.draftcache import DraftCache, load_with_cache
from sitekit import base_draft, fixture_settings, write_site

TEXT = "Nội dung dự thảo về học phí năm học 2026–2027. " * 40  # not ASCII: Vietnamese


def fresh(text: str) -> str:
    return "".join(list(text))  # a new string object equal to `text`


def test_a_draft_put_in_the_disk_cache_is_kept_without_the_pickle_s_utf8_copy(tmp_path):
    entry = {"body": fresh(TEXT), "parts": (fresh(TEXT[:300]),)}
    size = sys.getsizeof(fresh(TEXT))
    cache = DraftCache(tmp_path / "cache")
    (tmp_path / "x").mkdir()
    jobs = [(str(tmp_path / "x"), "drafts/x", "x")]
    found = load_with_cache(cache, fixture_settings(), jobs, lambda missing: [entry] * len(missing))
    assert found == [entry]
    assert sys.getsizeof(entry["body"]) > size  # pickling left its UTF-8 copy in the string read
    kept = found[0]
    assert sys.getsizeof(kept["body"]) == size  # what the build uses and the cache keeps has none
    assert sys.getsizeof(kept["parts"][0]) == sys.getsizeof(fresh(TEXT[:300]))
    assert load_with_cache(
        cache, fixture_settings(), jobs, lambda missing: [pytest.fail("read again") for _ in missing]
    ) == [entry]
    assert cache.get("x", cache.last_keys["x"]) is kept
    assert list((tmp_path / "cache").glob("*.pickle"))  # and it is on disk for the next process


def test_a_memory_only_cache_keeps_the_entry_it_was_given(tmp_path):
    entry = {"body": fresh(TEXT)}
    cache = DraftCache(None)
    jobs = [(str(tmp_path), "drafts/x", "x")]
    assert load_with_cache(cache, fixture_settings(), jobs, lambda missing: [entry])[0] is entry


def test_a_read_draft_keeps_its_body_as_html_only(tmp_path):
    write_site(tmp_path, {"hoc-phi": base_draft()})
    (entry,) = load_catalog(tmp_path, "drafts", fixture_settings()).entries
    draft = entry.draft
    assert draft is not None
    assert draft.body == ""
    assert "<h2" in draft.content.html and draft.content.text


def test_every_serve_build_gives_its_memory_back_once_idle(monkeypatch):
    """The first build's memory is given back from on_serve (what survives is frozen); each
    rebuild's once the server is idle, a failed one's too (on_build_error)."""
    given: list[bool] = []
    monkeypatch.setattr(reclaim, "give_back", lambda first=False: given.append(first))
    monkeypatch.setattr(reclaim, "_SERVER_KEPT", [])
    monkeypatch.setattr(reclaim, "_IDLE_COLLECTION", [])
    monkeypatch.setattr(reclaim, "IDLE_SECONDS", 0)
    try:
        reclaim.collect_when_idle()  # not a server (a single build): nothing to give back later
        assert reclaim._IDLE_COLLECTION == [] and given == []
        reclaim.keep_first_build()
        assert given == [True]
        for _ in range(2):
            reclaim.pause_collector()
            reclaim.collect_when_idle()
            reclaim._IDLE_COLLECTION[-1].join()
        assert given == [True, False, False]
        reclaim.collect_when_idle()  # a failed rebuild's too (on_build_error)
        reclaim._IDLE_COLLECTION[-1].join()
        assert given == [True, False, False, False]
    finally:
        gc.enable()


def test_giving_back_runs_where_the_c_library_has_malloc_trim_or_not():
    reclaim.give_back()  # glibc: malloc_trim; elsewhere only the collection
    if sys.platform.startswith("linux") and "musl" not in sys.version:
        assert reclaim._malloc_trim() is not None
