"""Bridge to ``igfaxis.reports``: the report link shows only when the reports package offers
``assemble.assemble_report`` and ``render.render_html``/``render_pdf``."""

from __future__ import annotations

import importlib
from typing import Any

from igfaxis.storage import PersonRecord


def _modules() -> tuple[Any, Any] | None:
    try:
        assemble = importlib.import_module("igfaxis.reports.assemble")
        render = importlib.import_module("igfaxis.reports.render")
    except ImportError:
        return None
    if not all(hasattr(m, n) for m, n in ((assemble, "assemble_report"), (render, "render_html"),
                                          (render, "render_pdf"))):
        return None
    return assemble, render


def available() -> bool:
    return _modules() is not None


def render(record: PersonRecord, fmt: str) -> tuple[bytes, str]:
    """The report of ``record`` as (body, media type); ``fmt`` is ``html`` or ``pdf``."""
    mods = _modules()
    if mods is None:
        raise RuntimeError("reports are not available")
    assemble, render_mod = mods
    from igfaxis.reports.data import ProtocolPeriod

    data = assemble.assemble_report(
        record.person, record.reading_values, person_label=record.stored.label,
        protocols=[ProtocolPeriod(name=p.name, start=p.start_date, end=p.end_date) for p in record.protocol_periods],
        plan=record.latest_plan.plan if record.latest_plan else None,
    )
    if fmt == "pdf":
        return bytes(render_mod.render_pdf(data)), "application/pdf"
    return str(render_mod.render_html(data)).encode("utf-8"), "text/html; charset=utf-8"
