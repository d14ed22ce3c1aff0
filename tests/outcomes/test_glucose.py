"""Fasting glucose: MK-677 (Chapman 1996, Nass 2008) and tesamorelin (Stanley 2014, transient); ADA warnings."""

from __future__ import annotations

import numpy as np
import pytest

from igfaxis.labs.models import Sex
from igfaxis.outcomes import AgentCourse, OutcomePerson, forecast_outcomes, glucose_mg_dl_to_mmol_l
from igfaxis.outcomes import glucose as g
from igfaxis.outcomes._kinetics import exposure_series

from .helpers import trajectory

MK = AgentCourse("mk-677", dose_mg=25.0, every_days=1.0)
TES = AgentCourse("tesamorelin", dose_mg=2.0, every_days=1.0)


def test_refit_reproduces_stored_parameters() -> None:
    mk, tes = g.fit_glucose()
    for fit in (mk, tes):
        stored = np.array([g.PARAMS.value(n) for n in fit.names])
        np.testing.assert_allclose(fit.params, stored, rtol=1e-3)
    np.testing.assert_allclose(mk.cov, np.array(g.COV_MK), rtol=1e-2)
    np.testing.assert_allclose(tes.cov, np.array(g.COV_TES), rtol=1e-2)


@pytest.mark.parametrize("target", g.MK677_TARGETS + g.TESAMORELIN_TARGETS, ids=lambda t: t.name)
def test_stored_model_meets_each_trial_number(target: g.Target) -> None:
    p = g.PARAMS
    spec = ("mk677_s", "mk677_r", "mk677_ka") if target in g.MK677_TARGETS else ("tes_s", "tes_r", "tes_ka")
    pred = g._trial_predict(*(p.value(n) for n in spec), target)
    low, high = target.ci95()
    assert low <= pred <= high


def test_chapman_1996_four_weeks(older_woman: OutcomePerson) -> None:
    x = exposure_series(((0.0, 0.0), (14.0, 219 / 141 - 1), (28.0, 265 / 141 - 1)), 29)
    r = forecast_outcomes(141.0 * (1 + x), courses=[MK], person=older_woman,
                          models=["fasting_glucose"]).result("fasting_glucose")
    assert r.value == pytest.approx(1.4, abs=0.98)  # 5.4 -> 6.8 +/- 0.4 (SE)
    assert r.ci90[0] < r.value < r.ci90[1]


def test_tesamorelin_rise_is_transient(hiv_man: OutcomePerson) -> None:
    r = forecast_outcomes(trajectory(130.0, 0.81, 183), courses=[TES], person=hiv_man,
                          models=["fasting_glucose"]).result("fasting_glucose")
    assert r.series[14] == pytest.approx(glucose_mg_dl_to_mmol_l(7.0), abs=0.05)
    assert r.series[182] < 0.5 * r.series[14]
    assert abs(r.series[182]) < glucose_mg_dl_to_mmol_l(10.0)


def test_diabetes_warning_from_baseline_glucose() -> None:
    person = OutcomePerson(age_years=70, sex=Sex.male, fasting_glucose_mmol_l=6.0)
    r = forecast_outcomes(trajectory(100.0, 0.85, 60), courses=[MK], person=person,
                          models=["fasting_glucose"]).result("fasting_glucose")
    assert any("diabetes range" in w and "7 mmol/L" in w and "126 mg/dL" in w for w in r.warnings)


def test_prediabetes_warning_from_hba1c_only() -> None:
    person = OutcomePerson(age_years=70, sex=Sex.male, hba1c_percent=6.0)
    r = forecast_outcomes(trajectory(100.0, 0.5, 60), courses=[MK], person=person,
                          models=["fasting_glucose"]).result("fasting_glucose")
    assert any("prediabetes range (5.7-6.4 %" in w for w in r.warnings)


def test_no_baseline_means_no_threshold_check() -> None:
    person = OutcomePerson(age_years=70, sex=Sex.male)
    r = forecast_outcomes(trajectory(100.0, 0.5, 60), courses=[MK], person=person,
                          models=["fasting_glucose"]).result("fasting_glucose")
    assert r.warnings == ()
    assert "not done" in str(r.extra["threshold_check"])


def test_ada_thresholds_are_sourced_and_consistent() -> None:
    t = g.THRESHOLDS
    assert (t.value("fpg_prediabetes"), t.value("fpg_diabetes")) == (5.6, 7.0)
    assert (t.value("hba1c_prediabetes"), t.value("hba1c_diabetes")) == (5.7, 6.5)
    assert glucose_mg_dl_to_mmol_l(126) == pytest.approx(7.0, abs=0.01)
    assert glucose_mg_dl_to_mmol_l(100) == pytest.approx(5.55, abs=0.01)
    assert all("Standards of Care" in p.source for p in t.values())


def test_combination_is_added_and_flagged(hiv_man: OutcomePerson) -> None:
    r = forecast_outcomes(trajectory(130.0, 0.8, 30), courses=[MK, TES], person=hiv_man,
                          models=["fasting_glucose"]).result("fasting_glucose")
    assert r.extrapolated
    assert any("together" in s for s in r.extrapolation_reasons)
