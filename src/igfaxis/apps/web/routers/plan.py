"""Plan page: goal, conditions, target band and current protocol for a stored person -> the planner
(``igfaxis.planning``) on their stored readings -> candidates side by side, recommendation, retest date, blocked
reasons, regulatory status and the disclaimer. Each plan is saved (``Repository.save_plan``); the page shows the
latest one (post, save, redirect: reloading does not re-run the planner).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from igfaxis.errors import IgfaxisError, InputError, Problem
from igfaxis.storage import PersonRecord, Repository

from .. import plan_view, sim_view
from ..context import get_repo, render, require_csrf

NAV = ("Plan", "/plan")
router = APIRouter(tags=["pages"], include_in_schema=False)


def _page(request: Request, record: PersonRecord, form: dict[str, Any], *, status_code: int = 200,
          problems: list[Problem] | None = None) -> Any:
    stored = record.latest_plan
    plan = stored.plan if stored is not None and stored.plan.get("candidates") is not None else None
    context: dict[str, Any] = {
        "title": f"Plan · {record.stored.label}", "record": record, "form": form, "problems": problems or [],
        "available": True, "goals": plan_view.GOAL_LABELS, "condition_labels": plan_view.CONDITION_LABELS,
        "conditions": plan_view.conditions(), "examples": sim_view.example_protocols(), "plan": plan,
        "stored": stored if plan is not None else None,
    }
    period = plan_view.ongoing_period(record, dt.date.today())
    context.update({"period": period, "period_text": plan_view.period_text(period) if period is not None else ""})
    if plan is not None:
        context.update({"chart": sim_view.svg_data_uri(plan_view.chart_svg(plan, record.readings)),
                        "colour_index": {c["name"]: i % len(plan_view.COLOURS)
                                         for i, c in enumerate(plan["candidates"])},
                        "protocol_text": plan_view.protocol_text})
    return render(request, "plan.html", context, status_code=status_code)


def _unavailable(request: Request) -> Any:
    return render(request, "plan.html", {"title": "Plan", "available": False, "record": None})


@router.get("/plan", response_class=HTMLResponse)
def plan_people(request: Request, repo: Repository = get_repo) -> Any:
    """Choose whom to plan for (plans need a stored person with readings)."""
    if not plan_view.available():
        return _unavailable(request)
    return render(request, "plan_people.html", {"title": "Plan", "people": repo.list_people()})


@router.get("/people/{person_id}/plan", response_class=HTMLResponse)
def plan_page(request: Request, person_id: int, repo: Repository = get_repo) -> Any:
    record = repo.load(person_id)
    if not plan_view.available():
        return _unavailable(request)
    stored = record.latest_plan
    inputs = stored.plan.get("web", {}).get("inputs") if stored is not None else None
    form = plan_view.defaults(record) | (inputs if isinstance(inputs, dict) else {})
    return _page(request, record, form)


@router.post("/people/{person_id}/plan", dependencies=[Depends(require_csrf)])
def plan_make(request: Request, person_id: int, repo: Repository = get_repo, goal: str = Form(""),
              conditions: list[str] = Form([]), target_low: str = Form("120"), target_high: str = Form("160"),
              current_example: str = Form(""), current_text: str = Form(""), current_start: str = Form(""),
              fasting_glucose: str = Form(""), hba1c: str = Form("")) -> Any:
    record = repo.load(person_id)
    if not plan_view.available():
        return _unavailable(request)
    form: dict[str, Any] = {"goal": goal, "conditions": conditions, "target_low": target_low,
                            "target_high": target_high, "current_example": current_example,
                            "current_text": current_text, "current_start": current_start,
                            "fasting_glucose": fasting_glucose, "hba1c": hba1c}
    repo.session.commit()  # end the read (and its audit rows) now: planning takes many seconds, hold no lock
    try:
        plan = plan_view.make(record, form)
    except InputError as exc:
        return _page(request, record, form, status_code=400, problems=list(exc.problems))
    except IgfaxisError as exc:
        return _page(request, record, form, status_code=422, problems=[Problem(str(exc), field="plan")])
    repo.save_plan(person_id, plan)  # workflow status "draft": a clinician reviews it
    return RedirectResponse(f"/people/{person_id}/plan#result", status_code=303)
