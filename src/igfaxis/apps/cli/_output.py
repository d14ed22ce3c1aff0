"""Shared CLI output helpers: consoles, error printing, output-path checks, JSON printing."""

from __future__ import annotations

import json
import math
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from igfaxis.errors import InputError, Problem


@lru_cache(maxsize=1)
def console() -> Console:
    return Console(highlight=False)


@lru_cache(maxsize=1)
def error_console() -> Console:
    return Console(stderr=True, highlight=False)


def say(message: str, target: Console | None = None) -> None:
    """One plain line on stdout (or ``target``): never cut inside a word, so a long path stays one piece to copy,
    and never read as Rich markup (a path may contain ``[``)."""
    (target or console()).print(message, markup=False, highlight=False, soft_wrap=True)


def print_error(message: str) -> None:
    """``error: MESSAGE`` on stderr, each line of the message unbroken (paths are never cut). ``message`` is shown
    literally: user text such as ``[[dose]]`` or ``[bold]98`` keeps its brackets (escaped, never read as Rich
    markup); only the red ``error:`` prefix is markup."""
    error_console().print(f"[bold red]error:[/] {escape(message)}", markup=True, highlight=False, soft_wrap=True)


def check_output_path(path: str | os.PathLike[str], option: str) -> None:
    """Refuse, before any work is done, an output file that cannot be written: a folder, a path in a folder that
    does not exist (never created on the user's behalf), or one without write permission. ``option`` names the
    option or argument in the message (``--plot``, ``OUT``)."""
    target = Path(path)
    if target.is_dir():
        raise InputError(Problem(f"cannot write {target}: Is a directory", field=option,
                                 expected="a file name, not a folder"))
    folder = target.parent
    if not folder.exists():
        raise InputError(Problem("output folder does not exist", field=option, received=str(target),
                                 expected="a file in an existing folder"))
    if not folder.is_dir():
        raise InputError(Problem(f"cannot write {target}: {folder} is not a folder", field=option,
                                 expected="a file in an existing folder"))
    if not os.access(folder, os.W_OK | os.X_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise InputError(Problem(f"cannot write {target}: Permission denied", field=option,
                                 expected="a file you may write"))


def _clean(obj: Any) -> Any:
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    if hasattr(obj, "tolist"):
        return _clean(obj.tolist())
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    return obj


def print_json(payload: Any) -> None:
    """Write ``payload`` as JSON to stdout (NaN/inf become null; dates ISO 8601; arrays lists)."""
    sys.stdout.write(json.dumps(_clean(payload), indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()
