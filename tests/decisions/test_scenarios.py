from pathlib import Path

import pytest

from shopweave.catalog.store import Database
from shopweave.decisions.scenario import run_scenario, shipped_scenarios
from shopweave.settings import Settings


@pytest.mark.parametrize("path", shipped_scenarios(), ids=lambda p: p.stem)
def test_shipped_scenario_passes(
    path: Path, settings: Settings, database: Database, fixture_plugin_installed: None
) -> None:
    # given a fresh database and the default rules, when the scenario's events are emitted
    result = run_scenario(path, settings, database)
    # then everything it expects happened
    assert result.failures == []
    assert result.passed


def test_shipped_scenarios_cover_every_default_flow() -> None:
    assert [p.stem for p in shipped_scenarios()] == [
        "forecast-spike",
        "low-stock-edge",
        "missing-subsystem",
        "new-accessory-product",
        "new-apparel-product",
        "nightly-forecast",
        "promotion-veto",
        "support-image-refresh",
    ]
