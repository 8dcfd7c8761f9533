"""End-to-end conversations against the small store: every grounded action and its refusals."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from shopweave.catalog.store import Database
from shopweave.catalog.store.tables import OrderRow, ReturnRow
from shopweave.events import read_events
from shopweave.support import conversations as conv
from shopweave.support.assistant import Assistant
from shopweave.support.facts import sign_order_link
from shopweave.support.models import Reply
from shopweave.support.tables import HandoverRow


def talk(assistant: Assistant, *messages: str) -> list[Reply]:
    conversation_id = assistant.start("api")
    return [assistant.respond(conversation_id, m) for m in messages]


def event_types(database: Database) -> list[str]:
    with database.sessions() as session:
        return [e.type for _, e in read_events(session, limit=1000)]


def events_of(database: Database, type_: str) -> list[dict[str, Any]]:
    with database.sessions() as session:
        return [e.data for _, e in read_events(session, types=[type_], limit=1000)]


def test_order_status_is_given_only_after_order_number_and_email(assistant: Assistant) -> None:
    asked, answered = talk(assistant, "where is my order #1001?", "ada@example.com")
    assert asked.actions == ["asked_verification"]
    assert "2026-03-10" not in asked.text
    assert "UPS" not in asked.text
    assert answered.text == "Order #1001: it was delivered on 2026-03-10."
    assert answered.actions == ["verified"]


def test_in_transit_order_shows_carrier_and_tracking(assistant: Assistant) -> None:
    (reply,) = talk(assistant, "track order #1004 bob@example.com")
    assert reply.text == "Order #1004: it shipped on 2026-03-17 with DHL, tracking number JD0142."


def test_another_customers_order_is_never_disclosed(assistant: Assistant) -> None:
    first, second = talk(
        assistant, "where is order #1004? my email is ada@example.com", "#1004 ada@example.com"
    )
    for reply in (first, second):
        assert "DHL" not in reply.text
        assert "JD0142" not in reply.text
        assert "2026-03-17" not in reply.text
        assert reply.facts == {}
    assert first.text.startswith("I couldn't match that order number with that email address")


def test_a_verified_shopper_must_verify_again_for_someone_elses_order(assistant: Assistant) -> None:
    replies = talk(assistant, "where is #1001 ada@example.com", "and where is order #1004?")
    assert replies[0].text == "Order #1001: it was delivered on 2026-03-10."
    assert "JD0142" not in replies[1].text
    assert replies[1].actions == ["asked_verification"]


def test_repeated_failed_verification_hands_over(assistant: Assistant, store: Database) -> None:
    replies = talk(
        assistant,
        "#1004 x@example.com where is it",
        "#1004 y@example.com",
        "#1004 z@example.com",
        "#1004 w@example.com",
    )
    assert replies[-1].handed_over is True
    assert all("JD0142" not in r.text for r in replies)


def test_cancel_an_unshipped_order_after_confirmation(assistant: Assistant, store: Database) -> None:
    offer, done = talk(assistant, "please cancel order #1002, email ada@example.com", "yes")
    assert offer.text == ("Order #1002 hasn't shipped, so it can be cancelled free of charge and the full 24.00 USD "
                          "refunded. Shall I cancel it? (yes/no)")  # fmt: skip
    assert done.actions == ["cancelled_order"]
    with store.sessions() as session:
        assert session.scalar(select(OrderRow.cancelled_at).where(OrderRow.number == "#1002")) is not None
    assert events_of(store, "order.cancelled")[0]["order"] == "#1002"


def test_declining_the_confirmation_changes_nothing(assistant: Assistant, store: Database) -> None:
    _, declined = talk(assistant, "cancel order #1002 ada@example.com", "no")
    assert declined.text == "Okay, I've left your order as it is. Anything else I can help with?"
    with store.sessions() as session:
        assert session.scalar(select(OrderRow.cancelled_at).where(OrderRow.number == "#1002")) is None
    assert "order.cancelled" not in event_types(store)


def test_a_shipped_order_cannot_be_cancelled(assistant: Assistant, store: Database) -> None:
    (reply,) = talk(assistant, "cancel order #1004 bob@example.com")
    assert reply.text.startswith("I can't cancel order #1004: it has already shipped.")
    with store.sessions() as session:
        assert session.scalar(select(OrderRow.cancelled_at).where(OrderRow.number == "#1004")) is None
    assert "order.cancelled" not in event_types(store)


def test_change_the_shipping_address_before_it_ships(assistant: Assistant, store: Database) -> None:
    _, done = talk(
        assistant,
        "I need to change the shipping address of #1002 ada@example.com",
        "5 Elm Road, Shelbyville, 54321, US",
    )
    assert done.text == "Done: order #1002 will now ship to 5 Elm Road, Shelbyville, 54321, US."
    with store.sessions() as session:
        address = session.scalar(select(OrderRow.shipping_address).where(OrderRow.number == "#1002"))
    assert address == {
        "address1": "5 Elm Road",
        "city": "Shelbyville",
        "zip": "54321",
        "country_code": "US",
        "country": "US",
    }
    assert [e["order"] for e in events_of(store, "order.address_changed")] == ["#1002"]


def test_address_of_a_shipped_order_cannot_change(assistant: Assistant) -> None:
    (reply,) = talk(assistant, "change the delivery address for #1004 bob@example.com")
    assert reply.text.startswith("I can't change the address of order #1004: it has already shipped.")


def test_a_return_inside_the_window_is_created(assistant: Assistant, store: Database) -> None:
    (reply,) = talk(assistant, "I want to return the shirt from order #1001, ada@example.com")
    assert reply.actions == ["verified", "created_return"]
    assert "Please send it back unused, with tags attached." in reply.text
    with store.sessions() as session:
        rows = session.execute(select(ReturnRow.sku, ReturnRow.status, ReturnRow.reason)).all()
    assert [tuple(r) for r in rows] == [("LS-S", "requested", "shopper request")]
    assert events_of(store, "return.requested")[0]["sku"] == "LS-S"
    again = talk(assistant, "I want to return order #1001 ada@example.com")[0]
    assert "already been requested" in again.text


def test_a_return_outside_the_window_is_refused(assistant: Assistant, store: Database) -> None:
    (reply,) = talk(assistant, "i'd like to return order #1003 ada@example.com")
    assert (
        reply.text == "I can't start a return for order #1003: the 30-day return window closed on 2026-02-14."
    )
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ReturnRow)) == 0
    assert "return.requested" not in event_types(store)


def test_a_final_sale_item_cannot_be_returned(assistant: Assistant) -> None:
    (reply,) = talk(assistant, "can I return order #1005? bob@example.com")
    assert (
        reply.text
        == "I can't start a return for order #1005: it is a final-sale item, which can't be returned."
    )


def test_a_damaged_item_opens_a_return_and_tells_the_catalog(assistant: Assistant, store: Database) -> None:
    (reply,) = talk(assistant, "the lipstick from order #1005 arrived broken, bob@example.com")
    assert reply.intent == "damaged_item"
    assert reply.actions == ["verified", "created_return", "reported_product_issue"]
    (issue,) = events_of(store, "product.issue_reported")
    assert (issue["sku"], issue["handle"], issue["kind"], issue["order"]) == (
        "LIP-RED",
        "red-lipstick",
        "damaged_item",
        "#1005",
    )


def test_not_as_pictured_is_reported_as_such(assistant: Assistant, store: Database) -> None:
    talk(assistant, "the shirt from #1001 is not as pictured at all, ada@example.com")
    assert [e["kind"] for e in events_of(store, "product.issue_reported")] == ["not_as_pictured"]


def test_refund_status_follows_the_return(assistant: Assistant) -> None:
    replies = talk(
        assistant,
        "where is my refund for #1001 ada@example.com",
        "I want to return order #1001",
        "where is my refund?",
    )
    assert (
        replies[0].text
        == "There's no return or refund open for order #1001 yet. Would you like to start a return?"
    )
    assert replies[2].text.startswith("Your return for order #1001 (requested ")
    assert replies[2].text.endswith(
        "is 'requested'. The refund is issued within 7 days of the item reaching us."
    )


def test_invoice_lists_lines_and_total(assistant: Assistant) -> None:
    (reply,) = talk(assistant, "can you send me the invoice for order #1002 ada@example.com")
    assert reply.text.startswith(
        "Invoice for order #1002 (placed 2026-03-19): 2 × Stoneware Mug at 12.00 USD. Total 24.00 USD"
    )


def test_stock_and_restock_date_from_open_purchase_orders(assistant: Assistant) -> None:
    replies = talk(
        assistant, "is the linen shirt in size M in stock?", "do you have the linen shirt in small?"
    )
    assert replies[0].text == "Linen Shirt - M is out of stock; more are expected around 2026-04-02."
    assert replies[1].text == "Linen Shirt - S is in stock (4 available)."


def test_shipping_options_and_delivery_estimate_by_destination(assistant: Assistant) -> None:
    (reply,) = talk(assistant, "how long does delivery to germany take?")
    assert reply.text == (
        "Shipping to DE: International (9.99): 5–10 business days, arriving 2026-03-30 to 2026-04-06 if ordered "
        "today. Orders leave within 1 business day(s)."
    )


def test_product_questions_are_answered_from_the_catalog(assistant: Assistant) -> None:
    (reply,) = talk(assistant, "what material is the linen shirt made of?")
    assert reply.intent == "product_question"
    assert reply.text.startswith("Linen Shirt. material: 100% linen. Available Size: S, M. From 40.00 USD.")


def test_return_policy_needs_no_verification(assistant: Assistant) -> None:
    (reply,) = talk(assistant, "what is your return policy?")
    assert reply.text.startswith(
        "You can return items within 30 days of delivery, unused, with tags attached."
    )


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("THIS IS RIDICULOUS, WHERE IS MY ORDER!!!", "anger"),
        ("I want to talk to a human", "asked_for_person"),
        ("I'm going to sue you, my lawyer will be in touch", "legal_threat"),
        ("my daughter had an allergic reaction to the lipstick", "sensitive_topic"),
    ],
    ids=["anger", "person", "legal", "sensitive"],
)
def test_handover_with_summary_and_event(
    assistant: Assistant, store: Database, message: str, reason: str
) -> None:
    (reply,) = talk(assistant, message)
    assert reply.handed_over is True
    assert reply.actions == ["handed_over"]
    with store.sessions() as session:
        handover = session.scalars(select(HandoverRow)).one()
    assert handover.reason == reason
    assert message in handover.summary
    (event,) = events_of(store, "support.escalated")
    assert (event["reason"], event["conversation_id"]) == (reason, reply.conversation_id)


def test_two_unclear_messages_in_a_row_hand_over_for_low_confidence(
    assistant: Assistant, store: Database
) -> None:
    replies = talk(assistant, "zxqv plorb", "grmbl wizzle frob")
    assert replies[0].text.startswith("Sorry, I'm not sure I understood.")
    assert replies[1].handed_over is True
    assert events_of(store, "support.escalated")[0]["reason"] == "low_confidence"


def test_an_agent_takes_over_and_the_assistant_goes_quiet(assistant: Assistant, store: Database) -> None:
    conversation_id = assistant.start("widget")
    assistant.respond(conversation_id, "I want to speak to a person")
    with store.transaction() as session:
        taken = conv.take_over(session, conversation_id, "sam")
        conv.agent_reply(session, conversation_id, "sam", "Hi, Sam here. How can I help?")
    assert (taken.status, taken.handovers[0].status, taken.handovers[0].agent) == ("agent", "taken", "sam")
    quiet = assistant.respond(conversation_id, "where is my order #1001 ada@example.com")
    assert (quiet.text, quiet.actions) == ("", ["waiting_for_agent"])
    with store.sessions() as session:
        roles = [m.role for m in conv.conversation_out(session, conversation_id).messages]
    assert roles == ["customer", "assistant", "agent", "customer"]


def test_a_signed_link_verifies_without_typing_the_email(assistant: Assistant) -> None:
    from datetime import UTC, datetime, timedelta

    conversation_id = assistant.start("widget")
    token = sign_order_link("test-secret", "#1001", "ada@example.com", datetime.now(UTC) + timedelta(hours=1))
    assert assistant.verify_link(conversation_id, "#1001", "ada@example.com", token) is True
    assert assistant.verify_link(conversation_id, "#1004", "ada@example.com", token) is False
    reply = assistant.respond(conversation_id, "where is my order?")
    assert reply.text == "Order #1001: it was delivered on 2026-03-10."
