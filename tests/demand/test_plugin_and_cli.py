"""The demand plugin as the registry loads it, and the `shopweave demand` commands."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shopweave.catalog.store import Database
from shopweave.cli.main import app
from shopweave.demand.plugin import RunInput, RunOutput
from shopweave.plugins import ActionContext, load_registry
from shopweave.settings import Settings


def _sales_csv(tmp_path: Path) -> Path:
    """Two monthly series over 20 months: one steady, one sporadic; plus a one-point series."""
    rows = ["sku,month,units"]
    sporadic = [0, 2, 0, 0, 1, 0, 3, 0, 0, 1, 0, 2, 0, 0, 1, 0, 2, 0, 1, 0]
    for i in range(20):
        month = f"{2023 + (i // 12)}-{i % 12 + 1:02d}"
        rows += [f"steady,{month},{5 + i % 2}", f"sporadic,{month},{sporadic[i]}"]
    rows.append("lonely,2024-08,4")
    path = tmp_path / "sales.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_registry_loads_demand_with_its_actions_and_events() -> None:
    registry = load_registry()
    demand = registry.subsystems["demand"]
    assert [a for a in registry.action_names() if a.startswith("demand.")] == [
        "demand.draft_purchase_order",
        "demand.notify_supplier",
        "demand.run",
        "demand.send_purchase_order",
    ]
    assert demand.emits == (
        "forecast.updated",
        "stockout.risk",
        "overstock.detected",
        "inventory.low",
        "po.drafted",
        "po.sent",
    )
    assert demand.health(Settings()).detail == (
        "forecasting ready; SMTP not configured, purchase orders cannot be e-mailed"
    )


def test_run_action_on_an_empty_store_does_nothing_harmful(database: Database, settings: Settings) -> None:
    registry = load_registry()
    found = registry.action("demand.run")
    assert found is not None
    _, action = found
    ctx = ActionContext(settings=settings, database=database, emit=lambda event: None)
    result = action.handler(ctx, RunInput(today=date(2026, 3, 4)))
    assert isinstance(result, RunOutput)
    assert (result.forecast.series, result.skus_to_order, result.drafts) == (0, 0, [])


def test_backtest_json_has_selection_models_and_baselines(tmp_path: Path) -> None:
    path = _sales_csv(tmp_path)
    result = CliRunner().invoke(
        app,
        [
            "demand",
            "backtest",
            "--sales",
            str(path),
            "--freq",
            "M",
            "--horizon",
            "3",
            "--id-col",
            "sku",
            "--date-col",
            "month",
            "--value-col",
            "units",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert sorted(report["baselines"]) == ["naive", "seasonal_naive"]
    assert "ADIDA" in report["models"]
    assert report["series_scored"] == 2  # "lonely" has no history before the held-out months
    assert set(report["selected"]) >= {"mase", "rmsse", "wape", "bias"}
    assert report["selected"]["series"] == 2


def test_forecast_writes_points_and_intervals(tmp_path: Path) -> None:
    path = _sales_csv(tmp_path)
    out = tmp_path / "fc.csv"
    result = CliRunner().invoke(
        app,
        [
            "demand",
            "forecast",
            "--sales",
            str(path),
            "--freq",
            "M",
            "--horizon",
            "2",
            "--id-col",
            "sku",
            "--date-col",
            "month",
            "--value-col",
            "units",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "unique_id,ds,forecast,lo_80,hi_80,lo_95,hi_95,method"
    assert [line.split(",")[:2] for line in lines[1:3]] == [
        ["lonely", "2024-09-01"],
        ["lonely", "2024-10-01"],
    ]
    assert lines[1].split(",")[2] == "4.0"
    assert len(lines) == 1 + 3 * 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--sales", "missing.csv"], "missing.csv: no such file", id="no-file"),
        pytest.param(
            ["--sales", "{bad}", "--id-col", "nope"],
            "column(s) nope, ds, y not found; the file has sku, month, units",
            id="bad-column",
        ),
    ],
)
def test_bad_input_is_a_clean_error_not_a_traceback(tmp_path: Path, args: list[str], message: str) -> None:
    path = _sales_csv(tmp_path)
    args = [a.replace("{bad}", str(path)) for a in args]
    result = CliRunner().invoke(app, ["demand", "backtest", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


def test_public_names_all_resolve() -> None:
    import shopweave.demand as demand

    missing = [name for name in demand.__all__ if getattr(demand, name, None) is None]
    assert missing == []
    assert len(demand.__all__) == 17
