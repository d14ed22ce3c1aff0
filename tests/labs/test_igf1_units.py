from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from igfaxis.errors import UnitError
from igfaxis.labs.igf1_units import IGF1_UNIT_FACTORS, canonical_unit, parse_igf1, to_ng_ml
from igfaxis.units import igf1_to_ng_ml

SPELLINGS = ["ng/mL", "ng/ml", "NG/ML", "µg/L", "μg/L", "ug/L", "ug/l", "mcg/L", "nmol/L", "nmol/l", " nmol / L "]


@pytest.mark.parametrize("unit", SPELLINGS)
def test_accepted_spellings(unit: str) -> None:
    assert canonical_unit(unit) in IGF1_UNIT_FACTORS


@pytest.mark.parametrize("unit", ["mg/dL", "ng/L", "ug/mL", "g", "", "%"])
def test_other_units_are_refused(unit: str) -> None:
    assert canonical_unit(unit) is None
    with pytest.raises(UnitError):
        to_ng_ml(100, unit)


@settings(deadline=None)  # the first pint call builds its registry
@given(st.floats(min_value=0.01, max_value=1e4, allow_nan=False), st.sampled_from(SPELLINGS))
def test_fast_path_agrees_with_pint(value: float, unit: str) -> None:
    canon = canonical_unit(unit)
    assert canon is not None
    assert to_ng_ml(value, unit) == pytest.approx(igf1_to_ng_ml(value, canon), rel=1e-9)


@given(st.floats(min_value=1.0, max_value=1200.0, allow_nan=False), st.sampled_from(list(IGF1_UNIT_FACTORS)))
def test_parse_round_trip(ng_ml: float, unit: str) -> None:
    value = ng_ml / IGF1_UNIT_FACTORS[unit]
    got_value, got_unit, got_ng_ml = parse_igf1(f"{value!r} {unit}")
    assert IGF1_UNIT_FACTORS[got_unit] == IGF1_UNIT_FACTORS[unit] and got_value == value  # µg/L reads as ug/L
    assert got_ng_ml == pytest.approx(ng_ml, rel=1e-12)


@pytest.mark.parametrize("text", ["150", "abc", "150 furlongs", "ng/mL"])
def test_parse_errors_name_the_option(text: str) -> None:
    with pytest.raises(UnitError) as info:
        parse_igf1(text)
    assert "--igf1" in str(info.value) and repr(text) in str(info.value)
