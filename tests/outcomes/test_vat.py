"""VAT model: the stored fit reproduces the tesamorelin trials; regain after stopping; population envelope."""

from __future__ import annotations

import numpy as np
import pytest

from igfaxis.labs.models import Sex
from igfaxis.outcomes import AgentCourse, OutcomePerson, forecast_outcomes, vat

from .helpers import trajectory


def test_refit_reproduces_stored_parameters() -> None:
    fit = vat.fit_vat()
    stored = np.array([vat.PARAMS.value(n) for n in fit.names])
    np.testing.assert_allclose(fit.params, stored, rtol=1e-3)
    np.testing.assert_allclose(fit.cov, np.array(vat.COV), rtol=1e-2, atol=1e-9)


@pytest.mark.parametrize("target", vat.TARGETS, ids=lambda t: t.name)
def test_stored_model_meets_each_trial_number_within_its_uncertainty(target: vat.Target) -> None:
    low, high = target.ci95()
    assert low <= vat.predict_target(target) <= high


def test_nejm_2007_placebo_adjusted_effect_about_minus_18_percent() -> None:
    nejm = next(t for t in vat.TARGETS if t.name == "falutz2007_2mg_wk26")
    assert -20.2 - 1.96 * nejm.se <= vat.predict_target(nejm) <= -15.0


def _tes_course(stop: int | None = 182, dose: float = 2.0) -> AgentCourse:
    return AgentCourse("tesamorelin", dose_mg=dose, every_days=1.0, start_day=0, stop_day=stop)


def test_vat_regains_after_stopping(hiv_man: OutcomePerson) -> None:
    igf = trajectory(130.0, 0.86, 365, stop_day=182)
    r = forecast_outcomes(igf, courses=[_tes_course(182)], person=hiv_man, models=["vat"]).result("vat")
    at_stop = r.series[182]
    assert at_stop < -12.0
    # Falutz 2008/2010: VAT reaccumulated after switching to placebo; most of the loss is back within 26 weeks.
    assert r.series[-1] > 0.25 * at_stop
    assert r.value == pytest.approx(r.series[-1])
    assert r.extra["nadir_day"] in range(170, 190)


def test_sustained_on_treatment_matches_52_week_extension(hiv_man: OutcomePerson) -> None:
    igf = trajectory(130.0, 0.86, 365)
    r = forecast_outcomes(igf, courses=[_tes_course(None)], person=hiv_man, models=["vat"]).result("vat")
    assert -17.5 - 1.96 * 3.42 <= r.value <= -17.5 + 1.96 * 3.42
    assert r.ci90[0] <= r.value <= r.ci90[1]
    assert not r.extrapolated, r.extrapolation_reasons


def test_larger_igf1_rise_gives_larger_loss(hiv_man: OutcomePerson) -> None:
    values = [forecast_outcomes(trajectory(130.0, rise, 120), courses=[_tes_course(None)], person=hiv_man,
                                models=["vat"]).result("vat").value for rise in (0.5, 0.7, 0.85)]
    assert values[0] > values[1] > values[2]


def test_outside_trial_population_is_flagged() -> None:
    person = OutcomePerson(age_years=70, sex=Sex.female)
    igf = trajectory(100.0, 1.5, 400)
    r = forecast_outcomes(igf, courses=[_tes_course(None, dose=4.0)], person=person, models=["vat"]).result("vat")
    assert r.extrapolated
    text = " ".join(r.extrapolation_reasons)
    for needle in ("HIV", "age 70", "4 mg/day", "399 days", "IGF-1 rise"):
        assert needle in text
