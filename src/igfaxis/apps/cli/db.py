"""``igfaxis db``: schema migrations and clinic users."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    db_app = typer.Typer(help="Database: migrations (Alembic) and clinic-mode users.", no_args_is_help=True)
    app.add_typer(db_app, name="db")

    def _database(url: str | None):  # type: ignore[no-untyped-def]
        from igfaxis.config import Settings
        from igfaxis.storage import Database

        return Database(url) if url else Database.from_settings(Settings())

    url_option = typer.Option(None, "--db", help="Database URL (default: IGFAXIS_DATABASE_URL or the local SQLite "
                                                 "file in the data directory).")

    @db_app.command("upgrade")
    def upgrade(db: str | None = url_option, revision: str = typer.Option("head", help="Target revision.")) -> None:
        """Create or migrate the schema to the newest revision."""
        from igfaxis.apps.cli._output import console

        database = _database(db)
        database.upgrade(revision)
        console().print(f"database {database.display_url()} is at revision {database.current_revision()}")
        database.dispose()

    @db_app.command("current")
    def current(db: str | None = url_option) -> None:
        """Print the schema revision of the database (and the newest one this version ships)."""
        from igfaxis.apps.cli._output import console
        from igfaxis.storage.migrate import head

        database = _database(db)
        rev = database.current_revision()
        console().print(f"{database.display_url()}: {rev or 'empty (run: igfaxis db upgrade)'}; newest: {head()}")
        database.dispose()

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

        database = _database(db)
        database.upgrade()
        with database.session() as s:
            user = _create(s, username=username, password=password, role=role)
        console().print(f"created {user.role} {user.username!r} (id {user.id})")
        database.dispose()
