"""Clinic mode: login required, argon2 users, per-clinician patients (pages AND API), CSRF, login rate limit,
audit log of reads and writes, session cookie flags."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest

from igfaxis.apps.web.ratelimit import RateLimiter
from igfaxis.storage import Actor, Repository

from .conftest import LiveServer, csrf_of, login

USERS = (("alice", "alice-password-1", "clinician"), ("bob", "bob-password-12", "clinician"),
         ("root", "root-password-1", "admin"))
CSV = b"date,value,unit\n2025-01-10,110,ng/mL\n2025-04-10,140,ng/mL\n"


def _signed_in(server: LiveServer, name: str) -> httpx.Client:
    client = server.client()
    password = {u: p for u, p, _ in USERS}[name]
    r = login(client, name, password)
    assert r.status_code == 303 and r.headers["location"] == "/people", r.text
    return client


def _patient_of(client: httpx.Client, name: str) -> int:
    token = csrf_of(client)
    r = client.post("/people/new", data={"csrf_token": token, "name": name, "sex": "female", "age_years": "48"})
    assert r.status_code == 303
    pid = int(r.headers["location"].rsplit("/", 1)[1])
    r = client.post(f"/people/{pid}/import", data={"csrf_token": token}, files={"file": ("l.csv", CSV, "text/csv")})
    assert r.status_code == 303
    return pid


@pytest.fixture
def clinic(make_server: Callable[..., LiveServer]) -> LiveServer:
    return make_server(clinic=True, users=USERS)


def test_login_required(clinic: LiveServer) -> None:
    client = clinic.client()
    r = client.get("/people")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert client.get("/api/people").status_code == 401
    r = login(client, "alice", "wrong password")
    assert r.status_code == 401 and "wrong password" in r.text.lower()


def test_clinicians_are_isolated_pages_and_api(clinic: LiveServer) -> None:
    alice, bob = _signed_in(clinic, "alice"), _signed_in(clinic, "bob")
    pid = _patient_of(alice, "Alice's patient")
    bob_pid = _patient_of(bob, "Bob's patient")
    bob_token = csrf_of(bob)
    bob_api = {"X-CSRF-Token": bob.get("/api/csrf").json()["csrf_token"]}
    assert alice.post(f"/people/{pid}/protocols", data={"csrf_token": csrf_of(alice), "name": "tesamorelin",
                                                        "start_date": "2025-01-10"}).status_code == 303
    (period,) = alice.get(f"/api/people/{pid}/protocols").json()

    assert "Alice&#39;s patient" not in bob.get("/people").text
    assert [p["id"] for p in bob.get("/api/people").json()] == [bob_pid]
    # reads
    for path in (f"/people/{pid}", f"/people/{pid}/chart.svg", f"/api/people/{pid}", f"/api/people/{pid}/readings"):
        assert bob.get(path).status_code == 404, path
    # writes, with a valid CSRF token of bob's own session
    assert bob.post(f"/people/{pid}/readings", data={"csrf_token": bob_token, "date": "2025-05-01",
                                                     "value": "999", "unit": "ng/mL"}).status_code == 404
    assert bob.post(f"/people/{pid}/import", data={"csrf_token": bob_token},
                    files={"file": ("l.csv", CSV, "text/csv")}).status_code == 404
    assert bob.post(f"/people/{pid}/delete", data={"csrf_token": bob_token}).status_code == 404
    delete_period = f"/people/{pid}/protocols/{period['id']}/delete"
    assert bob.get(delete_period).status_code == 404
    assert bob.post(delete_period, data={"csrf_token": bob_token, "confirm": "yes"}).status_code == 404
    assert bob.post(f"/api/people/{pid}/readings", json={"date": "2025-05-01", "value": 999},
                    headers=bob_api).status_code == 404
    assert bob.delete(f"/api/people/{pid}", headers=bob_api).status_code == 404
    # alice's patient is untouched; alice cannot see bob's either
    assert [r["value"] for r in alice.get(f"/api/people/{pid}/readings").json()] == [110.0, 140.0]
    assert alice.get(f"/api/people/{pid}/protocols").json() == [period]
    assert alice.get(f"/people/{bob_pid}").status_code == 404
    # the admin sees both and the audit log; clinicians do not see the audit log
    admin = _signed_in(clinic, "root")
    assert {p["id"] for p in admin.get("/api/people").json()} == {pid, bob_pid}
    assert admin.get("/audit").status_code == 200
    assert alice.get("/audit").status_code == 403


def test_audit_log_records_reads_and_writes(clinic: LiveServer) -> None:
    alice = _signed_in(clinic, "alice")
    pid = _patient_of(alice, "P")
    alice.get(f"/api/people/{pid}/readings")
    with clinic.database.session() as s:
        entries = Repository(s, Actor("admin", None, "test")).audit_entries(person_id=pid)
    seen = {(e.username, e.action, e.entity) for e in entries}
    assert {("alice", "create", "person"), ("alice", "import", "readings"), ("alice", "read", "readings")} <= seen
    assert all(e.ip == "127.0.0.1" for e in entries)


def test_login_rate_limited(make_server: Callable[..., LiveServer]) -> None:
    server = make_server(clinic=True, users=USERS, limiter=RateLimiter(max_failures=3, window_s=600))
    client = server.client()
    codes = [login(client, "alice", f"bad-{i}").status_code for i in range(4)]
    assert codes == [401, 401, 401, 429]
    r = login(client, "alice", "alice-password-1")  # even the right password waits out the window
    assert r.status_code == 429 and "Too many failed sign-ins" in r.text


def test_session_cookie_and_logout(clinic: LiveServer) -> None:
    client = clinic.client()
    token = csrf_of(client, "/login")
    r = client.post("/login", data={"csrf_token": token, "username": "alice", "password": "alice-password-1"})
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    # a new session after login: the pre-login CSRF token is no longer valid
    assert client.post("/logout", data={"csrf_token": token}).status_code == 403
    token = csrf_of(client)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/api/people").status_code == 401


def test_secure_cookie_when_https_only(tmp_path: object) -> None:
    from starlette.middleware.sessions import SessionMiddleware

    from igfaxis.apps.web.app import create_app
    from igfaxis.config import Settings
    from igfaxis.storage import Database

    db = Database(f"sqlite:///{tmp_path}/s.sqlite3")
    app = create_app(Settings(data_dir=tmp_path), clinic=True, database=db, secret_key="k" * 40, https_only=True)
    options = [m.kwargs for m in app.user_middleware if m.cls is SessionMiddleware]
    assert options and options[0]["https_only"] is True
    db.dispose()


def test_login_form_has_csrf(clinic: LiveServer) -> None:
    html = clinic.client().get("/login").text
    assert re.search(r'name="csrf_token" value="[^"]{20,}"', html)


@pytest.mark.parametrize("target", ["//evil.example/x", "/\\evil.example", "https://evil.example/", "/people\n"])
def test_login_redirect_stays_on_site(clinic: LiveServer, target: str) -> None:
    client = clinic.client()
    token = csrf_of(client, "/login")
    r = client.post("/login", data={"csrf_token": token, "username": "alice", "password": "alice-password-1",
                                    "next": target})
    assert r.status_code == 303 and r.headers["location"] == "/people"
