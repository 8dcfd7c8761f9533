import json
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from shopweave.catalog.audit import audit_catalog
from shopweave.catalog.images import ImageStore
from shopweave.catalog.store.tables import InventoryLevelRow, OrderRow, ReturnRow
from shopweave.demo.catalog import plan_catalog
from shopweave.gateway.openapi import SNAPSHOT, render_openapi

PLAN = plan_catalog(20, 7)
HANDLES = [p.product.handle for p in PLAN.products]
ROOT = Path(__file__).resolve().parents[2]


def test_health_reports_the_backend_and_the_products(served) -> None:
    response = httpx.get(f"{served.base_url}/healthz")
    assert response.status_code == 200
    backend = {"sqlite": "sqlite", "postgres": "postgresql"}[served.backend]
    assert response.json() == {"status": "ok", "version": "0.1.0", "database": backend, "products": 20}


def test_products_are_paged_in_id_order(served) -> None:
    first = httpx.get(f"{served.base_url}/api/products", params={"limit": 5}).json()
    second = httpx.get(f"{served.base_url}/api/products", params={"limit": 5, "offset": 5}).json()
    assert (first["total"], first["limit"], first["offset"]) == (20, 5, 0)
    assert [p["handle"] for p in first["items"]] == HANDLES[:5]
    assert [p["handle"] for p in second["items"]] == HANDLES[5:10]


def test_a_product_summary_has_its_price_range_stock_and_main_image(served) -> None:
    planned = PLAN.products[0].product
    item = httpx.get(f"{served.base_url}/api/products", params={"limit": 1}).json()["items"][0]
    prices = sorted(v.price.amount for v in planned.variants)
    assert item["title"] == planned.title
    assert item["variants"] == len(planned.variants)
    assert item["price_min"] == {"amount": str(prices[0]), "currency": "USD"}
    assert item["price_max"] == {"amount": str(prices[-1]), "currency": "USD"}
    with served.database.transaction() as session:
        skus = [v.sku for v in planned.variants]
        stock = sum(
            r.on_hand
            for r in session.scalars(select(InventoryLevelRow).where(InventoryLevelRow.sku.in_(skus)))
        )
    assert item["inventory"] == stock
    assert item["image"].startswith("/images/")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        pytest.param({"sku": PLAN.products[2].product.variants[-1].sku}, [HANDLES[2]], id="sku"),
        pytest.param({"q": PLAN.products[3].product.title.upper()}, [HANDLES[3]], id="title-text"),
        pytest.param(
            {"category": "Apparel & Accessories > Jewelry"},
            [
                p.product.handle
                for p in PLAN.products
                if (p.product.category or "").startswith("Apparel & Accessories > Jewelry")
            ],
            id="category-prefix",
        ),
        pytest.param({"status": "draft"}, [], id="status"),
    ],
)
def test_product_filters(served, params: dict[str, str], expected: list[str]) -> None:
    body = httpx.get(f"{served.base_url}/api/products", params=params).json()
    assert [p["handle"] for p in body["items"]] == expected
    assert body["total"] == len(expected)


def test_a_product_by_handle_has_its_variants_and_images(served) -> None:
    planned = PLAN.products[1]
    body = httpx.get(f"{served.base_url}/api/products/{planned.product.handle}").json()
    assert body["title"] == planned.product.title
    assert [v["sku"] for v in body["variants"]] == [v.sku for v in planned.product.variants]
    assert [v["barcode"] for v in body["variants"]] == [v.barcode for v in planned.product.variants]
    assert len(body["images"]) == len(planned.photos)


@pytest.mark.parametrize(
    ("path", "status", "error"),
    [
        pytest.param(
            "/api/products/no-such-thing",
            404,
            {
                "code": "not_found",
                "message": "no product with handle 'no-such-thing'; list them with `shopweave catalog list`",
            },
            id="unknown-product",
        ),
        pytest.param(
            "/api/products?limit=0",
            422,
            {
                "code": "invalid",
                "message": "query parameter 'limit': Input should be greater than or equal to 1",
            },
            id="bad-limit",
        ),
        pytest.param(
            "/api/orders/999999",
            404,
            {"code": "not_found", "message": "no order with number '999999'; list them with GET /api/orders"},
            id="unknown-order",
        ),
        pytest.param(
            "/api/inventory/NOPE-1",
            404,
            {"code": "not_found", "message": "no stock and no variant for SKU 'NOPE-1'"},
            id="unknown-sku",
        ),
        pytest.param(
            "/api/audit?channel=myspace",
            422,
            {
                "code": "audit.channel",
                "message": "unknown channel 'myspace'; choose from: google, amazon, shopify, ebay, etsy",
            },
            id="unknown-channel",
        ),
        pytest.param(
            "/api/nothing-here",
            404,
            {"code": "not_found", "message": "no such endpoint: GET /api/nothing-here; see /docs"},
            id="unknown-route",
        ),
        pytest.param(
            "/images/" + "0" * 64 + ".jpg",
            404,
            {"code": "not_found", "message": f"no image {'0' * 64}.jpg in the image store"},
            id="unknown-image",
        ),
    ],
)
def test_errors_have_one_json_shape_and_the_right_status(
    served, path: str, status: int, error: dict[str, str]
) -> None:
    response = httpx.get(f"{served.base_url}{path}")
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"error": error}


