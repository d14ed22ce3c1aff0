"""Output files every command writes (``--plot``, ``--out``, ``--minute-gh``, ``--outcomes-plot``, ``export-sbml OUT``):
refused when the command line is parsed if they cannot be written, and a write that still fails ends in one line
naming the file, exit 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from igfaxis.apps.cli.main import main

# Each command line would run a simulation (or read a file) first; the output check comes before any of it.
COMMANDS = {
    "simulate --plot": ["simulate", "--age", "45", "--sex", "male", "--days", "2", "--plot"],
    "simulate --minute-gh": ["simulate", "--age", "45", "--sex", "male", "--days", "2", "--minute-gh"],
    "simulate --outcomes-plot": ["simulate", "--age", "45", "--sex", "male", "--days", "2", "--outcomes-plot"],
    "report --out": ["report", "missing.csv", "--sex", "male", "--age", "50", "--out"],
    "pathway --plot": ["pathway", "--plot"],
    "trial --plot": ["trial", "--n", "3", "--days", "2", "--plot"],
    "validate --plot": ["validate", "--plot"],
    "export-sbml OUT": ["export-sbml", "--model", "axis"],
}


def _err(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_output_path_that_is_a_folder_exits_2_naming_it(command: str, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.png").mkdir()
    assert main([*COMMANDS[command], "d.png"]) == 2
    err = _err(capsys)
    assert "cannot write d.png: Is a directory" in err
    assert command.split()[1] in err  # the option (or argument) is named


@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_output_path_in_a_missing_folder_is_refused_and_never_created(
        command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "nodir" / "out.png"
    assert main([*COMMANDS[command], str(target)]) == 2
    err = _err(capsys)
    assert "output folder does not exist" in err and str(target) in err
    assert not target.parent.exists()


def test_export_sbml_no_longer_creates_the_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "nodir" / "deeper" / "axis.xml"
    assert main(["export-sbml", "--model", "signaling", str(target)]) == 2
    assert str(target) in _err(capsys)
    assert not (tmp_path / "nodir").exists()


def test_a_write_that_fails_after_the_checks_exits_2_naming_the_file(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    # A link into a folder that does not exist: the name passes the parse-time checks, the write itself fails.
    link = tmp_path / "model.xml"
    link.symlink_to(tmp_path / "gone" / "model.xml")
    assert main(["export-sbml", "--model", "signaling", str(link)]) == 2
    err = _err(capsys)
    assert f"cannot write {link}: No such file or directory" in err


def test_an_output_path_that_works_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A path longer than a terminal line comes back in one piece (copyable), never folded inside the name.
    folder = tmp_path / ("a-long-folder-name-" * 6)
    folder.mkdir()
    out = folder / "signaling.xml"
    assert main(["export-sbml", "--model", "signaling", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<?xml")
    assert str(out) in capsys.readouterr().out
