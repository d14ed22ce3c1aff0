"""``igfaxis report`` and ``igfaxis interpret`` check a person and their readings the same way (one shared code
path): options that contradict a FHIR Patient, --age with a birth date, readings dated before the person's birth or
at an age outside the reference, malformed CSV rows. A stored person with such a reading gets a clear error."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from igfaxis.apps.cli.main import main

BEFORE_BIRTH = "date,value,unit\n2024-11-14,98,ng/mL\n1960-03-01,150,ng/mL\n"


def err_text(capsys: pytest.CaptureFixture[str]) -> str:
    """stderr with Rich's line wrapping undone."""
    return " ".join(capsys.readouterr().err.split())


@pytest.mark.parametrize("command", ["interpret", "report"])
def test_reading_before_birth_names_file_row_and_date(command: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "labs.csv"
    path.write_text(BEFORE_BIRTH, encoding="utf-8")
    out = tmp_path / "r.html"
    argv = [command, str(path), "--sex", "male", "--birth-date", "1971-05-02"]
    assert main(argv + (["--out", str(out)] if command == "report" else ["--json"])) == 2
    err = err_text(capsys)
    assert f"{path}, row 3, field 'date': reading dated before the person's birth" in err
    assert "received '1960-03-01'; expected a date on or after the birth date 1971-05-02" in err
    assert not out.exists()


@pytest.mark.parametrize("command", ["interpret", "report"])
def test_csv_row_with_extra_cells_exits_2(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "labs.csv"
    path.write_text("date,value,unit\n2024-11-14,98,ng/mL,extra,more,x,y,z\n", encoding="utf-8")
    assert main([command, str(path), "--sex", "male", "--birth-date", "1971-05-02", "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing partial
    err = " ".join(captured.err.split())
    assert "row 2" in err and "'8 cells: 2024-11-14,98,ng/mL,extra,more,x,y,z'" in err
    assert "expected 3 cells, one per column: date,value,unit" in err


@pytest.mark.parametrize("command", ["interpret", "report"])
def test_sex_contradicting_the_fhir_patient_exits_2(command: str, examples_dir: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    assert main([command, str(examples_dir / "patient-igf1.fhir.json"), "--sex", "female",
                 *(["--out", str(out)] if command == "report" else [])]) == 2
    err = err_text(capsys)
    assert "--sex contradicts the FHIR Patient (received 'female'; expected male (from" in err
    assert not out.exists()


@pytest.mark.parametrize("command", ["interpret", "report"])
def test_age_with_a_birth_date_exits_2(command: str, examples_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = str(examples_dir / "patient-igf1.csv")
    assert main([command, csv, "--sex", "male", "--birth-date", "1971-05-02", "--age", "50", "--json"]) == 2
    assert "give --age or --birth-date, not both" in err_text(capsys)
    assert main([command, str(examples_dir / "patient-igf1.fhir.json"), "--age", "50", "--json"]) == 2
    err = err_text(capsys)
    assert "--age conflicts with the FHIR Patient's birth date" in err and "1971-05-02" in err


def test_report_on_a_matching_patient_still_works(examples_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(examples_dir / "patient-igf1.fhir.json"), "--sex", "male", "--birth-date",
                 "1971-05-02", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["person"]["sex"] == "male"


def test_stored_person_with_a_reading_before_birth(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A reading stored before imports were checked blocks the report with an error that names its date and the
    fix; once it is deleted the report works again."""
    from igfaxis.labs.models import Person, Reading, Sex
    from igfaxis.storage import Actor, Database, Repository

    url = f"sqlite:///{tmp_path / 'igfaxis.sqlite3'}"
    db = Database(url)
    db.upgrade()
    with db.session() as session:
        repo = Repository(session, Actor.local())
        pid = repo.add_person(Person(sex=Sex.male, birth_date=dt.date(1971, 5, 2), name="Bo")).id
        repo.add_readings(pid, [Reading(date=dt.date(y, m, d), value_ng_ml=v, value=v, unit="ng/mL")
                                for y, m, d, v in ((2024, 11, 14, 98.0), (1960, 3, 1, 150.0))])
        bad_id = next(s.id for s in repo.readings(pid) if s.reading.date.year == 1960)
    monkeypatch.setenv("IGFAXIS_DATABASE_URL", url)
    try:
        out = tmp_path / "r.html"
        for _ in range(2):  # the same clear error every time, not a crash
            assert main(["report", str(pid), "--out", str(out)]) == 2
            err = err_text(capsys)
            assert "stored person 'Bo', field 'date': reading dated before the person's birth" in err
            assert "received '1960-03-01'" in err and "delete that reading" in err
        assert not out.exists()
        with db.session() as session:
            Repository(session, Actor.local()).delete_reading(pid, bad_id)
        assert main(["report", "Bo", "--out", str(out)]) == 0, err_text(capsys)
        assert "2024-11-14" in out.read_text(encoding="utf-8")
        # a stored person's own sex and birth date are used: overriding them from the command line is refused
        assert main(["report", "Bo", "--sex", "female", "--out", str(out)]) == 2
        assert "--sex applies only to a readings file" in err_text(capsys)
    finally:
        db.dispose()
