"""`shopweave catalog export` through the real command, on SQLite and PostgreSQL."""

import csv
import json
from pathlib import Path

import pytest
from defusedxml import ElementTree
from typer.testing import CliRunner

from shopweave.catalog.exporters import EXPORT_FORMATS, SHOPIFY_CSV_HEADER
from shopweave.catalog.schemas import Product
from shopweave.catalog.store import Database, upsert_products
from shopweave.cli.catalog_audit import FORMATS
from shopweave.cli.main import app
from shopweave.settings import Settings


def env_for(settings: Settings, store_url: str | None = "https://shop.example.com") -> dict[str, str | None]:
    return {
        "SHOPWEAVE_HOME": str(settings.home),
        "SHOPWEAVE_DATABASE_URL": settings.database_url,
        "SHOPWEAVE_STORE_URL": store_url,
    }


@pytest.fixture
def stored(database: Database, shirt: Product, hostile: Product) -> Database:
    with database.transaction() as session:
        upsert_products(session, [shirt, hostile])
    return database


def test_export_shopify_csv(stored: Database, settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "products.csv"
    result = CliRunner().invoke(app, ["catalog", "export", "--format", "shopify-csv", "--out", str(out)],
                                env=env_for(settings))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == f"exported 2 products (4 records) to {out}\n"
    with out.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == list(SHOPIFY_CSV_HEADER)
    assert [row[0] for row in rows[1:]] == ["organic-tee", "organic-tee", "organic-tee", "'=cmd"]


def test_export_google_feed_uses_the_store_url_setting(
    stored: Database, settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "feed.xml"
    result = CliRunner().invoke(app, ["catalog", "export", "-f", "google-feed", "-o", str(out), "--json"],
                                env=env_for(settings))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "format": "google-feed",
        "path": str(out),
        "products": 2,
        "records": 3,
    }
    root = ElementTree.parse(out).getroot()
    links = [item.findtext("link") for item in root.iter("item")]
    assert links == [
        "https://shop.example.com/products/organic-tee?variant=TEE-GRN-S",
        "https://shop.example.com/products/organic-tee?variant=TEE-BLU-S",
        "https://shop.example.com/products/%3Dcmd",
    ]


def test_export_jsonld_writes_one_line_per_product(
    stored: Database, settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "products.jsonl"
    result = CliRunner().invoke(app, ["catalog", "export", "--format", "jsonld", "--out", str(out)],
                                env=env_for(settings, store_url=None))  # fmt: skip
    assert result.exit_code == 0, result.output
    names = [json.loads(line)["name"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert names == ["Organic Tee", '=HYPERLINK("http://evil.example","click")']


@pytest.mark.parametrize(
    ("args", "store_url", "code", "message"),
    [
        pytest.param(["-f", "google-feed"], None, "export.store_url",
                     "the Google feed needs product links: set SHOPWEAVE_STORE_URL (for example "
                     "https://shop.example.com) or pass --store-url", id="feed-without-store-url"),
        pytest.param(["-f", "woo-csv"], None, "export.invalid",
                     "unknown export format 'woo-csv'; choose from: shopify-csv, google-feed, jsonld",
                     id="unknown-format"),
    ],
)  # fmt: skip
def test_export_errors_are_clear_and_write_nothing(
    stored: Database, settings: Settings, tmp_path: Path, args: list[str], store_url: str | None, code: str,
    message: str,
) -> None:  # fmt: skip
    out = tmp_path / "out.file"
    result = CliRunner().invoke(app, ["catalog", "export", *args, "-o", str(out), "--json"],
                                env=env_for(settings, store_url))  # fmt: skip
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {"error": {"code": code, "message": message}}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]  # no output, no temporary file


def test_export_into_a_missing_folder_is_a_clear_error(
    stored: Database, settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "nowhere" / "feed.xml"
    result = CliRunner().invoke(app, ["catalog", "export", "-f", "jsonld", "-o", str(out), "--json"],
                                env=env_for(settings))  # fmt: skip
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"] == {
        "code": "export.invalid",
        "message": f"{out}: folder {out.parent} does not exist",
    }


def test_the_command_lists_the_same_formats_as_the_exporters() -> None:
    assert tuple(EXPORT_FORMATS) == FORMATS
