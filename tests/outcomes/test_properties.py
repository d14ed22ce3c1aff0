"""Property checks: any valid trajectory gives finite forecasts with ordered bands."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from igfaxis.labs.models import Sex
from igfaxis.outcomes import AgentCourse, OutcomePerson, forecast_outcomes

from .helpers import fake_hazard

PERSON = OutcomePerson(age_years=55, sex=Sex.female, fasting_glucose_mmol_l=5.0)
COURSES = [AgentCourse("tesamorelin", 2.0), AgentCourse("mk-677", 25.0)]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(min_value=20.0, max_value=900.0), min_size=2, max_size=60))
def test_finite_and_ordered(values: list[float]) -> None:
    block = forecast_outcomes(np.array(values), courses=COURSES, person=PERSON, hazard_fn=fake_hazard)
    for r in block.results:
        assert np.isfinite(r.value) and np.all(np.isfinite(r.series)), r.model
        assert np.all(r.series_low <= r.series_high + 1e-9), r.model
        assert r.series.shape == (len(values),)
