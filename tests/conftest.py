import sys
from pathlib import Path

import pytest

# The tests import their helpers (sitekit) and the package from the source tree.
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "plugins"))

from sitekit import EXAMPLE_AT, ROOT, build


@pytest.fixture(scope="session")
def example_site(tmp_path_factory):
    """The example site of the repository, built once at the instant its content is written for."""
    result = build(ROOT, EXAMPLE_AT, site_dir=tmp_path_factory.mktemp("example") / "site")
    assert result.ok, result.output
    return result


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium for every browser test module (one Playwright per session)."""
    from test_browser import CHROMIUM, FLAGS, _require_browser

    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield chromium
        chromium.close()
