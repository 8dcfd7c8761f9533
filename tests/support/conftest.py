"""A small store for support tests: two customers, orders in every state, policies, stock, POs."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import uvicorn

from shopweave.catalog.schemas import ReturnPolicy, ShippingPolicy, ShippingRate
from shopweave.catalog.store import Database
from shopweave.catalog.store.tables import (
    CustomerRow,
    FulfillmentRow,
    InventoryLevelRow,
    OrderLineRow,
    OrderRow,
    PolicyRow,
    ProductRow,
    PurchaseOrderLineRow,
    PurchaseOrderRow,
    SupplierRow,
    VariantRow,
)
from shopweave.settings import Settings
from shopweave.support.assistant import Assistant
from shopweave.support.nlu.classifier import IntentClassifier, get_classifier

TODAY = date(2026, 3, 20)


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def build_store(database: Database) -> None:
    """Orders: #1001 delivered 10 days ago (Ada), #1002 unfulfilled (Ada), #1003 delivered 60 days
    ago (Ada), #1004 in transit (Bob), #1005 delivered lipstick, final sale (Bob)."""
    with database.transaction() as s:
        s.add(
            PolicyRow(
                kind="returns",
                body=ReturnPolicy(
                    window_days=30,
                    final_sale_categories=["Health & Beauty > Cosmetics"],
                    condition="unused, with tags attached",
                    refund_days=7,
                ).model_dump(mode="json"),
            )
        )
        s.add(
            PolicyRow(
                kind="shipping",
                body=ShippingPolicy(
                    handling_days=1,
                    rates=[
                        ShippingRate(
                            name="Standard",
                            countries=["US"],
                            price=Decimal("4.99"),
                            min_days=3,
                            max_days=5,
                            free_over=Decimal("50"),
                        ),
                        ShippingRate(
                            name="Express", countries=["US"], price=Decimal("14.99"), min_days=1, max_days=2
                        ),
                        ShippingRate(
                            name="International",
                            countries=["DE", "GB"],
                            price=Decimal("9.99"),
                            min_days=5,
                            max_days=10,
                        ),
                        ShippingRate(
                            name="Worldwide", countries=["*"], price=Decimal("19.99"), min_days=7, max_days=15
                        ),
                    ],
                ).model_dump(mode="json"),
            )
        )
        tee = ProductRow(
            handle="linen-shirt",
            title="Linen Shirt",
            category="Apparel > Shirts",
            description_html="<p>Breathable <b>linen</b> shirt with a relaxed fit.</p>",
            attributes={"material": "100% linen", "care": "machine wash cold"},
            option_names=["Size"],
        )
        tee.variants = [
            VariantRow(
                key="s", sku="LS-S", options={"Size": "S"}, price=Decimal("40.00"), currency="USD", position=1
            ),
            VariantRow(
                key="m", sku="LS-M", options={"Size": "M"}, price=Decimal("40.00"), currency="USD", position=2
            ),
        ]
        lip = ProductRow(
            handle="red-lipstick",
            title="Velvet Lipstick",
            category="Health & Beauty > Cosmetics",
            attributes={"finish": "matte"},
        )
        lip.variants = [
            VariantRow(key="d", sku="LIP-RED", options={}, price=Decimal("15.00"), currency="USD")
        ]
        mug = ProductRow(
            handle="stoneware-mug",
            title="Stoneware Mug",
            category="Home > Kitchen",
            attributes={"capacity": "350 ml", "dishwasher safe": "yes"},
        )
        mug.variants = [VariantRow(key="d", sku="MUG-1", options={}, price=Decimal("12.00"), currency="USD")]
        s.add_all([tee, lip, mug])
        s.add_all(
            [
                InventoryLevelRow(sku="LS-S", on_hand=5, reserved=1),
                InventoryLevelRow(sku="LS-M", on_hand=0),
                InventoryLevelRow(sku="MUG-1", on_hand=0),
            ]
        )
        supplier = SupplierRow(code="ACME", name="Acme")
        s.add(supplier)
        s.flush()
        s.add(
            PurchaseOrderRow(
                number="PO-1",
                supplier_id=supplier.id,
                status="sent",
                expected_on=date(2026, 4, 2),
                lines=[PurchaseOrderLineRow(sku="LS-M", quantity=30, unit_cost=Decimal("12"))],
            )
        )
        s.add(
            PurchaseOrderRow(
                number="PO-0",
                supplier_id=supplier.id,
                status="draft",
                expected_on=date(2026, 3, 25),
                lines=[PurchaseOrderLineRow(sku="LS-M", quantity=10, unit_cost=Decimal("12"))],
            )
        )
        ada = CustomerRow(email="ada@example.com", first_name="Ada")
        bob = CustomerRow(email="bob@example.com", first_name="Bob")
        s.add_all([ada, bob])
        s.flush()
        addr = {"address1": "1 Main St", "city": "Springfield", "zip": "12345", "country_code": "US"}

        def order(
            number: str,
            email: str,
            customer: CustomerRow,
            placed: str,
            status: str,
            lines: list[tuple[str, str, int, str]],
        ) -> OrderRow:
            row = OrderRow(
                number=number,
                email=email,
                customer_id=customer.id,
                created_at=_at(placed),
                currency="USD",
                total=sum((Decimal(p) * q for _, _, q, p in lines), Decimal(0)),
                fulfillment_status=status,
                shipping_address=dict(addr),
            )
            row.lines = [
                OrderLineRow(line_no=i + 1, sku=sku, title=t, quantity=q, unit_price=Decimal(p))
                for i, (sku, t, q, p) in enumerate(lines)
            ]
            s.add(row)
            return row

        o1 = order(
            "#1001",
            "ada@example.com",
            ada,
            "2026-03-05",
            "fulfilled",
            [("LS-S", "Linen Shirt - S", 1, "40.00")],
        )
        o1.fulfillments = [
            FulfillmentRow(
                status="delivered",
                carrier="UPS",
                tracking_number="1Z999AA1",
                shipped_at=_at("2026-03-06"),
                delivered_at=_at("2026-03-10"),
            )
        ]
        order(
            "#1002",
            "ada@example.com",
            ada,
            "2026-03-19",
            "unfulfilled",
            [("MUG-1", "Stoneware Mug", 2, "12.00")],
        )
        o3 = order(
            "#1003",
            "ada@example.com",
            ada,
            "2026-01-10",
            "fulfilled",
            [("LS-M", "Linen Shirt - M", 1, "40.00")],
        )
        o3.fulfillments = [
            FulfillmentRow(
                status="delivered",
                carrier="UPS",
                tracking_number="1Z999AA3",
                shipped_at=_at("2026-01-12"),
                delivered_at=_at("2026-01-15"),
            )
        ]
        o4 = order(
            "#1004",
            "bob@example.com",
            bob,
            "2026-03-16",
            "fulfilled",
            [("LS-M", "Linen Shirt - M", 1, "40.00")],
        )
        o4.fulfillments = [
            FulfillmentRow(
                status="in_transit",
                carrier="DHL",
                tracking_number="JD0142",
                shipped_at=_at("2026-03-17"),
                delivered_at=None,
            )
        ]
        o5 = order(
            "#1005",
            "bob@example.com",
            bob,
            "2026-03-01",
            "fulfilled",
            [("LIP-RED", "Velvet Lipstick", 1, "15.00")],
        )
        o5.fulfillments = [FulfillmentRow(status="delivered", carrier="UPS", tracking_number="1Z999AA5",
                                          shipped_at=_at("2026-03-02"), delivered_at=_at("2026-03-04"))]  # fmt: skip


