"""igfaxis.apps.web: the FastAPI dashboard (``igfaxis serve``). Build the app with :func:`create_app`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(*args: Any, **kwargs: Any) -> FastAPI:
    """See :func:`igfaxis.apps.web.app.create_app` (imported lazily: FastAPI and SQLAlchemy load on first use)."""
    from igfaxis.apps.web.app import create_app as _create

    return _create(*args, **kwargs)
