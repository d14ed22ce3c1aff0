"""``igfaxis db upgrade|current|create-user`` and ``igfaxis serve`` (a real process, its printed URL answers)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from igfaxis.apps.cli.main import main

from .conftest import free_port


def test_db_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert main(["db", "current", "--db", url]) == 0
    assert "empty" in capsys.readouterr().out
    assert main(["db", "upgrade", "--db", url]) == 0
    assert "0001_initial" in capsys.readouterr().out
    monkeypatch.setenv("IGFAXIS_NEW_USER_PASSWORD", "a-long-enough-password")
    assert main(["db", "create-user", "alice", "--role", "admin", "--db", url]) == 0
    assert "created admin 'alice'" in capsys.readouterr().out
    monkeypatch.setenv("IGFAXIS_NEW_USER_PASSWORD", "short")
    assert main(["db", "create-user", "bob", "--db", url]) == 2
    err = capsys.readouterr().err
    assert "password too short" in err and "at least 10 characters" in err


def test_serve_prints_working_url(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "IGFAXIS_DATA_DIR": str(tmp_path), "IGFAXIS_DATABASE_URL": "", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "igfaxis.apps.cli.main", "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    try:
        assert proc.stdout is not None
        url = None
        for _ in range(10):
            line = proc.stdout.readline()
            found = re.search(r"open (http://\S+)", line)
            if found:
                url = found.group(1)
                break
        assert url == f"http://127.0.0.1:{port}/"
        for _ in range(200):  # the URL is printed once uvicorn listens; a short retry loop costs nothing
            try:
                r = httpx.get(url + "people", timeout=5)
                break
            except httpx.ConnectError:
                time.sleep(0.05)
        assert r.status_code == 200 and "People" in r.text
        assert (tmp_path / "igfaxis.sqlite3").exists()  # default database in the data directory
        time.sleep(5)  # into the background trial cases (~10 s of XLA work)
        proc.send_signal(signal.SIGINT)  # Ctrl-C while they still run
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0, out  # not an abort inside XLA (exit 134) from a killed daemon thread
        assert "Traceback" not in out and "terminate called" not in out
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=20)
        if proc.stdout is not None:
            proc.stdout.close()
