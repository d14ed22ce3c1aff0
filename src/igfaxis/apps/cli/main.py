"""Entry point of the ``igfaxis`` command.

Each command lives in its own module under ``igfaxis.apps.cli`` and exposes ``register(app)``. Modules are
listed in :data:`COMMAND_MODULES`; heavy imports (JAX, SQLAlchemy) happen inside command bodies, never at
module import, so ``igfaxis interpret`` starts fast.

Exit codes: 0 success, 1 unexpected failure, 2 usage or input error.
"""

from __future__ import annotations

import importlib
import sys

import typer

from igfaxis.errors import IgfaxisError, InputError

COMMAND_MODULES: tuple[str, ...] = (
    "agents",
    "db",
    "export_sbml",
    "interpret",
    "pathway",
    "plan",
    "report",
    "serve",
    "simulate",
    "trial",
    "validate",
)

app = typer.Typer(
    name="igfaxis",
    help=(
        "igfaxis: the GH/IGF-1 axis from lab result to cell signal. Interprets IGF-1 results, simulates the axis "
        "and peptide protocols, and plans start-test-adjust. It informs; it does not prescribe: every plan is "
        "for review by a licensed clinician."
    ),
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", is_eager=True),
) -> None:
    if version:
        from igfaxis import __version__

        typer.echo(__version__)
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


for _name in COMMAND_MODULES:
    importlib.import_module(f"igfaxis.apps.cli.{_name}").register(app)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code: 0 ok, 1 failure, 2 usage or input error."""
    from igfaxis.apps.cli._output import error_console

    try:
        app(args=argv, prog_name="igfaxis")
    except SystemExit as exc:  # Typer/Click finish by SystemExit; usage errors exit with 2
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except InputError as exc:
        error_console().print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
        return 2
    except IgfaxisError as exc:
        error_console().print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
        return 1
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
