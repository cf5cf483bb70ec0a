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
