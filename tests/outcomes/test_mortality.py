"""Mortality hazard over a trajectory: always labelled an observational extrapolation."""

from __future__ import annotations

import numpy as np
import pytest

from igfaxis.outcomes import AgentCourse, OutcomePerson, forecast_outcomes, mortality

from .helpers import fake_hazard, trajectory


def test_time_weighted_hazard_and_zones(hiv_man: OutcomePerson) -> None:
    igf = trajectory(130.0, 0.86, 200, stop_day=100)
    block = forecast_outcomes(igf, courses=[AgentCourse("tesamorelin", 2.0)], person=hiv_man,
                              models=["mortality_hazard"], hazard_fn=fake_hazard)
    r = block.result("mortality_hazard")
    assert r.extrapolated and r.kind == "observational_extrapolation"
    assert "observational cohorts" in r.extrapolation_reasons[0]
    est = fake_hazard(igf, age_years=47, sex=hiv_man.sex)[0]
    assert r.extra["time_weighted_change_pct"] == pytest.approx(100 * (np.mean(est / est[0]) - 1), abs=1e-2)
    zones = r.extra["time_in_zone"]
    assert isinstance(zones, dict)
    assert sum(zones.values()) == pytest.approx(1.0, abs=1e-3)
    assert zones["elevated"] > 0.3
    assert r.ci90[0] <= r.value <= r.ci90[1]


def test_constant_trajectory_changes_nothing(hiv_man: OutcomePerson) -> None:
    r = mortality.forecast_mortality(
        mortality.OutcomeInputs(np.full(30, 150.0), (), hiv_man), hazard_fn=fake_hazard)
    assert r.value == pytest.approx(0.0)
    assert r.extra["time_weighted_change_pct"] == pytest.approx(0.0)


def test_missing_curve_is_reported_unavailable(hiv_man: OutcomePerson, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom() -> mortality.HazardFn:
        raise mortality.OutcomeUnavailable("mortality curve unavailable: test")

    monkeypatch.setattr(mortality, "default_hazard_fn", boom)
    block = forecast_outcomes(np.full(10, 120.0), courses=[], person=hiv_man)
    assert "mortality_hazard" in block.unavailable
    assert block.as_dict()["unavailable"] == {"mortality_hazard": "mortality curve unavailable: test"}


def test_evidence_layer_curve_is_used_by_default(hiv_man: OutcomePerson) -> None:
    igf = trajectory(110.0, 1.2, 120)
    r = forecast_outcomes(igf, courses=[AgentCourse("tesamorelin", 2.0)], person=hiv_man,
                          models=["mortality_hazard"]).result("mortality_hazard")
    assert r.extrapolated
    assert r.value > 0  # IGF-1 pushed well above the age-sex median: the U-curve's upper arm
    assert r.ci90[0] <= r.value <= r.ci90[1]
