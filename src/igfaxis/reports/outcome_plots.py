"""Figures for outcome forecasts: the IGF-1 trajectory over its zones, and each outcome over time with its band.

Returns matplotlib Figures (Agg canvas, no pyplot) and never writes files; embed them with
:func:`igfaxis.reports.plots.figure_to_svg` / ``figure_to_png`` or save with ``fig.savefig``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from igfaxis.evidence.zones import ZONES, Zone
from igfaxis.outcomes import OutcomesBlock
from igfaxis.outcomes.base import OutcomeResult

INK = "#1f2a44"
LINE = "#1f4e79"
BAND = "#c9d6e8"
EXTRAPOLATED = "#b5651d"
ZONE_FILLS = {"red": "#f6d5d1", "yellow": "#fbf0c9", "green": "#d3ecd9"}


def _figure(width_in: float, height_in: float) -> Figure:
    fig = Figure(figsize=(width_in, height_in), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def igf1_zones_figure(igf1_ng_ml: ArrayLike, *, zones: Sequence[Zone] = ZONES, title: str | None = None,
                      width_in: float = 7.6, height_in: float = 3.4) -> Figure:
    """Daily IGF-1 (ng/mL) against the IGF-1 zones (``igfaxis.evidence.zones``)."""
    igf = np.asarray(igf1_ng_ml, dtype=float)
    days = np.arange(igf.size)
    fig = _figure(width_in, height_in)
    ax = fig.add_subplot()
    top = max(float(igf.max()) * 1.15, 220.0)
    for z in zones:
        lo = 0.0 if z.low is None else z.low
        hi = top if z.high is None else z.high
        ax.axhspan(lo, hi, color=ZONE_FILLS.get(z.colour, "#eeeeee"), zorder=0, linewidth=0)
        ax.text(days[-1], (lo + min(hi, top)) / 2.0, f" {z.label}", va="center", ha="left", fontsize=7,
                color="#555555", clip_on=False)
    ax.plot(days, igf, color=LINE, linewidth=1.8, label="IGF-1 (simulated)")
    ax.set_xlim(0, max(days[-1], 1))
    ax.set_ylim(0, top)
    ax.set_xlabel("day")
    ax.set_ylabel("IGF-1 (ng/mL)")
    ax.set_title(title or "IGF-1 over the protocol, with zones", fontsize=10, color=INK)
    return fig


def outcome_figure(result: OutcomeResult, *, width_in: float = 7.6, height_in: float = 3.0) -> Figure:
    """One outcome's daily forecast with its 90 % band; extrapolated forecasts are drawn dashed and say so."""
    fig = _figure(width_in, height_in)
    ax = fig.add_subplot()
    colour = EXTRAPOLATED if result.extrapolated else LINE
    ax.fill_between(result.days, result.series_low, result.series_high, color=BAND, linewidth=0,
                    label="90 % band (mean effect)")
    ax.plot(result.days, result.series, color=colour, linewidth=1.8,
            linestyle="--" if result.extrapolated else "-", label="forecast")
    ax.axhline(0.0, color="#888888", linewidth=0.8)
    ax.set_xlabel("day")
    ax.set_ylabel(result.unit if len(result.unit) < 40 else result.unit.split(" (")[0], fontsize=8)
    title = result.label + (" — extrapolated" if result.extrapolated else "")
    ax.set_title(title, fontsize=10, color=INK)
    ax.legend(loc="best", fontsize=7, frameon=False)
    return fig


def outcome_figures(block: OutcomesBlock, igf1_ng_ml: ArrayLike | None = None) -> list[Figure]:
    """IGF-1 with zones (when the trajectory is given), then one figure per outcome model in ``block``."""
    figs: list[Figure] = []
    if igf1_ng_ml is not None:
        figs.append(igf1_zones_figure(igf1_ng_ml))
    figs.extend(outcome_figure(r) for r in block.results)
    return figs
