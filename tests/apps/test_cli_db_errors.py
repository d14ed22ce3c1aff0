"""``igfaxis db``: an unknown revision, an unusable URL or a missing folder is one clear line, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from igfaxis.apps.cli.main import main


def _err(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return captured.err


def test_db_upgrade_to_an_unknown_revision_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path}/a.db"
    assert main(["db", "upgrade", "--db", url, "--revision", "nosuch"]) == 2
    err = _err(capsys)
    assert "--revision" in err and "'nosuch'" in err and "newest:" in err
    assert main(["db", "upgrade", "--db", url]) == 0  # the good path still works, and reports the revision
    assert main(["db", "current", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "empty" not in out and "newest:" in out


@pytest.mark.parametrize("url", ["bogus://x", "bogus", "bogus://user:secret@host/db"])
def test_db_with_an_unusable_url_exits_2_naming_it(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "current", "--db", url]) == 2
    err = _err(capsys)
    assert "--db" in err and "sqlite:///PATH" in err
    assert "secret" not in err  # a password is never echoed
    assert url.replace("secret", "***") in err


def test_db_refuses_a_sqlite_file_in_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path}/nodir/x.db"
    assert main(["db", "current", "--db", url]) == 2
    err = _err(capsys)
    assert "database folder does not exist" in err and url in err
    assert not (tmp_path / "nodir").exists()
