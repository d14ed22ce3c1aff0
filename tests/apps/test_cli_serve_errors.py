"""``igfaxis serve``: a port out of range or in use is one clear line, exit 2, and no address is printed."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from igfaxis.apps.cli.main import main


def _err(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return captured.err


@pytest.mark.parametrize("port", ["99999", "0", "-1"])
def test_serve_rejects_a_port_outside_1_to_65535(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", port]) == 2
    assert "--port" in _err(capsys)


def test_serve_on_a_port_in_use_exits_2_and_never_prints_the_address(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port), "--db", f"sqlite:///{tmp_path}/s.db"]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert f"cannot listen on 127.0.0.1:{port}" in captured.err and "--port" in captured.err
    assert "open http" not in captured.out
