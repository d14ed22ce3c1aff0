"""A real process SIGKILLed in the middle of a large import (or a large save) leaves the database consistent and
keeps every earlier commit (SQLite in WAL mode; PostgreSQL aborts the dead connection's transaction)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from igfaxis.storage import Actor, Repository
from igfaxis.storage.models import PersonRow, PlanRow, ReadingRow, SimulationRow

from .conftest import FreshDatabase

CHILD = Path(__file__).with_name("_killable_import.py")


@pytest.mark.parametrize("mode", ["import", "save"])
def test_sigkill_mid_write_keeps_committed_data(fresh: FreshDatabase, mode: str) -> None:
    db = fresh.open()
    db.upgrade()
    proc = subprocess.Popen([sys.executable, str(CHILD), fresh.url, json.dumps(fresh.connect_args), mode],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        committed = proc.stdout.readline().split()
        assert committed[:1] == ["COMMITTED"], proc.stderr.read() if proc.stderr else ""
        pid = int(committed[1])
        assert proc.stdout.readline().strip() == "IMPORTING"
        time.sleep(0.3)  # let it write well past the first flushes
        assert proc.poll() is None, "the import finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()

    with db.session() as s:
        if db.backend == "sqlite":
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert s.execute(text("PRAGMA foreign_key_check")).all() == []
        assert s.scalar(select(func.count()).select_from(PersonRow)) == 1
        for table in (PlanRow, SimulationRow):
            assert s.scalar(select(func.count()).select_from(table)) == 0
        assert s.scalar(select(func.count()).select_from(ReadingRow)) == 10
        record = Repository(s, Actor.local()).load(pid)
        assert record.stored.label == "committed"
        assert {r.source for r in record.readings} == {"first.csv"}
        # the database is writable again: no lock left behind by the dead process
        # (a new result: a copy of a stored one would be skipped as a duplicate)
        fresh = dataclasses.replace(record.readings[0].reading, date=dt.date(1999, 12, 31))
        assert Repository(s, Actor.local()).add_readings(pid, [fresh]) == 1
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ReadingRow)) == 11
    db.dispose()
