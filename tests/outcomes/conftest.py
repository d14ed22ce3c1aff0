from __future__ import annotations

import pytest

from igfaxis.labs.models import Sex
from igfaxis.outcomes.base import OutcomePerson


@pytest.fixture
def hiv_man() -> OutcomePerson:
    return OutcomePerson(age_years=47, sex=Sex.male, weight_kg=88, fasting_glucose_mmol_l=5.2,
                         hiv_lipodystrophy=True)


@pytest.fixture
def older_woman() -> OutcomePerson:
    return OutcomePerson(age_years=70, sex=Sex.female, weight_kg=68, fasting_glucose_mmol_l=5.4)
