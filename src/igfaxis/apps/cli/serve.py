"""``igfaxis serve``: the web dashboard (single local user on 127.0.0.1 by default; ``--clinic`` for logins)."""

from __future__ import annotations

import socket
from typing import Any

import typer


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port``; a port in use or an address this machine does not have is an input
    error naming it (exit 2), found before anything is printed or started."""
    from igfaxis.errors import InputError, Problem

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise InputError(Problem(f"cannot listen on {host}:{port}: {exc.strerror or exc}", field="--host",
                                 received=host, expected="an address of this machine, e.g. 127.0.0.1")) from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise InputError(Problem(f"cannot listen on {host}:{port}: {exc.strerror or exc}", field="--port",
                                 received=str(port), expected="a free port (1-65535)")) from None
    sock.set_inheritable(True)
    return sock


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: str = typer.Option(None, help="Address to bind (default 127.0.0.1, or IGFAXIS_HOST)."),
        port: int = typer.Option(None, min=1, max=65535, help="Port, 1-65535 (default 8765, or IGFAXIS_PORT)."),
        clinic: bool = typer.Option(False, "--clinic", help="Clinic mode: login required, each clinician sees "
                                                            "only their own patients."),
        db: str | None = typer.Option(None, "--db", help="Database URL (default: IGFAXIS_DATABASE_URL or the "
                                                         "local SQLite file)."),
        https_only: bool = typer.Option(False, "--https-only", help="Mark the session cookie Secure (use behind "
                                                                    "TLS)."),
    ) -> None:
        """Serve the web dashboard and print its URL once it is listening."""
        import uvicorn

        from igfaxis.apps.cli._output import error_console, say
        from igfaxis.apps.cli.db import open_database
        from igfaxis.apps.web.app import create_app
        from igfaxis.config import Settings
        from igfaxis.errors import InputError, Problem

        settings = Settings()
        bind_host = host or settings.host
        bind_port = port if port is not None else settings.port
        if not 1 <= bind_port <= 65535:  # IGFAXIS_PORT (the option is checked by its range)
            raise InputError(Problem("port out of range", field="IGFAXIS_PORT", received=str(bind_port),
                                     expected="1 to 65535"))
        database = open_database(db, settings)
        sock = listen(bind_host, bind_port)
        application = create_app(settings, clinic=clinic, database=database, https_only=https_only)
        if clinic:
            from igfaxis.storage.users import list_users

            with database.session() as s:
                if not list_users(s):
                    error_console().print("[yellow]clinic mode has no users yet:[/] add one with "
                                          "`igfaxis db create-user NAME --role admin`", markup=True)
        shown = "127.0.0.1" if bind_host in ("0.0.0.0", "::") else bind_host
        mode = "clinic mode (login required)" if clinic else "local single-user mode"

        class Server(uvicorn.Server):
            async def startup(self, sockets: Any = None) -> None:
                await super().startup(sockets)
                if self.started:  # listening: only now is the address worth opening
                    say(f"open http://{shown}:{bind_port}/")

        say(f"igfaxis dashboard, {mode}, database {database.display_url()}")
        from igfaxis.apps.web import evidence_view

        warming = evidence_view.warm_up()  # the agents page's trial cases (~10 s) run in a child process
        server = Server(uvicorn.Config(application, host=bind_host, port=bind_port, log_level="warning"))
        try:
            server.run(sockets=[sock])
        except KeyboardInterrupt:  # Ctrl-C: uvicorn has shut down cleanly and re-raises the signal
            pass
        finally:
            sock.close()
            warming.stop()  # the background trial cases run in a child process: end it if it still runs
