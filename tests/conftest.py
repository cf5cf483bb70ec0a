import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# The tests import their helpers (sitekit) and the package from the source tree.
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "plugins"))

from sitekit import EXAMPLE_AT, ROOT, build

TESTS = Path(__file__).parent

# Property tests (hypothesis) take their number of examples from one profile: few on an engineer's
# machine, more in CI (GitHub and GitLab set CI=true for .ci/run), 100,000 for the long fuzzing run
# before a release (README, "Tests"). HYPOTHESIS_PROFILE=dev|ci|long chooses one explicitly.
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("ci", max_examples=500, deadline=None, print_blob=True)
settings.register_profile(
    "long", max_examples=100_000, deadline=None, print_blob=True, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev"))


def _whole_suite(config) -> bool:
    """Whether this run is the whole suite (the README's command, CI): no paths other than
    tests/, no -k, -m, --deselect or --lf."""
    args = [Path(str(a).split("::", 1)[0]).resolve() for a in config.args]
    narrowed = config.option.keyword or config.option.markexpr or getattr(config.option, "deselect", None)
    return all(a == TESTS for a in args) and not narrowed and not getattr(config.option, "lf", False)


def pytest_collection_modifyitems(session, config, items):
    # The coverage floor (pyproject.toml, tool.coverage.report.fail_under) is about the whole
    # suite: a subset (one file, -k ...) reports coverage but never fails for it.
    cov = config.pluginmanager.getplugin("_cov")
    if cov is not None and not _whole_suite(config):
        cov.options.cov_fail_under = None


@pytest.fixture(scope="session", autouse=True)
def draft_cache(tmp_path_factory):
    """Builds keep the drafts they read (draftcache.py) in a folder of this test run, not in the
    user's ~/.cache: the cache is on, as on an editor's machine, and leaves nothing behind."""
    folder = tmp_path_factory.mktemp("draft-cache")
    previous = os.environ.get("POLICY_DRAFTS_CACHE_DIR")
    os.environ["POLICY_DRAFTS_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("POLICY_DRAFTS_CACHE_DIR", None)
    else:
        os.environ["POLICY_DRAFTS_CACHE_DIR"] = previous


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
