"""Against a real server: FHIR imports keep notes; copies of stored readings are skipped and counted (API and page);
a FHIR Patient contradicting the person (sex, birth date, or a stored age) is refused whole; a hand-entered reading
takes a note; the API checks a new person as the form does; protocol periods are checked against the person and
today; deleting a reading or a protocol period asks first and the audit names it; the HTML report gets its own
Content-Security-Policy."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import httpx

from .conftest import LiveServer, csrf_of

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CSV = (EXAMPLES / "patient-igf1.csv").read_bytes()
FHIR = (EXAMPLES / "patient-igf1.fhir.json").read_bytes()


def _api(server: LiveServer, **person: object) -> tuple[httpx.Client, dict[str, str], int]:
    client = server.client()
    headers = {"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]}
    body = {"sex": "male", "birth_date": "1971-05-02", "name": "Demo"} | person
    r = client.post("/api/people", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return client, headers, int(r.json()["id"])


def _page_person(server: LiveServer, **fields: str) -> tuple[httpx.Client, str, int]:
    client = server.client()
    token = csrf_of(client)
    data = {"csrf_token": token, "name": "Ada", "sex": "male", "birth_date": "1971-05-02"} | fields
    r = client.post("/people/new", data=data)
    assert r.status_code == 303, r.text
    return client, token, int(r.headers["location"].rsplit("/", 1)[1])


def _upload(client: httpx.Client, headers: dict[str, str], pid: int, name: str, data: bytes) -> httpx.Response:
    return client.post(f"/api/people/{pid}/import", headers=headers, files={"file": (name, data, "text/plain")})


def test_csv_then_fhir_stores_each_result_once_with_its_note(make_server: Callable[..., LiveServer]) -> None:
    client, headers, pid = _api(make_server())
    r = _upload(client, headers, pid, "patient-igf1.fhir.json", FHIR)
    assert r.status_code == 201 and r.json() == {"imported": 8, "skipped_duplicates": 0}
    from_fhir = client.get(f"/api/people/{pid}/readings").json()
    assert "8 weeks on protocol" in [x["note"] for x in from_fhir] and all(x["note"] for x in from_fhir)

    r = _upload(client, headers, pid, "patient-igf1.csv", CSV)
    assert r.status_code == 201 and r.json() == {"imported": 0, "skipped_duplicates": 8}
    r = _upload(client, headers, pid, "patient-igf1.csv", CSV)
    assert r.json() == {"imported": 0, "skipped_duplicates": 8}
    assert len(client.get(f"/api/people/{pid}/readings").json()) == 8

    # the same date with another value is a new result, kept
    other = CSV.replace(b"2025-06-16,151,", b"2025-06-16,155,")
    assert _upload(client, headers, pid, "retest.csv", other).json() == {"imported": 1, "skipped_duplicates": 7}
    assert len(client.get(f"/api/people/{pid}/readings").json()) == 9


def test_page_import_says_how_many_were_skipped(make_server: Callable[..., LiveServer]) -> None:
    client, token, pid = _page_person(make_server())
    for expected in ("imported=8&skipped=0", "imported=0&skipped=8"):
        r = client.post(f"/people/{pid}/import", data={"csrf_token": token},
                        files={"file": ("patient-igf1.csv", CSV, "text/csv")})
        assert r.status_code == 303 and expected in r.headers["location"]
    page = client.get(r.headers["location"]).text
    assert "Imported 0 readings." in page and "Skipped 8 readings already stored" in page
    assert len(client.get(f"/api/people/{pid}/readings").json()) == 8


def test_fhir_patient_contradicting_the_person_is_refused(make_server: Callable[..., LiveServer]) -> None:
    server = make_server()
    client, headers, pid = _api(server, sex="female")
    r = _upload(client, headers, pid, "patient-igf1.fhir.json", FHIR)
    assert r.status_code == 422, r.text
    (p,) = r.json()["problems"]
    assert (p["file"], p["field"], p["received"]) == ("patient-igf1.fhir.json", "Patient.gender", "male")
    assert "female" in p["expected"] and "stored" in p["expected"]
    assert client.get(f"/api/people/{pid}/readings").json() == []

    client, token, pid = _page_person(server, birth_date="1971-05-03")
    r = client.post(f"/people/{pid}/import", data={"csrf_token": token},
                    files={"file": ("patient-igf1.fhir.json", FHIR, "application/json")})
    assert r.status_code == 400
    assert "Nothing was imported from patient-igf1.fhir.json" in r.text
    assert "Patient.birthDate" in r.text and "1971-05-02" in r.text and "1971-05-03" in r.text
    assert client.get(f"/api/people/{pid}/readings").json() == []

    no_patient = json.loads(FHIR)
    no_patient["entry"] = [e for e in no_patient["entry"] if e["resource"]["resourceType"] != "Patient"]
    r = client.post(f"/people/{pid}/import", data={"csrf_token": token},
                    files={"file": ("obs.json", json.dumps(no_patient).encode(), "application/json")})
    assert r.status_code == 303 and "imported=8" in r.headers["location"]


def test_fhir_patient_contradicting_a_stored_age_is_refused(make_server: Callable[..., LiveServer]) -> None:
    """A person stored by age alone: the example Patient (born 1971-05-02) must be within a year of that age today."""
    server = make_server()
    today = dt.date.today()
    age = (today - dt.date(1971, 5, 2)).days / 365.2425
    client, headers, pid = _api(server, birth_date=None, age_years=int(age) - 10)
    r = _upload(client, headers, pid, "patient-igf1.fhir.json", FHIR)
    assert r.status_code == 422, r.text
    (p,) = r.json()["problems"]
    assert (p["file"], p["row"], p["field"]) == ("patient-igf1.fhir.json", 1, "Patient.birthDate")
    assert p["received"] == f"1971-05-02 ({age:.1f} years old on {today.isoformat()})"
    assert f"stored age, {int(age) - 10} years" in p["expected"]
    assert client.get(f"/api/people/{pid}/readings").json() == []

    client, headers, pid = _api(server, birth_date=None, age_years=int(age))  # completed years: fits
    r = _upload(client, headers, pid, "patient-igf1.fhir.json", FHIR)
    assert r.status_code == 201 and r.json() == {"imported": 8, "skipped_duplicates": 0}


def test_hand_entered_reading_keeps_its_note(make_server: Callable[..., LiveServer]) -> None:
    server = make_server()
    client, token, pid = _page_person(server)
    assert 'name="note"' in client.get(f"/people/{pid}").text
    r = client.post(f"/people/{pid}/readings", data={"csrf_token": token, "date": "2025-03-01", "value": "131",
                                                    "unit": "ng/mL", "lab": "City Lab",
                                                    "note": "8 weeks on protocol"})
    assert r.status_code == 303
    (got,) = client.get(f"/api/people/{pid}/readings").json()
    assert (got["note"], got["lab"]) == ("8 weeks on protocol", "City Lab")
    assert "<td class=\"small\">8 weeks on protocol</td>" in client.get(f"/people/{pid}").text
    # the very same result again is refused with a message, not stored twice
    r = client.post(f"/people/{pid}/readings", data={"csrf_token": token, "date": "2025-03-01", "value": "131",
                                                    "unit": "ng/mL"})
    assert r.status_code == 400 and "already stored" in r.text
    assert len(client.get(f"/api/people/{pid}/readings").json()) == 1

    api, headers, other = _api(server)
    r = api.post(f"/api/people/{other}/readings", headers=headers,
                 json={"date": "2025-03-01", "value": 131, "note": "untreated"})
    assert r.status_code == 201 and r.json()["note"] == "untreated"
    r = api.post(f"/api/people/{other}/readings", headers=headers, json={"date": "2025-03-01", "value": 131})
    assert r.status_code == 422 and "already stored" in r.json()["problems"][0]["message"]


def test_api_person_is_checked_like_the_form(make_server: Callable[..., LiveServer]) -> None:
    client = make_server().client()
    headers = {"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]}
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    r = client.post("/api/people", json={"sex": "male", "birth_date": future}, headers=headers)
    assert r.status_code == 422, r.text
    (p,) = r.json()["problems"]
    assert (p["field"], p["received"], p["message"]) == ("birth_date", future, "birth date in the future")
    r = client.post("/api/people", json={"sex": "male", "birth_date": "1850-01-01"}, headers=headers)
    assert r.status_code == 422 and r.json()["problems"][0]["message"] == "birth date too far in the past"
    r = client.post("/api/people", json={"sex": "male"}, headers=headers)
    assert r.status_code == 422 and "give a birth date or an age" in r.text
    assert client.get("/api/people").json() == []
    r = client.post("/api/people", json={"sex": "female", "age_years": 40.5, "weight_kg": 61}, headers=headers)
    assert r.status_code == 201 and (r.json()["age_years"], r.json()["weight_kg"]) == (40.5, 61)


def test_protocol_period_dates_are_checked(make_server: Callable[..., LiveServer]) -> None:
    client, token, pid = _page_person(make_server())
    soon = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    cases = [({"start_date": "1970-01-01"}, "starts before the person&#39;s birth date", "1971-05-02"),
             ({"start_date": soon}, "starts in the future", soon),
             ({"start_date": "2025-04-20", "end_date": "2025-04-19"}, "ends before it starts", "2025-04-20")]
    for dates, message, shown in cases:
        r = client.post(f"/people/{pid}/protocols", data={"csrf_token": token, "name": "tesamorelin 1 mg/day",
                                                          "end_date": ""} | dates)
        assert r.status_code == 400, dates
        assert "The protocol period was not saved" in r.text and message in r.text and shown in r.text
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    r = client.post(f"/people/{pid}/protocols", data={"csrf_token": token, "name": "tesamorelin 1 mg/day",
                                                      "start_date": tomorrow, "note": "starts tomorrow"})
    assert r.status_code == 303
    assert "starts tomorrow" in client.get(f"/people/{pid}").text


def test_deleting_a_reading_asks_first_and_is_audited(make_server: Callable[..., LiveServer]) -> None:
    client, token, pid = _page_person(make_server())
    client.post(f"/people/{pid}/readings", data={"csrf_token": token, "date": "2025-03-01", "value": "12.1",
                                                "unit": "nmol/L", "note": "untreated"})
    (reading,) = client.get(f"/api/people/{pid}/readings").json()
    rid = reading["id"]
    page = client.get(f"/people/{pid}").text
    assert f'action="/people/{pid}/readings/{rid}/delete"' in page and 'method="get"' in page

    ask = client.get(f"/people/{pid}/readings/{rid}/delete")
    assert ask.status_code == 200
    assert "Delete the reading of 2025-03-01: 12.1 nmol/L" in ask.text and 'name="confirm" value="yes"' in ask.text
    r = client.post(f"/people/{pid}/readings/{rid}/delete", data={"csrf_token": token})  # not confirmed
    assert r.status_code == 200 and "Delete the reading of 2025-03-01" in r.text
    assert len(client.get(f"/api/people/{pid}/readings").json()) == 1

    r = client.post(f"/people/{pid}/readings/{rid}/delete", data={"csrf_token": token, "confirm": "yes"})
    assert r.status_code == 303
    assert client.get(f"/api/people/{pid}/readings").json() == []
    audit = client.get("/audit").text
    assert re.search(rf"reading #{rid}</td>.*?reading of 2025-03-01: 12.1 nmol/L \(92\.\d ng/mL\)", audit, re.S)
    assert client.get(f"/people/{pid}/readings/{rid}/delete").status_code == 404


def test_deleting_a_protocol_period_asks_first_and_is_audited(make_server: Callable[..., LiveServer]) -> None:
    client, token, pid = _page_person(make_server())
    for name, start, end, example in (("tesamorelin 1 mg/day", "2025-01-10", "2025-03-01", ""),
                                      ("sermorelin at bedtime", "2025-06-01", "", "sermorelin")):
        r = client.post(f"/people/{pid}/protocols", data={"csrf_token": token, "name": name, "start_date": start,
                                                          "end_date": end, "example": example})
        assert r.status_code == 303, r.text
    ended, ongoing = client.get(f"/api/people/{pid}/protocols").json()
    page = client.get(f"/people/{pid}").text
    for period in (ended, ongoing):
        assert f'<form method="get" action="/people/{pid}/protocols/{period["id"]}/delete"' in page

    url = f"/people/{pid}/protocols/{ongoing['id']}/delete"
    ask = client.get(url)
    assert ask.status_code == 200
    question = ("Delete the protocol period “sermorelin at bedtime” from 2025-06-01 (ongoing) with its stored protocol "
                "file?")
    assert question in ask.text and "Yes, delete this protocol period" in ask.text
    assert f'<form method="post" action="{url}"' in ask.text and 'name="confirm" value="yes"' in ask.text
    assert f'href="/people/{pid}#protocols">Cancel' in ask.text
    r = client.post(url, data={"csrf_token": token})  # not confirmed
    assert r.status_code == 200 and question in r.text
    assert client.post(url, data={"confirm": "yes"}).status_code == 403  # no CSRF token
    assert len(client.get(f"/api/people/{pid}/protocols").json()) == 2

    r = client.post(url, data={"csrf_token": token, "confirm": "yes"})
    assert r.status_code == 303 and r.headers["location"] == f"/people/{pid}#protocols"
    assert client.get(f"/api/people/{pid}/protocols").json() == [ended]
    page = client.get(f"/people/{pid}").text
    assert "sermorelin at bedtime" not in page and "tesamorelin 1 mg/day" in page
    audit = client.get("/audit").text
    assert re.search(rf"protocol_period #{ongoing['id']}</td>.*?protocol period &#39;sermorelin at bedtime&#39; from "
                     r"2025-06-01 \(ongoing\) with its protocol file", audit, re.S)

    r = client.post("/people/new", data={"csrf_token": token, "name": "Bo", "sex": "female", "age_years": "40"})
    other = int(r.headers["location"].rsplit("/", 1)[1])  # not the person the period belongs to
    for missing in (url, f"/people/{pid}/protocols/{ended['id'] + 100}/delete",
                    f"/people/{other}/protocols/{ended['id']}/delete", f"/people/999/protocols/{ended['id']}/delete"):
        assert client.get(missing).status_code == 404, missing
        assert client.post(missing, data={"csrf_token": token, "confirm": "yes"}).status_code == 404, missing
    assert client.get(f"/api/people/{pid}/protocols").json() == [ended]


def test_report_html_has_its_own_csp(make_server: Callable[..., LiveServer]) -> None:
    from igfaxis.apps.web import reports_hook

    if not reports_hook.available():
        return
    client, token, pid = _page_person(make_server())
    client.post(f"/people/{pid}/import", data={"csrf_token": token},
                files={"file": ("patient-igf1.csv", CSV, "text/csv")})
    r = client.get(f"/people/{pid}/report.html")
    assert r.status_code == 200
    csp = {d.split()[0]: d.split()[1:] for d in (x.strip() for x in r.headers["content-security-policy"].split(";"))}
    assert csp["default-src"] == ["'none'"] and csp["style-src"] == ["'unsafe-inline'"]
    assert csp["img-src"] == ["data:"] and "script-src" not in csp
    assert "<style>" in r.text
    # every other page keeps the app's policy
    assert "default-src 'self'" in client.get(f"/people/{pid}").headers["content-security-policy"]
