"""Outcomes for one simulated person: the glue the ``simulate`` CLI (and planning) call.

Takes the daily IGF-1 of a simulation, its untreated baseline, the protocol file and the person's covariates, and
returns the :class:`~igfaxis.outcomes.OutcomesBlock`. The protocol is re-read with the physiology layer's parser
(imported lazily: no JAX at import time).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike

from igfaxis.labs.models import Sex
from igfaxis.outcomes import OutcomesBlock, forecast_outcomes
from igfaxis.outcomes.adapters import courses_from_protocol
from igfaxis.outcomes.base import AgentCourse, OutcomePerson


def outcomes_for_simulation(igf1_ng_ml: ArrayLike, *, baseline_ng_ml: float, protocol: Path | None,
                            allow_off_label: bool, age_years: float, sex: str | Sex, weight_kg: float | None,
                            fasting_glucose_mmol_l: float | None = None, hba1c_percent: float | None = None,
                            hiv_lipodystrophy: bool = False) -> OutcomesBlock:
    """The outcome block for a simulated trajectory (``igf1_ng_ml`` daily, day 0 = first simulated day)."""
    igf = np.asarray(igf1_ng_ml, dtype=float)
    courses: tuple[AgentCourse, ...] = ()
    if protocol is not None:
        from igfaxis.physiology.protocol import load_protocol

        proto = load_protocol(protocol, allow_off_label=allow_off_label)
        courses = courses_from_protocol(proto, weight_kg=weight_kg, days=int(igf.size))
    person = OutcomePerson(age_years=age_years, sex=sex if isinstance(sex, Sex) else Sex.parse(sex),
                           weight_kg=weight_kg, fasting_glucose_mmol_l=fasting_glucose_mmol_l,
                           hba1c_percent=hba1c_percent, hiv_lipodystrophy=hiv_lipodystrophy)
    return forecast_outcomes(igf, courses=courses, person=person, baseline_ng_ml=baseline_ng_ml)
