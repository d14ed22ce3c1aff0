"""Opening a database named by a user (``--db`` or ``IGFAXIS_DATABASE_URL``) and reporting its failures.

The CLI's ``db`` and ``serve`` commands use these so that SQLAlchemy and Alembic stay inside the storage layer:
an unusable URL is an :class:`~igfaxis.errors.InputError` naming where it came from; a database that fails while
in use is one :class:`~igfaxis.errors.StorageError` line naming it; an unknown migration target is
:class:`UnknownRevision`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from igfaxis.errors import InputError, Problem, StorageError
from igfaxis.storage.db import Database

URL_EXPECTED = "sqlite:///PATH (in an existing folder) or postgresql+psycopg://USER@HOST/DB"


class UnknownRevision(StorageError):
    """``upgrade`` was asked for a migration revision this version does not ship."""


def open_url(target: str, *, field: str, check_folder: bool) -> Database:
    """The :class:`Database` at ``target``. ``field`` names where the URL came from (``--db`` or the environment
    variable); ``check_folder`` refuses a SQLite file in a folder that does not exist instead of creating it (only
    the default data folder is ever created)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(target)
    except ArgumentError:
        raise InputError(Problem("cannot read the database URL", field=field, received=target,
                                 expected=URL_EXPECTED)) from None
    shown = parsed.render_as_string(hide_password=True)
    if check_folder and parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        file = Path(parsed.database)
        if not file.parent.is_dir():
            raise InputError(Problem("database folder does not exist", field=field, received=shown,
                                     expected=URL_EXPECTED))
        if file.is_dir():
            raise InputError(Problem(f"cannot open {file} as a database: Is a directory", field=field,
                                     received=shown, expected=URL_EXPECTED))
    try:
        return Database(target)
    except StorageError:  # unsupported backend
        raise InputError(Problem("unsupported database URL", field=field, received=shown,
                                 expected=URL_EXPECTED)) from None
    except ImportError as exc:  # a backend whose driver is not installed
        raise InputError(Problem(f"the database driver is not installed ({exc.name})", field=field,
                                 received=shown, expected=URL_EXPECTED)) from None


@contextmanager
def reported(database: Database) -> Iterator[None]:
    """Turn a database failure (server unreachable, file unreadable) into one line naming the database; dispose of
    the engine at the end."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StorageError(f"cannot use the database {database.display_url()}: {reason}") from None
    finally:
        database.dispose()


def upgrade(database: Database, revision: str) -> None:
    """``database.upgrade(revision)``; a revision Alembic does not know raises :class:`UnknownRevision`."""
    from alembic.util import CommandError

    try:
        database.upgrade(revision)
    except CommandError as exc:
        raise UnknownRevision(str(exc)) from None
