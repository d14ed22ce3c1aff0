"""``igfaxis db``: schema migrations and clinic users."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from igfaxis.config import Settings
    from igfaxis.storage import Database

def open_database(url: str | None, settings: Settings | None = None) -> Database:
    """The database named by ``--db`` (or, without it, by IGFAXIS_DATABASE_URL / the local SQLite file).

    A URL that cannot be used is an input error (exit 2) naming where it came from: unparseable, an unsupported
    backend, or a SQLite file in a folder that does not exist (only the default data folder is ever created)."""
    from igfaxis.config import Settings
    from igfaxis.storage.opening import open_url

    settings = settings if settings is not None else Settings()
    return open_url(url or settings.resolved_database_url(), field="--db" if url else "IGFAXIS_DATABASE_URL",
                    check_folder=bool(url or settings.database_url))


def register(app: typer.Typer) -> None:
    db_app = typer.Typer(help="Database: migrations (Alembic) and clinic-mode users.", no_args_is_help=True)
    app.add_typer(db_app, name="db")

    url_option = typer.Option(None, "--db", help="Database URL (default: IGFAXIS_DATABASE_URL or the local SQLite "
                                                 "file in the data directory).")

    @db_app.command("upgrade")
    def upgrade(db: str | None = url_option, revision: str = typer.Option("head", help="Target revision.")) -> None:
        """Create or migrate the schema to the newest revision."""
        from igfaxis.apps.cli._output import say
        from igfaxis.errors import InputError, Problem, StorageError
        from igfaxis.storage.migrate import head
        from igfaxis.storage.opening import UnknownRevision, reported
        from igfaxis.storage.opening import upgrade as upgrade_to

        database = open_database(db)
        with reported(database):
            try:
                upgrade_to(database, revision)
            except UnknownRevision as exc:
                if revision == "head":  # the database itself is at a revision this version does not know
                    raise StorageError(f"cannot migrate {database.display_url()}: {exc}") from None
                raise InputError(Problem(f"cannot migrate to this revision: {exc}", field="--revision",
                                         received=revision,
                                         expected=f"head or a revision this version ships (newest: {head()})")
                                 ) from None
            say(f"database {database.display_url()} is at revision {database.current_revision()}")

    @db_app.command("current")
    def current(db: str | None = url_option) -> None:
        """Print the schema revision of the database (and the newest one this version ships)."""
        from igfaxis.apps.cli._output import say
        from igfaxis.storage.migrate import head
        from igfaxis.storage.opening import reported

        database = open_database(db)
        with reported(database):
            rev = database.current_revision()
            say(f"{database.display_url()}: {rev or 'empty (run: igfaxis db upgrade)'}; newest: {head()}")

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
        from igfaxis.storage.opening import reported
        from igfaxis.storage.users import create_user as _create

        database = open_database(db)
        with reported(database):
            database.upgrade()
            with database.session() as s:
                user = _create(s, username=username, password=password, role=role)
            console().print(f"created {user.role} {user.username!r} (id {user.id})", markup=False)
