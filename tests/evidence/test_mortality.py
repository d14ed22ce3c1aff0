"""Mortality curve sanity: U-shape, minimum near the 120-160 ng/mL band, band contains the estimate, anchors met."""

from __future__ import annotations

import numpy as np
import pytest

from igfaxis.evidence import mortality
from igfaxis.evidence.lms import centile


def test_u_shape_and_reference() -> None:
    z = np.linspace(-3, 3, 121)
    est, lo, hi = mortality.hazard_ratio_sds(z)
    assert est[np.argmin(np.abs(z))] == pytest.approx(1.0)
    i = int(np.argmin(est))
    assert 0 < i < len(z) - 1
    assert np.all(np.diff(est[: i + 1]) < 0) and np.all(np.diff(est[i:]) > 0)
    assert np.all(lo <= est + 1e-12) and np.all(est <= hi + 1e-12)
    assert est[0] > 1.5 and est[-1] > 1.3


@pytest.mark.parametrize(("age", "sex"), [(40, "male"), (45, "male"), (50, "male"), (55, "male"), (40, "female")])
def test_minimum_lies_in_the_optimal_band(age: float, sex: str) -> None:
    x = np.linspace(40, 400, 3601)
    est, _, _ = mortality.hazard_ratio(x, age_years=age, sex=sex)
    nadir = x[np.argmin(est)]
    assert 120 <= nadir <= 160


def test_vectorised_over_values_and_ages() -> None:
    est, lo, hi = mortality.hazard_ratio(np.array([80.0, 150.0, 250.0]), age_years=np.array([30.0, 50.0, 70.0]),
                                         sex="female")
    assert est.shape == lo.shape == hi.shape == (3,)
    single = mortality.hazard_ratio(250.0, age_years=70.0, sex="female")[0]
    assert float(single) == pytest.approx(est[2])
    # age-sex median has HR 1 and a zero-width band (it is the reference)
    m = float(centile(0.0, age_years=60, sex="male"))
    e, lo1, hi1 = (float(v) for v in mortality.hazard_ratio(m, age_years=60, sex="male"))
    assert e == pytest.approx(1.0) and lo1 == pytest.approx(1.0) and hi1 == pytest.approx(1.0)


@pytest.mark.parametrize("anchor", mortality.anchors(), ids=lambda a: f"{a.spec.study}-{a.spec.low_or_level}")
def test_reproduces_anchor_hazard_ratios_within_their_ci(anchor: mortality.Anchor) -> None:
    est, _, _ = mortality.fit().predict_anchor(anchor.spec)
    assert anchor.ci[0] <= est <= anchor.ci[1]


def test_fit_diagnostics_and_labels() -> None:
    f = mortality.fit()
    assert f.coef.shape == (2,) and np.all(f.coef > 0)  # risk rises on both sides of the knot
    assert f.tau2 >= 0 and f.df == 2
    assert "not a measurement" in mortality.MODEL_LABEL
    for p in mortality.SHAPE.values():
        assert p.assumption and p.note and p.source


def test_extrapolation_flag() -> None:
    assert not mortality.is_extrapolated(1.5)
    assert mortality.is_extrapolated(-2.5)


def test_the_knot_is_the_documented_least_heterogeneous_point_of_its_grid() -> None:
    """docs/evidence.md's knot profile (Q at -0.25 / 0 / 0.25 / 0.5 SDS: 8.06 / 6.87 / 6.51 / 7.08) is what the fit
    gives, and the committed knot is its minimum."""
    q = {k: mortality.fit(mortality.SHAPE.replace(knot_sds=k)).q for k in (-0.25, 0.0, 0.25, 0.5)}
    assert [round(v, 2) for v in q.values()] == [8.06, 6.87, 6.51, 7.08]
    assert min(q, key=q.__getitem__) == mortality.SHAPE.value("knot_sds")
