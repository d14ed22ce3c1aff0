"""Simulate page against a real server: example, pasted and uploaded protocols, located errors, off-label flags,
charts as SVG images, the summary, agents' regulatory status, outcomes, and the saved simulation record."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from igfaxis.storage.models import SimulationRow

from ._browser_util import add_person_with_readings, chromium, run_example_simulation, screenshot_dir, server_page
from .conftest import SERMORELIN_TOML, LiveServer, csrf_of, login

DAYS = "14"  # short runs keep the suite fast; one shape so the compiled simulation is reused
PASTED = SERMORELIN_TOML.replace("Sermorelin 1 mg at bedtime", "Sermorelin pasted")


def _svgs(html: str) -> list[str]:
    return [base64.b64decode(m).decode() for m in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)]


def _run(client: httpx.Client, url: str, token: str, **fields: str) -> httpx.Response:
    data = {"csrf_token": token, "days": DAYS, "sleep": "23:00-07:00", "start_date": "2026-09-01"} | fields
    files = {"protocol_file": ("", b"", "application/octet-stream")}  # an empty file input, as browsers send it
    return client.post(url, data=data, files=files)


def test_standalone_example_protocol(make_server: Callable[..., LiveServer]) -> None:
    client = make_server().client()
    page = client.get("/simulate")
    assert page.status_code == 200 and "tesamorelin.toml" in page.text and "Run simulation" in page.text
    assert 'href="/simulate"' in page.text  # navigation link
    r = _run(client, "/simulate", csrf_of(client, "/simulate"), example="tesamorelin", age_years="52", sex="male",
             weight_kg="80")
    assert r.status_code == 200, r.text[:2000]
    html = r.text
    assert "Tesamorelin 2 mg daily" in html
    for label in ("Untreated baseline IGF-1", "Maximum IGF-1", "GH pulses per day", "IGF-1 on day 13 (final)"):
        assert label in html
    assert "FDA-approved" in html  # tesamorelin's regulatory status
    assert "ASSUMPTION:" in html and "Outcomes beyond IGF-1" in html
    svgs = _svgs(html)
    assert len(svgs) == 2 and all(s.lstrip().startswith("<svg") for s in svgs)
    assert "Saved as simulation" not in html  # nobody to save it for


def test_pasted_protocol_and_located_errors(make_server: Callable[..., LiveServer]) -> None:
    client = make_server().client()
    token = csrf_of(client, "/simulate")
    r = _run(client, "/simulate", token, protocol_text=PASTED, example="tesamorelin", age_years="60", sex="female")
    assert r.status_code == 200 and "Sermorelin pasted" in r.text  # pasted text wins over the example

    bad = PASTED.replace('agent = "sermorelin"', 'agent = "somatropin"')
    r = _run(client, "/simulate", token, protocol_text=bad, age_years="60", sex="female")
    assert r.status_code == 400
    assert re.search(r"pasted protocol, row 1, <code>agent</code>", r.text) and "somatropin" in r.text
    assert "The simulation did not run" in r.text and "Sermorelin pasted" not in r.text.split("</textarea>")[1]

    r = _run(client, "/simulate", token, example="tesamorelin", age_years="12", sex="x", days="0")
    assert r.status_code == 400
    for field in ("age_years", "sex", "days"):
        assert f"<code>{field}</code>" in r.text


def test_uploaded_file_errors_name_the_file(make_server: Callable[..., LiveServer]) -> None:
    client = make_server().client()
    token = csrf_of(client, "/simulate")
    r = client.post("/simulate", data={"csrf_token": token, "age_years": "50", "sex": "male", "days": DAYS},
                    files={"protocol_file": ("mine.toml", b"name = 'x'\n[[dose]\n", "application/toml")})
    assert r.status_code == 400 and "mine.toml" in r.text and "not valid TOML" in r.text
    r = client.post("/simulate", data={"csrf_token": token, "age_years": "50", "sex": "male", "days": DAYS},
                    files={"protocol_file": ("", b"", "application/octet-stream")})
    assert r.status_code == 400 and "no protocol given" in r.text


def test_off_label_needs_consent_and_is_flagged(make_server: Callable[..., LiveServer]) -> None:
    client = make_server().client()
    token = csrf_of(client, "/simulate")
    high = PASTED.replace('"1 mg"', '"20 mg"')
    r = _run(client, "/simulate", token, protocol_text=high, age_years="50", sex="male")
    assert r.status_code == 400 and "<code>amount</code>" in r.text and "20 mg" in r.text
    r = _run(client, "/simulate", token, protocol_text=high, age_years="50", sex="male", allow_off_label="1")
    assert r.status_code == 200 and "OFF-LABEL" in r.text


def test_person_simulation_is_saved_with_readings_on_the_chart(make_server: Callable[..., LiveServer]) -> None:
    server = make_server()
    client = server.client()
    token = csrf_of(client)
    r = client.post("/people/new", data={"csrf_token": token, "name": "Ada", "sex": "female",
                                         "birth_date": "1970-05-17", "weight_kg": "64"})
    pid = int(r.headers["location"].rsplit("/", 1)[1])
    csv = b"date,value,unit,note\n2026-08-20,104,ng/mL,untreated\n2026-09-10,131,ng/mL,on protocol\n"
    assert client.post(f"/people/{pid}/import", data={"csrf_token": token},
                       files={"file": ("l.csv", csv, "text/csv")}).status_code == 303
    form = client.get(f"/people/{pid}/simulate").text
    assert 'name="baseline_igf1" inputmode="decimal" value="104"' in form  # the latest untreated reading
    assert 'name="weight_kg" inputmode="decimal" value="64"' in form
    assert 'name="age_years"' not in form  # age and sex come from the stored person

    r = _run(client, f"/people/{pid}/simulate", token, example="mk-677", weight_kg="64", baseline_igf1="104")
    assert r.status_code == 200, r.text[:2000]
    assert "Saved as simulation #" in r.text and "MK-677" in r.text
    igf1_svg = _svgs(r.text)[1]
    assert igf1_svg.count("<svg") == 1
    with server.database.session() as s:
        rows = list(s.scalars(select(SimulationRow).where(SimulationRow.person_id == pid)))
    assert len(rows) == 1
    row = rows[0]
    assert row.settings["days"] == int(DAYS) and row.settings["sex"] == "female"
    assert row.protocol_toml is not None and "mk-677" in row.protocol_toml
    assert row.result["summary"]["baseline_igf1_ng_ml"] == pytest.approx(104, rel=0.02)
    assert len(row.result["igf1_ng_ml"]) == int(DAYS)


def test_csrf_and_clinic_isolation(make_server: Callable[..., LiveServer]) -> None:
    client = make_server().client()
    csrf_of(client, "/simulate")
    assert client.post("/simulate", data={"example": "tesamorelin"}).status_code == 403

    users = (("alice", "alice-password-1", "clinician"), ("bob", "bob-password-12", "clinician"))
    server = make_server(clinic=True, users=users)
    alice, bob = server.client(), server.client()
    assert login(alice, "alice", "alice-password-1").status_code == 303
    assert login(bob, "bob", "bob-password-12").status_code == 303
    token = csrf_of(alice)
    r = alice.post("/people/new", data={"csrf_token": token, "name": "A's", "sex": "male", "age_years": "50"})
    pid = int(r.headers["location"].rsplit("/", 1)[1])
    assert bob.get(f"/people/{pid}/simulate").status_code == 404
    r = _run(bob, f"/people/{pid}/simulate", csrf_of(bob), example="tesamorelin")
    assert r.status_code == 404
    assert server.client().get("/simulate").status_code in (303, 307)  # login first


@pytest.mark.browser
@pytest.mark.slow
def test_browser_runs_a_protocol_and_sees_the_charts(make_server: Callable[..., LiveServer], tmp_path: Path) -> None:
    """Headless Chromium: a stored person with readings, the simulate page, an example protocol, the charts."""
    server = make_server()
    with chromium() as browser, server_page(browser, server.url, timeout_ms=120_000) as (page, external):
        pid = add_person_with_readings(page)
        page.goto(f"/people/{pid}")
        with page.expect_navigation():
            page.click(".pagehead a:has-text('Simulate')")
        run_example_simulation(page, "tesamorelin")
        assert page.locator("#result img.chart").count() == 2
        assert "Saved as simulation #1" in page.inner_text("#result")
        assert "Tesamorelin 2 mg daily" in page.inner_text("#result h2.section-title")
        assert page.locator("#sim-summary .fact").count() >= 5
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(screenshot_dir(tmp_path) / "simulate.png"), full_page=True)
        assert external == []