@pytest.fixture(scope="session")
def classifier() -> IntentClassifier:
    """The packaged intent classifier (built once per test session): hybrid when the embedding
    package is installed, else the n-gram model alone; `SHOPWEAVE_TEST_LEXICAL=1` forces the latter."""
    return get_classifier(use_embeddings=not os.environ.get("SHOPWEAVE_TEST_LEXICAL"))


@pytest.fixture
def store(database: Database) -> Iterator[Database]:
    """The database filled with the small store."""
    build_store(database)
    return database


@pytest.fixture
def assistant(store: Database, classifier: IntentClassifier) -> Assistant:
    """An assistant over the small store, with a fixed today."""
    return Assistant(store, classifier, today=lambda: TODAY, link_secret="test-secret")


@dataclass
class Served:
    """A running gateway with the support routes."""

    base_url: str
    database: Database


@pytest.fixture
def served(store: Database, settings: Settings, classifier: IntentClassifier) -> Iterator[Served]:
    """The real FastAPI app on a free 127.0.0.1 port, over the small store."""
    from shopweave.gateway.app import create_app

    app = create_app(settings, store)
    app.state.support_assistant = Assistant(store, classifier, today=lambda: TODAY)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield Served(f"http://127.0.0.1:{port}", store)
    server.should_exit = True
    thread.join(10)
