"""Render a :class:`~igfaxis.reports.data.ReportData` as self-contained HTML (CSS inline, chart as inline SVG)
and as PDF (WeasyPrint, from the same HTML). Nothing here fetches anything: the report opens offline.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from igfaxis.errors import InputError, Problem
from igfaxis.reports.data import ReportData
from igfaxis.reports.text import fmt_num, fmt_pct, ordinal

FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf"}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("igfaxis.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = fmt_num
    env.filters["pct"] = fmt_pct
    env.filters["ordinal"] = ordinal
    return env


def chart_svg(data: ReportData) -> str:
    """The IGF-1 history chart as an SVG string (matplotlib is imported here, not at module import)."""
    from igfaxis.reports.plots import figure_to_svg, history_figure

    if not data.rows:
        return ""
    return figure_to_svg(history_figure(data))


def forecast_svg(data: ReportData) -> str:
    """The plan candidates' forecast chart as SVG, or "" when the plan has no forecast time series."""
    if not data.forecasts:
        return ""
    from igfaxis.reports.plots import figure_to_svg, forecast_figure

    fig = forecast_figure(
        data.forecasts, history_dates=[r.date for r in data.rows], history_ng_ml=[r.value_ng_ml for r in data.rows],
        optimal_band=(data.optimal_low.value, data.optimal_high.value),
    )
    return figure_to_svg(fig)


def render_html(data: ReportData, *, for_print: bool = False) -> str:
    """The report as one self-contained HTML document."""
    context: dict[str, Any] = {
        "d": data,
        "p": data.person,
        "current": data.current,
        "chart": Markup(chart_svg(data)),
        "forecast_chart": Markup(forecast_svg(data)),
        "for_print": for_print,
    }
    return _environment().get_template("report.html.j2").render(**context)


def render_pdf(data: ReportData) -> bytes:
    """The report as PDF bytes (A4), rendered by WeasyPrint from the same HTML as :func:`render_html`."""
    import weasyprint

    html = render_html(data, for_print=True)
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf


def report_format(path: Path) -> str:
    """``"html"`` or ``"pdf"`` from the file suffix, or :class:`InputError`."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            Problem("unknown report format", field="out", received=str(path), expected="a .html or .pdf file name")
        )
    return fmt


def write_report(data: ReportData, path: Path) -> Path:
    """Write the report to ``path`` as HTML or PDF (chosen by suffix) and return the path."""
    fmt = report_format(path)
    if not path.parent.exists():
        raise InputError(
            Problem("output folder does not exist", field="out", received=str(path),
                    expected="a path in an existing folder")
        )
    if fmt == "pdf":
        path.write_bytes(render_pdf(data))
    else:
        path.write_text(render_html(data), encoding="utf-8")
    return path
