"""``igfaxis validate``: every expressible trial row (axis cases and chained outcome cases), JSON contract, roles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from igfaxis.apps.cli.main import main

pytestmark = pytest.mark.slow


def test_validate_json_lists_every_validation_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    png = tmp_path / "validate.png"
    rc = main(["validate", "--role", "validation", "--json", "--plot", str(png)])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert {"cases", "passed", "failed", "not_expressible"} <= set(out)
    rows = [c["row"] for c in out["cases"]]
    csv_rows = [r for r in rows if r is not None]
    assert csv_rows == sorted(csv_rows) and 3 in rows  # the chained fasting-glucose case (outcome model) is included
    assert rows[len(csv_rows):] == [None] * (len(rows) - len(csv_rows))  # outcomes beyond the csv come last
    assert {c["role"] for c in out["cases"]} == {"validation"}
    assert out["passed"] + out["failed"] == len(out["cases"])
    assert out["calibration_loss"] is None  # no calibration case shown
    for c in out["cases"]:
        keys = {"case", "row", "published", "simulated", "tolerance", "unit", "pass", "source", "known_mismatch"}
        assert keys <= set(c)
        # every failure is a documented model limit, never a silent one
        assert c["pass"] or c["known_mismatch"]


def test_validate_rejects_an_unknown_role_or_plot_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--role", "everything"]) == 2
    assert "--role" in capsys.readouterr().err
    assert main(["validate", "--plot", str(tmp_path / "v.pdf")]) == 2  # rejected before any simulation
    assert "--plot" in capsys.readouterr().err
    assert not (tmp_path / "v.pdf").exists()


def test_validate_one_agent(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--agent", "MK-677", "--json"]) == 0  # names as in protocols: case and _ tolerated
    out = json.loads(capsys.readouterr().out)
    assert {c["agent"] for c in out["cases"]} == {"mk-677"}
    by_role = out["by_role"]
    assert by_role["calibration"]["total"] + by_role["validation"]["total"] == len(out["cases"])
    assert by_role["calibration"]["passed"] + by_role["validation"]["passed"] == out["passed"]
    # the fit's objective over the calibration cases shown, from the same rows
    cal = [c for c in out["cases"] if c["role"] == "calibration"]
    expected = sum(((c["simulated"] - c["published"]) / c["tolerance"]) ** 2 for c in cal)
    assert out["calibration_loss"] == pytest.approx(expected, rel=1e-3)
    assert main(["validate", "--agent", "hgh"]) == 2
    assert "--agent" in capsys.readouterr().err


def test_validate_table_fits_80_columns_with_every_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--role", "validation"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 80
    headers = [line.split() for line in lines if "published" in line]
    assert headers and all(h == ["case", "row", "published", "simulated", "result"] for h in headers)
    n_cases = next(int(line.split()[0]) + int(line.split()[2]) for line in lines if " passed, " in line)
    verdicts = [w for line in lines for w in line.split() if w in ("pass", "FAIL", "FAIL*")]
    assert len(verdicts) == n_cases  # no verdict cut off at the terminal's edge
