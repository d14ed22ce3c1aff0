"""Exogenous GH (the research tool compound somatropin) on the axis, and Surya 2009's two delivery patterns.

Surya 2009 gave the same daily IV GH dose for 3 days continuously or as four boluses: IGF-1 211 -> 423 and 309 ug/L
(mean +/- SE 31, 38, 34; n = 9). The model reads the pattern the published way (continuous more than boluses) but
far too strongly; the published values are strict expected failures with the measured reason (docs/model.md,
"Exogenous GH in two patterns").
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from igfaxis.physiology.calibration import gh_delivery_pattern
from igfaxis.physiology.calibration_cases import SURYA_IGF1, ratio_tolerance
from igfaxis.physiology.simulate import person, simulate
from igfaxis.physiology.tool_compounds import SOMATROPIN, somatropin_iv

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pattern() -> dict[str, float]:
    return gh_delivery_pattern()


def test_somatropin_pk_is_the_labels() -> None:
    d = somatropin_iv(weight_kg=80.0, times_h=[1.0], amounts_ug=[100.0])
    assert math.log(2.0) / d.ke_per_h * 60.0 == pytest.approx(20.1, abs=0.1)  # 21.1 +/- 1.7 min measured
    assert d.volume_l == pytest.approx(SOMATROPIN.value("volume") * 80.0 * 1e-3)
    # the stream's drive is its concentration: 100 ug in 5.4 L is 18.5 ng/mL, read to within 0.02 %
    c = 100.0 / d.volume_l
    assert d.emax * c / (d.ec50_ng_ml + c) == pytest.approx(c, rel=2e-4)


def test_infused_gh_raises_igf1_and_suppresses_own_secretion() -> None:
    """A day of continuous IV GH (1 mg) in a 40-year-old man: IGF-1 rises, and his own GH falls through the GH ->
    somatostatin feedback (the ``gh`` observable is endogenous GH; the infusion is not in it)."""
    w = 80.0
    infusion = somatropin_iv(weight_kg=w, times_h=[24.0 + k / 60.0 for k in range(1440)],
                             amounts_ug=[1000.0 / 1440] * 1440)
    base = person(age_years=40, sex="male", weight_kg=w)
    off = simulate(base, days=3)
    on = simulate(base, days=3, drugs=[infusion])
    assert on.igf1_ng_ml[2, 0] > 1.2 * off.igf1_ng_ml[2, 0]
    assert on.gh_ug_l[1, 0] < 0.8 * off.gh_ug_l[1, 0]
    np.testing.assert_allclose(on.igf1_ng_ml[0], off.igf1_ng_ml[0], rtol=1e-6)  # nothing before the infusion


def test_continuous_gh_raises_igf1_more_than_boluses(pattern: dict[str, float]) -> None:
    """The published direction: the same daily dose given continuously raises IGF-1 more than as boluses."""
    assert pattern["continuous_over_pulsatile"] > 1.0
    assert pattern["continuous_over_basal"] > pattern["pulsatile_over_basal"] > 1.0


SURYA_ROWS = {
    "continuous_over_basal": ("continuous", "basal"),
    "pulsatile_over_basal": ("pulsatile", "basal"),
    "continuous_over_pulsatile": ("continuous", "pulsatile"),
}
TOO_STRONG = ("the switch-like hepatic drive H_3(GH/1.75 ng/mL), anchored to a low untreated drive, lets IGF-1 rise "
              "9- to 14-fold at saturation (40-y man / woman at 211 ng/mL); sustained GH near 3.3 ng/mL for 3 days "
              "gives x8.6 (continuous) and x2.9 "
              "(boluses), and a higher threshold makes it worse (2.5 ng/mL: x12.6 / x4.2); docs/model.md, "
              "'Exogenous GH in two patterns'")


@pytest.mark.xfail(strict=True, reason=TOO_STRONG)
@pytest.mark.parametrize("observable", list(SURYA_ROWS))
def test_surya_ratios_within_tolerance(pattern: dict[str, float], observable: str) -> None:
    num, den = SURYA_ROWS[observable]
    published, tolerance = ratio_tolerance(SURYA_IGF1[num], SURYA_IGF1[den])
    assert pattern[observable] == pytest.approx(published, abs=tolerance)
