"""``igfaxis simulate --outcomes`` needs two simulated days: refused up front, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from igfaxis.apps.cli.main import main


def _err(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return captured.err


@pytest.mark.parametrize("flag", [["--outcomes"], ["--outcomes-plot", "o.png"]])
def test_simulate_outcomes_need_two_days(flag: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["simulate", "--age", "45", "--sex", "male", "--days", "1", *flag]) == 2
    err = _err(capsys)
    assert flag[0] in err and "--days 2 or more" in err and "'--days 1'" in err
    assert "shape" not in err
    assert not (tmp_path / "o.png").exists()
