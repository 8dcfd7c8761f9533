"""Entities and escalation cues read from a message."""

from __future__ import annotations

from datetime import date

import pytest

from shopweave.support.nlu.cues import read_cues
from shopweave.support.nlu.entities import bare_order_number, extract


def test_every_entity_kind_is_found() -> None:
    found = extract(
        "Order #1001 (ada@Example.com): the TS-GRN-S in size M, green, shipped 2026-03-01 to Germany",
        today=date(2026, 3, 20),
    )
    assert found.order_numbers == ["#1001"]
    assert found.emails == ["ada@example.com"]
    assert found.skus == ["TS-GRN-S"]
    assert found.sizes == ["M"]
    assert found.colours == ["green"]
    assert found.dates == [date(2026, 3, 1)]
    assert found.countries == ["DE"]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("order 1042 please", ["#1042"]), ("purchase number: 77123", ["#77123"]), ("size 42 and 30 days", [])],
    ids=["order-word", "purchase-number", "plain-numbers-are-not-orders"],
)
def test_order_numbers_need_an_order_word_or_a_hash(text: str, numbers: list[str]) -> None:
    assert extract(text).order_numbers == numbers


def test_relative_dates_and_country_aliases() -> None:
    found = extract("I ordered yesterday, shipping to the UK", today=date(2026, 3, 20))
    assert found.dates == [date(2026, 3, 19)]
    assert found.countries == ["GB"]


@pytest.mark.parametrize(
    ("text", "number"), [("1001", "#1001"), (" #1002. ", "#1002"), ("1001 is late", None)]
)
def test_a_bare_order_number_is_only_a_whole_message(text: str, number: str | None) -> None:
    assert bare_order_number(text) == number


def test_anger_legal_sensitive_and_human_cues() -> None:
    angry = read_cues("THIS IS RIDICULOUS AND UNACCEPTABLE!!!")
    assert (angry.angry, angry.sentiment < 0) == (True, True)
    assert read_cues("I will talk to my lawyer").legal == ["lawyer"]
    assert read_cues("my son had an allergic reaction").sensitive == ["allergic reaction"]
    assert read_cues("can I speak to a real person").wants_human is True
    calm = read_cues("thanks, that was helpful")
    assert (calm.angry, calm.legal, calm.sensitive, calm.wants_human) == (False, [], [], False)
    assert calm.sentiment > 0
