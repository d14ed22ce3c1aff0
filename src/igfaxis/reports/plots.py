"""Figure builders for IGF-1 histories. They return matplotlib Figures (Agg canvas) and never write files.

The web dashboard and the reports share them: build a figure with :func:`igf1_history_figure` (primitives) or
:func:`history_figure` (a :class:`~igfaxis.reports.data.ReportData`), then embed it with :func:`figure_to_svg`
or :func:`figure_to_png`. Concentrations are ng/mL. No pyplot: figures are independent objects, safe to build
in a web server's threads.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import matplotlib
import matplotlib.dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from igfaxis.evidence.zones import OPTIMAL_BAND_NG_ML
from igfaxis.reports.data import ForecastSeries, ProtocolPeriod, ReferenceCurves, padded_span

if TYPE_CHECKING:
    from igfaxis.reports.data import ReportData

# A restrained clinical palette (colour-blind safe pairs; prints legibly in greyscale).
INK = "#1f2a44"
POINT = "#1f4e79"
REFERENCE_FILL = "#d9dee7"
REFERENCE_LINE = "#6b7a90"
OPTIMAL_FILL = "#cfe8d5"
OPTIMAL_EDGE = "#4f9a65"
PROTOCOL_FILLS = ("#fbe3c6", "#e6d9f2", "#d5ecf2")
FORECAST_COLOURS = ("#1f4e79", "#c0392b", "#7d5ba6", "#d98c00", "#2e8b57")


def _x(dates: Sequence[dt.date]) -> list[float]:
    """Dates as matplotlib date numbers (days since matplotlib's epoch)."""
    return [float(v) for v in mdates.date2num(list(dates))]  # type: ignore[no-untyped-call]


def _style_axes(ax: Any, x0: dt.date, x1: dt.date, top: float) -> None:
    """Shared look: x-range and concise date ticks, y from 0 with headroom, light grid, no top/right spines."""
    ax.set_xlim(*_x([x0, x1]))
    ax.set_ylim(0, top * 1.12)
    ax.set_ylabel("IGF-1 (ng/mL)", color=INK, fontsize=9)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    style_axes(ax)


def style_axes(ax: Any) -> None:
    """The house look of every igfaxis chart: small ink ticks, a light y grid, no top/right spines."""
    ax.tick_params(labelsize=8, colors=INK)
    ax.grid(axis="y", color="#e5e8ee", lw=0.6, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#9aa3b2")


def igf1_history_figure(
    dates: Sequence[dt.date],
    values_ng_ml: Sequence[float],
    *,
    low_ng_ml: Sequence[float] | None = None,
    high_ng_ml: Sequence[float] | None = None,
    reference: ReferenceCurves | None = None,
    optimal_band: tuple[float, float] | None = OPTIMAL_BAND_NG_ML,
    protocols: Sequence[ProtocolPeriod] = (),
    title: str | None = None,
    width_in: float = 7.6,
    height_in: float = 3.7,
) -> Figure:
    """IGF-1 over time: points with 95 % measurement-error bars, the optimal band, reference percentiles
    (2.5th–97.5th shaded, median dashed) and protocol periods shaded.

    ``low_ng_ml``/``high_ng_ml`` are the lower/upper ends of each error bar in ng/mL (absolute, not offsets).
    """
    if len(dates) != len(values_ng_ml):
        raise ValueError("dates and values must have the same length")
    if (low_ng_ml is None) != (high_ng_ml is None):
        raise ValueError("give both low_ng_ml and high_ng_ml, or neither")

    fig = Figure(figsize=(width_in, height_in), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()

    period_dates = [p.start for p in protocols] + [p.end for p in protocols if p.end is not None]
    x0, x1 = padded_span([*dates, *period_dates] or [dt.date.today()])
    if reference is not None and reference.dates:
        x0, x1 = min(x0, reference.dates[0]), max(x1, reference.dates[-1])

    top = max([*values_ng_ml, *(high_ng_ml or []), *(optimal_band or (0.0, 0.0))], default=200.0)
    if reference is not None and reference.p97_5:
        top = max(top, *reference.p97_5)

    for i, period in enumerate(protocols):
        end = period.end or x1
        ax.axvspan(
            *_x([period.start, end]),
            color=PROTOCOL_FILLS[i % len(PROTOCOL_FILLS)], alpha=0.75, lw=0, zorder=0,
        )
        ax.text(
            _x([period.start])[0], 0.985, f" {period.name}", transform=ax.get_xaxis_transform(),
            va="top", ha="left", fontsize=7.5, color=INK, clip_on=True, zorder=5,
        )

    if reference is not None and reference.dates:
        xr = _x(reference.dates)
        ax.fill_between(xr, reference.p2_5, reference.p97_5, color=REFERENCE_FILL, alpha=0.7, lw=0, zorder=1,
                        label="Reference 2.5th–97.5th percentile (age, sex)")
        ax.plot(xr, reference.p50, ls="--", lw=1.0, color=REFERENCE_LINE, zorder=2,
                label="Reference median (age, sex)")

    if optimal_band is not None:
        lo, hi = optimal_band
        ax.axhspan(lo, hi, color=OPTIMAL_FILL, alpha=0.75, lw=0, zorder=1.5,
                   label=f"Lowest-mortality range {lo:g}–{hi:g} ng/mL")
        for y in (lo, hi):
            ax.axhline(y, color=OPTIMAL_EDGE, lw=0.6, zorder=1.6)

    if len(dates):
        xd = _x(dates)
        ax.plot(xd, values_ng_ml, color=POINT, lw=1.0, alpha=0.6, zorder=3)
        if low_ng_ml is not None and high_ng_ml is not None:
            yerr = [
                [v - lo for v, lo in zip(values_ng_ml, low_ng_ml, strict=True)],
                [hi - v for v, hi in zip(values_ng_ml, high_ng_ml, strict=True)],
            ]
            ax.errorbar(xd, values_ng_ml, yerr=yerr, fmt="none", ecolor=POINT, elinewidth=1.0, capsize=3,
                        zorder=4, label="95 % measurement range (analytical + within-person)")
        ax.plot(xd, values_ng_ml, "o", ms=5.5, color=POINT, mec="white", mew=0.8, zorder=5, label="IGF-1 result")

    _style_axes(ax, x0, x1, top)
    if title:
        ax.set_title(title, fontsize=10, color=INK, loc="left")
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncols=2, fontsize=7.5, frameon=False)
    return fig


def history_figure(data: ReportData, *, title: str | None = None, width_in: float = 7.6,
                   height_in: float = 3.7) -> Figure:
    """The IGF-1 history chart for a report (see :func:`igf1_history_figure`)."""
    rows = data.rows
    return igf1_history_figure(
        [r.date for r in rows],
        [r.value_ng_ml for r in rows],
        low_ng_ml=[r.low_ng_ml for r in rows],
        high_ng_ml=[r.high_ng_ml for r in rows],
        reference=data.reference,
        optimal_band=(data.optimal_low.value, data.optimal_high.value),
        protocols=data.protocols,
        title=title,
        width_in=width_in,
        height_in=height_in,
    )


def forecast_figure(
    forecasts: Sequence[ForecastSeries],
    *,
    history_dates: Sequence[dt.date] = (),
    history_ng_ml: Sequence[float] = (),
    optimal_band: tuple[float, float] | None = OPTIMAL_BAND_NG_ML,
    width_in: float = 7.6,
    height_in: float = 3.0,
) -> Figure:
    """Forecast IGF-1 (ng/mL) of each plan candidate after the measured history (dots): a time series as a line
    with its band shaded, a point forecast (one date, the retest) as a marker with its interval bar, side by side.
    The recommended candidate is drawn larger."""
    fig = Figure(figsize=(width_in, height_in), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    all_dates = [*history_dates, *(d for f in forecasts for d in f.dates)]
    x0, x1 = padded_span(all_dates or [dt.date.today()])
    top = max([*history_ng_ml, *(v for f in forecasts for v in (f.high_ng_ml or f.igf1_ng_ml)),
               *(optimal_band or (0.0, 0.0))], default=200.0)
    if optimal_band is not None:
        lo, hi = optimal_band
        ax.axhspan(lo, hi, color=OPTIMAL_FILL, alpha=0.75, lw=0, zorder=1, label=f"{lo:g}–{hi:g} ng/mL")
    if history_dates:
        ax.plot(_x(history_dates), history_ng_ml, "o", ms=5, color=INK, mec="white", mew=0.8, zorder=5,
                label="Measured")
    spread = max(2.0, (x1 - x0).days * 0.012)  # days between side-by-side point forecasts
    for i, f in enumerate(forecasts):
        colour = FORECAST_COLOURS[i % len(FORECAST_COLOURS)]
        label = f"{f.name} (recommended)" if f.recommended else f.name
        xf = _x(f.dates)
        if len(f.dates) == 1:  # a point forecast at the retest date: marker and interval bar, side by side
            xp = xf[0] + (i - (len(forecasts) - 1) / 2) * spread
            yerr = None
            if f.low_ng_ml is not None and f.high_ng_ml is not None:
                yerr = [[f.igf1_ng_ml[0] - f.low_ng_ml[0]], [f.high_ng_ml[0] - f.igf1_ng_ml[0]]]
            ax.errorbar([xp], f.igf1_ng_ml, yerr=yerr, fmt="D" if f.recommended else "s", ms=7 if f.recommended else 5,
                        color=colour, ecolor=colour, elinewidth=2.0 if f.recommended else 1.2, capsize=3, zorder=4,
                        label=label)
            continue
        if f.low_ng_ml is not None and f.high_ng_ml is not None:
            ax.fill_between(xf, f.low_ng_ml, f.high_ng_ml, color=colour, alpha=0.15, lw=0, zorder=2)
        ax.plot(xf, f.igf1_ng_ml, color=colour, lw=2.2 if f.recommended else 1.2, zorder=3, label=label)
    _style_axes(ax, x0, x1, top)
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=7.5, frameon=False)
    return fig


#: Horizontal limit of the validation chart, in tolerances; farther cases are drawn at the edge with their value.
VALIDATION_CLIP = 5.0
LIMIT_GREY = "#8a8f99"  # a failing case whose reason is documented
FAIL_RED = "#c0392b"  # a failing case without one


def _row_text(case: Mapping[str, Any]) -> str:
    """"row 12", "agents.csv:5" or "lit." for a case dict (``row_label`` when present)."""
    label = str(case.get("row_label") or (case["row"] if case.get("row") else "lit."))
    return f"row {label}" if label.isdigit() else label


def validation_figure(cases: Sequence[dict[str, Any]], *, title: str = "Published trial outcomes vs the model",
                      width_in: float = 7.6) -> Figure:
    """Each case's miss in units of its tolerance, ``(simulated - published) / tolerance``, against the ±1 band.

    ``cases`` are ``igfaxis validate --json`` case dicts (``case``, ``row``, ``role``, ``published``, ``simulated``,
    ``tolerance``, ``unit``, ``pass``, ``known_mismatch``; optional ``table`` and ``row_label``). Filled markers
    pass; open ones fail (red, or grey where the failure is a documented model limit). Calibration cases first,
    then validation, each in row order (row None, an outcome from beyond the reference tables, labelled "lit.",
    last; rows of another reference table, such as "agents.csv:5", after the trials rows).
    """
    order = sorted(cases, key=lambda c: (c["role"] != "calibration", c["row"] is None,
                                        c.get("table", "trials_calibration.csv") != "trials_calibration.csv",
                                        c["row"] or 0))
    n = len(order)
    fig = Figure(figsize=(width_in, 0.9 + 0.27 * max(n, 1)), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.axvspan(-1.0, 1.0, color=OPTIMAL_FILL, zorder=1, label="within tolerance")
    ax.axvline(0.0, color=OPTIMAL_EDGE, lw=0.8, zorder=2)
    for i, c in enumerate(order):
        y = n - 1 - i
        z = (c["simulated"] - c["published"]) / c["tolerance"]
        clipped = max(-VALIDATION_CLIP, min(VALIDATION_CLIP, z))
        colour = POINT if c["pass"] else (LIMIT_GREY if c.get("known_mismatch") else FAIL_RED)
        ax.plot([clipped], [y], "o", ms=6, zorder=4, color=colour,
                markerfacecolor=colour if c["pass"] else "white", markeredgewidth=1.4)
        ax.text(VALIDATION_CLIP + 0.25, y, f"{c['published']:.3g} → {c['simulated']:.3g} {c['unit']}", va="center",
                fontsize=6.8, color=INK, clip_on=False)
        if clipped != z:
            ax.annotate("", xy=(clipped, y), xytext=(clipped - 0.5 * (1 if z > 0 else -1), y), zorder=3,
                        arrowprops={"arrowstyle": "->", "color": colour, "lw": 1.0})
    n_cal = sum(c["role"] == "calibration" for c in order)
    if 0 < n_cal < n:
        ax.axhline(n - n_cal - 0.5, color="#9aa3b2", lw=0.6, ls="--", zorder=2)
    ax.set_yticks(range(n), [f"{c['case']} ({c['role'][:3]}., {_row_text(c)})" for c in reversed(order)], fontsize=7)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlim(-VALIDATION_CLIP - 0.3, VALIDATION_CLIP + 0.3)
    ax.set_xlabel("(simulated − published) / tolerance", fontsize=8, color=INK)
    style_axes(ax)
    ax.grid(axis="x", color="#e5e8ee", lw=0.6, zorder=0)
    ax.grid(axis="y", visible=False)
    passed = sum(bool(c["pass"]) for c in order)
    ax.set_title(f"{title}: {passed} of {n} within tolerance", fontsize=9, color=INK, loc="left")
    for style, label in ((("o", POINT, POINT), "pass"), (("o", LIMIT_GREY, "white"), "fails: documented model limit"),
                         (("o", FAIL_RED, "white"), "fails")):
        ax.plot([], [], style[0], color=style[1], markerfacecolor=style[2], label=label)
    fig.legend(loc="outside lower center", ncols=4, fontsize=7.5, frameon=False)
    return fig


def figure_to_svg(fig: Figure) -> str:
    """The figure as a standalone SVG document (text drawn as paths: no fonts needed to view it)."""
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "igfaxis"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


def figure_to_png(fig: Figure, *, dpi: int = 150) -> bytes:
    """The figure as PNG bytes at ``dpi``."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()
