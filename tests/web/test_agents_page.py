"""Agents page against a real server: every agent's catalogue entry beside the published outcomes the model is
checked against, the validation chart, clinic login, and the page in headless Chromium."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from igfaxis.physiology.agents import AGENTS

from ._browser_util import chromium, screenshot_dir, server_page, wait_for_charts
from .conftest import LiveServer

pytestmark = pytest.mark.slow


def test_agents_page_shows_every_agent_and_every_case(make_server: Callable[..., LiveServer]) -> None:
    client = make_server().client()
    assert "/agents" in client.get("/people").text  # in the navigation
    page = client.get("/agents", timeout=300)  # the first request runs every case (~10 s of simulation)
    assert page.status_code == 200
    html = page.text
    for agent in AGENTS.values():
        assert f'id="agent-{agent.id}"' in html and agent.name in html
    summary = re.search(r"(\d+) of (\d+) published trial outcomes reproduced within tolerance", html)
    assert summary and 0 < int(summary.group(1)) < int(summary.group(2))
    assert html.count("within tolerance</span>") == int(summary.group(1))
    # every miss is explained: each failing row carries its documented reason
    assert html.count("Why the model misses this</summary>") == int(summary.group(2)) - int(summary.group(1))
    assert "licensed clinician" in html and "Published human dose range" in html
    # each case names where its published value is tabulated: a trials row, another reference table's row, or none
    assert "· row 12" in html and "· agents.csv row 5" in html and "· beyond the reference tables" in html
    assert "<td>7 days</td>" in html and "<td>12 h</td>" in html  # CJC-1295 weekly, ipamorelin twice daily
    chart = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert chart and base64.b64decode(chart.group(1)).decode().lstrip().startswith("<svg")
    assert client.get("/agents").text == html  # computed once, served from the cache


def test_clinic_mode_asks_for_login_first(make_server: Callable[..., LiveServer]) -> None:
    server = make_server(clinic=True, users=(("alice", "alice-password-1", "clinician"),))
    assert server.client().get("/agents").status_code in (303, 307)


@pytest.mark.browser
def test_agents_page_in_a_browser(make_server: Callable[..., LiveServer], tmp_path: Path) -> None:
    server = make_server()
    # the cases run on the first request, on a shared machine
    with chromium() as browser, server_page(browser, server.url, timeout_ms=300_000) as (page, external):
        page.goto("/people")
        with page.expect_navigation():
            page.click("nav a:has-text('Agents & evidence')")
        wait_for_charts(page, "#validation-chart img.chart")
        assert page.locator("section.agent").count() == len(AGENTS)
        reason = page.locator("#agent-cjc-1295 tr.reason details").first
        assert not reason.locator("p").is_visible()
        reason.locator("summary").click()
        assert "somatostatin" in reason.locator("p").inner_text()
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(screenshot_dir(tmp_path) / "agents.png"))  # the first screen: chart and summary
        assert external == []


@pytest.mark.slow
def test_warm_up_computes_in_a_child_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """``igfaxis serve`` starts the warm-up: the cases run in a child process and the server only keeps the result."""
    from igfaxis.apps.web import evidence_view

    monkeypatch.setattr(evidence_view, "_CACHE", {})

    def parent_compute() -> evidence_view.Evidence:
        raise AssertionError("computed in the server process")

    monkeypatch.setattr(evidence_view, "_compute", parent_compute)  # the spawned child imports the real one
    warming = evidence_view.warm_up()
    warming.thread.join(timeout=300)
    warming.process.join(timeout=60)
    assert warming.process.exitcode == 0
    result = evidence_view.evidence()  # from the child, not recomputed here
    assert result.total >= 20 and result.chart.startswith("data:image/svg+xml")


def test_a_stopped_warm_up_leaves_the_page_to_compute(monkeypatch: pytest.MonkeyPatch) -> None:
    from igfaxis.apps.web import evidence_view

    monkeypatch.setattr(evidence_view, "_CACHE", {})
    warming = evidence_view.warm_up()
    warming.stop()  # server shutdown before the child finished
    assert not warming.thread.is_alive() and "evidence" not in evidence_view._CACHE
    monkeypatch.setattr(evidence_view, "_compute", lambda: evidence_view.Evidence([], 0, 0, "data:,"))
    assert evidence_view.evidence().total == 0  # computed by the request, in the server process


def test_a_failing_child_reports_text_not_evidence(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure in the child is sent as text, which the waiting thread does not cache: the page then recomputes
    in the server process and shows the error."""
    import multiprocessing

    from igfaxis.apps.web import evidence_view

    def boom() -> evidence_view.Evidence:
        raise RuntimeError("boom")

    monkeypatch.setattr(evidence_view, "_compute", boom)
    monkeypatch.setattr(evidence_view.signal, "signal", lambda *a: None)  # keep this process's Ctrl-C handler
    receive, send = multiprocessing.Pipe(duplex=False)
    evidence_view._child(send)
    assert receive.recv() == "RuntimeError('boom')"
