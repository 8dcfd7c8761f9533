"""`shopweave catalog import` and `shopweave catalog quarantine` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shopweave.catalog.store import Database
from shopweave.cli.main import app
from shopweave.settings import Settings


@pytest.fixture
def cli(settings: Settings, database: Database, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A runner whose SHOPWEAVE_HOME (and database, emptied by the `database` fixture) are the test's own."""
    monkeypatch.setenv("SHOPWEAVE_HOME", str(settings.home))
    if settings.database_url:
        monkeypatch.setenv("SHOPWEAVE_DATABASE_URL", settings.database_url)
    else:
        monkeypatch.delenv("SHOPWEAVE_DATABASE_URL", raising=False)
    return CliRunner()


def _json(cli: CliRunner, *args: str) -> tuple[int, dict[str, object]]:
    result = cli.invoke(app, [*args, "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_import_json_prints_exactly_the_counts_repairs_and_rejections(cli: CliRunner, data: Path) -> None:
    code, doc = _json(cli, "catalog", "import", str(data / "google_rss.xml"))
    assert code == 0
    assert list(doc) == ["products", "variants", "images", "repaired", "rejected"]
    assert (doc["products"], doc["variants"], doc["images"]) == (2, 3, 3)
    assert doc["rejected"] == [
        {"file": str(data / "google_rss.xml"), "line": 59, "field": "price", "reason": "price is required"}
    ]
    assert [r["field"] for r in doc["repaired"]] == ["sale_price", "gtin"]  # type: ignore[union-attr,index]


def test_import_of_orders_adds_their_count_to_the_json(cli: CliRunner, data: Path) -> None:
    code, doc = _json(cli, "catalog", "import", str(data / "orders_generic.csv"), "--kind", "orders")
    assert code == 0
    assert list(doc) == ["products", "variants", "images", "orders", "repaired", "rejected"]
    assert doc["orders"] == 2


def test_reimport_prints_the_same_counts_and_the_table_shows_them_unchanged(
    cli: CliRunner, data: Path
) -> None:
    path = str(data / "products.json")
    first = cli.invoke(app, ["catalog", "import", path])
    second = cli.invoke(app, ["catalog", "import", path])
    assert first.exit_code == second.exit_code == 0
    assert "products │       2 │       2 │       0 │         0" in first.stdout
    assert "products │       2 │       0 │       0 │         2" in second.stdout


def test_wrong_format_exits_with_status_2_and_a_message_not_a_traceback(cli: CliRunner, data: Path) -> None:
    result = cli.invoke(app, ["catalog", "import", str(data / "google.tsv"), "--format", "woocommerce-csv"])
    message = " ".join(result.stderr.split())
    assert result.exit_code == 2
    assert message.startswith("error")
    assert "google.tsv is not a WooCommerce product CSV file: the columns Type, Name are missing" in message
    assert "Traceback" not in result.output
    code, doc = _json(cli, "catalog", "import", str(data / "google.tsv"), "--format", "woocommerce-csv")
    assert code == 2
    assert doc["error"]["code"] == "import.format"  # type: ignore[index]


def test_quarantine_list_and_retry_with_a_mapping(cli: CliRunner, data: Path, tmp_path: Path) -> None:
    # given a mapped import whose price column is wrong
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(
        (data / "mapping.yaml").read_text(encoding="utf-8").replace("price: Preis", "price: Marke")
    )
    code, doc = _json(cli, "catalog", "import", str(data / "mapped_products.csv"), "--mapping", str(wrong))
    assert (code, doc["products"]) == (0, 0)
    # when the quarantine is listed and retried with the right mapping
    code, entries = _json(cli, "catalog", "quarantine", "list")
    assert code == 0
    assert [(e["line"], e["field"]) for e in entries] == [
        (2, "Marke"),
        (3, "Marke"),
        (4, "Marke"),
        (5, "Marke"),
    ]  # type: ignore[union-attr,index]
    first_two = [str(e["id"]) for e in entries][:2]  # type: ignore[union-attr,index]
    code, retried = _json(
        cli, "catalog", "quarantine", "retry", *first_two, "--mapping", str(data / "mapping.yaml")
    )
    # then those rows are imported and the others stay quarantined
    assert code == 0
    assert retried["resolved"] == [int(i) for i in first_two]
    assert retried["products"] == 2
    code, entries = _json(cli, "catalog", "quarantine", "list")
    assert [e["line"] for e in entries] == [4, 5]  # type: ignore[union-attr,index]


def test_quarantine_retry_of_an_unknown_id_exits_with_status_2(cli: CliRunner) -> None:
    result = cli.invoke(app, ["catalog", "quarantine", "retry", "41"])
    assert result.exit_code == 2
    assert "no open quarantine entry with id 41" in " ".join(result.stderr.split())


def test_import_help_lists_the_formats(cli: CliRunner) -> None:
    result = cli.invoke(app, ["catalog", "import", "--help"])
    assert result.exit_code == 0
    for name in (
        "shopify-csv",
        "shopify-json",
        "woocommerce-csv",
        "google-feed",
        "amazon-flatfile",
        "--mapping",
    ):
        assert name in result.stdout
