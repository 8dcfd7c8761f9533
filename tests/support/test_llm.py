"""Optional LLM phrasing against a real local HTTP server that follows the chat-completions contract."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from shopweave.catalog.store import Database
from shopweave.support.assistant import Assistant
from shopweave.support.llm import ChatCompletionsPhraser, adds_facts
from shopweave.support.nlu.classifier import IntentClassifier

TODAY = date(2026, 3, 20)  # the small store's "today" (tests/support/conftest.py)


class FakeLLM(ThreadingHTTPServer):
    """Answers POST /v1/chat/completions with `answer`, after `delay` seconds, or with `status`."""

    answer = "Good news: order #1001 was delivered on 2026-03-10."
    delay = 0.0
    status = 200
    requests: list[dict[str, Any]]


class _Handler(BaseHTTPRequestHandler):
    server: FakeLLM

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(
            {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
        )
        time.sleep(self.server.delay)
        payload = json.dumps({"id": "x", "object": "chat.completion", "model": body["model"], "choices": [
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": self.server.answer}}]})  # fmt: skip
        try:
            self.send_response(self.server.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(payload.encode())
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def llm() -> Iterator[FakeLLM]:
    server = FakeLLM(("127.0.0.1", 0), _Handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _assistant(
    store: Database, classifier: IntentClassifier, llm: FakeLLM, timeout: float = 2.0
) -> Assistant:
    phraser = ChatCompletionsPhraser(f"http://127.0.0.1:{llm.server_port}/v1", "tiny", timeout, api_key="k")
    return Assistant(store, classifier, phraser=phraser, today=lambda: TODAY)


def test_the_llm_phrases_the_answer_from_the_facts(
    store: Database, classifier: IntentClassifier, llm: FakeLLM
) -> None:
    assistant = _assistant(store, classifier, llm)
    reply = assistant.respond(assistant.start(), "where is my order #1001 ada@example.com")
    assert (reply.text, reply.phrased_by) == ("Good news: order #1001 was delivered on 2026-03-10.", "llm")
    (request,) = llm.requests
    assert (request["path"], request["auth"], request["body"]["model"]) == (
        "/v1/chat/completions",
        "Bearer k",
        "tiny",
    )
    assert "Order #1001: it was delivered on 2026-03-10." in request["body"]["messages"][1]["content"]


def test_a_slow_llm_gives_the_template(store: Database, classifier: IntentClassifier, llm: FakeLLM) -> None:
    llm.delay = 1.5
    assistant = _assistant(store, classifier, llm, timeout=0.3)
    reply = assistant.respond(assistant.start(), "where is my order #1001 ada@example.com")
    assert (reply.text, reply.phrased_by) == ("Order #1001: it was delivered on 2026-03-10.", "template")


def test_a_failing_llm_gives_the_template(
    store: Database, classifier: IntentClassifier, llm: FakeLLM
) -> None:
    llm.status = 500
    assistant = _assistant(store, classifier, llm)
    reply = assistant.respond(assistant.start(), "where is my order #1001 ada@example.com")
    assert (reply.text, reply.phrased_by) == ("Order #1001: it was delivered on 2026-03-10.", "template")


def test_an_llm_answer_that_adds_facts_is_rejected(
    store: Database, classifier: IntentClassifier, llm: FakeLLM
) -> None:
    llm.answer = (
        "Order #1001 was delivered on 2026-03-10 and you get a 20% discount code SAVE20 until 2026-04-01."
    )
    assistant = _assistant(store, classifier, llm)
    reply = assistant.respond(assistant.start(), "where is my order #1001 ada@example.com")
    assert (reply.text, reply.phrased_by) == ("Order #1001: it was delivered on 2026-03-10.", "template")


def test_the_llm_is_not_asked_before_verification(
    store: Database, classifier: IntentClassifier, llm: FakeLLM
) -> None:
    assistant = _assistant(store, classifier, llm)
    reply = assistant.respond(assistant.start(), "where is my order #1001?")
    assert reply.phrased_by == "template"
    assert llm.requests == []


@pytest.mark.parametrize(
    ("answer", "added"),
    [
        ("Your order #1001 arrived on 2026-03-10.", []),
        ("Your order #1001 arrived on 2026-03-11.", ["2026-03-11"]),
        ("Write to help@shop.example for order #1001.", ["help@shop.example"]),
    ],
    ids=["same-facts", "changed-date", "new-email"],
)
def test_added_facts_are_detected(answer: str, added: list[str]) -> None:
    assert adds_facts(answer, "Order #1001: it was delivered on 2026-03-10.", {"order": "#1001"}) == added
