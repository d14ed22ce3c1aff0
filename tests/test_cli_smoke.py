"""The CLI starts, prints help and a version."""

from __future__ import annotations

import subprocess
import sys

from igfaxis import __version__
from igfaxis.apps.cli.main import main


def test_version(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_console_script_help() -> None:
    out = subprocess.run([sys.executable, "-m", "igfaxis.apps.cli.main", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    assert "interpret" in out.stdout
