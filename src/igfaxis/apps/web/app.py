"""The web app factory. ``create_app(settings)`` gives a FastAPI app: server-rendered pages, a JSON API under
``/api``, static assets served by the app itself (no CDN), single local user by default or ``clinic=True`` for
logins, roles and per-clinician patients."""

from __future__ import annotations

import importlib
import importlib.util
import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from igfaxis.config import Settings
from igfaxis.errors import InputError, Problem
from igfaxis.storage import Database, Forbidden, NotFound

from .context import HERE, LoginRequired, WebState, render
from .ratelimit import RateLimiter
from .routers import OPTIONAL_MODULES, ROUTER_MODULES

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def _secret_key(settings: Settings) -> str:
    """``IGFAXIS_SECRET_KEY``, else a random key kept in the data directory (mode 0600) across restarts."""
    env = os.environ.get("IGFAXIS_SECRET_KEY")
    if env:
        return env
    path = Path(settings.data_dir) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def include_feature(app: FastAPI, module_name: str) -> None:
    """Mount ``igfaxis.apps.web.routers.<module_name>``: its ``router`` and, if any, its ``NAV`` link."""
    module = importlib.import_module(f"igfaxis.apps.web.routers.{module_name}")
    app.include_router(module.router)
    nav = getattr(module, "NAV", None)
    if nav is not None:
        app.state.web.nav.append(nav)
    app.state.web.features[module_name] = True


def create_app(settings: Settings | None = None, *, clinic: bool = False, database: Database | None = None,
               secret_key: str | None = None, https_only: bool = False, migrate: bool = True,
               login_limiter: RateLimiter | None = None) -> FastAPI:
    """The igfaxis web app.

    ``database`` defaults to the one ``settings`` names; ``migrate`` upgrades its schema first. ``https_only``
    marks the session cookie Secure (set it behind TLS). Sessions are signed with ``secret_key`` (default:
    ``IGFAXIS_SECRET_KEY`` or a key kept in the data directory).
    """
    settings = settings or Settings()
    db = database or Database.from_settings(settings)
    if migrate:
        db.upgrade()
    app = FastAPI(title="igfaxis", summary="IGF-1 history, interpretation and (later) simulation and planning",
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.state.web = WebState(database=db, clinic=clinic, login_limiter=login_limiter or RateLimiter())
    app.add_middleware(SessionMiddleware, secret_key=secret_key or _secret_key(settings),
                       session_cookie="igfaxis_session", same_site="strict", https_only=https_only,
                       max_age=12 * 3600)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for name in ROUTER_MODULES:
        include_feature(app, name)
    for name in OPTIONAL_MODULES:
        if importlib.util.find_spec(f"igfaxis.apps.web.routers.{name}") is not None:
            include_feature(app, name)
    _add_error_handlers(app)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if _is_api(request):
            return JSONResponse({"error": "login_required", "detail": "sign in first"}, status_code=401)
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        if _is_api(request):
            return JSONResponse({"error": "not_found", "detail": str(exc)}, status_code=404)
        return render(request, "error.html", {"title": "Not found", "message": str(exc)}, status_code=404)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        if _is_api(request):
            return JSONResponse({"error": "forbidden", "detail": str(exc)}, status_code=403)
        return render(request, "error.html", {"title": "Not allowed", "message": str(exc)}, status_code=403)

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Response:
        from .routers.api import problems_payload

        if _is_api(request):
            return JSONResponse(problems_payload(exc), status_code=422)
        return render(request, "error.html", {"title": "Bad input", "message": "The input was rejected.",
                                              "problems": list(exc.problems)}, status_code=400)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return await request_validation_exception_handler(request, exc)
        errors = list(exc.errors())
        problems = [Problem(str(e.get("msg", "invalid")), field=".".join(str(x) for x in e.get("loc", ())[1:]) or None,
                            received=str(e.get("input")), expected=None) for e in errors]
        if any(e.get("loc", ("",))[0] == "path" for e in errors):  # /people/abc: no such page
            return render(request, "error.html", {"title": "Not found", "message": f"No page at {request.url.path}.",
                                                  "problems": problems}, status_code=404)
        return render(request, "error.html", {"title": "Bad input", "message": "The request was rejected.",
                                              "problems": problems}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request) or exc.status_code < 400:
            return await http_exception_handler(request, exc)
        return render(request, "error.html", {"title": f"Error {exc.status_code}", "message": str(exc.detail)},
                      status_code=exc.status_code)
