"""Drafts read once (draftcache.py) and files written once (ledger.py): an incremental build
(`mkdocs build --dirty` into the last build's site directory, with the cache) leaves the same
bytes as a cold build, across a sequence of edits (body, dates that change a status, a new
draft, a deleted draft, an attachment, the site's registries), reads only what changed and
writes only what changed."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import yaml
from policy_drafts.publish.ledger import Ledger, content_key
from policy_drafts.read.draftcache import CACHE_DIR, DraftCache, fingerprint, folder_signature, load_with_cache
from sitekit import base_draft, build, draft_text, fixture_settings, write_site


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def times_of(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def assert_same_as_cold(root: Path, tmp_path: Path, cache: Path, step: str, **at) -> str:
    """Build incrementally with the cache, then cold without it; the two sites must be
    byte-identical (the incremental site directory is the same at every step)."""
    warm = build(root, site_dir=tmp_path / "incremental", env={CACHE_DIR: str(cache)}, dirty=True, strict=False, **at)
    assert warm.ok, warm.output[-3000:]
    cold = build(root, site_dir=tmp_path / f"cold-{step}", env={CACHE_DIR: "off"}, **at)
    assert cold.ok, cold.output[-3000:]
    warm_files, cold_files = files_of(warm.site), files_of(cold.site)
    assert sorted(warm_files) == sorted(cold_files), step
    different = [name for name in warm_files if warm_files[name] != cold_files[name]]
    assert not different, (step, different[:10])
    return warm.output


def test_a_cached_build_is_the_cold_build_after_every_edit(tmp_path):
    root = tmp_path / "site-src"
    root.mkdir()
    cache = tmp_path / "cache"
    drafts = {
        "hoc-phi": base_draft(),
        "ban-tru": base_draft(title="Hỗ trợ học sinh bán trú", fields=["giao-duc", "y-te"]),
        "y-te-truong-hoc": base_draft(title="Y tế trường học", agency="so-y-te", fields=["y-te"]),
    }
    write_site(root, drafts, files={"hoc-phi/du-thao.pdf": b"%PDF-1.4\n%test\n"})

    first = assert_same_as_cold(root, tmp_path, cache, "first")
    assert "không đổi từ lần dựng trước" not in first  # an empty cache reads everything
    before = times_of(tmp_path / "incremental")
    again = assert_same_as_cold(root, tmp_path, cache, "again")
    assert "3 thư mục dự thảo không đổi từ lần dựng trước, đọc lại 0" in again
    # Nothing changed: no page, feed, calendar, notice or attachment of the drafts is written again.
    rewritten = {name for name, ns in times_of(tmp_path / "incremental").items() if before.get(name) != ns}
    assert rewritten and not {name for name in rewritten if "du-thao/" in name or name.startswith(("rss/", "lich/"))}

    drafts_dir = root / "drafts"
    # The body of one draft: its page is written again, another draft's page is not.
    before = times_of(tmp_path / "incremental")
    text = (drafts_dir / "hoc-phi" / "index.md").read_text(encoding="utf-8")
    (drafts_dir / "hoc-phi" / "index.md").write_text(text.replace("theo vùng", "theo vùng, cấp học"), "utf-8")
    body = assert_same_as_cold(root, tmp_path, cache, "body")
    assert "2 thư mục dự thảo không đổi từ lần dựng trước, đọc lại 1" in body
    after = times_of(tmp_path / "incremental")
    assert after["du-thao/hoc-phi/index.html"] != before["du-thao/hoc-phi/index.html"]
    assert after["du-thao/ban-tru/index.html"] == before["du-thao/ban-tru/index.html"]

    # Dates that change a status (the window of ban-tru has closed at the build instant).
    closed = base_draft(
        title="Hỗ trợ học sinh bán trú",
        fields=["giao-duc", "y-te"],
        consultations=[{"subject": "draft", "opens": date(2026, 10, 1), "closes": date(2026, 10, 31)}],
    )
    (drafts_dir / "ban-tru" / "index.md").write_text(draft_text(closed), "utf-8")
    assert_same_as_cold(root, tmp_path, cache, "dates")

    # An attachment added beside a draft, a new draft, a deleted draft.
    (drafts_dir / "ban-tru" / "to-trinh.pdf").write_bytes(b"%PDF-1.4\n%to trinh\n")
    write_site(root, {**drafts, "ban-tru": closed, "tuyen-sinh": base_draft(title="Tuyển sinh lớp 10")})
    (drafts_dir / "y-te-truong-hoc" / "index.md").unlink()
    (drafts_dir / "y-te-truong-hoc").rmdir()
    assert_same_as_cold(root, tmp_path, cache, "added-deleted")

    # The site's registries: every draft is read again (a field renamed in mkdocs.yml).
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"][1]["policy-drafts"]["fields"]["y-te"] = "Y tế học đường"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    renamed = assert_same_as_cold(root, tmp_path, cache, "registries")
    assert "không đổi từ lần dựng trước" not in renamed

    # The build instant moves (nothing else): statuses, countdowns, calendar stamps follow it in
    # every file, those kept from the last build because their drafts did not change included.
    for step, at in (("later", "2026-11-24T09:00:00+07:00"), ("much-later", "2027-02-01T17:30:00+07:00")):
        assert_same_as_cold(root, tmp_path, cache, step, at=at)

    # The disk cache keeps one entry per folder of the site, no more.
    assert len(list(next(cache.iterdir()).glob("*.pickle"))) == 3


def test_the_signature_sees_every_change_below_a_folder(tmp_path):
    folder = tmp_path / "hoc-phi"
    (folder / "versions").mkdir(parents=True)
    (folder / "index.md").write_text("a", "utf-8")
    (folder / "versions" / "1.md").write_text("v1", "utf-8")
    seen = {folder_signature(str(folder))}
    (folder / "versions" / "1.md").write_text("v1 sửa", "utf-8")
    seen.add(folder_signature(str(folder)))
    (folder / "du-thao.pdf").write_bytes(b"%PDF")
    seen.add(folder_signature(str(folder)))
    (folder / "du-thao.pdf").unlink()
    os.symlink("/etc/passwd", folder / "du-thao.pdf")  # a link is seen as a link, never followed
    seen.add(folder_signature(str(folder)))
    assert len(seen) == 4
    assert folder_signature(str(tmp_path / "missing")) == ""


def test_settings_fingerprints_are_the_same_in_every_process():
    code = (
        "import sys; sys.path.insert(0, 'tests'); sys.path.insert(0, 'plugins');"
        "from sitekit import fixture_settings; from policy_drafts.read.draftcache import fingerprint;"
        "from policy_drafts.model.text import slugify; from dataclasses import replace;"
        "s = fixture_settings(); s = replace(s, markdown=replace(s.markdown, configs={'toc': {'slugify': slugify}}));"
        "print(fingerprint(s))"
    )
    root = Path(__file__).resolve().parent.parent
    runs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True).stdout
        for _ in range(2)
    }
    assert len(runs) == 1 and "0x" not in runs.pop()  # no memory address in a fingerprint
    assert fingerprint(fixture_settings()) != fingerprint(fixture_settings().__class__())


def test_an_unreadable_cache_file_is_read_again(tmp_path):
    cache = DraftCache(tmp_path / "cache")
    jobs = [(str(tmp_path), "drafts/x", "x")]
    assert load_with_cache(cache, fixture_settings(), jobs, lambda missing: ["entry"] * len(missing)) == ["entry"]
    for path in (tmp_path / "cache").glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    fresh = DraftCache(tmp_path / "cache")  # a new process: nothing in memory
    assert load_with_cache(fresh, fixture_settings(), jobs, lambda missing: ["again"] * len(missing)) == ["again"]
    assert fresh.reads == 1 and fresh.hits == 0


def test_the_ledger_skips_only_files_left_as_written_and_removes_only_those(tmp_path):
    site, folder = tmp_path / "site", tmp_path / "cache"
    (site / "a").mkdir(parents=True)
    first = Ledger(folder, str(site), dirty=False)
    for rel in ("a/kept.ics", "a/touched.ics", "a/gone.ics", "a/edited.ics"):
        (site / rel).write_bytes(b"one")
        first.wrote(rel, content_key(b"one"))
    first.finish()

    (site / "a" / "edited.ics").write_bytes(b"own")  # someone else's bytes: same size, new time
    os.utime(site / "a" / "touched.ics", ns=(1, 1))
    second = Ledger(folder, str(site), dirty=True)
    assert second.unchanged("a/kept.ics", content_key(b"one"))
    assert not second.unchanged("a/kept.ics", content_key(b"two"))  # other bytes: written again
    assert not second.unchanged("a/touched.ics", content_key(b"one"))
    second.wrote("a/touched.ics", content_key(b"one"))
    second.finish()  # gone.ics and edited.ics were not produced by this build
    assert not (site / "a" / "gone.ics").exists()
    assert (site / "a" / "edited.ics").read_bytes() == b"own"  # not the ledger's file any more

    clean = Ledger(folder, str(site), dirty=False)  # a clean build skips nothing
    assert not clean.unchanged("a/kept.ics", content_key(b"one"))
    assert not Ledger(None, str(site), dirty=True).unchanged("a/kept.ics", content_key(b"one"))
