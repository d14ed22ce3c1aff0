"""Feature routers of the web app, one module per feature.

Each module listed in :data:`ROUTER_MODULES` exposes ``router`` (a FastAPI ``APIRouter``) and may expose
``NAV = (label, path)`` to get a link in the top navigation. Later features (simulate, plan) add a module here
and append its name; modules named in :data:`OPTIONAL_MODULES` are mounted only once they exist.
"""

from __future__ import annotations

ROUTER_MODULES: tuple[str, ...] = ("auth", "people", "api", "admin")
OPTIONAL_MODULES: tuple[str, ...] = ("simulate", "plan", "agents")
