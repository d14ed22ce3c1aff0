"""The audit log page (admins in clinic mode; the single user in local mode)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from igfaxis.storage import Repository

from ..context import get_repo, render

NAV = ("Audit log", "/audit")
router = APIRouter(tags=["admin"], include_in_schema=False)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, repo: Repository = get_repo) -> Any:
    return render(request, "audit.html", {"title": "Audit log", "entries": repo.audit_entries(limit=300)})
