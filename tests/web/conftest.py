"""Web fixtures: a real uvicorn server on a free 127.0.0.1 port (in a thread) over a fresh SQLite database, and
httpx clients that keep cookies like a browser."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn

from igfaxis.apps.web.app import create_app
from igfaxis.apps.web.ratelimit import RateLimiter
from igfaxis.config import Settings
from igfaxis.storage import Database
from igfaxis.storage.users import create_user

SECRET = "test-secret-key-" + "x" * 32
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


#: A daily sermorelin protocol without a stop (pasted, stored with a period, or edited into a bad one by tests).
SERMORELIN_TOML = """name = "Sermorelin 1 mg at bedtime"
[[dose]]
agent = "sermorelin"
amount = "1 mg"
route = "sc"
every = "1 day"
at = "22:00"
"""

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    database: Database
    clients: list[httpx.Client] = field(default_factory=list)

    def client(self) -> httpx.Client:
        """A cookie-keeping client (closed when the test ends). The timeout only guards against a hung server: a
        plan POST runs the planner in the request, which took over 30 s on a loaded two-core machine, and tests
        assert no wall-clock times."""
        client = httpx.Client(base_url=self.url, follow_redirects=False, timeout=300)
        self.clients.append(client)
        return client


def _serve(app: object) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def make_server(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """Start a server: ``make_server(clinic=False, users=[(name, password, role), ...])``."""
    stack: list[Iterator[str]] = []
    servers: list[LiveServer] = []
    databases: list[Database] = []

    def start(*, clinic: bool = False, users: tuple[tuple[str, str, str], ...] = (),
              limiter: RateLimiter | None = None) -> LiveServer:
        db = Database(f"sqlite:///{tmp_path / f'web{len(databases)}.sqlite3'}")
        databases.append(db)
        db.upgrade()
        with db.session() as s:
            for name, password, role in users:
                create_user(s, username=name, password=password, role=role)
        app = create_app(Settings(data_dir=tmp_path), clinic=clinic, database=db, secret_key=SECRET,
                         migrate=False, login_limiter=limiter)
        gen = _serve(app)
        url = next(gen)
        stack.append(gen)
        servers.append(LiveServer(url=url, database=db))
        return servers[-1]

    yield start
    for server in servers:
        for client in server.clients:
            client.close()
    for gen in reversed(stack):
        for _ in gen:
            pass
    for db in databases:
        db.dispose()


def csrf_of(client: httpx.Client, page: str = "/people/new") -> str:
    found = CSRF_RE.search(client.get(page).text)
    assert found, f"no CSRF token on {page}"
    return found.group(1)


def login(client: httpx.Client, username: str, password: str) -> httpx.Response:
    token = csrf_of(client, "/login")
    return client.post("/login", data={"csrf_token": token, "username": username, "password": password,
                                       "next": "/people"})


@pytest.fixture(autouse=True)
def _fast_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2id parameters in tests (production keeps argon2-cffi's defaults: 64 MiB, t=3)."""
    from argon2 import PasswordHasher

    import igfaxis.storage.users as users

    monkeypatch.setattr(users, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    users._dummy_hash.cache_clear()
