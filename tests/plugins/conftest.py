"""The fixture plugin package must be installed in the test environment."""

from __future__ import annotations

import pytest

from shopweave.testing.plugins import ensure_fixture_plugin


@pytest.fixture(scope="session")
def fixture_plugin_installed() -> None:
    """tests/plugins/fixture_plugin, installed into this environment."""
    ensure_fixture_plugin()
