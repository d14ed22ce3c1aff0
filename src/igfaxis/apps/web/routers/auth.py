"""Clinic-mode login and logout. Failed logins are rate-limited per IP and per username."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from igfaxis.storage import Actor, Repository
from igfaxis.storage.users import authenticate

from ..context import client_ip, render, require_csrf, state

router = APIRouter(tags=["auth"], include_in_schema=False)


def _safe_next(target: str) -> str:
    """Only same-site paths: no scheme, no host, no protocol-relative or backslash tricks."""
    ok = target.startswith("/") and not target.startswith(("//", "/\\")) and "\\" not in target \
        and all(c.isprintable() and not c.isspace() for c in target)
    return target if ok else "/people"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/people") -> Any:
    if not state(request).clinic:
        return RedirectResponse("/people", status_code=303)
    return render(request, "login.html", {"title": "Sign in", "next": _safe_next(next), "error": None})


@router.post("/login", dependencies=[Depends(require_csrf)])
def login(request: Request, username: str = Form(""), password: str = Form(""), next: str = Form("/people")) -> Any:
    web = state(request)
    if not web.clinic:
        return RedirectResponse("/people", status_code=303)
    keys = (f"ip:{client_ip(request)}", f"user:{username.strip().lower()}")
    wait = web.login_limiter.blocked(*keys)
    if wait > 0:
        return render(request, "login.html", {
            "title": "Sign in", "next": _safe_next(next),
            "error": f"Too many failed sign-ins. Try again in {int(wait) + 1} seconds."}, status_code=429)
    with web.database.session() as s:
        user = authenticate(s, username=username.strip(), password=password)
        actor = Actor(role=user.role, user_id=user.id, username=user.username, ip=client_ip(request)) if user \
            else Actor(role="anonymous", username=username.strip()[:80] or None, ip=client_ip(request))
        Repository(s, actor).audit("login" if user else "login_failed", "session")
    if user is None:
        web.login_limiter.fail(*keys)
        return render(request, "login.html", {"title": "Sign in", "next": _safe_next(next),
                                              "error": "Unknown username or wrong password."}, status_code=401)
    web.login_limiter.reset(keys[1])
    request.session.clear()  # a fresh session (and CSRF token) after login: no session fixation
    request.session.update({"user_id": user.id, "username": user.username, "role": user.role})
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(require_csrf)])
def logout(request: Request) -> RedirectResponse:
    request.session.clear()
    return RedirectResponse("/login" if state(request).clinic else "/people", status_code=303)
