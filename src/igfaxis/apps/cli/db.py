"""``igfaxis db``: schema migrations and clinic users."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from igfaxis.config import Settings
    from igfaxis.storage import Database

URL_EXPECTED = "sqlite:///PATH (in an existing folder) or postgresql+psycopg://USER@HOST/DB"


def open_database(url: str | None, settings: Settings | None = None) -> Database:
    """The database named by ``--db`` (or, without it, by IGFAXIS_DATABASE_URL / the local SQLite file).

    A URL that cannot be used is an input error (exit 2) naming where it came from: unparseable, an unsupported
    backend, or a SQLite file in a folder that does not exist (only the default data folder is ever created)."""
    from pathlib import Path

    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from igfaxis.config import Settings
    from igfaxis.errors import InputError, Problem, StorageError
    from igfaxis.storage import Database

    settings = settings if settings is not None else Settings()
    field = "--db" if url else "IGFAXIS_DATABASE_URL"
    target = url or settings.resolved_database_url()
    try:
        parsed = make_url(target)
    except ArgumentError:
        raise InputError(Problem("cannot read the database URL", field=field, received=target,
                                 expected=URL_EXPECTED)) from None
    shown = parsed.render_as_string(hide_password=True)
    if (url or settings.database_url) and parsed.get_backend_name() == "sqlite" and parsed.database \
            and parsed.database != ":memory:":
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
def database_errors(database: Database) -> Iterator[None]:
    """Turn a database failure (server unreachable, file unreadable) into one line naming the database (exit 1)."""
    from sqlalchemy.exc import SQLAlchemyError

    from igfaxis.errors import StorageError

    try:
        yield
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StorageError(f"cannot use the database {database.display_url()}: {reason}") from None
    finally:
        database.dispose()


def register(app: typer.Typer) -> None:
    db_app = typer.Typer(help="Database: migrations (Alembic) and clinic-mode users.", no_args_is_help=True)
    app.add_typer(db_app, name="db")

    url_option = typer.Option(None, "--db", help="Database URL (default: IGFAXIS_DATABASE_URL or the local SQLite "
                                                 "file in the data directory).")

    @db_app.command("upgrade")
    def upgrade(db: str | None = url_option, revision: str = typer.Option("head", help="Target revision.")) -> None:
        """Create or migrate the schema to the newest revision."""
        from alembic.util import CommandError

        from igfaxis.apps.cli._output import console
        from igfaxis.errors import InputError, Problem, StorageError
        from igfaxis.storage.migrate import head

        database = open_database(db)
        with database_errors(database):
            try:
                database.upgrade(revision)
            except CommandError as exc:
                if revision == "head":  # the database itself is at a revision this version does not know
                    raise StorageError(f"cannot migrate {database.display_url()}: {exc}") from None
                raise InputError(Problem(f"cannot migrate to this revision: {exc}", field="--revision",
                                         received=revision,
                                         expected=f"head or a revision this version ships (newest: {head()})")
                                 ) from None
            console().print(f"database {database.display_url()} is at revision {database.current_revision()}",
                            markup=False)

    @db_app.command("current")
    def current(db: str | None = url_option) -> None:
        """Print the schema revision of the database (and the newest one this version ships)."""
        from igfaxis.apps.cli._output import console
        from igfaxis.storage.migrate import head

        database = open_database(db)
        with database_errors(database):
            rev = database.current_revision()
            console().print(f"{database.display_url()}: {rev or 'empty (run: igfaxis db upgrade)'}; newest: {head()}",
                            markup=False)

    @db_app.command("create-user")
    def create_user(
        username: str = typer.Argument(..., help="Login name."),
        role: str = typer.Option("clinician", help="clinician or admin."),
        password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True,
                                     envvar="IGFAXIS_NEW_USER_PASSWORD",
                                     help="At least 10 characters (prompted when not given)."),
        db: str | None = url_option,
    ) -> None:
        """Add a clinic-mode user (argon2id-hashed password)."""
        from igfaxis.apps.cli._output import console
        from igfaxis.storage.users import create_user as _create

        database = open_database(db)
        with database_errors(database):
            database.upgrade()
            with database.session() as s:
                user = _create(s, username=username, password=password, role=role)
            console().print(f"created {user.role} {user.username!r} (id {user.id})", markup=False)
