"""FHIR R4 import: Bundle and lone Observation, Patient sex/birth date, and the bad-input cases."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from igfaxis.errors import ImportRejected
from igfaxis.labs.io_fhir import FhirImport, parse_fhir, read_fhir
from igfaxis.labs.models import Sex

TODAY = dt.date(2026, 11, 26)


def _obs(value: Any = 150, unit: str = "ng/mL", date: str = "2025-03-01", code: str = "2484-4",
         text: str = "IGF-1") -> dict[str, Any]:
    return {
        "resourceType": "Observation", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": code}], "text": text},
        "effectiveDateTime": date,
        "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit},
    }


def _bundle(*observations: dict[str, Any]) -> dict[str, Any]:
    patient = {"resourceType": "Patient", "gender": "female", "birthDate": "1960-02-29"}
    return {"resourceType": "Bundle", "type": "collection",
            "entry": [{"resource": patient}] + [{"resource": o} for o in observations]}


def _reject(tmp_path: Path, data: dict[str, Any]) -> ImportRejected:
    path = tmp_path / "labs.json"
    path.write_text(json.dumps(data))
    result: FhirImport | None = None
    with pytest.raises(ImportRejected) as info:
        result = read_fhir(path, today=TODAY)
    assert result is None
    return info.value


def _one(err: ImportRejected, *, row: int, field: str, received: str, expected: str) -> None:
    assert len(err.problems) == 1
    p = err.problems[0]
    assert p.file is not None and p.file.endswith("labs.json")
    assert (p.row, p.field, p.received) == (row, field, received)
    assert p.expected is not None and expected in p.expected
    assert f"row {row}" in str(err) and field in str(err)


def test_reads_example_bundle(examples_dir: Path) -> None:
    got = read_fhir(examples_dir / "patient-igf1.fhir.json", today=TODAY)
    assert got.sex is Sex.male and got.birth_date == dt.date(1971, 5, 2)
    assert len(got.readings) >= 5  # the glucose Observation in the bundle is ignored
    assert got.readings[0].assay == "IDS-iSYS"


def test_reads_bundle_and_lone_observation() -> None:
    got = parse_fhir(_bundle(_obs(150), _obs(19.6, "nmol/L", "2025-06-01")), today=TODAY)
    assert got.sex is Sex.female and got.birth_date == dt.date(1960, 2, 29)
    assert [round(r.value_ng_ml, 1) for r in got.readings] == [150.0, 149.9]
    lone = parse_fhir(_obs(120), today=TODAY)
    assert lone.sex is None and lone.birth_date is None and len(lone.readings) == 1


def test_wrong_loinc_code(tmp_path: Path) -> None:
    err = _reject(tmp_path, _bundle(_obs(150), _obs(150, date="2025-04-01", code="2483-6", text="IGF-1")))
    _one(err, row=3, field="Observation.code.coding", received="2483-6", expected="LOINC 2484-4")


def test_lone_observation_must_be_igf1(tmp_path: Path) -> None:
    err = _reject(tmp_path, _obs(5.4, code="1558-6", text="Fasting glucose"))
    _one(err, row=1, field="Observation.code.coding", received="1558-6", expected="LOINC 2484-4")


def test_unknown_unit(tmp_path: Path) -> None:
    err = _reject(tmp_path, _bundle(_obs(15, "mg/dL")))
    _one(err, row=2, field="Observation.valueQuantity.unit", received="mg/dL", expected="nmol/L")


def test_non_numeric_value(tmp_path: Path) -> None:
    obs = _obs()
    del obs["valueQuantity"]
    obs["valueString"] = "<10"
    err = _reject(tmp_path, _bundle(obs))
    _one(err, row=2, field="Observation.valueQuantity.value", received="<10", expected="numeric")


def test_non_positive_value(tmp_path: Path) -> None:
    err = _reject(tmp_path, _bundle(_obs(0)))
    _one(err, row=2, field="Observation.valueQuantity.value", received="0", expected="positive")


def test_outside_measuring_range(tmp_path: Path) -> None:
    err = _reject(tmp_path, _bundle(_obs(2000)))
    _one(err, row=2, field="Observation.valueQuantity.value", received="2000", expected="10 to 1200 ng/mL")


def test_future_date(tmp_path: Path) -> None:
    err = _reject(tmp_path, _bundle(_obs(150, date="2027-01-01")))
    _one(err, row=2, field="Observation.effectiveDateTime", received="2027-01-01", expected="on or before")


def test_duplicate_date_with_different_value(tmp_path: Path) -> None:
    err = _reject(tmp_path, _bundle(_obs(150), _obs(180)))
    _one(err, row=3, field="date", received="2025-03-01 = 180 ng/mL", expected="row 2 has 150 ng/mL")


def test_invalid_fhir_and_not_json(tmp_path: Path) -> None:
    bad = _bundle(_obs("abc"))
    err = _reject(tmp_path, bad)
    assert err.problems[0].row == 2 and "valueQuantity" in (err.problems[0].field or "")
    (tmp_path / "x.json").write_text("{not json")
    with pytest.raises(ImportRejected, match="JSON"):
        read_fhir(tmp_path / "x.json")
    with pytest.raises(ImportRejected, match="Bundle or Observation"):
        parse_fhir({"resourceType": "Patient"})


def test_entered_in_error_is_skipped() -> None:
    wrong = copy.deepcopy(_obs(999, date="2025-05-01"))
    wrong["status"] = "entered-in-error"
    got = parse_fhir(_bundle(_obs(150), wrong), today=TODAY)
    assert len(got.readings) == 1


def test_reading_before_birth_is_located(tmp_path: Path) -> None:
    from igfaxis.labs.models import Person

    data = _bundle(_obs(150, date="2025-03-01"), _obs(140, date="1950-06-01"))
    path = tmp_path / "labs.json"
    path.write_text(json.dumps(data))
    person = Person(sex=Sex.female, birth_date=dt.date(1960, 2, 29))
    with pytest.raises(ImportRejected) as info:
        read_fhir(path, today=TODAY, person=person)
    _one(info.value, row=3, field="Observation.effectiveDateTime", received="1950-06-01",
         expected="on or after the birth date 1960-02-29")


def test_person_built_from_the_patient() -> None:
    from igfaxis.labs.models import Person

    seen: list[tuple[Sex | None, dt.date | None]] = []

    def build(sex: Sex | None, birth: dt.date | None) -> Person:
        seen.append((sex, birth))
        assert sex is not None
        return Person(sex=sex, birth_date=birth)

    got = parse_fhir(_bundle(_obs(150)), file="p.json", today=TODAY, person=build)
    assert seen == [(Sex.female, dt.date(1960, 2, 29))]
    assert got.person == Person(sex=Sex.female, birth_date=dt.date(1960, 2, 29))
    with pytest.raises(ImportRejected) as info:  # the Patient's own birth date places a reading before it
        parse_fhir(_bundle(_obs(150, date="1959-12-31")), file="p.json", today=TODAY, person=build)
    (p,) = info.value.problems
    assert (p.file, p.row, p.received) == ("p.json", 2, "1959-12-31")
    seen.clear()
    with pytest.raises(ImportRejected, match="abc"):  # the file's own problems come first; no person is built
        parse_fhir(_bundle(_obs("abc")), file="p.json", today=TODAY, person=build)
    assert seen == []
