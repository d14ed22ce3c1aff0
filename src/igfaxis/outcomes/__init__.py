"""Outcomes beyond IGF-1: exposure-response models fitted to published trials, findings, and what is unsupported.

    from igfaxis.outcomes import AgentCourse, OutcomePerson, forecast_outcomes
    block = forecast_outcomes(igf1_daily_ng_ml, courses=[AgentCourse("tesamorelin", 2.0, 1.0, 0, 182)],
                              person=OutcomePerson(50, Sex.male, hiv_lipodystrophy=True))
    block.as_dict()   # {"models": {name: {value, ci90, unit, source, extrapolated, ...}}, "findings": [...],
                      #  "goals": {...}, "not_supported": [...], ...}

Models (one module each): ``vat`` (tesamorelin), ``body_composition`` (MK-677 fat-free mass and weight),
``glucose`` (MK-677 and tesamorelin fasting glucose, ADA warnings), ``mortality`` (observational U-curve over the
trajectory, always marked extrapolated). ``findings`` holds reported results that are not forecasts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from igfaxis.outcomes import body_composition as body_composition
from igfaxis.outcomes import glucose as glucose
from igfaxis.outcomes import mortality as mortality
from igfaxis.outcomes import vat as vat
from igfaxis.outcomes.adapters import courses_from_protocol
from igfaxis.outcomes.base import (
    GOALS,
    AgentCourse,
    Goal,
    OutcomeInputs,
    OutcomePerson,
    OutcomeResult,
    glucose_mg_dl_to_mmol_l,
    registry,
)
from igfaxis.outcomes.findings import Finding, findings_for, goal_support
from igfaxis.outcomes.mortality import HazardFn, OutcomeUnavailable

__all__ = [
    "GOALS",
    "AgentCourse",
    "Finding",
    "OutcomePerson",
    "OutcomeResult",
    "OutcomesBlock",
    "courses_from_protocol",
    "forecast_outcomes",
    "glucose_mg_dl_to_mmol_l",
    "registry",
]


_ORDER = ("vat", "fat_free_mass", "body_weight", "fasting_glucose", "mortality_hazard")


@dataclass(frozen=True)
class OutcomesBlock:
    """Everything the outcome layer says about one protocol for one person over one simulated trajectory."""

    n_days: int
    baseline_ng_ml: float
    results: tuple[OutcomeResult, ...]
    findings: tuple[Finding, ...]
    goals: Mapping[Goal, Mapping[str, object]]
    not_supported: tuple[Goal, ...]
    unavailable: Mapping[str, str] = field(default_factory=dict)

    def result(self, model: str) -> OutcomeResult:
        for r in self.results:
            if r.model == model:
                return r
        raise KeyError(model)

    def as_dict(self, *, include_series: bool = False) -> dict[str, object]:
        """JSON-ready: ``models`` (name -> value, ci90, unit, source, extrapolated, ...), ``findings``,
        ``goals``, ``not_supported`` (goals with no trial evidence for this protocol), ``unavailable``."""
        return {
            "n_days": self.n_days,
            "baseline_igf1_ng_ml": round(self.baseline_ng_ml, 3),
            "value_is": "change from baseline on the last simulated day",
            "models": {r.model: r.as_dict(include_series=include_series) for r in self.results},
            "findings": [f.as_dict() for f in self.findings],
            "goals": {g: dict(v) for g, v in self.goals.items()},
            "not_supported": list(self.not_supported),
            "unavailable": dict(self.unavailable),
        }


def forecast_outcomes(igf1_ng_ml: ArrayLike, *, courses: Iterable[AgentCourse], person: OutcomePerson,
                      models: Sequence[str] | None = None, hazard_fn: HazardFn | None = None,
                      baseline_ng_ml: float | None = None) -> OutcomesBlock:
    """Forecast every applicable outcome for a daily IGF-1 trajectory (ng/mL, index 0 = untreated baseline).

    ``models`` restricts to some registered model names; ``hazard_fn`` replaces the evidence layer's mortality
    curve (``hazard_fn(igf1, *, age_years, sex) -> (estimate, low, high)``). ``baseline_ng_ml`` is the untreated
    IGF-1 (default: the trajectory's day 0). A model that cannot run (e.g. the mortality curve is not installed)
    is listed under ``unavailable`` with the reason.
    """
    inputs = OutcomeInputs(np.asarray(igf1_ng_ml, dtype=float), tuple(courses), person, baseline_ng_ml)
    wanted = set(models) if models is not None else None
    results: list[OutcomeResult] = []
    unavailable: dict[str, str] = {}
    for name, model in registry().items():
        if wanted is not None and name not in wanted:
            continue
        if not model.applies(inputs):
            continue
        try:
            if name == "mortality_hazard":
                results.append(mortality.forecast_mortality(inputs, hazard_fn=hazard_fn))
            else:
                results.append(model.forecast(inputs))
        except OutcomeUnavailable as exc:
            unavailable[name] = str(exc)
    results.sort(key=lambda r: _ORDER.index(r.model) if r.model in _ORDER else len(_ORDER))
    agents = inputs.agents()
    goals = goal_support(agents)
    not_supported = tuple(g for g in GOALS if goals[g]["support"] == "none")
    return OutcomesBlock(inputs.n_days, inputs.baseline, tuple(results), findings_for(agents), goals, not_supported,
                         unavailable)
