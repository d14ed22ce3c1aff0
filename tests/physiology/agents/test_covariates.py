"""Which per-person covariate could explain healthy men vs HIV patients on tesamorelin (issue 4, KNOWN_MISMATCH).

Published: healthy men +181 ng/mL (~+120 %, Stanley 2011) vs +48/+65 % over placebo in HIV patients with abdominal
fat (Falutz 2005). These tests pin the model property the account in ``docs/agents.md`` rests on: both candidate
covariates of the HIV cohort lower the *relative* IGF-1 rise to a GHRH analogue, blunted GH secretion (visceral
adiposity, HIV lipodystrophy) and a smaller GH-driven share of hepatic IGF-1 production (hepatic GH resistance).
Equal IGF-1 baselines, one agent parameter set. (With axis 1.2's hepatic threshold, 1 ng/mL, blunted secretion went
the other way: the switch-like drive then sat on its steep part; docs/model.md, 'Axis 1.2.1'.)
"""

from __future__ import annotations

import numpy as np
import pytest

from igfaxis.physiology.agents import AGENTS
from igfaxis.physiology.population import Patients
from igfaxis.physiology.protocol import drug_input
from igfaxis.physiology.simulate import person, simulate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pct_rise() -> np.ndarray:
    """IGF-1 % change after 4 weeks of tesamorelin 2 mg SC at 22:00, men 45 y 80 kg: typical, GH secretion
    (somatotroph output gh_amp) x 0.5 (HIV lipodystrophy: mean overnight GH 0.38 vs 0.81 ug/L in matched controls,
    Rietschel P et al. J Clin Endocrinol Metab 2001;86:504), GH-driven hepatic IGF-1 production (igf_emax) x 0.5."""
    w = 80.0
    one = person(age_years=45, sex="male", weight_kg=w)
    pts = Patients.concat([one, one, one])
    pts = pts.with_params(gh_amp=pts.params["gh_amp"] * np.array([1.0, 0.5, 1.0]),
                          igf_emax=pts.params["igf_emax"] * np.array([1.0, 1.0, 0.5]))
    times = [24.0 * d + 22.0 for d in range(28)]
    dose = drug_input(AGENTS["tesamorelin"], "sc", weight_kg=w, times_h=times, amounts_ug=[2000.0] * len(times))
    tr = simulate(pts, days=29, drugs=[dose])
    return np.asarray(100.0 * (tr.igf1_ng_ml[28] / tr.igf1_ng_ml[0] - 1.0))


def test_blunted_gh_secretion_lowers_the_relative_igf1_response(pct_rise: np.ndarray) -> None:
    typical, blunted, _ = pct_rise
    assert typical > 10.0
    # measured: 12 points lower at axis 1.2.3, 5.1 at 1.2.4, 2.3 at 1.2.5 (a larger GH synthesis gain and releasable
    # pool lift a blunted somatotroph's output in proportion; docs/agents.md). The claim is the direction; 2 points
    # keeps it clear of the pulse-timing sensitivity of treated runs (docs/model.md, "Sensitive pulse timing").
    assert blunted < typical - 2.0


def test_hepatic_gh_resistance_lowers_the_relative_igf1_response(pct_rise: np.ndarray) -> None:
    typical, _, resistant = pct_rise
    assert resistant < typical - 5.0
