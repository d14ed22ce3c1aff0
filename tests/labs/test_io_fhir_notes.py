"""FHIR import keeps what the CSV import keeps (note, assay, lab; refusing an assay or lab longer than the database
keeps), and refuses a Patient that contradicts the person the file is imported into (sex, birth date, or the age of a
person stored by age alone)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from igfaxis.errors import ImportRejected
from igfaxis.labs.io_csv import read_readings_csv
from igfaxis.labs.io_fhir import parse_fhir, read_fhir
from igfaxis.labs.models import Person, Sex

TODAY = dt.date(2026, 11, 26)


def _obs(**extra: Any) -> dict[str, Any]:
    obs = {
        "resourceType": "Observation", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "2484-4"}], "text": "IGF-1"},
        "effectiveDateTime": "2025-03-01",
        "valueQuantity": {"value": 150, "unit": "ng/mL", "system": "http://unitsofmeasure.org", "code": "ng/mL"},
    }
    obs.update(extra)
    return obs


def _bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}


def test_fhir_and_csv_examples_give_the_same_notes_and_assays(examples_dir: Path) -> None:
    fhir = read_fhir(examples_dir / "patient-igf1.fhir.json", today=TODAY).readings
    csv = read_readings_csv(examples_dir / "patient-igf1.csv", today=TODAY)
    assert [r.date for r in fhir] == [r.date for r in csv]
    assert [r.note for r in fhir] == [r.note for r in csv]
    assert [r.assay for r in fhir] == [r.assay for r in csv]
    assert "8 weeks on protocol" in [r.note for r in fhir]
    assert all(r.note for r in fhir)


def test_notes_joined_and_performer_kept_as_lab() -> None:
    obs = _obs(note=[{"text": "on protocol"}, {"text": " fasting "}, {"text": ""}],
               performer=[{"reference": "Organization/1"}, {"display": "City Hospital Lab"}],
               method={"coding": [{"system": "http://example.org", "display": "IDS-iSYS"}], "text": "ignored"})
    (r,) = parse_fhir(obs, today=TODAY).readings
    assert (r.note, r.lab, r.assay) == ("on protocol; fasting", "City Hospital Lab", "IDS-iSYS")
    (bare,) = parse_fhir(_obs(), today=TODAY).readings
    assert (bare.note, bare.lab, bare.assay) == (None, None, None)
    (text_only,) = parse_fhir(_obs(method={"text": "Roche Elecsys"}), today=TODAY).readings
    assert text_only.assay == "Roche Elecsys"


def test_patient_contradicting_the_person_is_refused_whole() -> None:
    stored = Person(sex=Sex.male, birth_date=dt.date(1971, 5, 2))
    patient = {"resourceType": "Patient", "gender": "female", "birthDate": "1970-01-01"}
    with pytest.raises(ImportRejected) as info:
        parse_fhir(_bundle(patient, _obs()), file="p.json", today=TODAY, person=stored)
    by_field = {p.field: p for p in info.value.problems}
    assert set(by_field) == {"Patient.gender", "Patient.birthDate"}
    sex, born = by_field["Patient.gender"], by_field["Patient.birthDate"]
    assert (sex.file, sex.row, sex.received) == ("p.json", 1, "female")
    assert sex.expected is not None and "male" in sex.expected and "stored" in sex.expected
    assert born.received == "1970-01-01" and born.expected is not None and "1971-05-02" in born.expected
    assert "sex" in sex.message and "birth date" in born.message


def test_matching_or_missing_patient_is_fine() -> None:
    stored = Person(sex=Sex.male, birth_date=dt.date(1971, 5, 2))
    same = {"resourceType": "Patient", "gender": "male", "birthDate": "1971-05-02"}
    assert len(parse_fhir(_bundle(same, _obs()), today=TODAY, person=stored).readings) == 1
    assert len(parse_fhir(_bundle(_obs()), today=TODAY, person=stored).readings) == 1  # no Patient
    no_details = {"resourceType": "Patient", "gender": "unknown"}
    assert len(parse_fhir(_bundle(no_details, _obs()), today=TODAY, person=stored).readings) == 1
    by_age = Person(sex=Sex.male, age_years=55)  # born 1971-05-02: 55.6 years old on TODAY
    assert len(parse_fhir(_bundle(same, _obs()), today=TODAY, person=by_age).readings) == 1


@pytest.mark.parametrize("age", [55, 56, 55.6, 54.6, 56.56])
def test_patient_within_a_year_of_a_stored_age_is_fine(age: float) -> None:
    """Born 1971-05-02, the Patient is 55.57 years old on TODAY: a stored 55 (completed years), 56 (rounded) or any
    age less than a year off fits."""
    patient = {"resourceType": "Patient", "gender": "male", "birthDate": "1971-05-02"}
    got = parse_fhir(_bundle(patient, _obs()), today=TODAY, person=Person(sex=Sex.male, age_years=age))
    assert len(got.readings) == 1


@pytest.mark.parametrize("age", [54, 54.5, 56.6, 40])
def test_patient_birth_date_contradicting_a_stored_age_is_refused_whole(age: float) -> None:
    patient = {"resourceType": "Patient", "gender": "male", "birthDate": "1971-05-02"}
    with pytest.raises(ImportRejected) as info:
        parse_fhir(_bundle(patient, _obs(), _obs(effectiveDateTime="2025-06-01")), file="p.json", today=TODAY,
                   person=Person(sex=Sex.male, age_years=age))
    (p,) = info.value.problems
    assert (p.file, p.row, p.field) == ("p.json", 1, "Patient.birthDate")
    assert p.received == "1971-05-02 (55.6 years old on 2026-11-26)"
    assert p.expected is not None and f"stored age, {age:g} years, on 2026-11-26" in p.expected
    assert "no stored birth date" in p.expected and "age" in p.message


def test_the_birth_dates_a_stored_age_allows_end_a_day_short_of_a_year_either_way() -> None:
    """The expected range names the first and last birth dates that pass; a day beyond either is refused."""
    stored = Person(sex=Sex.female, age_years=50)
    patient = {"resourceType": "Patient", "gender": "female", "birthDate": "1900-01-01"}
    with pytest.raises(ImportRejected) as info:
        parse_fhir(_bundle(patient, _obs()), today=TODAY, person=stored)
    expected = info.value.problems[0].expected
    assert expected is not None and expected.startswith("a birth date from 1975-11-27 to 1977-11-26:")
    for born, fits in (("1975-11-27", True), ("1975-11-26", False), ("1977-11-26", True), ("1977-11-27", False)):
        bundle = _bundle(patient | {"birthDate": born}, _obs())
        if fits:
            assert len(parse_fhir(bundle, today=TODAY, person=stored).readings) == 1
        else:
            with pytest.raises(ImportRejected):
                parse_fhir(bundle, today=TODAY, person=stored)


def test_planner_sees_the_same_treatment_status_from_fhir_and_csv(examples_dir: Path) -> None:
    from igfaxis.planning.history import says_treated

    fhir = read_fhir(examples_dir / "patient-igf1.fhir.json", today=TODAY).readings
    csv = read_readings_csv(examples_dir / "patient-igf1.csv", today=TODAY)
    treated = [says_treated(r.note) for r in fhir]
    assert treated == [says_treated(r.note) for r in csv]
    assert treated[:3] == [False, False, False] and True in treated  # untreated baseline, then on protocol


def test_patient_name_names_the_person_built_from_the_file(examples_dir: Path) -> None:
    imported = read_fhir(examples_dir / "patient-igf1.fhir.json",
                         person=lambda sex, birth: Person(sex=sex or Sex.male, birth_date=birth))
    assert imported.name == "Demo Example" and imported.person is not None and imported.person.name == "Demo Example"
    named = read_fhir(examples_dir / "patient-igf1.fhir.json",  # a name given by the caller wins
                      person=lambda sex, birth: Person(sex=sex or Sex.male, birth_date=birth, name="J. D."))
    assert named.person is not None and named.person.name == "J. D."
    text = {"resourceType": "Patient", "gender": "male", "name": [{"text": "Dr. A. B. Smith", "family": "Smith"}]}
    assert parse_fhir(_bundle(text, _obs()), file="x.json", today=TODAY).name == "Dr. A. B. Smith"


def test_assay_or_lab_longer_than_the_database_keeps_is_refused_whole() -> None:
    from igfaxis.labs.models import MAX_ASSAY_LENGTH, MAX_LAB_LENGTH

    long_assay = {"coding": [{"system": "http://example.org", "display": "A" * (MAX_ASSAY_LENGTH + 1)}]}
    long_lab = [{"display": "L" * (MAX_LAB_LENGTH + 1)}]
    with pytest.raises(ImportRejected) as info:
        parse_fhir(_bundle(_obs(), _obs(method=long_assay, effectiveDateTime="2025-04-01"),
                           _obs(performer=long_lab, effectiveDateTime="2025-05-01")), file="p.json", today=TODAY)
    assert [(p.row, p.field, p.message, p.received, p.expected) for p in info.value.problems] == [
        (2, "Observation.method", "assay too long", f"{MAX_ASSAY_LENGTH + 1} characters",
         f"at most {MAX_ASSAY_LENGTH} characters"),
        (3, "Observation.performer.display", "lab too long", f"{MAX_LAB_LENGTH + 1} characters",
         f"at most {MAX_LAB_LENGTH} characters"),
    ]
    fits = _obs(method={"text": "A" * MAX_ASSAY_LENGTH}, performer=[{"display": "L" * MAX_LAB_LENGTH}])
    (r,) = parse_fhir(fits, today=TODAY).readings
    assert (len(r.assay or ""), len(r.lab or "")) == (MAX_ASSAY_LENGTH, MAX_LAB_LENGTH)
