"""Pages: people list, add person, a person's page (chart, readings table), add reading, import, protocol periods,
delete a reading or a protocol period (after a confirmation step, no script needed), report download."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from igfaxis.errors import InputError, Problem
from igfaxis.storage import MAX_PERSON_NAME_LENGTH, Repository

from .. import reports_hook, sim_view, uploads, views
from ..context import get_repo, render, require_csrf

NAV = ("People", "/people")
#: The report is one self-contained document: its own inline styles and data: images, nothing else (no scripts,
#: no requests), instead of the app's ``default-src 'self'`` that would block its styles.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; "
              "form-action 'none'; frame-ancestors 'none'")
router = APIRouter(tags=["pages"], include_in_schema=False)


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/")
def home() -> RedirectResponse:
    return _see_other("/people")


@router.get("/people", response_class=HTMLResponse)
def people_list(request: Request, repo: Repository = get_repo) -> Any:
    from igfaxis.evidence.zones import classify

    return render(request, "people.html", {"people": repo.list_people(), "title": "People", "zone_of": classify})


@router.get("/people/new", response_class=HTMLResponse)
def person_new(request: Request) -> Any:
    return render(request, "person_new.html", {"title": "Add a person", "form": {}, "problems": [],
                                               "max_name": MAX_PERSON_NAME_LENGTH})


@router.post("/people/new", dependencies=[Depends(require_csrf)])
def person_create(request: Request, repo: Repository = get_repo, name: str = Form(""),
                  sex: str = Form(""), birth_date: str = Form(""), age_years: str = Form(""),
                  weight_kg: str = Form("")) -> Any:
    from ..forms import person_from_form

    form = {"name": name, "sex": sex, "birth_date": birth_date, "age_years": age_years, "weight_kg": weight_kg}
    try:
        person = person_from_form(**form)
    except InputError as exc:
        return render(request, "person_new.html", {"title": "Add a person", "form": form,
                                                   "problems": list(exc.problems), "max_name": MAX_PERSON_NAME_LENGTH},
                      status_code=400)
    stored = repo.add_person(person)
    return _see_other(f"/people/{stored.id}")


def _person_page(request: Request, repo: Repository, person_id: int, *, status_code: int = 200,
                 **extra: Any) -> Any:
    record = repo.load(person_id)
    interpreted = views.interpret_readings(record.person, record.readings)
    rows = interpreted.rows
    context = {
        "title": record.stored.label, "record": record, "rows": rows, "facts": views.summary(interpreted),
        "chart_svg": views.history_svg(record, rows) if rows or record.protocol_periods else None,
        "report_available": reports_hook.available(), "fhir_available": uploads.fhir_available(),
        "reading_problems": [], "import_problems": [], "period_problems": [], "reading_form": {},
        "period_form": {}, "imported": request.query_params.get("imported"),
        "skipped": request.query_params.get("skipped"),
        "notes": {s.id: s.reading.note for s in record.readings}, "confirm_delete": None,
        "examples": sim_view.example_protocols(),
    }
    context.update(extra)
    return render(request, "person.html", context, status_code=status_code)


@router.get("/people/{person_id}", response_class=HTMLResponse)
def person_page(request: Request, person_id: int, repo: Repository = get_repo) -> Any:
    return _person_page(request, repo, person_id)


@router.post("/people/{person_id}/readings", dependencies=[Depends(require_csrf)])
def reading_add(request: Request, person_id: int, repo: Repository = get_repo, date: str = Form(""),
                value: str = Form(""), unit: str = Form("ng/mL"), assay: str = Form(""), lab: str = Form(""),
                note: str = Form("")) -> Any:
    form = {"date": date, "value": value, "unit": unit, "assay": assay, "lab": lab, "note": note}
    person = repo.get_person(person_id).person  # 404 before anything else
    try:
        reading = uploads.reading_from_form(**form, person=person)
    except InputError as exc:
        return _person_page(request, repo, person_id, status_code=400, reading_problems=list(exc.problems),
                            reading_form=form)
    if repo.store_readings(person_id, [reading]).skipped_duplicates:
        return _person_page(request, repo, person_id, status_code=400, reading_form=form,
                            reading_problems=[_already_stored(reading.date.isoformat(), value, unit)])
    return _see_other(f"/people/{person_id}#readings")


def _already_stored(date: str, value: str, unit: str) -> Problem:
    return Problem("this reading is already stored", field="value", received=f"{date}: {value} {unit}",
                   expected="a result not yet stored for this person (same date with another value is kept)")


@router.post("/people/{person_id}/import", dependencies=[Depends(require_csrf)])
def reading_import(request: Request, person_id: int, repo: Repository = get_repo,
                   file: UploadFile = File(...)) -> Any:
    person = repo.get_person(person_id).person
    filename = file.filename
    data = file.file.read(uploads.MAX_UPLOAD_BYTES + 1)
    try:
        readings = uploads.parse_upload(filename, data, person=person)
    except InputError as exc:
        problems: list[Problem] = list(exc.problems)
        return _person_page(request, repo, person_id, status_code=400, import_problems=problems,
                            import_filename=filename)
    added = repo.store_readings(person_id, readings, source=uploads._safe_name(filename))
    return _see_other(f"/people/{person_id}?imported={added.added}&skipped={added.skipped_duplicates}#readings")


@router.get("/people/{person_id}/readings/{reading_id}/delete", response_class=HTMLResponse)
def reading_delete_confirm(request: Request, person_id: int, reading_id: int, repo: Repository = get_repo) -> Any:
    """The person's page asking to confirm the deletion (the table's Delete link leads here: deleting takes two
    clicks, and no script)."""
    return _confirm_reading_delete(request, repo, person_id, reading_id)


@router.post("/people/{person_id}/readings/{reading_id}/delete", dependencies=[Depends(require_csrf)])
def reading_delete(request: Request, person_id: int, reading_id: int, repo: Repository = get_repo,
                   confirm: str = Form("")) -> Any:
    """Delete the reading once confirmed (``confirm=yes``); without it, ask first."""
    if confirm != "yes":
        return _confirm_reading_delete(request, repo, person_id, reading_id)
    repo.delete_reading(person_id, reading_id)
    return _see_other(f"/people/{person_id}#readings")


def _confirm_reading_delete(request: Request, repo: Repository, person_id: int, reading_id: int) -> Any:
    stored = repo.reading(person_id, reading_id)
    return _person_page(request, repo, person_id, confirm_delete=views.DeleteConfirmation.of_reading(person_id, stored))


@router.post("/people/{person_id}/protocols", dependencies=[Depends(require_csrf)])
def period_add(request: Request, person_id: int, repo: Repository = get_repo, name: str = Form(""),
               start_date: str = Form(""), end_date: str = Form(""), note: str = Form(""),
               example: str = Form("")) -> Any:
    from ..forms import period_from_form

    form = {"name": name, "start_date": start_date, "end_date": end_date, "note": note, "example": example}
    person = repo.get_person(person_id).person
    try:  # an example's protocol file is stored with the period: the plan can use it
        period = period_from_form(name=name, start_date=start_date, end_date=end_date, note=note, person=person,
                                  example=example)
    except InputError as exc:
        return _person_page(request, repo, person_id, status_code=400, period_problems=list(exc.problems),
                            period_form=form)
    repo.add_protocol_period(person_id, period)
    return _see_other(f"/people/{person_id}#protocols")


def _confirm_period_delete(request: Request, repo: Repository, person_id: int, period_id: int) -> Any:
    period = repo.protocol_period(person_id, period_id)
    return _person_page(request, repo, person_id, confirm_delete=views.DeleteConfirmation.of_period(person_id, period))


@router.get("/people/{person_id}/protocols/{period_id}/delete", response_class=HTMLResponse)
def period_delete_confirm(request: Request, person_id: int, period_id: int, repo: Repository = get_repo) -> Any:
    """The person's page asking to confirm the deletion of a protocol period (as for a reading: two clicks, no
    script)."""
    return _confirm_period_delete(request, repo, person_id, period_id)


@router.post("/people/{person_id}/protocols/{period_id}/delete", dependencies=[Depends(require_csrf)])
def period_delete(request: Request, person_id: int, period_id: int, repo: Repository = get_repo,
                  confirm: str = Form("")) -> Any:
    """Delete the protocol period (and its stored protocol file) once confirmed (``confirm=yes``); without it, ask
    first."""
    if confirm != "yes":
        return _confirm_period_delete(request, repo, person_id, period_id)
    repo.delete_protocol_period(person_id, period_id)
    return _see_other(f"/people/{person_id}#protocols")


@router.post("/people/{person_id}/delete", dependencies=[Depends(require_csrf)])
def person_delete(person_id: int, repo: Repository = get_repo) -> Any:
    repo.delete_person(person_id)
    return _see_other("/people")


@router.get("/people/{person_id}/chart.svg")
def person_chart(person_id: int, repo: Repository = get_repo) -> Response:
    record = repo.load(person_id)
    rows = views.interpret_readings(record.person, record.readings).rows
    return Response(views.history_svg(record, rows), media_type="image/svg+xml")


@router.get("/people/{person_id}/report.{fmt}")
def person_report(person_id: int, fmt: str, repo: Repository = get_repo) -> Response:
    if fmt not in ("html", "pdf") or not reports_hook.available():
        return Response("not found", status_code=404, media_type="text/plain")
    record = repo.load(person_id)
    body, media = reports_hook.render(record, fmt)
    filename = f"igfaxis-report-{person_id}.{fmt}"
    disposition = "attachment" if fmt == "pdf" else "inline"
    headers = {"Content-Disposition": f'{disposition}; filename="{filename}"'}
    if fmt == "html":
        headers["Content-Security-Policy"] = REPORT_CSP
    return Response(body, media_type=media, headers=headers)
