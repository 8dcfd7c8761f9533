"""The assistant: reads a message, verifies the shopper, acts on the store's data, answers.

One call to `Assistant.respond()` is one transaction: the customer message, the answer, any
change (cancellation, address, return), the handover and the events (`support.escalated`,
`order.cancelled`, `order.address_changed`, `return.requested`, `product.issue_reported`) commit
together. Answers are templates filled with facts; an optional `Phraser` (LLM) may reword them
from the same facts and is dropped when it fails, is slow, or adds facts.

Nothing about an order is disclosed before the shopper proved they own it (order number + the
email on the order, or a signed link); a verified shopper asking about another order must prove
that one too.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopweave.catalog.store import Database
from shopweave.catalog.store.tables import OrderRow, ProductRow, ReturnRow, VariantRow
from shopweave.events import CloudEvent, record_event
from shopweave.support import facts as store_facts
from shopweave.support.errors import ConversationNotFoundError
from shopweave.support.intents import ORDER_INTENTS
from shopweave.support.models import Reply
from shopweave.support.nlu.classifier import IntentClassifier, IntentPrediction
from shopweave.support.nlu.cues import Cues, read_cues
from shopweave.support.nlu.entities import Entities, bare_order_number, extract
from shopweave.support.retrieval import find_products, find_variant_by_sku, pick_variant, plain_text
from shopweave.support.tables import ConversationRow, HandoverRow, MessageRow

SOURCE = "/shopweave/support"
LOW_CONFIDENCE = 0.3
MAX_FAILED_VERIFICATIONS = 3
_YES = re.compile(r"^\s*(y|yes|yep|yeah|yup|sure|ok|okay|confirm|confirmed|please do|do it|go ahead)\b", re.I)
_NO = re.compile(r"^\s*(n|no|nope|don't|do not|cancel that|never ?mind|stop)\b", re.I)
_NOT_AS_PICTURED = re.compile(
    r"(not as (pictured|shown|described)|(doesn't|does not|nothing like).*(photo|picture|image))", re.I
)
HANDOVER_TEXT = (
    "I'm passing this conversation to a member of our team{why}. They can see everything we have "
    "discussed and will reply here."
)


class Phraser(Protocol):
    """Rewords a template answer from the same facts; None means "use the template"."""

    def phrase(self, template: str, facts: dict[str, Any], message: str) -> str | None: ...


@dataclass
class _Turn:
    """What one message produces, before it is stored."""

    text: str
    intent: str
    facts: dict[str, Any] = field(default_factory=dict)
    actions: list[str] = field(default_factory=list)
    handover: str | None = None


def _money(amount: Any, currency: str) -> str:
    return f"{amount:.2f} {currency}"


def _d(day: date | None) -> str:
    return day.isoformat() if day else "unknown"


class Assistant:
    """The support assistant over one database."""

    def __init__(
        self,
        database: Database,
        classifier: IntentClassifier,
        *,
        phraser: Phraser | None = None,
        link_secret: str | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.database = database
        self.classifier = classifier
        self.phraser = phraser
        self.link_secret = link_secret
        self.today = today

    # conversations -------------------------------------------------------------------------

    def start(self, channel: str = "api") -> str:
        """A new conversation; returns its id."""
        conversation_id = str(uuid.uuid4())
        with self.database.transaction() as session:
            session.add(ConversationRow(id=conversation_id, channel=channel, status="open", state={}))
        return conversation_id

    def verify_link(self, conversation_id: str, order_number: str, email: str, token: str) -> bool:
        """Verify the shopper through a signed order link instead of typing order + email."""
        if not self.link_secret or not store_facts.verify_order_link(
            self.link_secret, order_number, email, token
        ):
            return False
        with self.database.transaction() as session:
            conversation = self._conversation(session, conversation_id)
            order = store_facts.find_verified_order(session, order_number, email)
            if order is None:
                return False
            conversation.verified_order = order.number
            conversation.verified_email = email.strip().lower()
        return True

    def respond(self, conversation_id: str, text: str) -> Reply:
        """Answer one shopper message (stores both, acts, emits events; one transaction)."""
        text = text.strip()[:4000]
        prediction = (
            self.classifier.classify_one(text)
            if text
            else IntentPrediction(text="", intent="other", confidence=0.0)
        )
        with self.database.transaction() as session:
            conversation = self._conversation(session, conversation_id)
            customer = MessageRow(  # by id: `conversation=` would load the whole history to append
                conversation_id=conversation.id, role="customer", text=text,
                intent=prediction.intent, confidence=prediction.confidence, facts={},
            )  # fmt: skip
            session.add(customer)
            session.flush()
            if conversation.assigned_agent:
                conversation.updated_at = datetime.now(UTC)
                return Reply(conversation_id=conversation_id, text="", intent=prediction.intent,
                             confidence=prediction.confidence, actions=["waiting_for_agent"], phrased_by="none")  # fmt: skip
            state = dict(conversation.state or {})
            if conversation.status == "handed_over":
                turn = _Turn(
                    "Thanks, I've added that to your conversation; a member of our team will reply here.",
                    prediction.intent,
                )
            else:
                turn = self._turn(session, conversation, state, text, prediction, customer.id)
            if turn.handover:
                self._hand_over(session, conversation, state, turn, customer.id)
            checked = list(state.get("checked", []))
            if turn.facts:
                checked.append(
                    {"intent": turn.intent, **{k: v for k, v in turn.facts.items() if k != "policy"}}
                )
            state["checked"] = checked[-10:]
            state.setdefault("intents", []).append(prediction.intent)
            state["intents"] = state["intents"][-10:]
            conversation.state = _jsonable(state)
            answer: str = turn.text
            phrased_by: Literal["template", "llm"] = "template"
            if self.phraser is not None and turn.facts and not turn.handover:
                reworded = self.phraser.phrase(turn.text, turn.facts, text)
                if reworded:
                    answer, phrased_by = reworded, "llm"
            session.add(
                MessageRow(conversation_id=conversation.id, role="assistant", text=answer, intent=turn.intent,
                           confidence=None, facts=_jsonable(turn.facts))
            )  # fmt: skip
            conversation.updated_at = datetime.now(UTC)
            return Reply(
                conversation_id=conversation_id, text=answer, intent=turn.intent,
                confidence=prediction.confidence, facts=_jsonable(turn.facts), actions=turn.actions,
                handed_over=conversation.status == "handed_over", phrased_by=phrased_by,
            )  # fmt: skip

    def _conversation(self, session: Session, conversation_id: str) -> ConversationRow:
        conversation = session.get(ConversationRow, conversation_id)
        if conversation is None:
            raise ConversationNotFoundError(f"no conversation {conversation_id!r}; start one first")
        return conversation

    # one turn -------------------------------------------------------------------------------

    def _turn(
        self, session: Session, conv: ConversationRow, state: dict[str, Any], text: str,
        prediction: IntentPrediction, message_id: int,
    ) -> _Turn:  # fmt: skip
        entities = extract(text, self.today())
        cues = read_cues(text)
        intent = prediction.intent
        awaiting = state.get("awaiting")
        if awaiting == "order" and not entities.order_numbers and (bare := bare_order_number(text)):
            entities.order_numbers.append(bare)
        if entities.order_numbers:
            state["order"] = entities.order_numbers[0]
        if entities.emails:
            state["email"] = entities.emails[0]

        escalation = self._escalation(cues, prediction)
        if escalation:
            return _Turn("", intent, handover=escalation, facts={"cues": cues.triggers})

        confirm = state.pop("confirm", None)
        if confirm and _YES.match(text):
            return self._confirmed(session, conv, state, confirm, message_id)
        if confirm and _NO.match(text):
            return _Turn(
                "Okay, I've left your order as it is. Anything else I can help with?", confirm["intent"]
            )
        if awaiting == "address" and state.get("pending") == "change_shipping_address" and len(text) > 8:
            return self._change_address(session, conv, state, text, message_id)

        pending = state.get("pending")
        supplied = bool(entities.order_numbers or entities.emails)
        if pending and (supplied or prediction.confidence < 0.6 or intent in ("other", "thanks")):
            intent = pending
        elif entities.order_numbers and intent == "delivery_period":
            intent = "track_order"  # "when will order #1001 arrive?" is about that order
        elif entities.order_numbers and intent not in ORDER_INTENTS and prediction.confidence < 0.5:
            intent = "track_order"
        elif prediction.confidence < LOW_CONFIDENCE and not supplied:
            if state.get("unclear"):
                return _Turn("", intent, handover="low_confidence")
            state["unclear"] = 1
            return _Turn(
                "Sorry, I'm not sure I understood. Could you say it another way? I can help with orders, "
                "deliveries, returns and refunds, stock and product questions.", intent,
            )  # fmt: skip
        state.pop("unclear", None)

        if intent in ORDER_INTENTS:
            order = self._verified_order(session, conv, state)
            if order is None:
                state["pending"] = intent
                return self._ask_verification(conv, state, intent)
            state.pop("pending", None)
            state.pop("awaiting", None)
            return self._order_intent(session, conv, state, intent, order, text, entities, message_id)
        state.pop("pending", None)
        return self._general_intent(session, intent, text, entities)

    def _escalation(self, cues: Cues, prediction: IntentPrediction) -> str | None:
        if cues.legal:
            return "legal_threat"
        if cues.sensitive:
            return "sensitive_topic"
        if prediction.intent == "contact_human_agent" or (cues.wants_human and prediction.confidence < 0.9):
            return "asked_for_person"
        if cues.angry:
            return "anger"
        return None

    # verification ---------------------------------------------------------------------------

    def _verified_order(
        self, session: Session, conv: ConversationRow, state: dict[str, Any]
    ) -> OrderRow | None:
        number = state.get("order") or conv.verified_order
        if number is None:
            return None
        number = store_facts.normalise_order_number(number)
        if conv.verified_order == number and conv.verified_email:
            return store_facts.find_verified_order(session, number, conv.verified_email)
        email = state.get("email") or conv.verified_email
        if email is None:
            return None
        order = store_facts.find_verified_order(session, number, email)
        if order is None:
            state["failed_verifications"] = int(state.get("failed_verifications", 0)) + 1
            state.pop("order", None)
            state.pop("email", None)
            state["verification_failed"] = True
            return None
        conv.verified_order = order.number
        conv.verified_email = email.lower()
        state.pop("failed_verifications", None)
        state["just_verified"] = True
        return order

    def _ask_verification(self, conv: ConversationRow, state: dict[str, Any], intent: str) -> _Turn:
        failed = state.pop("verification_failed", False)
        if int(state.get("failed_verifications", 0)) >= MAX_FAILED_VERIFICATIONS:
            return _Turn("", intent, handover="verification_failed")
        state["awaiting"] = "order"
        if failed:
            text = ("I couldn't match that order number with that email address. Please check both and "
                    "send them again, for example: #1001 ada@example.com")  # fmt: skip
        elif state.get("order") and not state.get("email") and not conv.verified_email:
            text = (
                f"Thanks. To protect your privacy, what is the email address used for order {state['order']}?"
            )
        elif state.get("email") and not state.get("order"):
            text = "Thanks. Which order is it about? Please send the order number (for example #1001)."
        else:
            text = ("I can help with that. First, to protect your privacy, please send your order number "
                    "and the email address used for the order.")  # fmt: skip
        return _Turn(text, intent, actions=["asked_verification"])

    # order intents --------------------------------------------------------------------------

    def _order_intent(
        self, session: Session, conv: ConversationRow, state: dict[str, Any], intent: str,
        order: OrderRow, text: str, entities: Entities, message_id: int,
    ) -> _Turn:  # fmt: skip
        facts = store_facts.order_facts(session, order)
        policy = store_facts.return_policy(session)
        actions = ["verified"] if state.pop("just_verified", False) else []
        base: dict[str, Any] = {"order": facts.number, "fulfillment_status": facts.fulfillment_status}
        if intent == "track_order":
            turn = self._track(facts, base)
        elif intent == "cancel_order":
            turn = self._cancel_check(facts, policy, state, base)
        elif intent in ("change_order",):
            turn = self._change_order(facts, policy, base)
        elif intent == "change_shipping_address":
            check = store_facts.can_change(facts, policy)
            base["change_allowed"] = check.allowed
            if check.allowed:
                state["pending"] = "change_shipping_address"
                state["awaiting"] = "address"
                turn = _Turn(f"Order {facts.number} hasn't shipped yet, so I can change its address. Please send the "
                             "new address on one line: street, city, postcode, country.", intent, base)  # fmt: skip
            else:
                turn = _Turn(f"I can't change the address of order {facts.number}: {self._why_not(check.reason)}. "
                             + self._after_shipping_hint(facts), intent, base)  # fmt: skip
        elif intent in ("return_request", "get_refund", "wrong_item", "damaged_item"):
            turn = self._returns(
                session, conv, facts, policy, intent, order, text, entities, base, message_id
            )
        elif intent == "track_refund":
            turn = self._refund_status(facts, policy, base)
        else:  # get_invoice, check_invoice
            turn = self._invoice(facts, base)
        turn.actions = actions + turn.actions
        return turn

    def _track(self, facts: store_facts.OrderFacts, base: dict[str, Any]) -> _Turn:
        if facts.cancelled:
            return _Turn(f"Order {facts.number} was cancelled.", "track_order", {**base, "cancelled": True})
        if not facts.shipments:
            return _Turn(f"Order {facts.number} (placed {_d(facts.placed_on)}) hasn't shipped yet; it is being prepared.",
                         "track_order", {**base, "placed_on": facts.placed_on})  # fmt: skip
        parts = []
        for s in facts.shipments:
            if s.delivered_on:
                parts.append(f"it was delivered on {_d(s.delivered_on)}")
            else:
                parts.append(f"it shipped on {_d(s.shipped_on)} with {s.carrier or 'our carrier'}"
                             + (f", tracking number {s.tracking_number}" if s.tracking_number else ""))  # fmt: skip
        shipments = [s.model_dump(mode="json") for s in facts.shipments]
        return _Turn(
            f"Order {facts.number}: " + "; ".join(parts) + ".",
            "track_order",
            {**base, "shipments": shipments},
        )

    def _why_not(self, reason: str) -> str:
        return {"cancelled": "it has already been cancelled", "shipped": "it has already shipped",
                "refunded": "it has already been refunded"}.get(reason, reason)  # fmt: skip

    def _after_shipping_hint(self, facts: store_facts.OrderFacts) -> str:
        if facts.cancelled:
            return "Nothing more needs to be done."
        return "Once it's delivered you can return it under our return policy, and I can start that for you."

    def _cancel_check(
        self, facts: store_facts.OrderFacts, policy: Any, state: dict[str, Any], base: dict[str, Any]
    ) -> _Turn:
        check = store_facts.can_change(facts, policy)
        base = {
            **base,
            "cancel_allowed": check.allowed,
            "total": str(facts.total),
            "currency": facts.currency,
        }
        if not check.allowed:
            return _Turn(f"I can't cancel order {facts.number}: {self._why_not(check.reason)}. "
                         + self._after_shipping_hint(facts), "cancel_order", base)  # fmt: skip
        state["confirm"] = {"intent": "cancel_order", "order": facts.number}
        return _Turn(f"Order {facts.number} hasn't shipped, so it can be cancelled free of charge and the full "
                     f"{_money(facts.total, facts.currency)} refunded. Shall I cancel it? (yes/no)", "cancel_order", base)  # fmt: skip

    def _change_order(self, facts: store_facts.OrderFacts, policy: Any, base: dict[str, Any]) -> _Turn:
        check = store_facts.can_change(facts, policy)
        base = {**base, "change_allowed": check.allowed}
        if not check.allowed:
            return _Turn(f"Order {facts.number} can't be changed: {self._why_not(check.reason)}. "
                         + self._after_shipping_hint(facts), "change_order", base)  # fmt: skip
        return _Turn(f"Order {facts.number} hasn't shipped yet. I can cancel it so you can order again with the "
                     "changes, or change its shipping address; for other edits a member of our team will help.",
                     "change_order", base)  # fmt: skip

    def _confirmed(
        self,
        session: Session,
        conv: ConversationRow,
        state: dict[str, Any],
        confirm: dict[str, Any],
        message_id: int,
    ) -> _Turn:
        order = self._verified_order(session, conv, {"order": confirm["order"]})
        if order is None:
            return _Turn(
                "I couldn't find that order again; please send the order number and email.", "cancel_order"
            )
        facts = store_facts.order_facts(session, order)
        check = store_facts.can_change(facts, store_facts.return_policy(session))
        if not check.allowed:
            return _Turn(f"I can't cancel order {facts.number}: {self._why_not(check.reason)}.", "cancel_order",
                         {"order": facts.number, "cancel_allowed": False})  # fmt: skip
        order.cancelled_at = datetime.now(UTC)
        self._emit(session, conv, message_id, "order.cancelled", f"order/{order.number}",
                   {"order": order.number, "by": "shopper", "conversation_id": conv.id})  # fmt: skip
        return _Turn(f"Done: order {facts.number} is cancelled. The refund of {_money(facts.total, facts.currency)} "
                     "goes back to your original payment method.", "cancel_order",
                     {"order": facts.number, "cancelled": True, "total": str(facts.total), "currency": facts.currency},
                     ["cancelled_order"])  # fmt: skip

    def _change_address(
        self, session: Session, conv: ConversationRow, state: dict[str, Any], text: str, message_id: int
    ) -> _Turn:
        order = self._verified_order(session, conv, state)
        state.pop("awaiting", None)
        state.pop("pending", None)
        if order is None:
            return _Turn("Please send your order number and email again.", "change_shipping_address")
        facts = store_facts.order_facts(session, order)
        check = store_facts.can_change(facts, store_facts.return_policy(session))
        if not check.allowed:
            return _Turn(f"I can't change the address of order {facts.number}: {self._why_not(check.reason)}.",
                         "change_shipping_address", {"order": facts.number, "change_allowed": False})  # fmt: skip
        parts = [p.strip() for p in text.split(",") if p.strip()]
        old = dict(order.shipping_address or {})
        new = dict(old)
        new["address1"] = parts[0]
        if len(parts) > 1:
            new["city"] = parts[1]
        if len(parts) > 2:
            new["zip"] = parts[2]
        if len(parts) > 3:
            new["country"] = parts[3]
        order.shipping_address = new
        self._emit(session, conv, message_id, "order.address_changed", f"order/{order.number}",
                   {"order": order.number, "shipping_address": new, "conversation_id": conv.id})  # fmt: skip
        shown = ", ".join(parts)
        return _Turn(f"Done: order {facts.number} will now ship to {shown}.", "change_shipping_address",
                     {"order": facts.number, "new_address": shown}, ["changed_address"])  # fmt: skip

    def _returns(
        self, session: Session, conv: ConversationRow, facts: store_facts.OrderFacts, policy: Any, intent: str,
        order: OrderRow, text: str, entities: Entities, base: dict[str, Any], message_id: int,
    ) -> _Turn:  # fmt: skip
        if intent == "get_refund" and not facts.cancelled and store_facts.can_change(facts, policy).allowed:
            return _Turn(
                f"Order {facts.number} hasn't shipped yet: if you cancel it, the full "
                f"{_money(facts.total, facts.currency)} is refunded. Would you like me to cancel it? Just say "
                "'cancel my order'.", intent, {**base, "cancel_allowed": True},
            )  # fmt: skip
        store_fault = intent in ("wrong_item", "damaged_item") or bool(_NOT_AS_PICTURED.search(text))
        checks = store_facts.return_checks(facts, policy, self.today(), store_fault=store_fault)
        wanted = {s.upper() for s in entities.skus}
        words = text.lower()
        named = [
            c
            for c in checks
            if (c.sku and c.sku.upper() in wanted) or c.title.lower().split(" - ")[0] in words
        ]
        chosen = named or checks
        eligible = [c for c in chosen if c.eligible]
        facts_out = {**base, "delivered_on": facts.delivered_on, "window_days": policy.window_days,
                     "checks": [c.model_dump(mode="json") for c in chosen]}  # fmt: skip
        if not eligible:
            reasons = {c.reason for c in chosen}
            if "not_delivered" in reasons:
                why = "it hasn't been delivered yet; once it arrives you can return it"
            elif "window_closed" in reasons:
                last = max((c.last_day for c in chosen if c.last_day), default=None)
                why = f"the {policy.window_days}-day return window closed on {_d(last)}"
            elif "final_sale" in reasons:
                why = "it is a final-sale item, which can't be returned"
            elif "already_returned" in reasons:
                why = "a return for it has already been requested"
            else:
                why = "the order was cancelled"
            return _Turn(f"I can't start a return for order {facts.number}: {why}.", intent, facts_out)
        kind = "not_as_pictured" if _NOT_AS_PICTURED.search(text) else intent
        reason = {"wrong_item": "wrong item received", "damaged_item": "arrived damaged",
                  "not_as_pictured": "not as pictured"}.get(kind, "shopper request")  # fmt: skip
        created = []
        lines = {line.sku: line for line in facts.lines}
        for check in eligible:
            existing = session.scalar(
                select(ReturnRow).where(ReturnRow.order_id == order.id, ReturnRow.sku == check.sku)
            )
            if existing is not None:
                continue
            line = lines[check.sku]
            session.add(ReturnRow(order_id=order.id, sku=check.sku, quantity=line.quantity, reason=reason,
                                  status="requested", requested_at=datetime.now(UTC)))  # fmt: skip
            created.append(check.title)
            self._emit(session, conv, message_id, "return.requested", f"order/{order.number}",
                       {"order": order.number, "sku": check.sku, "quantity": line.quantity, "reason": reason,
                        "conversation_id": conv.id})  # fmt: skip
            if store_fault:
                handle = session.scalar(
                    select(ProductRow.handle).join(VariantRow, VariantRow.product_id == ProductRow.id)
                    .where(VariantRow.sku == check.sku)
                )  # fmt: skip
                self._emit(session, conv, message_id, "product.issue_reported", f"product/{handle or check.sku}",
                           {"sku": check.sku, "handle": handle, "kind": kind, "order": order.number,
                            "conversation_id": conv.id})  # fmt: skip
        fee = policy.restocking_fee_percent
        steps = ("We'll send a prepaid label for the wrong or damaged item; no need to check its condition."
                 if store_fault else
                 f"Please send it back {policy.condition}"
                 + (f"; a {fee}% restocking fee applies" if fee and not store_fault else "") + ".")  # fmt: skip
        facts_out["returned"] = created
        facts_out["refund_days"] = policy.refund_days
        sorry = "I'm sorry about that. " if store_fault else ""
        return _Turn(
            f"{sorry}I've opened a return for order {facts.number}: {', '.join(created) or 'already requested'}. "
            f"{steps} Your refund is issued within {policy.refund_days} days of the item reaching us.",
            intent, facts_out, ["created_return"] + (["reported_product_issue"] if store_fault else []),
        )  # fmt: skip

    def _refund_status(self, facts: store_facts.OrderFacts, policy: Any, base: dict[str, Any]) -> _Turn:
        base = {
            **base,
            "financial_status": facts.financial_status,
            "returns": [r.model_dump(mode="json") for r in facts.returns],
        }
        if facts.financial_status in ("refunded", "partially_refunded"):
            word = "fully" if facts.financial_status == "refunded" else "partly"
            return _Turn(
                f"Order {facts.number} has been {word} refunded to your original payment method.",
                "track_refund",
                base,
            )
        if not facts.returns:
            return _Turn(
                f"There's no return or refund open for order {facts.number} yet. Would you like to start a return?",
                "track_refund",
                base,
            )
        latest = facts.returns[-1]
        return _Turn(
            f"Your return for order {facts.number} (requested {_d(latest.requested_on)}) is '{latest.status}'. "
            f"The refund is issued within {policy.refund_days} days of the item reaching us.", "track_refund", base,
        )  # fmt: skip

    def _invoice(self, facts: store_facts.OrderFacts, base: dict[str, Any]) -> _Turn:
        lines = "; ".join(
            f"{line.quantity} × {line.title} at {_money(line.unit_price, facts.currency)}"
            for line in facts.lines
        )
        base = {**base, "lines": [line.model_dump(mode="json") for line in facts.lines], "total": str(facts.total),
                "currency": facts.currency, "placed_on": facts.placed_on}  # fmt: skip
        return _Turn(f"Invoice for order {facts.number} (placed {_d(facts.placed_on)}): {lines}. Total "
                     f"{_money(facts.total, facts.currency)}, payment {facts.financial_status}.", "get_invoice", base)  # fmt: skip

    # intents that need no order -------------------------------------------------------------

    def _general_intent(self, session: Session, intent: str, text: str, entities: Entities) -> _Turn:
        if intent in ("delivery_options", "delivery_period"):
            return self._shipping(session, intent, entities)
        if intent in ("check_refund_policy", "check_cancellation_fee"):
            policy = store_facts.return_policy(session)
            facts = {"window_days": policy.window_days, "condition": policy.condition,
                     "final_sale": policy.final_sale_categories, "refund_days": policy.refund_days,
                     "restocking_fee_percent": str(policy.restocking_fee_percent),
                     "cancellation_allowed_until": policy.cancellation_allowed_until}  # fmt: skip
            if intent == "check_cancellation_fee":
                return _Turn("There's no fee to cancel an order before it ships: you get a full refund. Once it has "
                             f"shipped it can't be cancelled, but you can return it within {policy.window_days} days "
                             "of delivery" + (f" (restocking fee {policy.restocking_fee_percent}%)." if policy.restocking_fee_percent else " at no charge."),
                             intent, facts)  # fmt: skip
            final = (
                (" Final-sale items can't be returned: " + ", ".join(policy.final_sale_categories) + ".")
                if policy.final_sale_categories
                else ""
            )
            fee = (
                f" A {policy.restocking_fee_percent}% restocking fee applies."
                if policy.restocking_fee_percent
                else ""
            )
            return _Turn(f"You can return items within {policy.window_days} days of delivery, {policy.condition}. "
                         f"Refunds go back to the original payment method within {policy.refund_days} days of the "
                         f"item reaching us.{final}{fee}", intent, facts)  # fmt: skip
        if intent in ("stock_question", "product_question", "place_order"):
            return self._product(session, intent, text, entities)
        if intent == "greeting":
            return _Turn("Hi! How can I help you today? I can check an order, start a return, or answer questions "
                         "about products, stock and delivery.", intent)  # fmt: skip
        if intent == "thanks":
            return _Turn("You're welcome! Is there anything else I can help with?", intent)
        if intent in ("complaint", "payment_issue", "delete_account"):
            return _Turn("", intent, handover="needs_person")
        return _Turn(_STATIC_ANSWERS.get(intent, _STATIC_ANSWERS["other"]), intent)

    def _shipping(self, session: Session, intent: str, entities: Entities) -> _Turn:
        policy = store_facts.shipping_policy(session)
        if policy is None or not policy.rates:
            return _Turn("", intent, handover="needs_person")
        country = entities.countries[0] if entities.countries else None
        rates = store_facts.rates_for(policy, country)
        today = self.today()
        options: list[dict[str, Any]] = []
        for rate in rates:
            first = store_facts.add_business_days(today, policy.handling_days + rate.min_days)
            last = store_facts.add_business_days(today, policy.handling_days + rate.max_days)
            free = f", free over {rate.free_over}" if rate.free_over is not None else ""
            options.append({"name": rate.name, "price": str(rate.price), "min_days": rate.min_days, "max_days": rate.max_days,
                            "arrives_between": [first.isoformat(), last.isoformat()], "free_over": str(rate.free_over) if rate.free_over is not None else None})  # fmt: skip
            options[-1]["text"] = (
                f"{rate.name} ({rate.price}{free}): {rate.min_days}–{rate.max_days} business days, arriving {first.isoformat()} to {last.isoformat()} if ordered today"
            )
        where = f" to {country}" if country else ""
        text = (
            f"Shipping{where}: "
            + "; ".join(str(o.pop("text")) for o in options)
            + f". Orders leave within {policy.handling_days} business day(s)."
        )
        if not country:
            text += " Tell me your country for the exact options."
        return _Turn(
            text, intent, {"country": country, "options": options, "handling_days": policy.handling_days}
        )

    def _product(self, session: Session, intent: str, text: str, entities: Entities) -> _Turn:
        variant = find_variant_by_sku(session, entities.skus)
        product: ProductRow | None = variant.product if variant else None
        if product is None:
            found = find_products(session, text, limit=1)
            product = found[0] if found else None
        if product is None:
            if intent == "place_order":
                return _Turn(_STATIC_ANSWERS["place_order"], intent)
            return _Turn("I couldn't find that product in our catalog. Could you give me its name or SKU?", intent,
                         {"product": None})  # fmt: skip
        variant = variant or pick_variant(product, entities.sizes, entities.colours)
        today = self.today()
        if intent in ("stock_question", "place_order"):
            candidates = [variant] if variant else list(product.variants)
            stocks = store_facts.stock_facts_many(session, [v for v in candidates if v.sku], today)
            stock_out: dict[str, Any] = {
                "product": product.title,
                "stock": [s.model_dump(mode="json") for s in stocks],
            }
            parts = []
            for s in stocks:
                if s.available > 0:
                    parts.append(f"{s.title} is in stock ({s.available} available)")
                elif s.restock_on:
                    parts.append(
                        f"{s.title} is out of stock; more are expected around {s.restock_on.isoformat()}"
                    )
                else:
                    parts.append(f"{s.title} is out of stock with no restock date yet")
            prefix = "You can order it on our store. " if intent == "place_order" else ""
            return _Turn(prefix + "; ".join(parts[:6]) + ".", intent, stock_out)
        attributes = {str(k): str(v) for k, v in (product.attributes or {}).items()}
        options: dict[str, list[str]] = {}
        for v in product.variants:
            for key, value in (v.options or {}).items():
                options.setdefault(str(key), [])
                if str(value) not in options[str(key)]:
                    options[str(key)].append(str(value))
        asked = [k for k in attributes if k.lower().replace("_", " ") in text.lower()]
        description = plain_text(product.description_html)
        pieces = [f"{product.title}"]
        if asked:
            pieces.append("; ".join(f"{k}: {attributes[k]}" for k in asked))
        else:
            if description:
                pieces.append(description[:300])
            if attributes:
                pieces.append("; ".join(f"{k}: {v}" for k, v in list(attributes.items())[:6]))
        if options:
            pieces.append("Available " + "; ".join(f"{k}: {', '.join(v)}" for k, v in options.items()))
        price = min((v.price for v in product.variants), default=None)
        currency = product.variants[0].currency if product.variants else ""
        if price is not None:
            pieces.append(f"From {_money(price, currency)}")
        facts: dict[str, Any] = {"product": product.title, "attributes": attributes, "options": options, "description": description[:300],
                 "price_from": str(price) if price is not None else None, "currency": currency}  # fmt: skip
        return _Turn(". ".join(p.rstrip(".") for p in pieces) + ".", intent, facts)

    # handover and events --------------------------------------------------------------------

    def _hand_over(
        self, session: Session, conv: ConversationRow, state: dict[str, Any], turn: _Turn, message_id: int
    ) -> None:
        reason = turn.handover or "needs_person"
        history = session.scalars(
            select(MessageRow).where(MessageRow.conversation_id == conv.id).order_by(MessageRow.id)
        ).all()
        said = [m.text for m in history if m.role == "customer"][-5:]
        intents = [i for i in [*state.get("intents", []), turn.intent] if i]
        summary = (
            f"Reason: {reason.replace('_', ' ')}. Intents: {', '.join(dict.fromkeys(intents))}. "
            f"Verified order: {conv.verified_order or 'none'}. Shopper said: " + " | ".join(said)
        )
        checked = {
            "verified_order": conv.verified_order,
            "checked": state.get("checked", []),
            "cues": turn.facts.get("cues", []),
        }
        session.add(
            HandoverRow(
                conversation_id=conv.id,
                reason=reason,
                summary=summary,
                checked=_jsonable(checked),
                status="open",
            )
        )
        conv.status = "handed_over"
        self._emit(session, conv, message_id, "support.escalated", f"conversation/{conv.id}",
                   {"conversation_id": conv.id, "reason": reason, "summary": summary,
                    "verified_order": conv.verified_order})  # fmt: skip
        why = {"anger": " because I can tell this has been frustrating", "legal_threat": "",
               "asked_for_person": " as you asked", "sensitive_topic": " because this needs a person's care",
               "low_confidence": " because I'm not sure I understood", "needs_person": "",
               "verification_failed": " because I couldn't verify the order"}.get(reason, "")  # fmt: skip
        turn.text = HANDOVER_TEXT.format(why=why)
        turn.actions.append("handed_over")
        turn.facts = {}

    def _emit(
        self,
        session: Session,
        conv: ConversationRow,
        message_id: int,
        type_: str,
        subject: str,
        data: dict[str, Any],
    ) -> None:
        event = CloudEvent(
            id=f"{conv.id}:{message_id}:{type_}:{data.get('sku', '')}",
            source=SOURCE,
            type=type_,
            subject=subject,
            data=_jsonable(data),
        )
        record_event(session, event)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


_STATIC_ANSWERS = {
    "place_order": "You can order on our store: add the items to your cart and check out. Tell me which product you're after and I'll check its stock.",
    "check_payment_methods": "The payment methods available for your order are listed at checkout.",
    "review": "Thank you! You can leave a review on the product's page after delivery; we read every one.",
    "contact_customer_service": "You're talking to our customer service now. I can help with orders, returns, refunds, stock and delivery, or pass you to a member of our team: just ask for a person.",
    "create_account": "You can create an account from the 'Sign in' page of our store with your email address; an account isn't needed to order.",
    "edit_account": "You can change your name, email and phone number under 'Account' → 'Profile' once signed in.",
    "switch_account": "To use another account, sign out from 'Account' and sign in with the other email address.",
    "recover_password": "Use 'Forgot password?' on the sign-in page; we'll email you a link to set a new password.",
    "registration_problems": "Sorry you're having trouble signing up. If it says your email is already registered, use 'Forgot password?'; otherwise tell me the error you see and I'll pass it to our team.",
    "newsletter_subscription": "You can subscribe at the bottom of any page of our store, and unsubscribe with the link at the end of every newsletter.",
    "set_up_shipping_address": "Once signed in, add addresses under 'Account' → 'Addresses'; the one marked default is used at checkout.",
    "other": "I'm the store's assistant: I can check your order, change or cancel it before it ships, start a return, and answer questions about products, stock, delivery and refunds.",
}
