"""The JSON API: people, readings, import (row-level problems, nothing kept), CSRF header, OpenAPI schema."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from .conftest import LiveServer


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


def test_openapi_schema(make_server: Callable[..., LiveServer]) -> None:
    client, _ = _api(make_server())
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/people", "/api/people/{person_id}", "/api/people/{person_id}/readings",
                 "/api/people/{person_id}/import"):
        assert path in paths
    assert not any(p.startswith("/people") for p in paths)  # pages stay out of the API schema


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
