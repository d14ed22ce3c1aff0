from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from igfaxis.errors import ReferenceRangeError
from igfaxis.labs.interpret import assay_matches, interpret_series, interpret_value
from igfaxis.labs.io_csv import read_readings_csv
from igfaxis.labs.models import Person, Sex

CONTRACT = {"igf1_ng_ml", "igf1_nmol_l", "sds", "percentile", "reference_interval_ng_ml", "reference_median_ng_ml",
            "zone", "mortality_hr", "p_true_in_optimal", "sources"}


def test_one_value_contract() -> None:
    d = interpret_value(150, age_years=45, sex="male").as_dict()
    assert set(d) >= CONTRACT
    assert d["igf1_nmol_l"] == pytest.approx(19.61, abs=0.01)
    assert d["zone"] == "optimal"
    assert d["reference_assay"] == "IDS-iSYS" and d["assay_mismatch"] is False
    hr = d["mortality_hr"]
    assert isinstance(hr, dict) and set(hr) >= {"estimate", "ci95"}
    assert hr["ci95"][0] <= hr["estimate"] <= hr["ci95"][1]
    assert "not a measurement" in hr["label"]
    lo, hi = d["reference_interval_ng_ml"]  # type: ignore[misc]
    assert lo < d["reference_median_ng_ml"] < hi  # type: ignore[operator]
    assert 0 < d["p_true_in_optimal"] < 1  # type: ignore[operator]
    sources = d["sources"]
    assert isinstance(sources, list) and any("Bidlingmaier" in s for s in sources)
    assert any("Rahmani" in s for s in sources)


def test_meaning_sentence_and_assay_mismatch() -> None:
    i = interpret_value(190, age_years=60, sex=Sex.female, assay="Roche Elecsys")
    assert i.assay_mismatch and i.zone.name == "elevated"
    text = i.meaning()
    assert text.endswith(".") and "elevated" in text and "Roche Elecsys" in text and "IDS-iSYS" in text
    assert i.as_dict()["assay"] == "Roche Elecsys"
    assert assay_matches("IDS iSYS") and assay_matches(None) and not assay_matches("Immulite 2000")


def test_age_outside_reference() -> None:
    with pytest.raises(ReferenceRangeError):
        interpret_value(150, age_years=16, sex="male")


def test_series(examples_dir: Path) -> None:
    readings = read_readings_csv(examples_dir / "patient-igf1.csv", today=dt.date(2026, 11, 26))
    person = Person(sex=Sex.male, birth_date=dt.date(1971, 5, 2))
    s = interpret_series(readings, person)
    d = s.as_dict()
    rows = d["readings"]
    assert isinstance(rows, list) and len(rows) == len(readings)
    for row in rows:
        assert CONTRACT | {"date"} <= set(row)
    assert rows[0]["age_years"] < rows[-1]["age_years"]
    trend = d["trend"]
    assert isinstance(trend, dict)
    assert {"slope_ng_ml_per_year", "significant_changes", "time_in_optimal_fraction"} <= set(trend)
    assert trend["significant_changes"]  # the example's rise on starting the protocol exceeds the RCV


def test_series_names_readings_the_reference_cannot_place() -> None:
    from igfaxis.labs.models import Reading

    person = Person(sex=Sex.male, birth_date=dt.date(1971, 5, 2))
    readings = [Reading(date=dt.date(y, 3, 1), value_ng_ml=150.0, value=150.0, unit="ng/mL") for y in (2024, 1960)]
    with pytest.raises(ReferenceRangeError) as info:
        interpret_series(readings, person)
    (p,) = info.value.problems
    assert (p.field, p.received) == ("date", "1960-03-01")
    assert "before the person's birth" in str(info.value) and "1971-05-02" in str(info.value)