def test_orders_are_listed_newest_first_and_filtered_by_email(served) -> None:
    body = httpx.get(f"{served.base_url}/api/orders", params={"limit": 3}).json()
    assert body["total"] == served.report.planned.orders
    newest = 1000 + served.report.planned.orders
    assert [o["number"] for o in body["items"]] == [f"#{newest}", f"#{newest - 1}", f"#{newest - 2}"]
    email = body["items"][0]["email"]
    with served.database.transaction() as session:
        expected = len(session.scalars(select(OrderRow.id).where(OrderRow.email == email)).all())
    filtered = httpx.get(
        f"{served.base_url}/api/orders", params={"email": email.upper(), "limit": 200}
    ).json()
    assert filtered["total"] == expected
    assert {o["email"] for o in filtered["items"]} == {email}


@pytest.mark.parametrize("prefix", ["%23", ""], ids=["with-hash", "without-hash"])
def test_an_order_by_number_has_lines_shipments_and_returns(served, prefix: str) -> None:
    with served.database.transaction() as session:
        row = session.scalars(
            select(OrderRow).join(ReturnRow, ReturnRow.order_id == OrderRow.id).order_by(OrderRow.id)
        ).first()
        returns = session.scalars(select(ReturnRow).where(ReturnRow.order_id == row.id)).all()
        number, lines = row.number, len(row.lines)
    body = httpx.get(f"{served.base_url}/api/orders/{prefix}{number.lstrip('#')}").json()
    assert body["number"] == number
    assert len(body["lines"]) == lines
    assert body["fulfillments"][0]["status"] == "delivered"
    assert body["fulfillments"][0]["tracking_number"]
    assert [(r["sku"], r["status"]) for r in body["returns"]] == [(r.sku, r.status) for r in returns]


def test_inventory_of_a_sku_sums_its_locations_and_open_purchase_orders(served) -> None:
    with served.database.transaction() as session:
        levels = session.scalars(
            select(InventoryLevelRow).order_by(InventoryLevelRow.sku, InventoryLevelRow.location)
        ).all()
    sku = next(level.sku for level in levels if level.location == "retail-store")
    mine = [level for level in levels if level.sku == sku]
    body = httpx.get(f"{served.base_url}/api/inventory/{sku}").json()
    assert body["sku"] == sku
    assert body["on_hand"] == sum(level.on_hand for level in mine)
    assert body["available"] == sum(level.on_hand - level.reserved for level in mine)
    assert [(level["location"], level["on_hand"]) for level in body["levels"]] == [
        (level.location, level.on_hand) for level in mine
    ]


@pytest.mark.parametrize("channel", [None, "google"], ids=["all-channels", "google"])
def test_the_audit_endpoint_returns_the_audit_of_the_store(served, channel: str | None) -> None:
    params = {"channel": channel} if channel else {}
    body = httpx.get(f"{served.base_url}/api/audit", params=params, timeout=60).json()
    with served.database.transaction() as session:
        expected = audit_catalog(
            session, [channel] if channel else None, images_dir=served.settings.images_dir
        )
    assert body == json.loads(expected.model_dump_json())
    assert sorted(body["channels"]) == sorted(
        [channel] if channel else ["amazon", "ebay", "etsy", "google", "shopify"]
    )


def test_a_product_image_is_served_from_the_image_store(served) -> None:
    item = httpx.get(f"{served.base_url}/api/products", params={"limit": 1}).json()["items"][0]
    response = httpx.get(f"{served.base_url}{item['image']}")
    content_hash = item["image"].removeprefix("/images/").split(".")[0]
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.content == ImageStore(served.settings.images_dir).get(content_hash)


def test_the_openapi_document_is_served_and_matches_the_committed_snapshot(served) -> None:
    served_spec = httpx.get(f"{served.base_url}/openapi.json").json()
    assert served_spec == json.loads(render_openapi())
    assert render_openapi() == (ROOT / SNAPSHOT).read_text(encoding="utf-8"), (
        "schemas/openapi.json is stale: run `python -m shopweave.gateway.openapi`"
    )


def test_the_api_reference_page_lists_every_endpoint(served) -> None:
    response = httpx.get(f"{served.base_url}/docs")
    assert response.status_code == 200
    for path in (
        "/api/products",
        "/api/products/{handle}",
        "/api/orders/{number}",
        "/api/inventory/{sku}",
        "/api/audit",
        "/healthz",
    ):
        assert f"<code>{path}</code>" in response.text
    assert "cdn" not in response.text.lower()
