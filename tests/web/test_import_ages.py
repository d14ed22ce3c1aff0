"""Readings the age/sex reference cannot place (dated before the person's birth, or at an age outside 18-94) are
refused whole by every way into the database (API import, API reading, page import), against a real server."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx

from .conftest import LiveServer, csrf_of

CSV = b"date,value,unit\n2024-11-14,98,ng/mL\n1960-03-01,150,ng/mL\n"


def _api_person(server: LiveServer) -> tuple[httpx.Client, dict[str, str], int]:
    client = server.client()
    headers = {"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]}
    r = client.post("/api/people", json={"sex": "male", "birth_date": "1971-05-02", "name": "Bo"}, headers=headers)
    assert r.status_code == 201, r.text
    return client, headers, int(r.json()["id"])


def test_api_import_refuses_a_reading_before_birth(make_server: Callable[..., LiveServer]) -> None:
    client, headers, pid = _api_person(make_server())
    r = client.post(f"/api/people/{pid}/import", files={"file": ("labs.csv", CSV, "text/csv")}, headers=headers)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error"] == "import_rejected"
    (p,) = body["problems"]
    assert (p["file"], p["row"], p["field"], p["received"]) == ("labs.csv", 3, "date", "1960-03-01")
    assert p["expected"] == "a date on or after the birth date 1971-05-02"
    assert "before the person's birth" in body["detail"]
    assert client.get(f"/api/people/{pid}/readings").json() == []  # the good row was not kept either
    r = client.post(f"/api/people/{pid}/import", headers=headers,
                    files={"file": ("labs.csv", CSV.replace(b"1960-03-01", b"2025-03-01"), "text/csv")})
    assert r.status_code == 201 and r.json() == {"imported": 2, "skipped_duplicates": 0}


def test_api_reading_and_fhir_import_are_checked_too(make_server: Callable[..., LiveServer]) -> None:
    import json

    client, headers, pid = _api_person(make_server())
    r = client.post(f"/api/people/{pid}/readings", json={"date": "1985-01-01", "value": 150, "unit": "ng/mL"},
                    headers=headers)
    assert r.status_code == 422
    (p,) = r.json()["problems"]
    assert (p["field"], p["received"]) == ("date", "1985-01-01") and "13.7 years old" in p["message"]
    fhir = {"resourceType": "Observation", "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "2484-4"}]},
            "effectiveDateTime": "1970-01-01", "valueQuantity": {"value": 150, "unit": "ng/mL"}}
    r = client.post(f"/api/people/{pid}/import", headers=headers,
                    files={"file": ("obs.json", json.dumps(fhir).encode(), "application/json")})
    assert r.status_code == 422
    (p,) = r.json()["problems"]
    assert (p["file"], p["row"], p["received"]) == ("obs.json", 1, "1970-01-01")
    assert client.get(f"/api/people/{pid}").json()["n_readings"] == 0


def test_page_import_refuses_a_reading_before_birth(make_server: Callable[..., LiveServer]) -> None:
    client = make_server().client()
    token = csrf_of(client)
    r = client.post("/people/new", data={"csrf_token": token, "name": "Ada", "sex": "female",
                                         "birth_date": "1971-05-02"})
    assert r.status_code == 303
    pid = int(r.headers["location"].rsplit("/", 1)[1])
    r = client.post(f"/people/{pid}/import", data={"csrf_token": token},
                    files={"file": ("labs.csv", CSV, "text/csv")})
    assert r.status_code == 400
    assert "Nothing was imported from labs.csv" in r.text
    assert re.search(r"labs\.csv, row 3, <code>date</code>", r.text) and "1960-03-01" in r.text
    assert client.get(f"/api/people/{pid}/readings").json() == []
