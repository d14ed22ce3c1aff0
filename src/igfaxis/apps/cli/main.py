"""Entry point of the ``igfaxis`` command.

Each command lives in its own module under ``igfaxis.apps.cli`` and exposes ``register(app)``. Modules are
listed in :data:`COMMAND_MODULES`; heavy imports (JAX, SQLAlchemy) happen inside command bodies, never at
module import, so ``igfaxis interpret`` starts fast.

Exit codes: 0 success, 1 unexpected failure, 2 usage or input error.

Output files (:data:`OUTPUT_OPTIONS`, :data:`OUTPUT_ARGUMENTS`) are checked centrally when the command line is
parsed, before any simulation; a write that still fails (``OSError`` with a file name) ends in a one-line message
naming the file, exit 2, never a traceback.
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from collections.abc import Callable
from typing import Any

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

#: Options of any command that name a file igfaxis writes.
OUTPUT_OPTIONS: frozenset[str] = frozenset({"--plot", "--out", "--minute-gh", "--outcomes-plot"})
#: Positional arguments (by parameter name) that name a file igfaxis writes (``export-sbml OUT``).
OUTPUT_ARGUMENTS: frozenset[str] = frozenset({"out"})

_outputs: set[str] = set()  # absolute output paths named on the command line being run


def _output_check(label: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value is not None:
            from igfaxis.apps.cli._output import check_output_path

            _outputs.add(os.path.abspath(os.fspath(value)))
            check_output_path(value, label)
        return value

    return check


def _guard_outputs(typer_app: typer.Typer) -> None:
    """Give every output option/argument of every command a parse-time check (:func:`check_output_path`), so a
    folder, a missing folder or a read-only file is refused before a long simulation, and remember the paths so a
    write that still fails is reported as such."""
    from typer.models import ArgumentInfo, OptionInfo

    for command in typer_app.registered_commands:
        if command.callback is None:
            continue
        for name, parameter in inspect.signature(command.callback).parameters.items():
            info = parameter.default
            label = None
            if isinstance(info, OptionInfo):
                label = next((d for d in info.param_decls or () if d in OUTPUT_OPTIONS), None)
            elif isinstance(info, ArgumentInfo) and name in OUTPUT_ARGUMENTS:
                label = name.upper()
            if label is not None and info is not None and info.callback is None:
                info.callback = _output_check(label)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _guard_outputs(group.typer_instance)


_guard_outputs(app)


def _os_error(exc: OSError, argv: list[str]) -> int:
    """Report an OSError that names a file in one line; exit 2 when the user named that file, else 1."""
    from igfaxis.apps.cli._output import print_error

    raw = exc.filename
    name = os.fsdecode(raw) if isinstance(raw, str | bytes | os.PathLike) else str(raw)
    written = os.path.abspath(name) in _outputs
    print_error(f"cannot {'write' if written else 'access'} {name}: {exc.strerror or exc}")
    return 2 if written or name in argv else 1


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code: 0 ok, 1 failure, 2 usage or input error."""
    from igfaxis.apps.cli._output import print_error

    _outputs.clear()
    try:
        app(args=argv, prog_name="igfaxis")
    except SystemExit as exc:  # Typer/Click finish by SystemExit; usage errors exit with 2
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except InputError as exc:
        print_error(str(exc))
        return 2
    except IgfaxisError as exc:
        print_error(str(exc))
        return 1
    except OSError as exc:
        if exc.filename is None:
            raise
        return _os_error(exc, sys.argv[1:] if argv is None else argv)
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
