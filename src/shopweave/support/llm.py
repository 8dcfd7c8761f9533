"""Optional LLM phrasing through any OpenAI-compatible chat-completions endpoint.

The model only rewords the template answer from the same facts. Its answer is rejected — and
the template goes out — when the call fails, is slower than `llm_timeout_s`, or the answer
contains a number, date, email, order or tracking number that is neither in the facts nor in
the template (a fact it added).
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import httpx

from shopweave.settings import Settings

logger = logging.getLogger("shopweave.support.llm")

SYSTEM_PROMPT = (
    "You are a store's customer-service assistant. Rewrite the DRAFT answer so it sounds warm and "
    "natural, in at most three sentences. Use ONLY the facts in FACTS and DRAFT: never add numbers, "
    "dates, prices, names, policies or promises. Keep every order number, date and amount exactly."
)
_TOKEN = re.compile(r"[\w.@#-]*\d[\w.@#/-]*|[\w.+-]+@[\w-]+\.[\w.]+")


def _tokens(text: str) -> set[str]:
    return {t.strip(".,;:()#").lower() for t in _TOKEN.findall(text) if t.strip(".,;:()#")}


def adds_facts(answer: str, template: str, facts: dict[str, Any]) -> list[str]:
    """Numbers/identifiers in `answer` that appear neither in the template nor in the facts."""
    known = _tokens(template) | _tokens(json.dumps(facts, default=str))
    known_digits = {re.sub(r"\D", "", t) for t in known}
    added = []
    for token in _tokens(answer):
        if token in known or re.sub(r"\D", "", token) in known_digits:
            continue
        added.append(token)
    return added


class ChatCompletionsPhraser:
    """Calls `POST {base_url}/chat/completions`; returns None on any problem."""

    def __init__(self, base_url: str, model: str, timeout_s: float, api_key: str | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:  # fmt: skip
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.timeout_s = timeout_s
        self.headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.client = httpx.Client(timeout=httpx.Timeout(timeout_s), transport=transport)

    @classmethod
    def from_settings(cls, settings: Settings) -> ChatCompletionsPhraser | None:
        """A phraser when `llm_base_url` is set, else None."""
        if not settings.llm_base_url:
            return None
        return cls(settings.llm_base_url, settings.llm_model, settings.llm_timeout_s, settings.llm_api_key)

    def phrase(self, template: str, facts: dict[str, Any], message: str) -> str | None:
        body = {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {
                    "role": "user",
                    "content": f"CUSTOMER: {message}\nFACTS: {json.dumps(facts, default=str)}\nDRAFT: {template}",
                },
            ],
        }
        try:
            response = self.client.post(self.url, json=body, headers=self.headers)
            response.raise_for_status()
            answer = str(response.json()["choices"][0]["message"]["content"]).strip()
        except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
            logger.warning("LLM phrasing failed, sending the template: %s", exc)
            return None
        if not answer:
            return None
        added = adds_facts(answer, template, facts)
        if added:
            logger.warning("LLM answer rejected, it added facts: %s", added)
            return None
        return answer

    def close(self) -> None:
        self.client.close()
