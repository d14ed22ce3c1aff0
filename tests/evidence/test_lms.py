"""Reference-value tests: the Bidlingmaier 2014 LMS table reproduced at tabulated ages and interpolated between."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import shared_reference
from igfaxis.errors import InputError, ReferenceRangeError
from igfaxis.evidence.lms import REFERENCE_ASSAY, centile, lms_at, reference, sds

SHARED = shared_reference("igf1_lms_bidlingmaier2014.csv")
BUNDLED = Path(__file__).resolve().parents[2] / "src/igfaxis/evidence/data/igf1_lms_bidlingmaier2014.csv"


def _rows() -> list[dict[str, str]]:
    with BUNDLED.open() as fh:
        return [r for r in csv.DictReader(fh) if 18 <= float(r["age_years"]) <= 94]


ADULT_ROWS = _rows()


def test_bundled_table_is_the_shared_reference() -> None:
    if not SHARED.exists():
        pytest.skip("shared reference not present in this checkout")
    assert BUNDLED.read_text() == SHARED.read_text()


@pytest.mark.parametrize("row", ADULT_ROWS, ids=lambda r: f"{r['sex']}-{r['age_years']}")
def test_tabulated_rows_exactly(row: dict[str, str]) -> None:
    age, sex = float(row["age_years"]), row["sex"]
    L, M, S = (float(row[k]) for k in ("L", "M", "S"))
    got = lms_at(age, sex)
    assert (got.L, got.M, got.S) == (L, M, S)
    assert float(sds(M, age_years=age, sex=sex)) == 0.0
    ref = reference(M, age_years=age, sex=sex)
    assert ref.median_ng_ml == pytest.approx(M, rel=1e-12)
    assert ref.percentile == pytest.approx(50.0, abs=1e-9)
    # 2.5 / 97.5 % from the LMS formula with z = -/+1.959964
    for z, bound in ((-1.959963984540054, ref.interval_ng_ml[0]), (1.959963984540054, ref.interval_ng_ml[1])):
        assert bound == pytest.approx(M * (1 + L * S * z) ** (1 / L), rel=1e-9)


def test_published_interval_examples() -> None:
    # shared/research/clinical.md §1a, derived from the table: men 18 y 146-494, women 43 y 61-204 ng/mL
    lo, hi = reference(200, age_years=18, sex="male").interval_ng_ml
    assert (round(lo), round(hi)) == (146, 494)
    lo, hi = reference(100, age_years=43, sex="female").interval_ng_ml
    assert (round(lo), round(hi)) == (61, 204)


def test_interpolates_linearly_between_rows() -> None:
    a, b = lms_at(43, "male"), lms_at(48, "male")
    mid = lms_at(45.5, "male")
    assert pytest.approx((a.M + b.M) / 2, rel=1e-12) == mid.M
    assert pytest.approx((a.S + b.S) / 2, rel=1e-12) == mid.S
    q = lms_at(44, "male")
    assert pytest.approx(a.M + (b.M - a.M) * 0.2, rel=1e-12) == q.M
    # clinical.md §4: median at 50 y, men 123.2, women 112.7 ng/mL
    assert pytest.approx(123.2, abs=0.05) == lms_at(50, "male").M
    assert pytest.approx(112.7, abs=0.05) == lms_at(50, "female").M


def test_sds_sign_and_monotone() -> None:
    z = sds([60, 100, 150, 300], age_years=45, sex="male")
    assert np.all(np.diff(z) > 0)
    assert z[0] < 0 < z[-1]


@given(st.floats(min_value=18, max_value=94), st.floats(min_value=-3.5, max_value=3.5),
       st.sampled_from(["male", "female"]))
def test_sds_centile_round_trip(age: float, z: float, sex: str) -> None:
    x = float(centile(z, age_years=age, sex=sex))
    assert float(sds(x, age_years=age, sex=sex)) == pytest.approx(z, abs=1e-9)


@pytest.mark.parametrize("age", [17.99, 12, 94.01, 120])
def test_ages_outside_adult_reference_are_input_errors(age: float) -> None:
    with pytest.raises(ReferenceRangeError) as info:
        reference(150, age_years=age, sex="male")
    text = str(info.value)
    assert "18 to 94 years" in text and REFERENCE_ASSAY in text and "extrapolate" in text
    assert isinstance(info.value, ValueError)


def test_boundary_ages_are_accepted() -> None:
    assert reference(100, age_years=18, sex="female").median_ng_ml == pytest.approx(270.0078)
    assert reference(100, age_years=94, sex="female").median_ng_ml == pytest.approx(90.2972)


def test_unknown_sex_and_bad_value() -> None:
    with pytest.raises(InputError):
        sds(100, age_years=40, sex="other")
    with pytest.raises(InputError):
        sds(-1, age_years=40, sex="male")
