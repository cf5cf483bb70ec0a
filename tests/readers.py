"""Independent readers of the site's feeds and calendars (tests/node/read.mjs: rss-parser and
Mozilla's ical.js under Node.js), so that the outputs are not only checked by the Python
libraries that wrote or mirror them. The first test that needs them installs them
(`npm ci` in tests/node, pinned by package-lock.json); without Node.js and npm the tests
that need them skip, unless POLICY_DRAFTS_REQUIRE_BROWSER=1 (CI)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

NODE_DIR = Path(__file__).parent / "node"


def node_read(kind: str, files: list[Path]) -> dict[str, dict]:
    """{file: parsed} for kind 'rss' or 'ics'."""
    node = shutil.which("node")
    if node is not None and not (NODE_DIR / "node_modules").is_dir():
        _install()
    if node is None or not (NODE_DIR / "node_modules").is_dir():
        reason = "Node.js and npm are needed (apt-get install -y nodejs npm) for tests/node"
        if os.environ.get("POLICY_DRAFTS_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    out: dict[str, dict] = {}
    for start in range(0, len(files), 200):  # keep command lines short
        chunk = [str(f) for f in files[start : start + 200]]
        result = subprocess.run(
            [node, str(NODE_DIR / "read.mjs"), kind, *chunk], capture_output=True, text=True, timeout=300, check=False
        )
        assert result.returncode == 0, result.stderr
        out.update(json.loads(result.stdout))
    return out


def _install() -> None:
    """`npm ci` in tests/node, once: the README's test command needs nothing more."""
    npm = shutil.which("npm")
    if npm is None:
        return
    result = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=NODE_DIR, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        pytest.fail(f"npm ci in tests/node failed:\n{result.stderr[-2000:]}")
