"""The one door into the core (publication.py): a site opened from plain configuration, its
publication, and `policy-drafts build --out DIR`, which writes every file the core owns
without MkDocs, byte for byte as `mkdocs build` writes it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sitekit import ROOT, all_site_files, base_draft, fixture_settings, write_site
from test_cli import cli


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in all_site_files(folder)}


def _rendered_by_mkdocs(path: str, data: bytes, docs: set[str]) -> bool:
    """A file of a built site that MkDocs writes, not the core: a page in Material's theme, the
    theme's assets, MkDocs's own search index and sitemap, or a file of docs/."""
    return (
        (path.endswith(".html") and b'class="md-' in data)
        or (path.startswith("assets/") and not path.startswith("assets/policy-drafts/"))
        or path in {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz"}
        or path in docs
    )


def test_build_out_writes_every_file_of_the_core_as_mkdocs_build_does(example_site, tmp_path):
    out = tmp_path / "out"
    result = cli(ROOT, "build", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Đã ghi" in result.stderr and "thư mục dự thảo" in result.stderr
    written, built = _files(out), _files(example_site.site)
    assert written, "nothing written"
    for path, data in written.items():
        assert path in built, f"{path}: not in the site mkdocs build wrote"
        assert data == built[path], f"{path}: other bytes than mkdocs build's"
    # Every other file of the built site is MkDocs's: nothing the core owns was left out.
    docs = {p.relative_to(ROOT / "docs").as_posix() for p in all_site_files(ROOT / "docs")}
    left = [path for path, data in built.items() if path not in written and not _rendered_by_mkdocs(path, data, docs)]
    assert left == []
    from policy_drafts.model.paths import OPEN_DATA, OPEN_DATA_CSV, SITE_CALENDAR
    from policy_drafts.publish.publication import LIVE_SCRIPT

    assert {SITE_CALENDAR, OPEN_DATA, OPEN_DATA_CSV, LIVE_SCRIPT} <= set(written)
    assert any(path.endswith(".xml") for path in written) and any(path.endswith(".pdf") for path in written)


def test_build_out_refuses_invalid_drafts_with_the_list_of_check(tmp_path):
    write_site(tmp_path, {"good": base_draft(), "bad": base_draft(title=None, agency="so-gd")})
    out = tmp_path / "out"
    refused = cli(tmp_path, "build", "--out", str(out))
    checked = cli(tmp_path, "check")
    assert refused.returncode == checked.returncode == 1
    assert refused.stdout == checked.stdout
    assert "drafts/bad/index.md" in refused.stdout and "agency" in refused.stdout and "title" in refused.stdout
    assert "Chưa ghi tệp nào: 2 lỗi trong 1 tệp" in refused.stderr
    assert not out.exists()


def test_build_out_refuses_a_site_without_an_https_address(tmp_path):
    write_site(tmp_path, {"good": base_draft()})
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://fixture", "http://fixture"), encoding="utf-8")
    refused = cli(tmp_path, "build", "--out", str(tmp_path / "out"))
    assert refused.returncode == 2 and "phải là địa chỉ https:" in refused.stderr
    assert not (tmp_path / "out").exists()


def three_drafts(tmp_path):
    """A site of three drafts as plain data (no MkDocs), at a fixed instant."""
    from policy_drafts.publish.publication import SiteConfig

    write_site(tmp_path, {f"du-thao-{i}": base_draft(title=f"Dự thảo số {i}") for i in range(3)})
    settings = fixture_settings()
    return SiteConfig(
        root=tmp_path,
        settings=settings,
        site_name="Fixture site",
        site_url="https://fixture.example.gov.vn/",
        now=datetime.fromisoformat("2026-11-23T09:00:00+07:00").astimezone(settings.timezone),
    )


def test_the_core_opens_a_site_from_plain_data_and_writes_the_same_bytes_from_other_processes(tmp_path, monkeypatch):
    """No MkDocs: a host gives plain data; a large site's outputs are written by forked processes,
    with the same bytes."""
    from policy_drafts.publish.publication import open_site, publish
    from policy_drafts.read import background

    config = three_drafts(tmp_path)
    site = open_site(config)
    assert site.publishable and "3 đã công bố" in site.account()
    publication = publish(site)
    assert publication.concurrent_groups() == []
    count = publication.write(tmp_path / "one")
    monkeypatch.setattr(background, "PARALLEL_FROM", 2)
    forked = publish(open_site(config))
    assert forked.concurrent_groups()
    assert forked.write(tmp_path / "forked") == count
    assert _files(tmp_path / "forked") == _files(tmp_path / "one")
    assert len(_files(tmp_path / "one")) == count
    assert {"du-thao/du-thao-1/", "tim-kiem/"} <= {page.path for page in publication.pages}


def test_a_single_build_serialises_each_draft_record_once(tmp_path, monkeypatch):
    """Without a memo, the open-data document, the changes document and each draft's own record
    file share one serialisation of the record (publish/outputs.py), and agree with each other."""
    import hashlib
    import json

    from policy_drafts.publish import standards
    from policy_drafts.publish.publication import open_site, publish

    config = three_drafts(tmp_path)
    serialised: list[str] = []
    record_text = standards.record_text

    def counted(record: dict) -> str:
        serialised.append(record["id"])
        return record_text(record)

    monkeypatch.setattr(standards, "record_text", counted)
    publish(open_site(config)).write(tmp_path / "out")
    assert sorted(serialised) == ["du-thao-0", "du-thao-1", "du-thao-2"]
    out = tmp_path / "out"
    whole = {d["id"]: d for d in json.loads((out / "api/drafts.json").read_text(encoding="utf-8"))["drafts"]}
    for row in json.loads((out / "api/thay-doi.json").read_text(encoding="utf-8"))["drafts"]:
        text = (out / row["data"].removeprefix("https://fixture.example.gov.vn/")).read_text(encoding="utf-8")
        assert json.loads(text) == whole[row["id"]]
        assert hashlib.sha256(text.encode()).hexdigest()[:32] == row["sha256"]
