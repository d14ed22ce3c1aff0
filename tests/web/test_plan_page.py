"""Plan page against a real server: the form, the planner on the person's stored readings, candidates side by
side with the chart, recommendation, retest date, blocked reasons, regulatory status, disclaimer; the plan is saved;
located input errors; 'planning not available'; CSRF and clinic isolation."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import EXAMPLES
from igfaxis.apps.web import plan_view
from igfaxis.storage import Actor, Repository

from ._browser_util import add_person_with_readings, chromium, screenshot_dir, server_page, wait_for_charts
from .conftest import LiveServer, csrf_of, login


def _person(client: httpx.Client, *, readings: bool = True) -> tuple[str, int]:
    token = csrf_of(client)
    r = client.post("/people/new", data={"csrf_token": token, "name": "J. Doe", "sex": "male",
                                         "birth_date": "1968-04-02", "weight_kg": "82"})
    pid = int(r.headers["location"].rsplit("/", 1)[1])
    if readings:
        data = (EXAMPLES / "patient-igf1.csv").read_bytes()
        r = client.post(f"/people/{pid}/import", data={"csrf_token": token},
                        files={"file": ("patient-igf1.csv", data, "text/csv")})
        assert r.status_code == 303
    return token, pid


def _form(token: str, **fields: Any) -> dict[str, Any]:
    return {"csrf_token": token, "goal": "longevity", "target_low": "120", "target_high": "160"} | fields


def _stored_plan(server: LiveServer, pid: int) -> dict[str, Any] | None:
    with server.database.session() as s:
        stored = Repository(s, Actor.local()).latest_plan(pid)
    return None if stored is None else stored.plan


def test_plan_for_stored_person(make_server: Callable[..., LiveServer]) -> None:
    server = make_server()
    client = server.client()
    token, pid = _person(client)
    assert 'href="/plan"' in client.get("/people").text
    assert f'href="/people/{pid}/plan"' in client.get("/plan").text
    form = client.get(f"/people/{pid}/plan")
    assert form.status_code == 200 and "Make plan" in form.text and 'value="active_cancer"' in form.text
    assert "not a prescription" in form.text

    r = client.post(f"/people/{pid}/plan", data=_form(token, conditions=["diabetes"]))
    assert r.status_code == 303, r.text[:3000]
    plan = _stored_plan(server, pid)
    assert plan is not None and plan["status"] == "ok" and plan["goal"] == "longevity"
    for key in ("blocked_reasons", "candidates", "recommendation", "retest", "disclaimer"):
        assert key in plan
    assert plan["web"]["inputs"]["conditions"] == ["diabetes"]
    names = [c["name"] for c in plan["candidates"]]
    assert set(plan["web"]["trajectories"]) == set(names)

    html = client.get(r.headers["location"].split("#")[0]).text
    assert plan["retest"]["date"] in html and plan["disclaimer"] in html
    assert plan["recommendation"] is not None and f'<strong class="big">{plan["recommendation"]}</strong>' in html
    table = html.split('id="candidates"')[1]
    for i, name in enumerate(names, start=1):
        assert f"{i}. {name}" in table
    assert "Regulatory status" in table and "P(in 120–160)" in table
    assert 'value="diabetes" checked' in html  # the form keeps the last plan's inputs
    assert 'id="blocked"' not in html
    svg = base64.b64decode(re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html).group(1)).decode()
    assert svg.lstrip().startswith("<svg")


def test_blocked_plan_is_prominent(make_server: Callable[..., LiveServer]) -> None:
    server = make_server()
    client = server.client()
    _, pid = _person(client)
    candidate = {"name": "no stimulation", "kind": "none", "protocol": None, "allowed": True, "refused_because": [],
                 "forecast": {"day": 10, "date": "2026-12-01", "igf1_median_ng_ml": 99.0,
                              "igf1_90ci_ng_ml": [80.0, 120.0]},
                 "p_in_target": 0.07, "p_above_175": 0.0, "mortality_hr": 1.1, "warnings": [], "side_effects": [],
                 "regulatory_status": [], "notes": [], "source": "no treatment"}
    refused = candidate | {"name": "Sermorelin 10 ug/kg SC at bedtime", "kind": "start", "allowed": False,
                           "protocol": {"name": "s", "doses": [{"agent": "sermorelin", "amount": "10 ug/kg",
                                                                "route": "sc", "every": "1 days", "at": "22:00"}]},
                           "refused_because": ["active cancer: GH/IGF-1 stimulation is contraindicated"],
                           "regulatory_status": ["sermorelin: withdrawn from the US market 2008"]}
    plan = {"status": "blocked", "blocked_reasons": ["active cancer: GH/IGF-1 stimulation is contraindicated [PI]"],
            "candidates": [candidate, refused], "recommendation": None,
            "retest": {"date": "2026-12-24", "reason": "no option passes the safety rules; clinical review"},
            "disclaimer": "For review by a licensed clinician; not a prescription.", "goal": "longevity",
            "target_ng_ml": [120, 160], "timeline": {"plan_date": "2026-11-26"}}
    with server.database.session() as s:
        Repository(s, Actor.local()).save_plan(pid, plan)
    html = client.get(f"/people/{pid}/plan").text
    blocked = html.split('id="blocked"')[1].split("</div>")[0]
    assert "Stimulation is blocked" in blocked and "active cancer" in blocked
    assert "No option passes the safety rules" in html and "2026-12-24" in html
    assert "refused:</span> active cancer" in html and "withdrawn from the US market" in html


def test_form_errors_are_located(make_server: Callable[..., LiveServer]) -> None:
    server = make_server()
    client = server.client()
    token, pid = _person(client)
    r = client.post(f"/people/{pid}/plan", data=_form(token, goal="immortality", conditions=["gout"],
                                                      target_low="170", target_high="150", hba1c="abc",
                                                      current_text="name = 'x'\n[[dose]]\nagent = 'nope'\n"
                                                                   "amount = '1 mg'\nroute = 'sc'\n"))
    assert r.status_code == 400 and "No plan was made" in r.text
    for field in ("goal", "condition", "target_high", "hba1c", "agent"):
        assert f"<code>{field}</code>" in r.text, field
    assert "current protocol (pasted), row 1" in r.text
    assert _stored_plan(server, pid) is None

    _, empty = _person(client, readings=False)
    r = client.post(f"/people/{empty}/plan", data=_form(token))
    assert r.status_code == 400 and "no readings" in r.text


def test_planning_not_available(make_server: Callable[..., LiveServer], monkeypatch: pytest.MonkeyPatch) -> None:
    client = make_server().client()
    token, pid = _person(client, readings=False)
    monkeypatch.setattr(plan_view, "available", lambda: False)
    for r in (client.get("/plan"), client.get(f"/people/{pid}/plan"),
              client.post(f"/people/{pid}/plan", data=_form(token))):
        assert r.status_code == 200 and "Planning is not available in this build" in r.text


def test_csrf_and_clinic_isolation(make_server: Callable[..., LiveServer]) -> None:
    client = make_server().client()
    _, pid = _person(client, readings=False)
    assert client.post(f"/people/{pid}/plan", data={"goal": "longevity"}).status_code == 403

    users = (("alice", "alice-password-1", "clinician"), ("bob", "bob-password-12", "clinician"))
    server = make_server(clinic=True, users=users)
    alice, bob = server.client(), server.client()
    assert login(alice, "alice", "alice-password-1").status_code == 303
    assert login(bob, "bob", "bob-password-12").status_code == 303
    _, pid = _person(alice, readings=False)
    assert bob.get(f"/people/{pid}/plan").status_code == 404
    assert bob.post(f"/people/{pid}/plan", data=_form(csrf_of(bob))).status_code == 404
    assert "J. Doe" not in bob.get("/plan").text and "J. Doe" in alice.get("/plan").text
    assert server.client().get("/plan").status_code == 303  # login first


@pytest.mark.browser
@pytest.mark.slow
def test_browser_makes_a_plan(make_server: Callable[..., LiveServer], tmp_path: Path) -> None:
    """Headless Chromium: a stored person, the plan form (goal, current protocol), candidates side by side."""
    server = make_server()
    with chromium() as browser, server_page(browser, server.url, timeout_ms=180_000) as (page, external):
        pid = add_person_with_readings(page)
        page.goto(f"/people/{pid}/plan")
        assert page.input_value("input[name=current_start]") == "2025-04-20"  # from the ongoing period
        page.select_option("select[name=goal]", "fat_loss")
        page.select_option("select[name=current_example]", "tesamorelin")
        with page.expect_navigation():
            page.click("button:has-text('Make plan')")
        page.wait_for_selector("#candidates table.compare")
        wait_for_charts(page, "#forecast-chart img.chart")
        assert page.locator("#candidates thead th.candidate").count() >= 2
        assert "Retest IGF-1 on" in page.inner_text("#recommendation")
        assert page.is_visible("text=not a prescription")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(screenshot_dir(tmp_path) / "plan.png"), full_page=True)
        assert external == []


def test_planning_holds_no_database_lock(make_server: Callable[..., LiveServer],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Planning takes many seconds: other writes (another tab, another clinician) must go through meanwhile."""
    from igfaxis.labs.models import Person, Sex

    server = make_server()
    client = server.client()
    token, pid = _person(client)
    seen: list[int] = []

    def make(record: Any, form: Any) -> dict[str, Any]:
        with server.database.session() as s:  # a concurrent writer; SQLite would wait, then fail, on a held lock
            seen.append(Repository(s, Actor.local()).add_person(Person(sex=Sex.female, age_years=40)).id)
        return {"status": "ok", "blocked_reasons": [], "candidates": [], "recommendation": None,
                "retest": {"date": "2026-12-24", "reason": "test"}, "disclaimer": "d", "target_ng_ml": [120, 160],
                "timeline": {"plan_date": "2026-11-26"}}

    monkeypatch.setattr(plan_view, "make", make)
    r = client.post(f"/people/{pid}/plan", data=_form(token))
    assert r.status_code == 303 and len(seen) == 1
    assert _stored_plan(server, pid) is not None
