"""The JSON API: people, readings, import (row-level problems, nothing kept), protocol periods (checked as the
person page's form checks them, every problem listed, nothing kept; deleting one is audited), CSRF header, OpenAPI
schema."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from .conftest import SERMORELIN_TOML, LiveServer


def _api(server: LiveServer) -> tuple[httpx.Client, dict[str, str]]:
    client = server.client()
    token = client.get("/api/csrf").json()["csrf_token"]
    return client, {"X-CSRF-Token": token}


def test_people_and_readings(make_server: Callable[..., LiveServer]) -> None:
    client, headers = _api(make_server())
    r = client.post("/api/people", json={"sex": "male", "age_years": 52, "name": "Bo"}, headers=headers)
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    r = client.post(f"/api/people/{pid}/readings", json={"date": "2025-02-01", "value": 18.0, "unit": "nmol/L"},
                    headers=headers)
    assert r.status_code == 201, r.text
    body = r.json()
    assert round(body["value_ng_ml"]) == 138 and body["zone"] == "optimal"
    assert body["low_ng_ml"] < body["value_ng_ml"] < body["high_ng_ml"]
    assert body["percentile"] is not None
    assert client.get(f"/api/people/{pid}").json()["n_readings"] == 1
    r = client.post(f"/api/people/{pid}/readings", json={"date": "2025-02-01", "value": -3}, headers=headers)
    assert r.status_code == 422 and r.json()["problems"][0]["field"] == "value"
    assert client.delete(f"/api/people/{pid}", headers=headers).status_code == 204
    assert client.get(f"/api/people/{pid}").status_code == 404


def test_import_rejects_whole_file(make_server: Callable[..., LiveServer]) -> None:
    client, headers = _api(make_server())
    pid = client.post("/api/people", json={"sex": "female", "age_years": 40}, headers=headers).json()["id"]
    bad = b"date,value,unit\n2025-01-01,120,ng/mL\n2025-02-01,130,furlongs\n2025-03-01,,ng/mL\n"
    r = client.post(f"/api/people/{pid}/import", files={"file": ("x.csv", bad, "text/csv")}, headers=headers)
    assert r.status_code == 422
    problems = r.json()["problems"]
    assert {(p["row"], p["field"]) for p in problems} == {(3, "unit"), (4, "value")}
    assert all(p["file"] == "x.csv" and p["expected"] for p in problems)
    assert client.get(f"/api/people/{pid}/readings").json() == []
    good = bad.replace(b"furlongs", b"ng/mL").replace(b",,", b",150,")
    r = client.post(f"/api/people/{pid}/import", files={"file": ("x.csv", good, "text/csv")}, headers=headers)
    assert r.status_code == 201 and r.json() == {"imported": 3, "skipped_duplicates": 0}


def test_writes_need_csrf_header(make_server: Callable[..., LiveServer]) -> None:
    client, headers = _api(make_server())
    assert client.post("/api/people", json={"sex": "male", "age_years": 50}).status_code == 403
    assert client.post("/api/people", json={"sex": "male", "age_years": 50},
                       headers={"X-CSRF-Token": "nope"}).status_code == 403
    other = httpx.Client(base_url=str(client.base_url))  # another browser: its own session, token does not work
    try:
        other.get("/api/csrf")
        assert other.post("/api/people", json={"sex": "male", "age_years": 50}, headers=headers).status_code == 403
    finally:
        other.close()
    assert client.get("/api/people").json() == []


def test_long_person_name_is_refused_with_its_length(make_server: Callable[..., LiveServer]) -> None:
    client, headers = _api(make_server())
    r = client.post("/api/people", json={"sex": "male", "birth_date": "2999-01-01", "name": "x" * 201},
                    headers=headers)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error"] == "input_error"  # checked as the form checks it: every problem, located
    by_field = {p["field"]: p for p in body["problems"]}
    assert set(by_field) == {"name", "birth_date"}
    assert by_field["name"] == {"message": "name too long", "file": None, "row": None, "field": "name",
                                "received": "201 characters", "expected": "at most 200 characters"}
    assert client.get("/api/people").json() == []
    r = client.post("/api/people", json={"sex": "male", "age_years": 50, "name": "x" * 200}, headers=headers)
    assert r.status_code == 201 and r.json()["name"] == "x" * 200


def test_long_assay_or_lab_is_refused_with_its_length(make_server: Callable[..., LiveServer]) -> None:
    client, headers = _api(make_server())
    pid = client.post("/api/people", json={"sex": "male", "age_years": 50}, headers=headers).json()["id"]
    url = f"/api/people/{pid}/readings"
    r = client.post(url, json={"date": "2025-02-01", "value": 150, "assay": "A" * 81, "lab": "L" * 121},
                    headers=headers)
    assert r.status_code == 422, r.text
    assert [(p["field"], p["received"], p["expected"]) for p in r.json()["problems"]] == [
        ("assay", "81 characters", "at most 80 characters"), ("lab", "121 characters", "at most 120 characters")]
    assert client.get(url).json() == []
    r = client.post(url, json={"date": "2025-02-01", "value": 150, "assay": "A" * 80, "lab": "L" * 120},
                    headers=headers)
    assert r.status_code == 201 and (r.json()["assay"], r.json()["lab"]) == ("A" * 80, "L" * 120)


def test_openapi_schema(make_server: Callable[..., LiveServer]) -> None:
    client, _ = _api(make_server())
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/people", "/api/people/{person_id}", "/api/people/{person_id}/readings",
                 "/api/people/{person_id}/import", "/api/people/{person_id}/protocols",
                 "/api/people/{person_id}/protocols/{period_id}"):
        assert path in paths
    assert not any(p.startswith("/people") for p in paths)  # pages stay out of the API schema
    assert set(paths["/api/people/{person_id}/protocols"]) == {"get", "post"}
    assert set(paths["/api/people/{person_id}/protocols/{period_id}"]) == {"delete"}


def _observation(value: object, date: str = "2025-02-01") -> dict[str, object]:
    return {
        "resourceType": "Observation", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "2484-4"}]},
        "effectiveDateTime": date,
        "valueQuantity": {"value": value, "unit": "ng/mL", "system": "http://unitsofmeasure.org", "code": "ng/mL"},
    }


def test_import_fhir(make_server: Callable[..., LiveServer]) -> None:
    import json

    client, headers = _api(make_server())
    pid = client.post("/api/people", json={"sex": "female", "age_years": 40}, headers=headers).json()["id"]
    bundle = {"resourceType": "Bundle", "type": "collection",
              "entry": [{"resource": _observation(120.0)}, {"resource": _observation(-4.0, "2025-03-01")}]}
    r = client.post(f"/api/people/{pid}/import", headers=headers,
                    files={"file": ("labs.json", json.dumps(bundle).encode(), "application/json")})
    assert r.status_code == 422
    problems = r.json()["problems"]
    assert problems and all(p["file"] == "labs.json" for p in problems) and problems[0]["row"] == 2
    assert client.get(f"/api/people/{pid}/readings").json() == []
    bundle["entry"] = bundle["entry"][:1]  # type: ignore[index]
    r = client.post(f"/api/people/{pid}/import", headers=headers,
                    files={"file": ("labs.json", json.dumps(bundle).encode(), "application/json")})
    assert r.status_code == 201 and r.json() == {"imported": 1, "skipped_duplicates": 0}
    r = client.post(f"/api/people/{pid}/import", headers=headers,
                    files={"file": ("broken.json", b"{not json", "application/json")})
    assert r.status_code == 422 and "not readable JSON" in r.json()["problems"][0]["message"]


def test_protocol_periods(make_server: Callable[..., LiveServer]) -> None:
    import datetime as dt

    from igfaxis.storage import Actor, Repository

    server = make_server()
    client, headers = _api(server)
    pid = client.post("/api/people", json={"sex": "male", "birth_date": "1971-05-02"}, headers=headers).json()["id"]
    url = f"/api/people/{pid}/protocols"
    assert client.get(url).json() == []

    bad = {"name": " ", "start_date": "1960-01-01", "end_date": "1959-12-31", "example": "growth-hormone"}
    r = client.post(url, json=bad, headers=headers)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error"] == "input_error"
    by_field = {p["field"]: p for p in body["problems"]}
    assert set(by_field) == {"name", "start_date", "end_date", "example"}
    assert all(p["expected"] for p in body["problems"])
    assert by_field["start_date"]["received"] == "1960-01-01" and "1971-05-02" in by_field["start_date"]["expected"]
    assert by_field["end_date"]["received"] == "1959-12-31" and "1960-01-01" in by_field["end_date"]["expected"]
    assert by_field["example"]["received"] == "growth-hormone" and "sermorelin" in by_field["example"]["expected"]
    soon = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    unreadable = SERMORELIN_TOML.replace('every = "1 day"', 'every = "sometimes"')
    r = client.post(url, json={"name": "sermorelin", "start_date": soon, "protocol_toml": unreadable}, headers=headers)
    assert r.status_code == 422
    assert {(p["field"], p["received"]) for p in r.json()["problems"]} == {("start_date", soon),
                                                                          ("every", "sometimes")}
    r = client.post(url, json={"name": "sermorelin", "start_date": "2025-06-01", "example": "sermorelin",
                               "protocol_toml": SERMORELIN_TOML}, headers=headers)
    assert r.status_code == 422 and r.json()["problems"][0]["field"] == "example"
    unknown_field = {"name": "x", "start_date": "2025-06-01", "dose": 1}
    assert client.post(url, json=unknown_field, headers=headers).status_code == 422
    assert client.post(url, json={"name": "x", "start_date": "2025-06-01"}).status_code == 403  # no CSRF header
    assert client.get(url).json() == []  # nothing was stored

    r = client.post(url, json={"name": "sermorelin at bedtime", "start_date": "2025-06-01", "example": "sermorelin",
                               "note": "from the clinic"}, headers=headers)
    assert r.status_code == 201, r.text
    ongoing = r.json()
    assert (ongoing["end_date"], ongoing["note"]) == (None, "from the clinic")
    assert 'agent = "sermorelin"' in ongoing["protocol_toml"]
    r = client.post(url, json={"name": "tesamorelin 1 mg/day", "start_date": "2025-01-10", "end_date": "2025-03-01"},
                    headers=headers)
    assert r.status_code == 201 and r.json()["protocol_toml"] is None
    ended = r.json()
    assert [p["id"] for p in client.get(url).json()] == [ended["id"], ongoing["id"]]  # by start date
    assert 'name="current_start" value="2025-06-01"' in client.get(f"/people/{pid}/plan").text  # the planner uses it

    assert client.delete(f"{url}/{ended['id']}").status_code == 403  # no CSRF header
    assert client.delete(f"{url}/{ended['id'] + 100}", headers=headers).status_code == 404
    other = client.post("/api/people", json={"sex": "female", "age_years": 40}, headers=headers).json()["id"]
    assert client.delete(f"/api/people/{other}/protocols/{ended['id']}", headers=headers).status_code == 404
    assert client.delete(f"{url}/{ended['id']}", headers=headers).status_code == 204
    assert client.get(url).json() == [ongoing]
    with server.database.session() as s:
        (entry,) = [e for e in Repository(s, Actor.local()).audit_entries(person_id=pid) if e.action == "delete"]
    assert (entry.entity, entry.entity_id) == ("protocol_period", ended["id"])
    assert entry.detail == "protocol period 'tesamorelin 1 mg/day' from 2025-01-10 to 2025-03-01"

    for call in (lambda: client.get("/api/people/999/protocols"),
                 lambda: client.post("/api/people/999/protocols", json={"name": "x", "start_date": "2025-01-01"},
                                     headers=headers),
                 lambda: client.delete(f"/api/people/999/protocols/{ongoing['id']}", headers=headers)):
        r = call()
        assert r.status_code == 404 and r.json()["error"] == "not_found"
