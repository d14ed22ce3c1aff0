"""Plan page and the person's record: the current protocol's start date is checked (not after the plan date, not
before birth), stored protocol periods feed the plan (an ongoing one is the current protocol, readings inside an
ended one are not untreated), and the header counts the readings the fit used and left out."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from conftest import EXAMPLES
from igfaxis.apps.web import plan_view
from igfaxis.errors import InputError
from igfaxis.labs.io_csv import read_readings_csv
from igfaxis.labs.models import Person, Sex
from igfaxis.planning.history import says_treated
from igfaxis.storage import Actor, PersonRecord, ProtocolPeriod, Repository, StoredPerson

from .conftest import SERMORELIN_TOML as SERMORELIN
from .conftest import LiveServer, csrf_of

PLAN_DAY = dt.date(2026, 11, 26)


def _stored(server: LiveServer, periods: tuple[ProtocolPeriod, ...] = ()) -> int:
    """J. Doe (male, born 1968-04-02, 82 kg) with examples/patient-igf1.csv and the given protocol periods."""
    with server.database.session() as s:
        repo = Repository(s, Actor.local())
        pid = repo.add_person(Person(sex=Sex.male, birth_date=dt.date(1968, 4, 2), weight_kg=82, name="J. Doe")).id
        repo.add_readings(pid, read_readings_csv(EXAMPLES / "patient-igf1.csv"), source="patient-igf1.csv")
        for p in periods:
            repo.add_protocol_period(pid, p)
        s.commit()
    return pid


def _record(server: LiveServer, pid: int) -> PersonRecord:
    with server.database.session() as s:
        return Repository(s, Actor.local()).load(pid)


def _form(token: str, **fields: Any) -> dict[str, Any]:
    return {"csrf_token": token, "goal": "longevity", "target_low": "120", "target_high": "160"} | fields


def _problems(html: str) -> str:
    return html.split('id="plan-form"')[1].split("</section>")[0]


def test_start_date_after_the_plan_date_or_before_birth_is_refused(make_server: Callable[..., LiveServer]) -> None:
    server = make_server()
    client = server.client()
    pid = _stored(server)
    token = csrf_of(client, f"/people/{pid}/plan")
    r = client.post(f"/people/{pid}/plan", data=_form(token, current_example="tesamorelin",
                                                      current_start="2030-01-01"))
    assert r.status_code == 400, r.text[:2000]
    box = _problems(r.text)
    assert "after the plan date" in box and "<code>current_start</code>" in box and "2030-01-01" in box
    assert dt.date.today().isoformat() in box  # the expected range names the plan date
    r = client.post(f"/people/{pid}/plan", data=_form(token, current_example="tesamorelin",
                                                      current_start="1960-01-01"))
    assert r.status_code == 400 and "before the person&#39;s birth date" in r.text and "1968-04-02" in r.text
    # a start_date inside pasted TOML is checked too, and named as such
    r = client.post(f"/people/{pid}/plan", data=_form(token, current_text='start_date = "2031-05-01"\n' + SERMORELIN))
    assert r.status_code == 400
    box = _problems(r.text)
    assert "<code>start_date</code>" in box and "2031-05-01" in box and "current protocol (pasted)" in box


def test_start_date_check_uses_the_plan_date() -> None:
    person = Person(sex=Sex.male, birth_date=dt.date(1968, 4, 2), weight_kg=82)
    record = PersonRecord(stored=StoredPerson(id=1, person=person), readings=(), protocol_periods=())
    form = plan_view.defaults(record) | {"current_example": "tesamorelin", "current_start": "2026-11-27"}
    with pytest.raises(InputError) as caught:
        plan_view.request(record, form, today=PLAN_DAY)
    bad = {p.field: p for p in caught.value.problems}
    assert bad["current_start"].received == "2026-11-27" and "2026-11-26" in (bad["current_start"].expected or "")
    form["current_start"] = "2026-11-26"  # the plan day itself is fine
    with pytest.raises(InputError) as caught:
        plan_view.request(record, form, today=PLAN_DAY)
    assert {p.field for p in caught.value.problems} == {"readings"}


def test_ongoing_period_without_protocol_is_not_ignored(make_server: Callable[..., LiveServer]) -> None:
    server = make_server()
    client = server.client()
    pid = _stored(server, (ProtocolPeriod(name="tesamorelin 2 mg/day", start_date=dt.date(2025, 4, 20),
                                          end_date=dt.date.today() + dt.timedelta(days=300)),))
    page = client.get(f"/people/{pid}/plan").text
    assert 'name="current_start" value="2025-04-20"' in page  # the period ends later: still ongoing today
    assert '<option value="tesamorelin" selected' in page  # named by the period
    assert 'id="stored-period"' in page and "tesamorelin 2 mg/day" in page.split('id="stored-period"')[1]
    token = csrf_of(client, f"/people/{pid}/plan")
    r = client.post(f"/people/{pid}/plan", data=_form(token))  # no current protocol in the form
    assert r.status_code == 400
    box = _problems(r.text)
    assert "<code>current_protocol</code>" in box and "tesamorelin 2 mg/day" in box and "2025-04-20" in box


def test_ended_period_readings_are_not_untreated(make_server: Callable[..., LiveServer]) -> None:
    server = make_server()
    pid = _stored(server, (ProtocolPeriod(name="sermorelin 1 mg", start_date=dt.date(2025, 4, 20),
                                          end_date=dt.date(2025, 12, 31)),))
    record = _record(server, pid)
    form = plan_view.defaults(record, today=PLAN_DAY)
    assert form["current_start"] == "" and form["current_example"] == ""  # ended: nothing to prefill
    req, notes = plan_view.prepare(record, form, today=PLAN_DAY)
    assert req.current is None
    inside = [r for r in req.readings if dt.date(2025, 4, 20) <= r.date <= dt.date(2025, 12, 31)]
    assert [str(r.date) for r in inside] == ["2025-06-16", "2025-09-22"]
    assert all(says_treated(r.note) for r in inside)
    assert len(notes) == 2 and "sermorelin 1 mg" in notes[0]
    outside = {r.date: r.note for r in req.readings if r not in inside}
    assert outside == {r.reading.date: r.reading.note for r in record.readings if r.reading.date in outside}
    assert len(outside) == 6


def test_stored_periods_feed_the_plan(make_server: Callable[..., LiveServer]) -> None:
    """One planner run: an ended period (its readings left out), an ongoing period with a stored protocol used as
    the current protocol; the header and the fitted-response panel give the same counts."""
    server = make_server()
    client = server.client()
    pid = _stored(server, (
        ProtocolPeriod(name="tesamorelin 2 mg", start_date=dt.date(2025, 4, 20), end_date=dt.date(2025, 10, 31)),
        ProtocolPeriod(name="sermorelin at bedtime", start_date=dt.date(2025, 11, 15), protocol_toml=SERMORELIN),
    ))
    page = client.get(f"/people/{pid}/plan").text
    assert 'name="current_start" value="2025-11-15"' in page and "Sermorelin 1 mg at bedtime" in page
    token = csrf_of(client, f"/people/{pid}/plan")
    r = client.post(f"/people/{pid}/plan", data=_form(token, current_text=""))
    assert r.status_code == 303, r.text[:3000]
    html = client.get(f"/people/{pid}/plan").text
    with server.database.session() as s:
        stored = Repository(s, Actor.local()).latest_plan(pid)
    assert stored is not None
    tl = stored.plan["timeline"]
    assert tl["protocol_start"] == "2025-11-15" and tl["protocol_start_source"] == "given"
    assert tl["readings_excluded"] == ["2025-06-16", "2025-09-22"]
    notes = html.split('id="period-notes"')[1].split("</div>")[0]
    assert "sermorelin at bedtime" in notes and "2025-06-16" in notes
    header = re.search(r'<span id="fit-count">([^<]+)</span>', html)
    assert header is not None and header.group(1) == f"the plan's fit used {tl['readings_used']}, left out 2"
    assert f"Readings used in the fit: {tl['readings_used']}; left out: 2" in html
    assert tl["readings_used"] == 6


def test_no_stored_period_no_note(make_server: Callable[..., LiveServer]) -> None:
    server = make_server()
    pid = _stored(server)
    client: httpx.Client = server.client()
    page = client.get(f"/people/{pid}/plan").text
    assert 'id="stored-period"' not in page and 'name="current_start" value=""' in page
