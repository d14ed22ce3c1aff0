"""Simulate page: one protocol (example, pasted or uploaded TOML) for a stored person or anyone, 48-h GH and
IGF-1 over weeks, the summary, per-agent assumptions and regulatory status, and the outcomes block.

One simulation per request (the JIT compile alone takes seconds). Runs for a stored person are saved with
``Repository.save_simulation``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from igfaxis.errors import IgfaxisError, InputError, Problem
from igfaxis.storage import PersonRecord, Repository

from .. import sim_view
from ..context import get_actor, get_repo, render, require_csrf

NAV = ("Simulate", "/simulate")
router = APIRouter(tags=["pages"], include_in_schema=False)


def _defaults(record: PersonRecord | None) -> dict[str, str]:
    """The form's starting values: the person's weight, latest untreated reading and current protocol start."""
    form = {"example": "tesamorelin", "protocol_text": "", "days": str(sim_view.DAYS_DEFAULT), "weight_kg": "",
            "baseline_igf1": "", "sleep": sim_view.SLEEP_DEFAULT, "allow_off_label": "", "age_years": "52",
            "sex": "male", "start_date": dt.date.today().isoformat()}
    if record is None:
        return form
    from igfaxis.planning.history import says_treated

    p = record.person
    form["weight_kg"] = f"{p.weight_kg:g}" if p.weight_kg else ""
    untreated = [r.reading for r in record.readings if says_treated(r.reading.note) is not True]
    if untreated:
        form["baseline_igf1"] = f"{untreated[-1].value_ng_ml:.0f}"
    if record.protocol_periods:
        latest = max(record.protocol_periods, key=lambda pp: pp.start_date)
        form["start_date"] = latest.start_date.isoformat()
    return form


def _inputs(form: dict[str, str], record: PersonRecord | None) -> sim_view.SimInputs:
    """Checked simulation settings from the form; InputError lists every bad field."""
    from igfaxis.labs.models import Sex
    from igfaxis.physiology.parameters import AXIS

    problems: list[Problem] = []
    days_f = sim_view.parse_number(form["days"] or str(sim_view.DAYS_DEFAULT), "days", low=2,
                                   high=sim_view.DAYS_MAX, expected=f"whole days, 2 to {sim_view.DAYS_MAX}",
                                   problems=problems)
    if days_f is not None and days_f != int(days_f):
        problems.append(Problem("not a whole number", field="days", received=form["days"],
                                expected=f"whole days, 2 to {sim_view.DAYS_MAX}"))
    weight = sim_view.parse_number(form["weight_kg"], "weight_kg", low=30, high=300,
                                   expected="a weight in kg, 30 to 300", problems=problems)
    baseline = sim_view.parse_number(form["baseline_igf1"], "baseline_igf1", low=20, high=1000,
                                     expected="untreated IGF-1 in ng/mL, 20 to 1000 (empty: age/sex median)",
                                     problems=problems)
    start: dt.date | None = None
    try:
        start = dt.date.fromisoformat(form["start_date"].strip()) if form["start_date"].strip() else dt.date.today()
    except ValueError:
        problems.append(Problem("not a date", field="start_date", received=form["start_date"],
                                expected="a date YYYY-MM-DD"))
    age: float | None
    sex = ""
    if record is not None:
        sex = record.person.sex.value
        age = record.person.age_on(start or dt.date.today())
        if not 18 <= age <= 100:
            problems.append(Problem("age outside the adult model range", field="age_years", received=f"{age:.1f}",
                                    expected="18 to 100 years"))
    else:
        age = sim_view.parse_number(form["age_years"], "age_years", low=18, high=100,
                                    expected="an age in years, 18 to 100", problems=problems)
        if age is None and not any(p.field == "age_years" for p in problems):
            problems.append(Problem("required", field="age_years", expected="an age in years, 18 to 100"))
        try:
            sex = Sex.parse(form["sex"]).value
        except InputError as exc:
            problems += exc.problems
    if problems or age is None or days_f is None or start is None:
        raise InputError(*problems)
    return sim_view.SimInputs(age_years=age, sex=sex, days=int(days_f), baseline_igf1=baseline,
                              weight_kg=weight if weight is not None else float(AXIS.value("weight_default_kg")),
                              sleep=form["sleep"].strip() or sim_view.SLEEP_DEFAULT,
                              allow_off_label=bool(form["allow_off_label"]), start_date=start)


def _page(request: Request, *, record: PersonRecord | None, form: dict[str, str], status_code: int = 200,
          **extra: Any) -> Any:
    title = f"Simulate · {record.stored.label}" if record is not None else "Simulate a protocol"
    context: dict[str, Any] = {
        "title": title, "record": record, "form": form, "examples": sim_view.example_protocols(), "problems": [],
        "result": None, "saved_id": None,
        "action": f"/people/{record.stored.id}/simulate" if record is not None else "/simulate"}
    context.update(extra)
    return render(request, "simulate.html", context, status_code=status_code)


def _run(request: Request, repo: Repository | None, record: PersonRecord | None, form: dict[str, str],
               upload: UploadFile | None) -> Any:
    if repo is not None:  # end the read (and its audit rows) now: the simulation takes seconds, hold no lock
        repo.session.commit()
    data = upload.file.read(sim_view.MAX_TOML_BYTES + 1) if upload is not None else None
    upload_name = upload.filename if upload is not None else None  # "" when no file was chosen
    problems: list[Problem] = []  # every bad field at once: the protocol source, the settings, the protocol text
    source: sim_view.ProtocolSource | None = None
    inputs: sim_view.SimInputs | None = None
    try:
        source = sim_view.protocol_source(example=form["example"], pasted=form["protocol_text"],
                                          upload_name=upload_name, upload=data)
    except InputError as exc:
        problems += exc.problems
    try:
        inputs = _inputs(form, record)
    except InputError as exc:
        problems += exc.problems
    if source is not None:
        problems += sim_view.check(source, sleep=form["sleep"].strip() or sim_view.SLEEP_DEFAULT,
                                   allow_off_label=bool(form["allow_off_label"]))
    elif form["sleep"].strip():
        from igfaxis.physiology.population import parse_sleep

        try:
            parse_sleep(form["sleep"].strip())
        except InputError as exc:
            problems += exc.problems
    if problems or source is None or inputs is None:
        return _page(request, record=record, form=form, status_code=400, problems=problems)
    try:
        result = sim_view.run(source, inputs, readings=record.readings if record is not None else ())
    except InputError as exc:
        return _page(request, record=record, form=form, status_code=400,
                     problems=sim_view.web_problems(exc.problems))
    except IgfaxisError as exc:  # e.g. SimulationError: the solver failed
        return _page(request, record=record, form=form, status_code=422,
                     problems=[Problem(str(exc), field="simulation")])
    saved_id = None
    if repo is not None and record is not None:
        settings = {"days": inputs.days, "weight_kg": inputs.weight_kg, "age_years": round(inputs.age_years, 2),
                    "sex": inputs.sex, "baseline_igf1": inputs.baseline_igf1, "sleep": inputs.sleep,
                    "allow_off_label": inputs.allow_off_label, "start_date": inputs.start_date.isoformat(),
                    "protocol_source": source.label}
        saved_id = repo.save_simulation(person_id=record.stored.id, protocol_toml=source.text, settings=settings,
                                        result=result.payload)
    return _page(request, record=record, form=form, result=result, saved_id=saved_id)


def _form(example: str, protocol_text: str, days: str, weight_kg: str, baseline_igf1: str, sleep: str,
          allow_off_label: str, age_years: str, sex: str, start_date: str) -> dict[str, str]:
    return {"example": example, "protocol_text": protocol_text, "days": days, "weight_kg": weight_kg,
            "baseline_igf1": baseline_igf1, "sleep": sleep, "allow_off_label": allow_off_label,
            "age_years": age_years, "sex": sex, "start_date": start_date}


@router.get("/simulate", response_class=HTMLResponse, dependencies=[Depends(get_actor)])  # clinic: login first
def simulate_form(request: Request) -> Any:
    return _page(request, record=None, form=_defaults(None))


@router.post("/simulate", dependencies=[Depends(get_actor), Depends(require_csrf)])
def simulate_run(request: Request, example: str = Form(""), protocol_text: str = Form(""),
                       days: str = Form(""), weight_kg: str = Form(""), baseline_igf1: str = Form(""),
                       sleep: str = Form(""), allow_off_label: str = Form(""), age_years: str = Form(""),
                       sex: str = Form(""), start_date: str = Form(""),
                       protocol_file: UploadFile | None = File(None)) -> Any:
    form = _form(example, protocol_text, days, weight_kg, baseline_igf1, sleep, allow_off_label, age_years, sex,
                 start_date)
    return _run(request, None, None, form, protocol_file)


@router.get("/people/{person_id}/simulate", response_class=HTMLResponse)
def person_simulate_form(request: Request, person_id: int, repo: Repository = get_repo) -> Any:
    record = repo.load(person_id)
    return _page(request, record=record, form=_defaults(record))


@router.post("/people/{person_id}/simulate", dependencies=[Depends(require_csrf)])
def person_simulate_run(request: Request, person_id: int, repo: Repository = get_repo,
                              example: str = Form(""), protocol_text: str = Form(""), days: str = Form(""),
                              weight_kg: str = Form(""), baseline_igf1: str = Form(""), sleep: str = Form(""),
                              allow_off_label: str = Form(""), start_date: str = Form(""),
                              protocol_file: UploadFile | None = File(None)) -> Any:
    record = repo.load(person_id)
    form = _form(example, protocol_text, days, weight_kg, baseline_igf1, sleep, allow_off_label, "", "",
                 start_date)
    return _run(request, repo, record, form, protocol_file)
