"""Engine and sessions. SQLite (default, in the user's data directory) runs in WAL mode with foreign keys on;
``IGFAXIS_DATABASE_URL`` (``postgresql+psycopg://...``) selects PostgreSQL.

Every write goes through :meth:`Database.session`, one transaction: it commits when the block ends and rolls back
when it raises, so an import lands whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from igfaxis.config import Settings
from igfaxis.errors import StorageError


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str, *, connect_args: dict[str, Any] | None = None) -> Engine:
    """An engine for ``url``. SQLite files get their parent directory created, WAL mode and foreign keys."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, **(connect_args or {})})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args or {})
    raise StorageError(f"unsupported database URL {parsed.render_as_string(hide_password=True)!r}: "
                       "expected sqlite:///PATH or postgresql+psycopg://USER@HOST/DB")


class Database:
    """A database: engine, session factory and schema migrations."""

    def __init__(self, url: str, *, connect_args: dict[str, Any] | None = None) -> None:
        self.url = url
        self.engine = make_engine(url, connect_args=connect_args)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        return cls(settings.resolved_database_url())

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def display_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: commit at the end of the block, roll back (and re-raise) on any exception."""
        session = self._factory()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise StorageError(f"database error: {exc}") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to ``revision`` (Alembic)."""
        from igfaxis.storage.migrate import upgrade

        upgrade(self.engine, revision)

    def current_revision(self) -> str | None:
        from igfaxis.storage.migrate import current

        return current(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()
