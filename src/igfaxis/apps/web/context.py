"""Per-app state and per-request helpers: the database, the acting user, CSRF tokens, templates."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Depends, HTTPException, Request, Response
from fastapi.templating import Jinja2Templates

from igfaxis.storage import Actor, Database, Repository
from igfaxis.storage.users import get_user

from .ratelimit import RateLimiter

HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


@dataclass
class WebState:
    """What the app knows beyond settings: database, mode, login limiter and the navigation of feature routers."""

    database: Database
    clinic: bool
    login_limiter: RateLimiter
    nav: list[tuple[str, str]] = field(default_factory=list)
    features: dict[str, bool] = field(default_factory=dict)


class LoginRequired(Exception):
    """Raised by :func:`get_actor` in clinic mode without a logged-in user (pages redirect, the API says 401)."""


def state(request: Request) -> WebState:
    web: WebState = request.app.state.web
    return web


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def get_actor(request: Request) -> Actor:
    """Who is asking: the single local user, or the clinic user of this session."""
    web = state(request)
    if not web.clinic:
        return Actor.local(ip=client_ip(request))
    user_id = request.session.get("user_id")
    if not isinstance(user_id, int):
        raise LoginRequired
    with web.database.session() as s:
        user = get_user(s, user_id)
    if user is None:
        request.session.clear()
        raise LoginRequired
    return Actor(role=user.role, user_id=user.id, username=user.username, ip=client_ip(request))


def _repo(request: Request, actor: Actor = Depends(get_actor)) -> Iterator[Repository]:
    """One database transaction per request, committed when the endpoint returns without error (before the
    response is sent: ``scope="function"``), rolled back when it raises."""
    with state(request).database.session() as s:
        yield Repository(s, actor)


#: Use as ``repo: Repository = get_repo`` in endpoints.
get_repo: Any = Depends(_repo, scope="function")


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def require_csrf(request: Request) -> None:
    """Writes need the session's CSRF token: a form field ``csrf_token`` or the ``X-CSRF-Token`` header."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not isinstance(expected, str) or sent is None or not hmac.compare_digest(expected, sent):
        raise HTTPException(status_code=403, detail="missing or invalid CSRF token; reload the page and try again")


def render(request: Request, name: str, context: dict[str, Any] | None = None, *,
           status_code: int = 200) -> Response:
    """Render template ``name`` with the common context (mode, user, navigation, CSRF token)."""
    web = state(request)
    base = {
        "clinic": web.clinic,
        "username": request.session.get("username") if web.clinic else None,
        "role": request.session.get("role") if web.clinic else "local",
        "nav": web.nav,
        "features": web.features,
        "csrf_token": csrf_token(request),
        "csrf_field": CSRF_FIELD,
    }
    return TEMPLATES.TemplateResponse(request, name, {**base, **(context or {})}, status_code=status_code)
