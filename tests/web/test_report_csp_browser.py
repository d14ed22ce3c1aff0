"""In headless Chromium: the HTML report opened from a person's page is styled (its inline styles are allowed by its
own Content-Security-Policy) and the browser reports no CSP violation; deleting a reading or a protocol period there
takes a confirmation step and works without scripts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ._browser_util import add_person_with_readings, chromium, server_page
from .conftest import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_report_html_is_styled_without_csp_errors(make_server: Callable[..., LiveServer]) -> None:
    from igfaxis.apps.web import reports_hook

    if not reports_hook.available():
        pytest.skip("reports are not available")
    server = make_server()
    with chromium() as browser, server_page(browser, server.url, timeout_ms=60_000) as (page, external):
        pid = add_person_with_readings(page)
        messages: list[str] = []
        page.on("console", lambda msg: messages.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda exc: messages.append(f"pageerror: {exc}"))
        page.goto(f"/people/{pid}/report.html")
        page.wait_for_load_state("load")
        csp = [m for m in messages if "Content Security Policy" in m or "Content-Security-Policy" in m]
        assert csp == [], csp
        # the report's stylesheet applied: the body font is not the browser default, the chart is not all black
        font = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert "Times" not in font, font
        fills = page.evaluate("[...document.querySelectorAll('svg rect, svg path')]"
                              ".map(e => getComputedStyle(e).fill).filter(f => f && f !== 'none')")
        assert fills and any(f != "rgb(0, 0, 0)" for f in fills), fills[:10]
        assert external == []

        # deleting a reading: the row's Delete asks first; Yes deletes (forms only, no script)
        page.goto(f"/people/{pid}")
        rows = page.locator("#readings tbody tr").count()
        with page.expect_navigation():
            page.locator("#readings tbody tr").first.locator("button:has-text('Delete')").click()
        assert page.is_visible("#confirm-delete")
        assert page.locator("#readings tbody tr").count() == rows
        with page.expect_navigation():
            page.click("#confirm-delete button:has-text('Yes, delete this reading')")
        assert page.locator("#readings tbody tr").count() == rows - 1


def test_deleting_a_protocol_period_asks_first(make_server: Callable[..., LiveServer]) -> None:
    server = make_server()
    with chromium() as browser, server_page(browser, server.url, timeout_ms=60_000) as (page, external):
        pid = add_person_with_readings(page)  # with one ongoing period, tesamorelin 2 mg/day
        periods = page.locator("#protocols tbody tr")
        assert periods.count() == 1
        with page.expect_navigation():
            periods.first.locator("button:has-text('Delete')").click()
        assert page.is_visible("#confirm-delete")
        assert "Delete the protocol period “tesamorelin 2 mg/day” from 2025-04-20 (ongoing)?" in \
            page.inner_text("#confirm-delete")
        with page.expect_navigation():  # Cancel deletes nothing
            page.click("#confirm-delete a:has-text('Cancel')")
        assert page.url.endswith(f"/people/{pid}#protocols") and not page.is_visible("#confirm-delete")
        assert periods.count() == 1
        with page.expect_navigation():
            periods.first.locator("button:has-text('Delete')").click()
        with page.expect_navigation():
            page.click("#confirm-delete button:has-text('Yes, delete this protocol period')")
        assert page.url.endswith(f"/people/{pid}#protocols")
        assert periods.count() == 0 and page.locator("#readings tbody tr").count() == 8
        assert external == []
