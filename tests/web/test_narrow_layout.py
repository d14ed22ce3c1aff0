"""Headless Chromium at a 390-px phone viewport: the people list, a person's page, the plan page (with the options
table) and the simulate page (with its charts) are no wider than the viewport; wide tables and charts scroll inside
their own container, charts keep a readable size, and the top bar's 'Local mode' text stays on screen."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES

from ._browser_util import chromium, run_example_simulation, screenshot_dir
from .conftest import LiveServer, csrf_of

WIDTH = 390
TOLERANCE = 2  # px: sub-pixel rounding


def _person_with_plan(server: LiveServer) -> int:
    """A stored person with the example readings and a plan, made through the real server's forms."""
    client = server.client()
    token = csrf_of(client)
    r = client.post("/people/new", data={"csrf_token": token, "name": "J. Doe", "sex": "male",
                                         "birth_date": "1968-04-02", "weight_kg": "82"})
    pid = int(r.headers["location"].rsplit("/", 1)[1])
    data = (EXAMPLES / "patient-igf1.csv").read_bytes()
    assert client.post(f"/people/{pid}/import", data={"csrf_token": token},
                       files={"file": ("patient-igf1.csv", data, "text/csv")}).status_code == 303
    r = client.post(f"/people/{pid}/plan", data={"csrf_token": token, "goal": "fat_loss", "target_low": "120",
                                                 "target_high": "160"})
    assert r.status_code == 303, r.text[:2000]
    return pid


def _fits(page: Any, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH + TOLERANCE, f"{what}: document is {width} px wide at a {WIDTH}-px viewport"
    right = page.evaluate("Math.round(document.querySelector('.who').getBoundingClientRect().right)")
    assert right <= WIDTH + TOLERANCE, f"{what}: the top bar's right part ends at {right} px"


@pytest.mark.browser
@pytest.mark.slow
def test_pages_fit_a_phone(make_server: Callable[..., LiveServer], tmp_path: Path) -> None:
    server = make_server()
    pid = _person_with_plan(server)
    shots = screenshot_dir(tmp_path)
    with chromium() as browser:
        context = browser.new_context(viewport={"width": WIDTH, "height": 844}, base_url=server.url,
                                      device_scale_factor=1)
        try:
            page = context.new_page()
            page.set_default_timeout(120_000)
            page.goto("/people")
            assert page.is_visible("text=Local mode · single user")
            _fits(page, "people list")

            page.goto(f"/people/{pid}")
            page.wait_for_selector("#readings table")
            _fits(page, "person page")

            page.goto(f"/people/{pid}/plan")
            page.wait_for_selector("#candidates table.compare")
            _fits(page, "plan page")
            cols = page.evaluate("[...document.querySelectorAll('#candidates th.candidate')]"
                                 ".map(th => th.getBoundingClientRect().width)")
            assert len(cols) >= 2 and min(cols) >= 150, cols  # readable columns, scrolled sideways
            scroller = page.evaluate("(() => { const s = document.querySelector('#candidates .scroll-x'); "
                                     "return [s.scrollWidth, s.clientWidth]; })()")
            assert scroller[0] > scroller[1]  # the table scrolls inside its wrapper
            chart = page.evaluate("document.querySelector('#forecast-chart img.chart').getBoundingClientRect().width")
            assert chart >= 600
            page.screenshot(path=str(shots / "plan-390.png"), full_page=True)

            page.goto("/simulate")
            _fits(page, "simulate form")
            run_example_simulation(page, "tesamorelin", days="14")
            _fits(page, "simulate result")
            widths = page.evaluate("[...document.querySelectorAll('#result img.chart')]"
                                   ".map(i => i.getBoundingClientRect().width)")
            assert len(widths) == 2 and min(widths) >= 600, widths
            page.screenshot(path=str(shots / "simulate-390.png"), full_page=True)
        finally:
            context.close()


def test_stylesheet_has_the_narrow_rules(make_server: Callable[..., LiveServer]) -> None:
    """Without Chromium (skipped browser test), at least the served stylesheet carries the narrow-screen rules."""
    css = make_server().client().get("/static/style.css").text
    assert re.search(r"\.topbar\s*\{[^}]*flex-wrap:\s*wrap", css)
    assert re.search(r"\.scroll-x, \.chart-scroll\s*\{[^}]*overflow-x:\s*auto", css)
    assert re.search(r"img\.chart[^{]*\{\s*min-width:\s*640px", css)
