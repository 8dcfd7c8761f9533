from pathlib import Path

import pytest

from shopweave.errors import ValidationError
from shopweave.events import CloudEvent
from shopweave.events.schemas import render_schemas, validate_event
from shopweave.events.types import EVENT_TYPES

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas" / "events"

ISSUE_TYPES = [
    "product.created", "product.updated", "product.images_stale", "image.processed", "page.built",
    "page.published", "inventory.changed", "inventory.low", "inventory.restocked", "order.created",
    "order.cancelled", "return.requested", "forecast.updated", "stockout.risk", "overstock.detected",
    "po.drafted", "po.sent", "support.escalated", "campaign.proposed",
]  # fmt: skip


def test_every_core_type_of_the_issue_has_a_model() -> None:
    assert sorted(set(ISSUE_TYPES) - set(EVENT_TYPES)) == []


def test_committed_schemas_match_the_models() -> None:
    # given the schemas rendered from the models, when compared with schemas/events/, then no drift
    rendered = render_schemas()
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.json")}
    assert committed == rendered, "run `shopweave events schemas` to refresh schemas/events/"


@pytest.mark.parametrize("event_type", sorted(EVENT_TYPES))
def test_every_type_is_documented_with_described_fields(event_type: str) -> None:
    model = EVENT_TYPES[event_type]
    assert model.__doc__
    assert [n for n, f in model.model_fields.items() if not f.description] == []


def test_a_core_event_with_bad_data_is_rejected_naming_the_field() -> None:
    event = CloudEvent(source="/cli", type="inventory.changed", data={"sku": "A"})
    with pytest.raises(ValidationError, match=r"data\.available: Field required"):
        validate_event(event)


def test_a_valid_core_event_gets_its_dataschema() -> None:
    event = CloudEvent(source="/cli", type="inventory.changed", data={"sku": "A", "available": 3})
    assert validate_event(event).dataschema == "https://shopweave.dev/schemas/events/inventory.changed.json"


def test_an_unknown_type_passes_unchanged() -> None:
    event = CloudEvent(source="/cli", type="custom.thing", data={"x": 1})
    assert validate_event(event) == event
