from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from shopweave.catalog.store import Database
from shopweave.events import CloudEvent, read_events, record_event


def _event(event_id: str = "e-1", type_: str = "product.created") -> CloudEvent:
    return CloudEvent(
        id=event_id,
        source="/shopweave/catalog",
        type=type_,
        subject="product/example-t-shirt",
        time=datetime(2026, 3, 1, 12, tzinfo=UTC),
        data={"handle": "example-t-shirt"},
    )


def test_a_duplicate_source_and_id_is_recorded_once(database: Database) -> None:
    with database.transaction() as session:
        first = record_event(session, _event())
        second = record_event(session, _event())
    with database.transaction() as session:
        events = read_events(session)
    assert (first, second) == (True, False)
    assert [e for _, e in events] == [_event()]


def test_events_read_back_in_order_filtered_by_type(database: Database) -> None:
    with database.transaction() as session:
        record_event(session, _event("a", "product.created"))
        record_event(session, _event("b", "inventory.low"))
        record_event(session, _event("c", "product.created"))
    with database.transaction() as session:
        ids = [e.id for _, e in read_events(session, types=["product.created"])]
    assert ids == ["a", "c"]


def test_an_event_type_must_be_noun_dot_verb() -> None:
    with pytest.raises(ValidationError, match=r"must look like `noun\.verb`"):
        CloudEvent(source="/x", type="ProductCreated")
