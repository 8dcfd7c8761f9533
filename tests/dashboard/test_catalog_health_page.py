from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from shopweave.dashboard import build_catalog_health
from shopweave.gateway.reference import operations

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")


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


def _open(browser: Browser, url: str, requested: list[str]) -> Page:
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url, wait_until="networkidle")
    return page


def test_the_catalog_health_page_shows_the_audit_figures(served, browser: Browser, tmp_path: Path) -> None:
    # given the figures the page should show, computed from the same store
    with served.database.transaction() as session:
        health = build_catalog_health(session, served.settings.images_dir)
    requested: list[str] = []
    # when the page is opened in a real browser
    page = _open(browser, f"{served.base_url}/", requested)
    page.screenshot(path=str(tmp_path / "catalog-health.png"), full_page=True)
    # then it shows exactly those figures
    assert page.title() == "Catalog health · Shopweave"
    assert page.get_by_test_id("overall-score").inner_text() == f"{health.score:.1f}"
    for name, count in health.counts.items():
        assert page.get_by_test_id(f"count-{name}").inner_text() == f"{count:,}"
    channel_rows = page.locator("[data-testid=channels] tbody tr")
    assert channel_rows.count() == 5
    assert [channel_rows.nth(i).get_attribute("data-channel") for i in range(5)] == [
        c.channel for c in health.channels
    ]
    first = channel_rows.nth(0).locator("td")
    assert first.nth(0).inner_text() == health.channels[0].label
    assert first.nth(1).inner_text() == f"{health.channels[0].score:.1f}"
    assert first.nth(2).inner_text() == f"{health.channels[0].complete} / {health.channels[0].products}"
    problem_rows = page.locator("[data-testid=problems] tbody tr")
    assert [problem_rows.nth(i).get_attribute("data-code") for i in range(problem_rows.count())] == [
        p.code for p in health.worst_problems
    ]
    assert problem_rows.nth(0).locator("td").nth(3).inner_text() == str(health.worst_problems[0].products)
    weakest = page.locator("[data-testid=weakest] tbody tr")
    assert [weakest.nth(i).get_attribute("data-handle") for i in range(weakest.count())] == [
        p.handle for p in health.weakest
    ]
    assert weakest.nth(0).locator("td").nth(2).inner_text() == f"{health.weakest[0].score:.1f}"
    # and nothing was loaded from anywhere but this server
    assert requested
    assert [url for url in requested if not url.startswith(served.base_url + "/")] == []
    assert f"{served.base_url}/static/shopweave.css" in requested


def test_the_product_link_opens_the_product_json(served, browser: Browser) -> None:
    requested: list[str] = []
    page = _open(browser, f"{served.base_url}/", requested)
    link = page.locator("[data-testid=weakest] tbody tr").first.locator("a")
    handle = page.locator("[data-testid=weakest] tbody tr").first.get_attribute("data-handle")
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{served.base_url}/api/products/{handle}"
    assert f'"handle":"{handle}"' in page.content()


def test_the_api_reference_renders_without_loading_anything_from_outside(served, browser: Browser) -> None:
    requested: list[str] = []
    page = _open(browser, f"{served.base_url}/docs", requested)
    assert page.title() == "API reference · Shopweave"
    assert page.locator("h1").inner_text() == "Shopweave API 0.1.0"
    spec = httpx.get(f"{served.base_url}/openapi.json").json()
    assert page.locator("ul.toc li").count() == len(operations(spec))
    assert page.locator("ul.toc li").first.inner_text() == "GET /api/products List products"
    assert [url for url in requested if not url.startswith(served.base_url + "/")] == []
