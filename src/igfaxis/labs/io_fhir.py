"""Import IGF-1 readings, sex and birth date from FHIR R4 JSON (a Bundle or a single Observation).

IGF-1 Observations are those coded LOINC 2484-4 ("Insulin-like growth factor-I [Mass/volume] in Serum or
Plasma"). An Observation named IGF-1 in its text or display but coded otherwise is a wrong-LOINC problem; a lone
Observation must be 2484-4; other Observations in a Bundle are ignored. Resources are validated with
``fhir.resources`` (R4B models, which read R4 Observation/Patient/Bundle JSON). Rows are 1-based Bundle entry
numbers (1 for a lone Observation). Given the person (or a function that builds them from the file's Patient), a
reading dated before their birth or at an age outside the adult reference (18-94 years) is a problem; given the
person itself, a Patient whose sex or birth date contradicts theirs is one too (a file without a Patient is fine);
for a person stored by age alone, a birth date that makes them a year or more older or younger than that age today.
Each reading keeps its Observation's ``note[].text`` (joined with "; "), method (assay) and performer display (lab),
as the CSV columns ``note``, ``assay`` and ``lab`` (an assay or lab longer than the database keeps is a problem,
as in a CSV file). Any problem rejects the whole file: nothing partial is returned.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from igfaxis.errors import ImportRejected, Problem
from igfaxis.labs.igf1_units import ACCEPTED_UNITS, IGF1_UNIT_FACTORS, canonical_unit
from igfaxis.labs.models import (
    DAYS_PER_YEAR,
    IGF1_ANALYTE,
    IGF1_LOINC,
    MAX_ASSAY_LENGTH,
    MAX_LAB_LENGTH,
    Person,
    Reading,
    Sex,
)
from igfaxis.labs.validate import check_date, check_length, check_value, finish

LOINC_SYSTEM = "http://loinc.org"
_NAMES_IGF1 = re.compile(r"\b(igf[- ]?(1|i)\b|insulin[- ]like growth factor[- ](1|i)\b|somatomedin)", re.IGNORECASE)
_NOT_IGF1 = re.compile(r"binding protein|igfbp|z[- ]?score|sds", re.IGNORECASE)
_SKIP_STATUS = {"entered-in-error", "cancelled"}
_DATE_FIELD = "Observation.effectiveDateTime"

#: Builds the person the readings belong to from the file's Patient (sex, birth date; ``None`` where absent).
PersonFromPatient = Callable[[Sex | None, dt.date | None], Person]


@dataclass(frozen=True, slots=True)
class FhirImport:
    """What a FHIR file gave: IGF-1 readings (by date) and, if a Patient was present, sex and birth date."""

    readings: list[Reading]
    sex: Sex | None
    birth_date: dt.date | None
    #: The person the readings were checked against, when the caller gave one (or a way to build one).
    person: Person | None = None
    #: The Patient's name ("given family"), when the file has one.
    name: str | None = None


def read_fhir(
    path: str | Path, *, today: dt.date | None = None, person: Person | PersonFromPatient | None = None
) -> FhirImport:
    """Read the FHIR JSON file at ``path``; :class:`ImportRejected` on any problem.

    ``person`` (or a function building it from the file's Patient: sex, birth date) makes a reading dated before
    their birth, or at an age outside the reference, a problem too."""
    name = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ImportRejected(Problem("file not found", file=name, expected="an existing FHIR JSON file")) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRejected(Problem(f"not readable JSON: {exc}", file=name,
                                     expected="FHIR R4 JSON (a Bundle or an Observation)")) from None
    return parse_fhir(data, file=name, today=today, person=person)


def parse_fhir(
    data: Any, *, file: str = "<fhir>", today: dt.date | None = None,
    person: Person | PersonFromPatient | None = None,
) -> FhirImport:
    """Readings, sex and birth date from parsed FHIR JSON ``data`` (``person`` as for :func:`read_fhir`)."""
    today = today or dt.date.today()
    kind = data.get("resourceType") if isinstance(data, dict) else None
    if kind == "Bundle":
        resources = [(i, (e or {}).get("resource")) for i, e in enumerate(data.get("entry") or [], start=1)]
    elif kind == "Observation":
        resources = [(1, data)]
    else:
        raise ImportRejected(Problem("not a FHIR Bundle or Observation", file=file, field="resourceType",
                                     received=str(kind), expected="'Bundle' or 'Observation'"))
    problems: list[Problem] = []
    items: list[tuple[Reading, int]] = []
    sex: Sex | None = None
    birth: dt.date | None = None
    name: str | None = None
    for row, res in resources:
        if not isinstance(res, dict):
            problems.append(Problem("Bundle entry has no resource", file=file, row=row, field="entry.resource",
                                    expected="a FHIR resource object"))
            continue
        rtype = res.get("resourceType")
        if rtype == "Patient":
            s, b, ps = _patient(res, file=file, row=row)
            sex, birth, problems = sex or s, birth or b, problems + ps
            name = name or _patient_name(res)
            if isinstance(person, Person):
                problems += _patient_mismatch(person, s, b, file=file, row=row, today=today)
        elif rtype == "Observation":
            reading, ps = _observation(res, file=file, row=row, today=today, lone=kind == "Observation")
            problems += ps
            if reading is not None:
                items.append((reading, row))
    if callable(person):  # built only once the file itself is sound: its problems come first
        person = person(sex, birth) if not problems else None
        if person is not None and person.name is None and name is not None:
            person = dataclasses.replace(person, name=name)
    readings = finish(items, problems, file=file, person=person, date_field=_DATE_FIELD)
    return FhirImport(readings=readings, sex=sex, birth_date=birth, person=person, name=name)


def _patient_name(res: dict[str, Any]) -> str | None:
    """The Patient's first name entry as "given family" (its ``text`` if it has one), or None."""
    names = res.get("name")
    if not isinstance(names, list) or not names or not isinstance(names[0], dict):
        return None
    first = names[0]
    if isinstance(first.get("text"), str) and first["text"].strip():
        return str(first["text"]).strip()
    given = first.get("given")
    parts = [g for g in given if isinstance(g, str)] if isinstance(given, list) else []
    if isinstance(first.get("family"), str):
        parts.append(first["family"])
    return " ".join(parts).strip() or None


def _validation_problems(exc: Exception, *, file: str, row: int, prefix: str) -> list[Problem]:
    errors = getattr(exc, "errors", None)
    if not callable(errors):  # pragma: no cover - fhir.resources raises pydantic errors
        return [Problem(f"invalid {prefix}: {exc}", file=file, row=row, expected="valid FHIR R4")]
    out = []
    for err in errors():
        loc = ".".join(str(p) for p in err.get("loc", ()))
        out.append(Problem(f"invalid {prefix}: {err.get('msg', 'invalid')}", file=file, row=row,
                           field=f"{prefix}.{loc}" if loc else prefix, received=repr(err.get("input"))[:80],
                           expected="valid FHIR R4"))
    return out


def _patient(res: dict[str, Any], *, file: str, row: int) -> tuple[Sex | None, dt.date | None, list[Problem]]:
    from fhir.resources.R4B.patient import Patient

    try:
        patient = Patient.model_validate(res)
    except ValueError as exc:
        return None, None, _validation_problems(exc, file=file, row=row, prefix="Patient")
    sex = Sex(patient.gender) if patient.gender in ("male", "female") else None
    birth = patient.birthDate if isinstance(patient.birthDate, dt.date) else None
    return sex, birth, []


def _patient_mismatch(person: Person, sex: Sex | None, birth: dt.date | None, *, file: str, row: int,
                      today: dt.date) -> list[Problem]:
    """Problems where the file's Patient contradicts the person the readings are for (sex, birth date, or for a
    person stored by age alone, the age the birth date gives on ``today``); what the Patient leaves out, or the
    person lacks, is no contradiction."""
    problems = []
    if sex is not None and sex is not person.sex:
        problems.append(Problem("the file's Patient is not the person it is imported into: the sex differs",
                                file=file, row=row, field="Patient.gender", received=sex.value,
                                expected=f"{person.sex.value} (the person's stored sex)"))
    if birth is not None and person.birth_date is not None and birth != person.birth_date:
        problems.append(Problem("the file's Patient is not the person it is imported into: the birth date differs",
                                file=file, row=row, field="Patient.birthDate", received=birth.isoformat(),
                                expected=f"{person.birth_date.isoformat()} (the person's stored birth date)"))
    if birth is not None and person.birth_date is None and person.age_years is not None:
        problems += _age_mismatch(person.age_years, birth, file=file, row=row, today=today)
    return problems


def _age_mismatch(age: float, birth: dt.date, *, file: str, row: int, today: dt.date) -> list[Problem]:
    """A problem when ``birth`` makes the person a year or more older or younger on ``today`` than their stored
    ``age``. A stored age stands for the person's age on any date (:meth:`Person.age_on`, the add-person form's "age
    in years, e.g. 52"); given in whole years it may be the completed years (the exact age up to a year more) or
    rounded (up to half a year less), so a difference under a year either way is no contradiction."""
    earliest, latest = _birth_dates_for_age(age, today)
    if earliest <= birth <= latest:
        return []
    implied = (today - birth).days / DAYS_PER_YEAR
    return [Problem(
        "the file's Patient is not the person it is imported into: the age its birth date gives today differs by "
        "a year or more from the person's stored age",
        file=file, row=row, field="Patient.birthDate",
        received=f"{birth.isoformat()} ({implied:.1f} years old on {today.isoformat()})",
        expected=f"a birth date from {earliest.isoformat()} to {latest.isoformat()}: less than a year from the "
                 f"person's stored age, {age:g} years, on {today.isoformat()} (the person has no stored birth date)",
    )]


def _birth_dates_for_age(age: float, on: dt.date) -> tuple[dt.date, dt.date]:
    """The earliest and latest birth dates that make someone less than a year older or younger than ``age`` (years)
    on ``on``, with ages in days / :data:`DAYS_PER_YEAR` as :meth:`Person.age_on` counts them (none after ``on``)."""
    fewest = max(0, math.floor((age - 1) * DAYS_PER_YEAR) + 1)
    most = math.ceil((age + 1) * DAYS_PER_YEAR) - 1
    return on - dt.timedelta(days=most), on - dt.timedelta(days=fewest)


def _loinc_codes(coding: list[Any] | None) -> list[str]:
    return [c.code for c in coding or [] if c.system == LOINC_SYSTEM and c.code]


def _observation(
    res: dict[str, Any], *, file: str, row: int, today: dt.date, lone: bool
) -> tuple[Reading | None, list[Problem]]:
    from fhir.resources.R4B.observation import Observation

    try:
        obs = Observation.model_validate(res)
    except ValueError as exc:
        return None, _validation_problems(exc, file=file, row=row, prefix="Observation")
    if obs.status in _SKIP_STATUS:
        return None, []
    codes = _loinc_codes(obs.code.coding)
    names = " ".join([obs.code.text or ""] + [c.display or "" for c in obs.code.coding or []])
    if IGF1_LOINC not in codes:
        looks_igf1 = bool(_NAMES_IGF1.search(names)) and not _NOT_IGF1.search(names)
        if lone or looks_igf1:
            return None, [Problem("wrong LOINC code for IGF-1" if looks_igf1 else "not an IGF-1 Observation",
                                  file=file, row=row, field="Observation.code.coding",
                                  received=", ".join(codes) or "(no LOINC coding)",
                                  expected=f"LOINC {IGF1_LOINC} (IGF-1 mass concentration) from {LOINC_SYSTEM}")]
        return None, []
    problems: list[Problem] = []
    when = obs.effectiveDateTime or (obs.effectivePeriod.start if obs.effectivePeriod else None) or obs.issued
    date = when.date() if isinstance(when, dt.datetime) else when if isinstance(when, dt.date) else None
    if date is None:
        problems.append(Problem("Observation has no date", file=file, row=row, field="Observation.effectiveDateTime",
                                expected="effectiveDateTime (or effectivePeriod.start / issued)"))
    else:
        problems += check_date(date, raw=date.isoformat(), today=today, file=file, row=row, field=_DATE_FIELD)
    q = obs.valueQuantity
    if q is None or q.value is None:
        raw = obs.valueString if obs.valueString is not None else "(no valueQuantity)"
        problems.append(Problem("value is not a number", file=file, row=row, field="Observation.valueQuantity.value",
                                received=str(raw), expected="a numeric valueQuantity"))
        return None, problems
    unit_text = q.code if (q.code and q.system == "http://unitsofmeasure.org") else (q.unit or q.code or "")
    unit = canonical_unit(unit_text)
    value = float(q.value)
    if unit is None:
        problems.append(Problem("unknown IGF-1 unit", file=file, row=row, field="Observation.valueQuantity.unit",
                                received=unit_text, expected=ACCEPTED_UNITS))
        return None, problems
    value_ng_ml = value * IGF1_UNIT_FACTORS[unit]
    problems += check_value(value, value_ng_ml, raw=str(q.value), file=file, row=row,
                            field="Observation.valueQuantity.value")
    assay, lab = _assay(obs), _lab(obs)
    problems += check_length(assay, MAX_ASSAY_LENGTH, what="assay", file=file, row=row, field="Observation.method")
    problems += check_length(lab, MAX_LAB_LENGTH, what="lab", file=file, row=row, field="Observation.performer.display")
    if problems or date is None:
        return None, problems
    return Reading(date=date, value_ng_ml=value_ng_ml, value=value, unit=unit, analyte=IGF1_ANALYTE,
                   assay=assay, lab=lab, note=_note(obs)), []


def _text(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _assay(obs: Any) -> str | None:
    """The display (or code) of the method's first coding that has one, else the method's text."""
    if obs.method is None:
        return None
    for m in obs.method.coding or []:
        found = _text(m.display) or _text(m.code)
        if found:
            return found
    return _text(obs.method.text)


def _lab(obs: Any) -> str | None:
    """The display of the first performer that has one (the laboratory, as the CSV's ``lab`` column)."""
    for ref in obs.performer or []:
        found = _text(ref.display)
        if found:
            return found
    return None


def _note(obs: Any) -> str | None:
    """Every ``note[].text``, joined with "; " (as the CSV's ``note`` column: e.g. "8 weeks on protocol")."""
    texts = [t for t in (_text(n.text) for n in obs.note or []) if t]
    return "; ".join(texts) or None
