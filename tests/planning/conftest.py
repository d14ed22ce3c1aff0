"""Shared inputs for planning tests: a person's readings and protocol files written to tmp paths."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from igfaxis.labs.models import Reading


def reading(date: str, value: float, note: str | None = None) -> Reading:
    return Reading(dt.date.fromisoformat(date), float(value), float(value), "ng/mL", note=note)


TESAMORELIN_1MG = """name = "Tesamorelin 1 mg nightly"
start_date = 2026-03-09
[[dose]]
agent = "tesamorelin"
amount = "1 mg"
route = "sc"
every = "1 day"
at = "22:00"
"""

MK677_25MG = """name = "MK-677 25 mg"
start_date = 2026-03-09
[[dose]]
agent = "mk-677"
amount = "25 mg"
route = "oral"
every = "1 day"
at = "08:00"
"""

READINGS_CSV = """date,value,unit,note
2026-01-10,105,ng/mL,untreated
2026-03-02,112,ng/mL,untreated baseline
2026-04-20,150,ng/mL,on protocol
2026-06-15,162,ng/mL,on protocol
2026-09-01,158,ng/mL,on protocol
"""

HIGH_CSV = """date,value,unit,note
2026-01-10,140,ng/mL,untreated
2026-03-02,150,ng/mL,untreated baseline
2026-04-20,235,ng/mL,on protocol
2026-06-15,250,ng/mL,on protocol
2026-09-01,242,ng/mL,on protocol
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, text in {"readings.csv": READINGS_CSV, "high.csv": HIGH_CSV, "tes.toml": TESAMORELIN_1MG,
                       "mk.toml": MK677_25MG}.items():
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        out[name] = p
    return out
