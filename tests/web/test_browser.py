"""End to end in headless Chromium (Debian's /usr/bin/chromium via Playwright) against a real server.

Scenario: add a person, import a file with one bad row and see the error, fix it, see the chart; clinic mode:
two clinicians in separate browsers, each sees only their own patients. Screenshots go to the test's tmp dir, or
to docs/screenshots/ when IGFAXIS_UPDATE_SCREENSHOTS=1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ._browser_util import chromium, screenshot_dir, wait_for_charts
from .conftest import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CSV_ROWS = [
    ("2024-03-12", "92", "ng/mL"), ("2024-06-18", "98", "ng/mL"), ("2024-09-24", "131", "ng/mL"),
    ("2024-12-17", "148", "ng/mL"), ("2025-03-11", "21.8", "nmol/L"), ("2025-06-17", "171", "ng/mL"),
    ("2025-09-23", "152", "ng/mL"),
]


def _csv(bad_row: int | None = None) -> bytes:
    lines = ["date,value,unit,assay,lab"]
    for i, (date, value, unit) in enumerate(CSV_ROWS):
        shown = "1O5" if i == bad_row else value  # a letter O typed for a zero
        lines.append(f"{date},{shown},{unit},IDS-iSYS,City Lab")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    return screenshot_dir(tmp_path)


def _page(browser: Any, base: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base)
    page = context.new_page()
    page.set_default_timeout(60_000)  # the shared CI machine can be slow
    external: list[str] = []
    page.on("request", lambda req: external.append(req.url) if not req.url.startswith(base) else None)
    page.external = external  # requests that left the app (there must be none: no CDN)
    return page


def _add_person(page: Any, name: str, *, sex: str = "male", birth: str = "1968-04-02") -> None:
    page.goto("/people/new")
    page.fill("input[name=name]", name)
    page.select_option("select[name=sex]", sex)
    page.fill("input[name=birth_date]", birth)
    page.fill("input[name=weight_kg]", "82")
    with page.expect_navigation():
        page.click("button:has-text('Save person')")
    page.wait_for_selector(f'h1:has-text("{name}")')


def _import(page: Any, data: bytes, name: str = "igf1-history.csv") -> None:
    page.set_input_files("#import input[type=file]", files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    with page.expect_navigation():  # the form posts and the server answers with a new page (or a redirect)
        page.click("#import button:has-text('Import')")


def test_local_scenario(browser: Any, make_server: Callable[..., LiveServer], shots: Path) -> None:
    server = make_server()
    page = _page(browser, server.url)
    page.goto("/people")
    assert page.is_visible("text=No people yet")

    _add_person(page, "J. Doe")
    _import(page, _csv(bad_row=3))
    error = page.locator("#import .alert.error")
    assert error.is_visible()
    text = error.inner_text()
    assert "Nothing was imported from igf1-history.csv" in text
    assert "row 5" in text and "value" in text and "1O5" in text
    assert page.locator("#readings table").count() == 0  # nothing kept
    page.locator("#import").screenshot(path=str(shots / "import-error.png"))

    _import(page, _csv())  # fixed file
    page.wait_for_selector("text=Imported 7 readings")
    assert page.locator("#readings tbody tr").count() == 7

    page.fill("#protocols input[name=name]", "tesamorelin 1 mg/day")
    page.fill("#protocols input[name=start_date]", "2024-07-01")
    page.fill("#protocols input[name=end_date]", "2025-06-30")
    page.click("#protocols button:has-text('Add period')")
    page.wait_for_selector("#protocols td:has-text('tesamorelin 1 mg/day')")
    page.fill("#protocols input[name=name]", "tesamorelin 0.5 mg/day")
    page.fill("#protocols input[name=start_date]", "2025-07-01")
    page.click("#protocols button:has-text('Add period')")
    page.wait_for_selector("#protocols td:has-text('tesamorelin 0.5 mg/day')")

    chart = page.locator("img.chart")
    chart.scroll_into_view_if_needed()
    wait_for_charts(page, "img.chart")
    assert page.locator("#readings").inner_text().count("optimal") >= 2
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shots / "person.png"), full_page=True)

    page.goto("/people")
    page.screenshot(path=str(shots / "people.png"))
    page.goto("/people/new")
    page.screenshot(path=str(shots / "add-person.png"))
    assert page.external == []
    page.context.close()


def test_clinic_isolation(browser: Any, make_server: Callable[..., LiveServer], shots: Path) -> None:
    users = (("alice", "alice-password-1", "clinician"), ("bob", "bob-password-12", "clinician"))
    server = make_server(clinic=True, users=users)
    pages = {}
    for name, password, _ in users:
        page = _page(browser, server.url)
        page.goto("/people")
        assert "/login" in page.url
        if name == "alice":
            page.screenshot(path=str(shots / "login.png"))
        page.fill("input[name=username]", name)
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.click("button:has-text('Sign in')")
        page.wait_for_selector("h1:has-text('People')")
        assert page.is_visible(f".who:has-text('{name}')")
        pages[name] = page
    alice, bob = pages["alice"], pages["bob"]
    _add_person(alice, "Alice's patient", sex="female")
    alice_url = alice.url
    _import(alice, _csv())
    _add_person(bob, "Bob's patient")

    bob.goto("/people")
    assert bob.is_visible("text=Bob's patient") and not bob.is_visible("text=Alice's patient")
    response = bob.goto(alice_url)
    assert response is not None and response.status == 404
    assert bob.is_visible("text=Not found")
    alice.goto("/people")
    assert alice.is_visible("text=Alice's patient") and not alice.is_visible("text=Bob's patient")
    for page in pages.values():
        assert page.external == []
        page.context.close()
