"""``igfaxis report``: files and stored people in, HTML/PDF out; bad input exits 2 with a located message."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from igfaxis.apps.cli.main import main

CSV = (
    "date,value,unit,assay,lab,note\n"
    "2025-01-10,98,ng/mL,IDS-iSYS,Lab A,untreated\n"
    "2025-07-01,151,ng/mL,IDS-iSYS,Lab A,\n"
)


def err_text(capsys: pytest.CaptureFixture[str]) -> str:
    """stderr with Rich's line wrapping undone."""
    return " ".join(capsys.readouterr().err.split())


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "readings.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_csv_to_html(csv_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    code = main(["report", str(csv_file), "--sex", "male", "--birth-date", "1970-05-01", "--name", "J. Doe",
                 "--out", str(out)])
    assert code == 0, err_text(capsys)
    html = out.read_text(encoding="utf-8")
    assert "J. Doe" in html and "<svg" in html and "2025-07-01" in html and "licensed clinician" in html
    assert "wrote" in capsys.readouterr().out


def test_example_fhir_to_pdf_uses_patient(examples_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    assert main(["report", str(examples_dir / "patient-igf1.fhir.json"), "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")


def test_json(csv_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(csv_file), "--sex", "f", "--age", "50", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["out"] is None and payload["person"]["sex"] == "female"
    assert [r["value_ng_ml"] for r in payload["readings"]] == [98.0, 151.0]
    assert payload["disclaimer"].startswith("igfaxis informs")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--birth-date", "1970-05-01", "--out", "r.html"], "--sex"),
        (["--sex", "male", "--out", "r.html"], "--birth-date"),
        (["--sex", "male", "--birth-date", "1970-13-01", "--out", "r.html"], "YYYY-MM-DD"),
        (["--sex", "alien", "--age", "50", "--out", "r.html"], "unknown sex"),
        (["--sex", "male", "--age", "50", "--out", "r.docx"], ".html or .pdf"),
        (["--sex", "male", "--age", "50"], "--out"),
    ],
)
def test_bad_options_exit_2(csv_file: Path, args: list[str], message: str,
                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(csv_file), *args]) == 2
    assert message in err_text(capsys)


def test_bad_files_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "r.html")]) == 2
    assert "file not found" in err_text(capsys)
    bad = tmp_path / "bad.csv"
    bad.write_text("date,value,unit\n2025-01-10,lots,ng/mL\n", encoding="utf-8")
    assert main(["report", str(bad), "--sex", "male", "--age", "50", "--out", str(tmp_path / "r.html")]) == 2
    err = err_text(capsys)
    assert "row" in err and "lots" in err
    assert not (tmp_path / "r.html").exists()
    other = tmp_path / "notes.txt"
    other.write_text("hello", encoding="utf-8")
    assert main(["report", str(other), "--out", str(tmp_path / "r.html")]) == 2
    assert "unknown file type" in err_text(capsys)


def test_person_without_database_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("IGFAXIS_DATABASE_URL", raising=False)
    monkeypatch.setenv("IGFAXIS_DATA_DIR", str(tmp_path / "nowhere"))
    assert main(["report", "Jane Roe", "--out", str(tmp_path / "r.html")]) == 2
    assert "not initialised" in err_text(capsys)


def test_stored_person_by_id_and_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    from igfaxis.labs.models import Person, Reading, Sex
    from igfaxis.storage import Actor, Database, ProtocolPeriod, Repository

    url = f"sqlite:///{tmp_path / 'igfaxis.sqlite3'}"
    db = Database(url)
    db.upgrade()
    with db.session() as session:
        repo = Repository(session, Actor.local())
        stored = repo.add_person(Person(sex=Sex.female, birth_date=dt.date(1966, 4, 2), name="Jane Roe"))
        repo.add_readings(stored.id, [
            Reading(date=dt.date(2025, 2, 1), value_ng_ml=88.0, value=88.0, unit="ng/mL", assay="IDS-iSYS"),
            Reading(date=dt.date(2025, 8, 1), value_ng_ml=131.0, value=131.0, unit="ng/mL", assay="IDS-iSYS"),
        ])
        repo.add_protocol_period(stored.id, ProtocolPeriod(name="Tesamorelin 1 mg", start_date=dt.date(2025, 3, 1)))
        repo.save_plan(stored.id, {"goal": "IGF-1 120–160 ng/mL", "retest_date": "2026-02-01"})
        person_id = stored.id
    db.dispose()
    monkeypatch.setenv("IGFAXIS_DATABASE_URL", url)

    out = tmp_path / "by-id.html"
    assert main(["report", str(person_id), "--out", str(out)]) == 0, capsys.readouterr().err
    html = out.read_text(encoding="utf-8")
    assert "Jane Roe" in html and "Tesamorelin 1 mg" in html and "2026-02-01" in html and "131" in html
    capsys.readouterr()

    assert main(["report", "jane roe", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["plan"]["goal"] == "IGF-1 120–160 ng/mL" and payload["protocols"][0]["name"] == "Tesamorelin 1 mg"

    assert main(["report", "Nobody Here", "--json"]) == 2
    assert "person not found" in err_text(capsys)
    assert main(["report", "999", "--json"]) == 2
    assert "person not found" in err_text(capsys)


def test_unreachable_database_exits_1_without_traceback(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("IGFAXIS_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert main(["report", "Jane Roe", "--json"]) == 1
    err = err_text(capsys)
    assert "could not read the database at postgresql+psycopg://nobody@127.0.0.1:1/none" in err
    assert "Traceback" not in err
