"""``igfaxis serve``: the web dashboard (single local user on 127.0.0.1 by default; ``--clinic`` for logins)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: str = typer.Option(None, help="Address to bind (default 127.0.0.1, or IGFAXIS_HOST)."),
        port: int = typer.Option(None, help="Port (default 8765, or IGFAXIS_PORT)."),
        clinic: bool = typer.Option(False, "--clinic", help="Clinic mode: login required, each clinician sees "
                                                            "only their own patients."),
        db: str | None = typer.Option(None, "--db", help="Database URL (default: IGFAXIS_DATABASE_URL or the "
                                                         "local SQLite file)."),
        https_only: bool = typer.Option(False, "--https-only", help="Mark the session cookie Secure (use behind "
                                                                    "TLS)."),
    ) -> None:
        """Serve the web dashboard and print its URL."""
        import uvicorn

        from igfaxis.apps.cli._output import console, error_console
        from igfaxis.apps.web.app import create_app
        from igfaxis.config import Settings
        from igfaxis.storage import Database

        settings = Settings()
        bind_host = host or settings.host
        bind_port = port if port is not None else settings.port
        database = Database(db) if db else Database.from_settings(settings)
        application = create_app(settings, clinic=clinic, database=database, https_only=https_only)
        if clinic:
            from igfaxis.storage.users import list_users

            with database.session() as s:
                if not list_users(s):
                    error_console().print("[yellow]clinic mode has no users yet:[/] add one with "
                                          "`igfaxis db create-user NAME --role admin`", markup=True)
        shown = "127.0.0.1" if bind_host in ("0.0.0.0", "::") else bind_host
        mode = "clinic mode (login required)" if clinic else "local single-user mode"
        console().print(f"igfaxis dashboard, {mode}, database {database.display_url()}")
        console().print(f"open http://{shown}:{bind_port}/", soft_wrap=True)
        from igfaxis.apps.web import evidence_view

        evidence_view.warm_up()  # the agents page's trial cases (~10 s) run in the background, not on first visit
        uvicorn.run(application, host=bind_host, port=bind_port, log_level="warning")
