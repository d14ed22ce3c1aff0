"""Agents page: each peptide's class, routes and published human dose range, regulatory status, evidence level,
adverse effects and model assumptions, beside the published trial outcomes the model reproduces or misses."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from .. import evidence_view
from ..context import get_actor, render

NAV = ("Agents & evidence", "/agents")
router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/agents", response_class=HTMLResponse, dependencies=[Depends(get_actor)])  # clinic: login first
def agents_page(request: Request) -> Any:
    ev = evidence_view.evidence()
    return render(request, "agents.html", {"title": "Agents & evidence", "ev": ev})
