"""Local mode pages against a real server: add a person, add readings, import with row errors (nothing kept),
protocol periods, the chart, CSRF, security headers, no external assets."""

from __future__ import annotations

import re
from collections.abc import Callable

from .conftest import LiveServer, csrf_of

GOOD_CSV = (b"date,value,unit,assay\n2025-01-10,110,ng/mL,IDS-iSYS\n2025-04-10,140,ng/mL,IDS-iSYS\n"
            b"2025-07-10,20,nmol/L,\n")
BAD_CSV = GOOD_CSV.replace(b"2025-04-10,140", b"2025-04-10,abc")


def _add_person(server: LiveServer) -> tuple[object, str, int]:
    client = server.client()
    token = csrf_of(client)
    r = client.post("/people/new", data={"csrf_token": token, "name": "Ada", "sex": "female",
                                         "birth_date": "1970-05-17", "weight_kg": "64"})
    assert r.status_code == 303
    pid = int(r.headers["location"].rsplit("/", 1)[1])
    return client, token, pid


def test_person_import_and_chart(make_server: Callable[..., LiveServer]) -> None:
    server = make_server()
    client, token, pid = _add_person(server)
    assert "Ada" in client.get("/people").text

    r = client.post(f"/people/{pid}/import", data={"csrf_token": token},
                    files={"file": ("labs.csv", BAD_CSV, "text/csv")})
    assert r.status_code == 400
    assert "Nothing was imported from labs.csv" in r.text
    assert re.search(r"labs\.csv, row 3, <code>value</code>", r.text)
    assert "abc" in r.text
    assert client.get(f"/api/people/{pid}/readings").json() == []  # nothing kept

    r = client.post(f"/people/{pid}/import", data={"csrf_token": token},
                    files={"file": ("labs.csv", GOOD_CSV, "text/csv")})
    assert r.status_code == 303 and "imported=3" in r.headers["location"]
    readings = client.get(f"/api/people/{pid}/readings").json()
    assert [round(x["value_ng_ml"]) for x in readings] == [110, 140, 153]  # 20 nmol/L = 153 ng/mL

    r = client.post(f"/people/{pid}/protocols", data={"csrf_token": token, "name": "tesamorelin 1 mg/day",
                                                      "start_date": "2025-04-20", "end_date": ""})
    assert r.status_code == 303
    page = client.get(f"/people/{pid}").text
    assert "tesamorelin 1 mg/day" in page and "IGF-1 history" in page and "optimal" in page
    # 110 ng/mL is "below optimal", bounded by the 80 ng/mL cut-off that no primary source gives: said on the page
    assert re.search(r'id="zone-assumptions">Assumption: 80 ng/mL zone cut-off: an assumption', page)
    chart = client.get(f"/people/{pid}/chart.svg")
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    assert chart.text.lstrip().startswith("<svg")


def test_add_reading_form_errors_and_success(make_server: Callable[..., LiveServer]) -> None:
    client, token, pid = _add_person(make_server())
    r = client.post(f"/people/{pid}/readings", data={"csrf_token": token, "date": "2025-13-01", "value": "-5",
                                                    "unit": "ng/mL"})
    assert r.status_code == 400 and "The reading was not saved" in r.text and "not a date" in r.text
    r = client.post(f"/people/{pid}/readings", data={"csrf_token": token, "date": "2025-03-01", "value": "131",
                                                    "unit": "ng/mL", "lab": "L" * 121})
    assert r.status_code == 400 and "lab too long" in r.text and "121 characters" in r.text
    assert client.get(f"/api/people/{pid}/readings").json() == []
    r = client.post(f"/people/{pid}/readings", data={"csrf_token": token, "date": "2025-03-01", "value": "131",
                                                    "unit": "ng/mL", "assay": "IDS-iSYS"})
    assert r.status_code == 303
    assert [x["value"] for x in client.get(f"/api/people/{pid}/readings").json()] == [131.0]


def test_add_person_form_errors(make_server: Callable[..., LiveServer]) -> None:
    client = make_server().client()
    token = csrf_of(client)
    r = client.post("/people/new", data={"csrf_token": token, "sex": "x", "birth_date": "", "age_years": ""})
    assert r.status_code == 400 and "unknown sex" in r.text and "give a birth date or an age" in r.text
    assert client.get("/api/people").json() == []
    r = client.post("/people/new", data={"csrf_token": token, "name": "x" * 201, "sex": "male", "age_years": "50"})
    assert r.status_code == 400 and "The person was not saved" in r.text
    for shown in ("name too long", "201 characters", "at most 200 characters"):
        assert shown in r.text, shown
    assert client.get("/api/people").json() == []
    assert 'maxlength="200"' in client.get("/people/new").text
    r = client.post("/people/new", data={"csrf_token": token, "name": f" {'x' * 200} ", "sex": "male",
                                         "age_years": "50"})
    assert r.status_code == 303  # the name is kept trimmed: 200 characters fit
    assert [p["name"] for p in client.get("/api/people").json()] == ["x" * 200]


def test_csrf_required_on_forms(make_server: Callable[..., LiveServer]) -> None:
    client = make_server().client()
    csrf_of(client)
    r = client.post("/people/new", data={"name": "x", "sex": "male", "age_years": "40"})
    assert r.status_code == 403
    r = client.post("/people/new", data={"csrf_token": "forged", "name": "x", "sex": "male", "age_years": "40"})
    assert r.status_code == 403
    assert client.get("/api/people").json() == []


def test_unknown_person_is_404_and_headers(make_server: Callable[..., LiveServer]) -> None:
    client = make_server().client()
    r = client.get("/people/12345")
    assert r.status_code == 404
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
    bad = client.get("/people/abc")  # a malformed id is a missing page in HTML, not FastAPI's JSON
    assert bad.status_code == 404 and bad.headers["content-type"].startswith("text/html")
    assert "Not found" in bad.text and "person_id" in bad.text
    api = client.get("/api/people/abc")  # the API keeps its JSON validation errors
    assert api.status_code == 422 and api.headers["content-type"].startswith("application/json")


def test_offline_no_external_assets(make_server: Callable[..., LiveServer]) -> None:
    server = make_server()
    client, _token, pid = _add_person(server)
    for path in ("/people", "/people/new", f"/people/{pid}", "/audit"):
        html = client.get(path).text
        refs = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert refs and all(ref.startswith(("/", "#")) for ref in refs), (path, refs)
    assert client.get("/static/style.css").status_code == 200


def test_people_list_shows_latest_reading(make_server: Callable[..., LiveServer]) -> None:
    server = make_server()
    client, token, pid = _add_person(server)
    client.post(f"/people/{pid}/import", data={"csrf_token": token}, files={"file": ("labs.csv", GOOD_CSV, "text/csv")})
    html = client.get("/people").text
    assert "2025-07-10" in html and "153</strong> ng/mL" in html


def test_report_download(make_server: Callable[..., LiveServer]) -> None:
    from igfaxis.apps.web import reports_hook

    server = make_server()
    client, token, pid = _add_person(server)
    client.post(f"/people/{pid}/import", data={"csrf_token": token}, files={"file": ("labs.csv", GOOD_CSV, "text/csv")})
    page = client.get(f"/people/{pid}").text
    if not reports_hook.available():
        assert "report.pdf" not in page
        assert client.get(f"/people/{pid}/report.pdf").status_code == 404
        return
    assert f"/people/{pid}/report.pdf" in page
    html = client.get(f"/people/{pid}/report.html")
    assert html.status_code == 200 and "Ada" in html.text
    pdf = client.get(f"/people/{pid}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
