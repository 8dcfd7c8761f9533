"""The test plugin package `tests/plugins/fixture_plugin`: installing it when it is missing.

It proves that a third-party subsystem installed in the environment appears without code
changes. `make install` installs it; tests call `ensure_fixture_plugin()` as a safety net.
"""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

FIXTURE_PLUGIN_DIST = "shopweave-fixture-plugin"
FIXTURE_PLUGIN_PATH = Path(__file__).resolve().parents[3] / "tests" / "plugins" / "fixture_plugin"


def ensure_fixture_plugin() -> None:
    """Install the fixture plugin (editable, no dependencies) unless it is installed already."""
    try:
        distribution(FIXTURE_PLUGIN_DIST)
    except PackageNotFoundError:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "-e", str(FIXTURE_PLUGIN_PATH)],
            check=True,
        )
