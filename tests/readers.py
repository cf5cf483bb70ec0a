"""Independent readers of the site's feeds and calendars (tests/node/read.mjs: rss-parser and
Mozilla's ical.js under Node.js), so that the outputs are not only checked by the Python
libraries that wrote or mirror them. CI installs them (`npm ci` in tests/node); without
them the tests that need them skip, unless POLICY_DRAFTS_REQUIRE_BROWSER=1."""

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
    if node is None or not (NODE_DIR / "node_modules").is_dir():
        reason = "Node.js and tests/node/node_modules are needed (cd tests/node && npm ci)"
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
