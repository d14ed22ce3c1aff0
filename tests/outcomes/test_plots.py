"""Outcome figures: one IGF-1-with-zones figure plus one per model; nothing written to disk."""

from __future__ import annotations

import io

from matplotlib.figure import Figure

from igfaxis.outcomes import AgentCourse, OutcomePerson, forecast_outcomes
from igfaxis.reports.outcome_plots import outcome_figures

from .helpers import fake_hazard, trajectory


def test_outcome_figures(hiv_man: OutcomePerson) -> None:
    igf = trajectory(130.0, 0.86, 200, stop_day=120)
    block = forecast_outcomes(igf, courses=[AgentCourse("tesamorelin", 2.0, 1.0, 0, 120)], person=hiv_man,
                              hazard_fn=fake_hazard)
    figs = outcome_figures(block, igf)
    assert len(figs) == 1 + len(block.results)
    assert all(isinstance(f, Figure) for f in figs)
    buf = io.BytesIO()
    figs[1].savefig(buf, format="png")
    assert buf.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Visceral" in figs[1].axes[0].get_title()
