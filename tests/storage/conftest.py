"""Storage fixtures: every test gets a fresh database, on SQLite and (when IGFAXIS_TEST_POSTGRES_URL is set, as in
CI) on PostgreSQL, in a schema of its own created and migrated by Alembic."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import require_or_skip
from igfaxis.storage import Database

PG_URL = os.environ.get("IGFAXIS_TEST_POSTGRES_URL")


class FreshDatabase:
    """A database URL plus the ``connect_args`` that confine it to one throw-away schema (PostgreSQL)."""

    def __init__(self, url: str, connect_args: dict[str, str] | None = None) -> None:
        self.url = url
        self.connect_args = connect_args or {}

    def open(self) -> Database:
        return Database(self.url, connect_args=self.connect_args)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FreshDatabase]:
    if request.param == "sqlite":
        yield FreshDatabase(f"sqlite:///{tmp_path / 'igfaxis.sqlite3'}")
        return
    require_or_skip(bool(PG_URL), "PostgreSQL (IGFAXIS_TEST_POSTGRES_URL)")
    assert PG_URL is not None
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield FreshDatabase(PG_URL, {"options": f"-csearch_path={schema}"})
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def db(fresh: FreshDatabase) -> Iterator[Database]:
    database = fresh.open()
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture(autouse=True)
def _fast_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2id parameters in tests (production keeps argon2-cffi's defaults: 64 MiB, t=3)."""
    from argon2 import PasswordHasher

    import igfaxis.storage.users as users

    monkeypatch.setattr(users, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    users._dummy_hash.cache_clear()
