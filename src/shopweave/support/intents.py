"""The intents the assistant recognises: the helpdesk taxonomy from FACTS.md plus a few more."""

from __future__ import annotations

from typing import Final

HELPDESK_INTENTS: Final = (
    "track_order",
    "cancel_order",
    "change_order",
    "change_shipping_address",
    "set_up_shipping_address",
    "delivery_options",
    "delivery_period",
    "get_refund",
    "track_refund",
    "check_refund_policy",
    "check_cancellation_fee",
    "payment_issue",
    "check_payment_methods",
    "get_invoice",
    "check_invoice",
    "place_order",
    "complaint",
    "review",
    "contact_customer_service",
    "contact_human_agent",
    "create_account",
    "delete_account",
    "edit_account",
    "switch_account",
    "recover_password",
    "registration_problems",
    "newsletter_subscription",
)
"""The Bitext/Gorgias customer-support intents, with their exact names."""

STORE_INTENTS: Final = (
    "return_request",
    "wrong_item",
    "damaged_item",
    "product_question",
    "stock_question",
    "greeting",
    "thanks",
    "other",
)
"""Intents Shopweave adds because it can act on them with the store's own data."""

INTENTS: Final = HELPDESK_INTENTS + STORE_INTENTS
"""Every intent, in a stable order (the classifier's class order)."""

ORDER_INTENTS: Final = frozenset(
    {
        "track_order",
        "cancel_order",
        "change_order",
        "change_shipping_address",
        "get_refund",
        "track_refund",
        "get_invoice",
        "check_invoice",
        "return_request",
        "wrong_item",
        "damaged_item",
    }
)
"""Intents that need a verified shopper and an order before anything is disclosed."""
