"""Helpers for the browser tests: Debian's Chromium via Playwright (one set of launch options), a stored person
with the example readings, and where screenshots go."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from conftest import EXAMPLES, REPO, require_or_skip

CHROMIUM = "/usr/bin/chromium"
# Headless, and no background networking: this machine's closed network refuses those connections.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


@contextmanager
def chromium() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    require_or_skip(sync_playwright is not None and shutil.which(CHROMIUM) is not None,
                    "Playwright with Debian's chromium")
    assert sync_playwright is not None
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def server_page(browser: Any, server_url: str, *, timeout_ms: int) -> Iterator[tuple[Any, list[str]]]:
    """A 1280x900 page on ``server_url`` with ``timeout_ms`` for every wait (simulations compile the model on a
    shared machine), and the list of requests it sent to any other host (the app serves every asset: keep it
    empty)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server_url)
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        external: list[str] = []
        page.on("request", lambda req: external.append(req.url) if not req.url.startswith(server_url) else None)
        yield page, external
    finally:
        context.close()


def screenshot_dir(tmp_path: Path) -> Path:
    """docs/screenshots/ when IGFAXIS_UPDATE_SCREENSHOTS=1, else the test's tmp dir."""
    if os.environ.get("IGFAXIS_UPDATE_SCREENSHOTS") == "1":
        out = REPO / "docs" / "screenshots"
        out.mkdir(parents=True, exist_ok=True)
        return out
    return tmp_path


def add_person_with_readings(page: Any) -> int:
    """Add J. Doe (male, 1968, 82 kg), import examples/patient-igf1.csv, record an ongoing protocol period;
    returns the person's id."""
    page.goto("/people/new")
    page.fill("input[name=name]", "J. Doe")
    page.select_option("select[name=sex]", "male")
    page.fill("input[name=birth_date]", "1968-04-02")
    page.fill("input[name=weight_kg]", "82")
    with page.expect_navigation():
        page.click("button:has-text('Save person')")
    pid = int(page.url.split("#")[0].rstrip("/").rsplit("/", 1)[1])
    data = (EXAMPLES / "patient-igf1.csv").read_bytes()
    page.set_input_files("#import input[type=file]",
                         files=[{"name": "patient-igf1.csv", "mimeType": "text/csv", "buffer": data}])
    with page.expect_navigation():
        page.click("#import button:has-text('Import')")
    page.wait_for_selector("text=Imported 8 readings")
    page.fill("#protocols input[name=name]", "tesamorelin 2 mg/day")
    page.fill("#protocols input[name=start_date]", "2025-04-20")
    with page.expect_navigation():
        page.click("#protocols button:has-text('Add period')")
    return pid


def wait_for_charts(page: Any, selector: str) -> None:
    """Wait until every ``selector`` image (a chart) has loaded and has a real width (not a broken image)."""
    page.wait_for_function("(sel) => { const imgs = [...document.querySelectorAll(sel)]; "
                           "return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 300); }",
                           arg=selector)


def run_example_simulation(page: Any, example: str, *, days: str | None = None) -> None:
    """On a simulate page: pick ``example``, run it and wait until both result charts have loaded."""
    page.select_option("select[name=example]", example)
    if days is not None:
        page.fill("input[name=days]", days)
    with page.expect_navigation():
        page.click("button:has-text('Run simulation')")
    page.wait_for_selector("#gh-chart img.chart")
    wait_for_charts(page, "#result img.chart")
