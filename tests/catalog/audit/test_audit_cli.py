"""`shopweave catalog audit`: JSON, HTML and table output through the real command."""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shopweave.catalog.schemas import Image, Money, Product, Variant
from shopweave.catalog.store import Database, upsert_products
from shopweave.cli.main import app
from shopweave.settings import Settings


def env_for(settings: Settings) -> dict[str, str | None]:
    return {"SHOPWEAVE_HOME": str(settings.home), "SHOPWEAVE_DATABASE_URL": settings.database_url}


def seed(database: Database) -> None:
    products = [
        Product(
            handle="desk-lamp",
            title="Brass desk lamp",
            description_html="<p>Warm light.</p>",
            vendor="Lumo",
            category="Home & Garden > Lighting > Lamps",
            attributes={"mpn": "LUMO-1", "condition": "new"},
            variants=[
                Variant(
                    sku="LAMP-1", price=Money(amount=Decimal("80.00"), currency="USD"), inventory_quantity=2
                )
            ],
            images=[Image(src="https://cdn.example.com/lamp.jpg", width=1600, height=1600)],
        ),
        Product(
            handle="mug",
            title="Mug <b>SALE</b>",
            variants=[
                Variant(sku="MUG-1", price=Money(amount=Decimal("-1.00"), currency="USD"), barcode="8.90E+12")
            ],
        ),
    ]
    with database.transaction() as session:
        upsert_products(session, products)


def test_audit_json_has_the_documented_shape(database: Database, settings: Settings) -> None:
    # Given a stored lamp and a broken mug
    seed(database)
    # When the audit runs with --json for Google
    result = CliRunner().invoke(
        app, ["catalog", "audit", "--channel", "google", "--json"], env=env_for(settings)
    )
    # Then stdout is the JSON report with the documented keys and exact codes
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"score", "channels", "products"}
    assert list(data["channels"]) == ["google"]
    assert [(p["id"], p["sku"], p["score"]) for p in data["products"]] == [
        (1, "LAMP-1", 100.0),
        (2, "MUG-1", 11.7),
    ]
    assert [(x["code"], x["field"]) for x in data["products"][1]["problems"]] == [
        ("price.not_positive", "variants[0].price"),
        ("barcode.scientific_notation", "variants[0].barcode"),
        ("title.html", "title"),
        ("title.promotional", "title"),
        ("category.missing", "category"),
        ("image.missing", "images"),
        ("required.missing", "description"),
        ("required.missing", "brand"),
    ]
    assert all(set(x) >= {"code", "field", "message"} for p in data["products"] for x in p["problems"])
    # 100 × 6/9 complete − 2 errors × 20 − 3 warnings × 5 = 11.7; the catalog averages 100 and 11.7
    assert data["score"] == 55.8


def test_audit_writes_a_self_contained_html_report(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    seed(database)
    out = tmp_path / "audit.html"
    result = CliRunner().invoke(app, ["catalog", "audit", "--html", str(out)], env=env_for(settings))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    # Nothing is loaded from elsewhere: no scripts, stylesheets, images or fonts by URL
    assert re.findall(r"<(?:script|link|img|iframe)\b|url\(|@import", page) == []
    assert "barcode.scientific_notation" in page
    assert "Mug &lt;b&gt;SALE&lt;/b&gt;" in page  # product text is escaped
    assert f"HTML report written to {out}" in result.stdout


def test_audit_table_lists_channels_problems_and_products(database: Database, settings: Settings) -> None:
    seed(database)
    result = CliRunner().invoke(
        app, ["catalog", "audit", "-c", "shopify", "-c", "etsy"], env={**env_for(settings), "COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Catalog score 43.9 / 100 over 2 products"
    rows = {
        line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
        for line in lines
        if "│" in line
    }
    assert rows["shopify"][:5] == ["52.5", "1/2", "80.0%", "1", "description (1), image_link (1)"]
    assert rows["etsy"][:4] == ["35.2", "0/2", "50.0%", "2"]
    assert rows["price.not_positive"][:2] == ["error", "1"]
    assert rows["mug"][:2] == ["MUG-1", "2.5"]
    assert rows["desk-lamp"][:2] == ["LAMP-1", "85.2"]


def test_audit_rejects_an_unknown_channel_without_a_traceback(database: Database, settings: Settings) -> None:
    result = CliRunner().invoke(
        app, ["catalog", "audit", "--channel", "walmart", "--json"], env=env_for(settings)
    )
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {
        "error": {
            "code": "audit.channel",
            "message": "unknown channel 'walmart'; choose from: google, amazon, shopify, ebay, etsy",
        }
    }


@pytest.mark.parametrize("channel", ["amazon", "google", "shopify", "ebay", "etsy"])
def test_every_documented_channel_is_accepted(database: Database, settings: Settings, channel: str) -> None:
    result = CliRunner().invoke(
        app, ["catalog", "audit", "--channel", channel, "--json"], env=env_for(settings)
    )
    assert result.exit_code == 0, result.output
    assert list(json.loads(result.stdout)["channels"]) == [channel]
