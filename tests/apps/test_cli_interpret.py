"""``igfaxis interpret`` through ``main([...])``: exit codes, JSON keys, human output, and no JAX on the path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from igfaxis.apps.cli.main import main

KEYS = {"igf1_ng_ml", "igf1_nmol_l", "sds", "percentile", "reference_interval_ng_ml", "reference_median_ng_ml",
        "zone", "mortality_hr", "p_true_in_optimal", "sources"}


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict[str, object]:
    assert main(argv) == 0
    out: dict[str, object] = json.loads(capsys.readouterr().out)
    return out


def test_one_value_json(capsys: pytest.CaptureFixture[str]) -> None:
    d = _json(capsys, ["interpret", "--igf1", "150ng/mL", "--age", "45", "--sex", "male", "--json"])
    assert set(d) >= KEYS
    assert d["zone"] == "optimal"
    assert set(d["mortality_hr"]) >= {"estimate", "ci95"}  # type: ignore[arg-type]
    assert d["assumptions"] == []  # 120-160 ng/mL is sourced (Rahmani 2022)


def test_one_value_units_and_assay(capsys: pytest.CaptureFixture[str]) -> None:
    d = _json(capsys, ["interpret", "--igf1", "19.6 nmol/L", "--age", "45", "--sex", "m", "--assay", "Immulite",
                       "--json"])
    assert d["igf1_ng_ml"] == pytest.approx(149.92, abs=0.01)
    assert d["assay_mismatch"] is True and d["reference_assay"] == "IDS-iSYS"


def test_one_value_human(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["interpret", "--igf1", "60ng/mL", "--age", "70", "--sex", "female"]) == 0
    out = capsys.readouterr().out
    assert "frailty risk" in out and "IDS-iSYS" in out and "not a measurement" in out
    assert "80 ng/mL zone cut-off: an assumption" in out  # the frailty cut-off has no primary source


def test_file_csv(capsys: pytest.CaptureFixture[str], examples_dir: Path) -> None:
    d = _json(capsys, ["interpret", str(examples_dir / "patient-igf1.csv"), "--sex", "male", "--birth-date",
                       "1971-05-02", "--json"])
    rows = d["readings"]
    assert isinstance(rows, list) and rows and all(KEYS | {"date"} <= set(r) for r in rows)
    assert {"slope_ng_ml_per_year", "significant_changes", "time_in_optimal_fraction"} <= set(d["trend"])  # type: ignore[arg-type]


def test_file_fhir_takes_sex_and_birth_date_from_patient(capsys: pytest.CaptureFixture[str],
                                                         examples_dir: Path) -> None:
    d = _json(capsys, ["interpret", str(examples_dir / "patient-igf1.fhir.json"), "--json"])
    assert d["person"] == {"sex": "male", "birth_date": "1971-05-02"}
    assert main(["interpret", str(examples_dir / "patient-igf1.fhir.json")]) == 0
    assert "Trend" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["interpret", "--igf1", "150", "--age", "45", "--sex", "male"],             # no unit
        ["interpret", "--igf1", "150 mg/dL", "--age", "45", "--sex", "male"],       # unknown unit
        ["interpret", "--igf1", "abc", "--age", "45", "--sex", "male"],             # not a number
        ["interpret", "--igf1", "0ng/mL", "--age", "45", "--sex", "male"],          # non-positive
        ["interpret", "--igf1", "5000ng/mL", "--age", "45", "--sex", "male"],       # outside measuring range
        ["interpret", "--igf1", "150ng/mL", "--age", "12", "--sex", "male"],        # no adult reference
        ["interpret", "--igf1", "150ng/mL", "--age", "45", "--sex", "x"],           # bad sex
        ["interpret", "--igf1", "150ng/mL", "--sex", "male"],                       # no age
        ["interpret"],                                                             # neither file nor value
    ],
)
def test_bad_input_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "error" in capsys.readouterr().err.lower()


def test_bad_file_exits_2_and_names_row(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        examples_dir: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("date,value,unit\n2025-01-01,150,ng/mL\n2025-02-01,abc,ng/mL\n")
    assert main(["interpret", str(path), "--sex", "male", "--birth-date", "1971-05-02", "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing partial printed
    assert "row 3" in captured.err and "abc" in captured.err
    # a CSV needs the person; a FHIR Patient that contradicts --sex is refused
    assert main(["interpret", str(examples_dir / "patient-igf1.csv"), "--sex", "male"]) == 2
    assert main(["interpret", str(examples_dir / "patient-igf1.fhir.json"), "--sex", "female"]) == 2
    assert main(["interpret", str(tmp_path / "x.txt"), "--sex", "male", "--birth-date", "1971-05-02"]) == 2


def test_help_explains_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["interpret", "--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--igf1", "--age", "--sex", "--birth-date", "--assay", "--json", "FILE"):
        assert option in out


def test_one_value_does_not_import_jax() -> None:
    code = (
        "import sys\n"
        "import igfaxis.apps.cli.interpret\n"
        "from igfaxis.apps.cli.main import main\n"
        "rc = main(['interpret', '--igf1', '150ng/mL', '--age', '45', '--sex', 'male', '--json'])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'jax', 'jaxlib', 'numpyro', 'matplotlib'})\n"
        "print('RC', rc, 'HEAVY', heavy, file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "RC 0 HEAVY []" in out.stderr, out.stderr
