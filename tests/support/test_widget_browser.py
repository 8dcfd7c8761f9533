"""The embeddable chat widget in Debian's chromium, against a real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


def test_a_shopper_chats_and_sees_the_agent_reply(served, browser: Browser) -> None:
    page = browser.new_page()
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(served.base_url) else None)
    page.goto(f"{served.base_url}/support/chat")
    log = page.locator(".sw-log")
    expect(log.locator('.sw-msg[data-role="assistant"]').first).to_contain_text("I'm the store's assistant")

    page.fill(".sw-form input", "is the linen shirt in size M in stock?")
    page.click(".sw-form button")
    expect(log.locator('.sw-msg[data-role="customer"]')).to_have_text(
        ["is the linen shirt in size M in stock?"]
    )
    expect(log.locator('.sw-msg[data-role="assistant"]').nth(1)).to_have_text(
        "Linen Shirt - M is out of stock; more are expected around 2026-04-02."
    )

    page.fill(".sw-form input", "I want to talk to a human")
    page.press(".sw-form input", "Enter")
    expect(log.locator('.sw-msg[data-role="assistant"]').nth(2)).to_contain_text("passing this conversation")

    conversations = httpx.get(
        f"{served.base_url}/support/conversations", params={"status": "handed_over"}
    ).json()
    cid = conversations[0]["id"]
    assert conversations[0]["channel"] == "widget"
    httpx.post(
        f"{served.base_url}/support/conversations/{cid}/agent-messages",
        json={"agent": "sam", "text": "Hi, Sam here!"},
    )
    expect(log.locator('.sw-msg[data-role="agent"]')).to_have_text(["Hi, Sam here!"], timeout=10_000)
    assert external == []
    page.close()
