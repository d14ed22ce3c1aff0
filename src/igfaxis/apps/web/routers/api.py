"""JSON API under ``/api`` (OpenAPI schema at ``/api/openapi.json``, docs at ``/api/docs``).

Writes need the ``X-CSRF-Token`` header with the token from ``GET /api/csrf`` (same session cookie). In clinic mode
every call needs a signed-in session; a clinician reaches only their own patients (others' ids answer 404).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from igfaxis.errors import ImportRejected, InputError, Problem
from igfaxis.labs.models import MAX_ASSAY_LENGTH, MAX_LAB_LENGTH, Person, Sex
from igfaxis.storage import MAX_PERSON_NAME_LENGTH, ProtocolPeriod, Repository, StoredPerson, StoredReading

from .. import uploads, views
from ..context import csrf_token, get_repo, require_csrf

router = APIRouter(prefix="/api", tags=["api"])


class CsrfOut(BaseModel):
    csrf_token: str


class PersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, description=f"at most {MAX_PERSON_NAME_LENGTH} characters")
    sex: Sex
    birth_date: dt.date | None = None
    age_years: float | None = Field(None, description="years; used when birth_date is absent")
    weight_kg: float | None = Field(None, description="kg")


class PersonOut(BaseModel):
    id: int
    name: str | None
    sex: Sex
    birth_date: dt.date | None
    age_years: float | None
    weight_kg: float | None
    n_readings: int

    @classmethod
    def of(cls, p: StoredPerson) -> PersonOut:
        return cls(id=p.id, name=p.person.name, sex=p.person.sex, birth_date=p.person.birth_date,
                   age_years=p.person.age_years, weight_kg=p.person.weight_kg, n_readings=p.n_readings)


class ReadingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: dt.date
    value: float = Field(description="as reported by the lab, in `unit`")
    unit: str = Field("ng/mL", description="ng/mL, µg/L, ug/L, mcg/L or nmol/L")
    assay: str | None = Field(None, description=f"at most {MAX_ASSAY_LENGTH} characters")
    lab: str | None = Field(None, description=f"at most {MAX_LAB_LENGTH} characters")
    note: str | None = None


class ReadingOut(BaseModel):
    id: int
    date: dt.date
    value: float
    unit: str
    value_ng_ml: float
    low_ng_ml: float = Field(description="lower end of the 95 % range of the true level")
    high_ng_ml: float = Field(description="upper end of the 95 % range of the true level")
    sds: float | None
    percentile: float | None
    zone: str
    p_in_optimal: float | None = Field(description="P(true level within the 120–160 ng/mL band | this reading)")
    mortality_hr: float | None = Field(description="modelled all-cause mortality hazard vs the age-sex median")
    meaning: str | None
    assay: str | None
    lab: str | None
    note: str | None = Field(None, description="e.g. 'untreated' or '8 weeks on protocol' (the planner reads it)")
    source: str | None


class ImportOut(BaseModel):
    imported: int
    skipped_duplicates: int = Field(0, description="readings identical to one already stored for the person (same "
                                                   "date, analyte and ng/mL to 0.1), not stored again")


class ProtocolPeriodIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(description="the protocol's name, e.g. tesamorelin 1 mg/day")
    start_date: dt.date = Field(description="not before the person's birth date, at most a day after today")
    end_date: dt.date | None = Field(None, description="none: ongoing")
    note: str | None = None
    example: str | None = Field(None, description="an example protocol (a file stem in examples/protocols, e.g. "
                                                  "sermorelin): its protocol file is stored with the period")
    protocol_toml: str | None = Field(None, description="the protocol file's text (instead of `example`); the Plan "
                                                        "page uses an ongoing period's protocol as the current one")


class ProtocolPeriodOut(BaseModel):
    id: int
    name: str
    start_date: dt.date
    end_date: dt.date | None = Field(description="none: ongoing")
    note: str | None
    protocol_toml: str | None

    @classmethod
    def of(cls, p: ProtocolPeriod) -> ProtocolPeriodOut:
        assert p.id is not None  # stored periods have an id
        return cls(id=p.id, name=p.name, start_date=p.start_date, end_date=p.end_date, note=p.note,
                   protocol_toml=p.protocol_toml)


class ProblemOut(BaseModel):
    message: str
    file: str | None = None
    row: int | None = None
    field: str | None = None
    received: str | None = None
    expected: str | None = None


def _readings_out(repo: Repository, person_id: int, stored: list[StoredReading]) -> list[ReadingOut]:
    person = repo.get_person(person_id).person
    by_id = {s.id: s for s in stored}
    return [ReadingOut(id=v.id, date=v.date, value=by_id[v.id].reading.value, unit=by_id[v.id].reading.unit,
                       value_ng_ml=v.value_ng_ml, low_ng_ml=v.low_ng_ml, high_ng_ml=v.high_ng_ml, sds=v.sds,
                       percentile=v.percentile, zone=v.zone_label, p_in_optimal=v.p_in_optimal,
                       mortality_hr=v.mortality_hr, meaning=v.meaning, assay=v.assay, lab=v.lab,
                       note=by_id[v.id].reading.note, source=v.source)
            for v in views.interpret_readings(person, stored).rows]


@router.get("/csrf", response_model=CsrfOut)
def get_csrf(request: Request) -> CsrfOut:
    """The CSRF token to send as ``X-CSRF-Token`` on every write."""
    return CsrfOut(csrf_token=csrf_token(request))


@router.get("/people", response_model=list[PersonOut])
def list_people(repo: Repository = get_repo) -> list[PersonOut]:
    return [PersonOut.of(p) for p in repo.list_people()]


@router.post("/people", response_model=PersonOut, status_code=201, dependencies=[Depends(require_csrf)])
def create_person(body: PersonIn, repo: Repository = get_repo) -> PersonOut:
    """Checked as the web form checks a person (e.g. no birth date in the future, a name the database keeps whole);
    422 lists every problem."""
    from ..forms import person_from_form

    def text(x: float | None) -> str:
        return "" if x is None else repr(x)

    checked = person_from_form(name=body.name or "", sex=body.sex.value,
                               birth_date=body.birth_date.isoformat() if body.birth_date else "",
                               age_years=text(body.age_years), weight_kg=text(body.weight_kg))
    person = Person(sex=checked.sex, birth_date=checked.birth_date, age_years=body.age_years,
                    weight_kg=checked.weight_kg, name=checked.name)
    return PersonOut.of(repo.add_person(person))


@router.get("/people/{person_id}", response_model=PersonOut)
def get_person(person_id: int, repo: Repository = get_repo) -> PersonOut:
    return PersonOut.of(repo.get_person(person_id))


@router.delete("/people/{person_id}", status_code=204, dependencies=[Depends(require_csrf)])
def delete_person(person_id: int, repo: Repository = get_repo) -> None:
    repo.delete_person(person_id)


@router.get("/people/{person_id}/readings", response_model=list[ReadingOut])
def list_readings(person_id: int, repo: Repository = get_repo) -> list[ReadingOut]:
    return _readings_out(repo, person_id, repo.readings(person_id))


@router.post("/people/{person_id}/readings", response_model=ReadingOut, status_code=201,
             dependencies=[Depends(require_csrf)])
def add_reading(person_id: int, body: ReadingIn, repo: Repository = get_repo) -> ReadingOut:
    person = repo.get_person(person_id).person
    reading = uploads.reading_from_form(date=body.date.isoformat(), value=repr(body.value), unit=body.unit,
                                        assay=body.assay or "", lab=body.lab or "", note=body.note or "",
                                        person=person)
    if repo.store_readings(person_id, [reading]).skipped_duplicates:
        raise InputError(Problem("this reading is already stored", field="value",
                                 received=f"{body.date.isoformat()}: {body.value:g} {body.unit}",
                                 expected="a result not yet stored for this person (the same date with another "
                                          "value is kept)"))
    stored = repo.readings(person_id)
    newest = max(stored, key=lambda r: r.id)
    return _readings_out(repo, person_id, [newest])[0]


@router.post("/people/{person_id}/import", response_model=ImportOut, status_code=201,
             dependencies=[Depends(require_csrf)],
             responses={422: {"description": "the file was rejected as a whole; `problems` lists every problem"}})
def import_readings(person_id: int, file: UploadFile = File(...), repo: Repository = get_repo) -> Any:
    """Import a CSV or FHIR JSON file. Any problem (e.g. a FHIR Patient whose sex or birth date contradicts the
    person's, or for a person stored by age alone, whose birth date gives an age a year or more off it today)
    rejects the whole file and nothing is kept. Readings already stored for the person are skipped and
    counted in ``skipped_duplicates``."""
    person = repo.get_person(person_id).person
    data = file.file.read(uploads.MAX_UPLOAD_BYTES + 1)
    readings = uploads.parse_upload(file.filename, data, person=person)
    added = repo.store_readings(person_id, readings, source=uploads._safe_name(file.filename))
    return ImportOut(imported=added.added, skipped_duplicates=added.skipped_duplicates)


@router.get("/people/{person_id}/protocols", response_model=list[ProtocolPeriodOut])
def list_protocol_periods(person_id: int, repo: Repository = get_repo) -> list[ProtocolPeriodOut]:
    """The person's protocol periods, by start date."""
    return [ProtocolPeriodOut.of(p) for p in repo.protocol_periods(person_id)]


@router.post("/people/{person_id}/protocols", response_model=ProtocolPeriodOut, status_code=201,
             dependencies=[Depends(require_csrf)],
             responses={422: {"description": "nothing was stored; `problems` lists every problem"}})
def add_protocol_period(person_id: int, body: ProtocolPeriodIn, repo: Repository = get_repo) -> ProtocolPeriodOut:
    """Checked as the person page's form checks a period: a name, a start not before the person's birth date nor
    more than a day after today, an end not before the start, a known example or a protocol text the protocol
    parser reads (off-label doses are accepted and flagged wherever the protocol is used)."""
    from ..forms import period_from_form

    person = repo.get_person(person_id).person
    period = period_from_form(name=body.name, start_date=body.start_date.isoformat(),
                              end_date=body.end_date.isoformat() if body.end_date else "", note=body.note or "",
                              person=person, protocol_toml=body.protocol_toml, example=body.example or "")
    return ProtocolPeriodOut.of(repo.add_protocol_period(person_id, period))


@router.delete("/people/{person_id}/protocols/{period_id}", status_code=204, dependencies=[Depends(require_csrf)])
def delete_protocol_period(person_id: int, period_id: int, repo: Repository = get_repo) -> None:
    repo.delete_protocol_period(person_id, period_id)


def problems_payload(exc: InputError) -> dict[str, Any]:
    kind = "import_rejected" if isinstance(exc, ImportRejected) else "input_error"
    problems: list[Problem] = list(exc.problems)
    return {"error": kind, "detail": str(exc), "problems": [ProblemOut(**p.as_dict()).model_dump() for p in problems]}
