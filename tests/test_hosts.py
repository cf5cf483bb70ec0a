"""The core is not tied to one host: the example site built by ProperDocs (a maintained fork
of MkDocs that runs MkDocs plugins) is byte-identical to the MkDocs build, generator tag
aside. CI installs ProperDocs (the test extra); without it the test skips locally."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from sitekit import EXAMPLE_AT, ROOT, all_site_files, epoch

GENERATOR = b'<meta name="generator"'


def _without_generator(data: bytes) -> bytes:
    return b"\n".join(line for line in data.split(b"\n") if GENERATOR not in line)


def test_properdocs_builds_the_same_site(example_site, tmp_path):
    if shutil.which("properdocs") is None:
        if os.environ.get("POLICY_DRAFTS_REQUIRE_BROWSER") == "1":  # CI: every host is required
            pytest.fail("properdocs is not installed (pip install -e '.[test]')")
        pytest.skip("properdocs is not installed")
    site = tmp_path / "site"
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch(EXAMPLE_AT)), NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    ours = {p.relative_to(example_site.site): p for p in all_site_files(example_site.site)}
    theirs = {p.relative_to(site): p for p in all_site_files(site)}
    assert sorted(ours) == sorted(theirs)
    differ = [
        str(rel)
        for rel, path in ours.items()
        if _without_generator(path.read_bytes()) != _without_generator(theirs[rel].read_bytes())
    ]
    assert differ == []
