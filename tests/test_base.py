"""Base modules: error tree, units, sourced values."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from igfaxis.errors import IgfaxisError, ImportRejected, InputError, Problem, UnitError
from igfaxis.provenance import ParameterTable, PublishedMean, Sourced
from igfaxis.units import (
    igf1_ng_ml_to_nmol_l,
    igf1_nmol_l_to_ng_ml,
    igf1_to_ng_ml,
    parse_quantity,
    to_float,
)


def test_input_errors_are_value_errors() -> None:
    for cls in (InputError, UnitError, ImportRejected):
        assert issubclass(cls, IgfaxisError)
        assert issubclass(cls, ValueError)


def test_problem_message_names_file_row_field_value_and_expectation() -> None:
    p = Problem("unknown unit", file="labs.csv", row=3, field="unit", received="mg/dL", expected="ng/mL or nmol/L")
    text = str(p)
    for part in ("labs.csv", "row 3", "'unit'", "'mg/dL'", "ng/mL or nmol/L"):
        assert part in text


def test_igf1_unit_conversions() -> None:
    assert igf1_to_ng_ml(150, "ng/mL") == pytest.approx(150)
    assert igf1_to_ng_ml(150, "µg/L") == pytest.approx(150)
    assert igf1_to_ng_ml(150, "mcg/L") == pytest.approx(150)
    # 7649 g/mol: 1 nmol/L = 7.649 ng/mL; ng/mL x 0.1307 = nmol/L (LabCorp)
    assert igf1_to_ng_ml(1.0, "nmol/L") == pytest.approx(7.649)
    assert igf1_ng_ml_to_nmol_l(100.0) == pytest.approx(13.07, abs=0.01)
    with pytest.raises(UnitError):
        igf1_to_ng_ml(1.0, "kg")
    with pytest.raises(UnitError):
        igf1_to_ng_ml(1.0, "furlongs per fortnight squared")


@given(st.floats(min_value=1e-3, max_value=1e5, allow_nan=False))
def test_igf1_nmol_round_trip(value: float) -> None:
    assert igf1_nmol_l_to_ng_ml(igf1_ng_ml_to_nmol_l(value)) == pytest.approx(value, rel=1e-12)
    assert igf1_to_ng_ml(igf1_ng_ml_to_nmol_l(value), "nmol/L") == pytest.approx(value, rel=1e-9)


@given(st.floats(min_value=1e-3, max_value=1e5, allow_nan=False), st.sampled_from(["ng/mL", "ug/L", "ng/dL"]))
def test_quantity_text_round_trip(value: float, unit: str) -> None:
    q = parse_quantity(f"{value!r} {unit}")
    assert to_float(q, unit) == pytest.approx(value, rel=1e-12)


def test_parse_quantity_errors() -> None:
    with pytest.raises(UnitError, match="no unit"):
        parse_quantity("150")
    with pytest.raises(UnitError):
        parse_quantity("lots")
    assert to_float(parse_quantity("7 days"), "h") == pytest.approx(168)
    assert to_float(parse_quantity("60ug/kg"), "ug/kg") == pytest.approx(60)


def test_sourced_requires_source_and_respects_bounds() -> None:
    with pytest.raises(ValueError, match="no source"):
        Sourced("k", 1.0, "1/h", "  ")
    with pytest.raises(ValueError, match="outside its bounds"):
        Sourced("k", 5.0, "1/h", "x", bounds=(0, 1))
    t = ParameterTable.of("t", Sourced("a", 1.0, "1/h", "src A"), Sourced("b", 2.0, "h", "src B"))
    assert list(t) == ["a", "b"] and t.value("b") == 2.0
    t2 = t.replace(a=3.0)
    assert t2["a"].value == 3.0 and t2["a"].source == "src A" and t["a"].value == 1.0
    assert t.sources() == ["src A", "src B"]
    assert math.isclose(float(t["a"]), 1.0)
    with pytest.raises(ValueError, match="duplicate"):
        ParameterTable.of("t", Sourced("a", 1.0, "1/h", "s"), Sourced("a", 1.0, "1/h", "s"))


def test_published_mean_carries_unit_and_source_and_ratios_need_one_unit() -> None:
    from igfaxis.physiology.calibration_cases import ratio_tolerance

    with pytest.raises(ValueError, match="no source"):
        PublishedMean(1.0, 0.1, "ug/L", "")
    with pytest.raises(ValueError, match="no unit"):
        PublishedMean(1.0, 0.1, " ", "src")
    with pytest.raises(ValueError, match="must be"):
        PublishedMean(1.0, -0.1, "ug/L", "src")
    a, b = PublishedMean(423.0, 38.0, "ug/L", "src", 9), PublishedMean(211.0, 31.0, "ug/L", "src", 9)
    ratio, tol = ratio_tolerance(a, b)
    # delta method: 2 x ratio x sqrt((38/423)^2 + (31/211)^2)
    assert ratio == pytest.approx(423.0 / 211.0)
    assert tol == pytest.approx(2.0 * ratio * math.hypot(38.0 / 423.0, 31.0 / 211.0))
    assert a.as_dict()["n"] == 9 and a.as_dict()["unit"] == "ug/L"
    with pytest.raises(ValueError, match="units differ"):
        ratio_tolerance(a, PublishedMean(211.0, 31.0, "nmol/L", "src"))
