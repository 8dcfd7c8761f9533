from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from shopweave.catalog import schemas
from shopweave.catalog.schemas import Money
from shopweave.catalog.schemas.export import EXPORTED, render_schemas

COMMITTED = Path(__file__).resolve().parents[2] / "schemas" / "catalog"


def test_committed_json_schemas_match_the_models() -> None:
    rendered = render_schemas()
    committed = {p.name: p.read_text(encoding="utf-8") for p in COMMITTED.glob("*.json")}
    assert sorted(committed) == sorted(rendered), "run `shopweave schemas export`"
    for name, text in rendered.items():
        assert committed[name] == text, f"{name} drifted; run `shopweave schemas export`"


@pytest.mark.parametrize("model", EXPORTED, ids=lambda m: m.__name__)
def test_every_field_has_a_description_and_an_example(model: type) -> None:
    for name, field in model.model_fields.items():  # type: ignore[attr-defined]
        assert field.description, f"{model.__name__}.{name} has no description"
        assert field.examples, f"{model.__name__}.{name} has no example"


def test_all_lists_every_public_schema() -> None:
    public = {n for n in dir(schemas) if not n.startswith("_") and n[0].isupper()}
    assert public == set(schemas.__all__)


def test_money_normalises_the_currency_code() -> None:
    assert Money(amount=Decimal("19.99"), currency="eur") == Money(amount=Decimal("19.99"), currency="EUR")


def test_money_rejects_an_unknown_currency_naming_it() -> None:
    with pytest.raises(ValidationError, match="'XYZ' is not an ISO 4217 currency code"):
        Money(amount=Decimal(1), currency="XYZ")
