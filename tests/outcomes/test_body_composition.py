"""MK-677 fat-free mass and body weight reproduce Nass 2008."""

from __future__ import annotations

import pytest

from igfaxis.labs.models import Sex
from igfaxis.outcomes import AgentCourse, OutcomePerson, forecast_outcomes
from igfaxis.outcomes import body_composition as bc

from .helpers import trajectory

MK = AgentCourse("mk-677", dose_mg=25.0, every_days=1.0, start_day=0)


def test_refit_reproduces_stored_betas() -> None:
    ffm, weight = bc.fit_body_composition()
    assert ffm.params[0] == pytest.approx(bc.PARAMS.value("beta_ffm"), rel=1e-3)
    assert weight.params[0] == pytest.approx(bc.PARAMS.value("beta_weight"), rel=1e-3)
    assert ffm.se()[0] == pytest.approx(bc.PARAMS.value("beta_ffm_se"), rel=1e-3)
    assert weight.se()[0] == pytest.approx(bc.PARAMS.value("beta_weight_se"), rel=1e-3)


@pytest.mark.parametrize(("target", "beta"), [(bc.FFM_TARGETS[0], "beta_ffm"), (bc.WEIGHT_TARGETS[0], "beta_weight")])
def test_stored_model_meets_nass_2008(target: bc.Target, beta: str) -> None:
    low, high = target.ci95()
    assert low <= bc.predict_target(target, bc.PARAMS.value(beta)) <= high


def test_one_year_forecast_in_an_older_adult(older_woman: OutcomePerson) -> None:
    igf = trajectory(95.0, 0.5, 366)
    block = forecast_outcomes(igf, courses=[MK], person=older_woman, models=["fat_free_mass", "body_weight"])
    ffm, weight = block.result("fat_free_mass"), block.result("body_weight")
    assert ffm.value == pytest.approx(1.6, abs=0.4)  # Nass: +1.1 vs -0.5 kg
    assert weight.value == pytest.approx(1.9, abs=0.8)  # +2.7 vs +0.8 kg
    assert ffm.ci90[0] < ffm.value < ffm.ci90[1]
    assert not ffm.extrapolated, ffm.extrapolation_reasons
    assert ffm.goal == "lean_mass"


def test_young_person_and_other_dose_are_extrapolated() -> None:
    person = OutcomePerson(age_years=30, sex=Sex.male)
    course = AgentCourse("mk-677", dose_mg=10.0, every_days=1.0)
    r = forecast_outcomes(trajectory(200.0, 0.3, 200), courses=[course], person=person,
                          models=["fat_free_mass"]).result("fat_free_mass")
    assert r.extrapolated
    assert any("age 30" in s for s in r.extrapolation_reasons)
    assert any("10 mg/day" in s for s in r.extrapolation_reasons)
