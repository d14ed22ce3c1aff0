"""Report data assembly: rows from labs' interpretation, chart data from evidence, consistent with each other."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from igfaxis import __version__
from igfaxis.errors import InputError
from igfaxis.evidence import lms, noise
from igfaxis.labs.interpret import interpret_value
from igfaxis.labs.models import Person, Reading, Sex
from igfaxis.reports.assemble import assemble_report, measurement_range, reference_curves
from igfaxis.reports.data import DISCLAIMER, ProtocolPeriod

PERSON = Person(sex=Sex.female, birth_date=dt.date(1968, 2, 10), name="Ada Example")
WHEN = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC)


def reading(day: str, value: float, unit: str = "ng/mL", assay: str | None = "IDS-iSYS") -> Reading:
    ng = value * 7.649 if unit == "nmol/L" else value
    return Reading(date=dt.date.fromisoformat(day), value_ng_ml=ng, value=value, unit=unit, assay=assay)


READINGS = [reading("2025-09-01", 150.0), reading("2024-03-01", 95.0), reading("2025-01-10", 15.0, "nmol/L")]


def test_rows_come_from_labs_interpretation_in_date_order() -> None:
    data = assemble_report(PERSON, READINGS, generated_at=WHEN)
    assert [r.date.isoformat() for r in data.rows] == ["2024-03-01", "2025-01-10", "2025-09-01"]
    for row in data.rows:
        expected = interpret_value(row.value_ng_ml, age_years=PERSON.age_on(row.date), sex=PERSON.sex,
                                   assay=row.assay)
        assert row.sds == pytest.approx(expected.reference.sds)
        assert row.percentile == pytest.approx(expected.reference.percentile)
        assert row.zone == expected.zone.label
        assert row.mortality_hr == pytest.approx(expected.mortality_hr[0])
        assert row.p_in_optimal == pytest.approx(expected.p_true_in_optimal)
        assert row.meaning == expected.meaning()
    assert data.rows[1].reported == "15 nmol/L" and data.rows[1].value_ng_ml == pytest.approx(114.735)
    assert data.current is data.rows[-1]


def test_error_bars_are_the_95_percent_measurement_range() -> None:
    low, high = measurement_range(140.0)
    assert low < 140.0 < high and low * high == pytest.approx(140.0**2)  # symmetric on the log scale
    assert noise.p_true_in_band(140.0, low, high) == pytest.approx(0.95, abs=1e-6)  # same model as P(optimal)


def test_reference_curves_match_the_table_interval() -> None:
    data = assemble_report(PERSON, READINGS, generated_at=WHEN)
    ref = data.reference
    assert ref is not None and ref.dates[0] < data.rows[0].date and ref.dates[-1] > data.rows[-1].date
    last = data.rows[-1]
    i = ref.dates.index(min(ref.dates, key=lambda d: abs((d - last.date).days)))
    age = PERSON.age_on(ref.dates[i])
    assert ref.p50[i] == pytest.approx(float(lms.centile(0.0, age_years=age, sex="female")))
    assert last.reference_low is not None and last.reference_high is not None
    assert ref.p2_5[i] == pytest.approx(last.reference_low, rel=0.01)
    assert ref.p97_5[i] == pytest.approx(last.reference_high, rel=0.01)
    assert all(lo < mid < hi for lo, mid, hi in zip(ref.p2_5, ref.p50, ref.p97_5, strict=True))


def test_reference_curves_skip_ages_outside_the_adult_reference() -> None:
    young = Person(sex=Sex.male, birth_date=dt.date(2007, 6, 1))
    curves = reference_curves(young, dt.date(2025, 1, 1), dt.date(2026, 1, 1))
    assert curves is not None and min(curves.dates) >= dt.date(2025, 6, 1)
    assert reference_curves(young, dt.date(2024, 1, 1), dt.date(2025, 1, 1)) is None


def test_interpretation_trend_sources_disclaimer() -> None:
    data = assemble_report(PERSON, READINGS, generated_at=WHEN)
    text = " ".join(data.interpretation)
    assert text.startswith("Latest result (2025-09-01): 150 ng/mL")
    assert "reference interval" in text and "95\u00a0% probability" in text and "reference change value" in text
    labels = dict(data.trend_summary)
    assert "Slope (least squares)" in labels and "Change since first result" in labels
    assert lms.LMS_SOURCE in data.sources
    assert any("Rahmani" in s for s in data.sources) and any("Nguyen" in s for s in data.sources)
    assert data.disclaimer == DISCLAIMER
    assert DISCLAIMER == "igfaxis informs; it does not prescribe. For review by a licensed clinician."
    assert data.version == __version__ and data.generated_at == WHEN
    assert data.assay == "IDS-iSYS"
    assert data.age_years == pytest.approx(PERSON.age_on(WHEN.date()))
    assert (data.optimal_low.value, data.optimal_high.value) == (120.0, 160.0)


def test_plan_protocols_and_json() -> None:
    plan = {"goal": "IGF-1 120–160 ng/mL", "sources": ["Plan source 2026"]}
    periods = [ProtocolPeriod("B", dt.date(2025, 6, 1)), ProtocolPeriod("A", dt.date(2024, 6, 1), dt.date(2025, 1, 1))]
    data = assemble_report(PERSON, READINGS, protocols=periods, plan=plan, person_label="P-17", generated_at=WHEN)
    assert [p.name for p in data.protocols] == ["A", "B"]
    assert data.plan == plan and "Plan source 2026" in data.sources
    payload = json.loads(json.dumps(data.as_dict()))
    assert payload["person"]["label"] == "P-17"
    assert len(payload["readings"]) == 3 and payload["current"]["date"] == "2025-09-01"
    assert payload["trend"]["slope_ng_ml_per_year"] is not None
    assert payload["disclaimer"] == DISCLAIMER


def test_other_assay_is_flagged() -> None:
    data = assemble_report(PERSON, [*READINGS, reading("2026-02-01", 170.0, assay="Roche Elecsys")],
                           generated_at=WHEN)
    assert data.rows[-1].assay_mismatch and not data.rows[0].assay_mismatch
    assert "assay other than" in data.interpretation[-1]


def test_no_readings_and_out_of_range_age() -> None:
    empty = assemble_report(PERSON, [], generated_at=WHEN)
    assert empty.rows == () and empty.reference is None and empty.interpretation == ("No IGF-1 results to interpret.",)
    child = Person(sex=Sex.male, age_years=12.0)
    with pytest.raises(InputError, match="no adult IGF-1 reference"):
        assemble_report(child, READINGS)


def test_plan_forecasts_are_read_into_series() -> None:
    from igfaxis.reports.plan import forecasts_from_plan

    plan = {"recommended": "A", "candidates": [
        {"name": "A", "forecast": {"dates": ["2026-01-01", "2026-02-01"], "igf1_ng_ml": [130, 140],
                                   "low_ng_ml": [110, 115], "high_ng_ml": [150, 170]}},
        {"name": "B", "forecast": {"dates": [dt.date(2026, 1, 1), dt.date(2026, 2, 1)], "igf1_ng_ml": [150, 180]}},
        {"name": "C (no forecast)"},
    ]}
    series = forecasts_from_plan(plan)
    assert [(f.name, f.recommended) for f in series] == [("A", True), ("B", False)]
    assert series[0].dates == (dt.date(2026, 1, 1), dt.date(2026, 2, 1)) and series[0].high_ng_ml == (150.0, 170.0)
    assert series[1].low_ng_ml is None
    assert forecasts_from_plan(None) == () and forecasts_from_plan({"goal": "x"}) == ()
    with pytest.raises(ValueError, match="one value per date"):
        forecasts_from_plan({"candidates": [{"name": "bad", "forecast": {"dates": ["2026-01-01"],
                                                                          "igf1_ng_ml": [1.0, 2.0]}}]})


def test_stored_planning_output_is_summarised() -> None:
    from pathlib import Path

    plan = json.loads((Path(__file__).parent / "data" / "plan_as_dict.json").read_text(encoding="utf-8"))
    data = assemble_report(PERSON, READINGS, plan=plan, generated_at=WHEN)
    ps = data.plan_summary
    assert ps is not None and ps.recommended == plan["recommendation"] and ps.retest_date == plan["retest"]["date"]
    assert ps.target_ng_ml == (120.0, 160.0) and ps.interval_label.startswith("90 % interval of the measured")
    chosen = [c for c in ps.candidates if c.recommended]
    assert len(chosen) == 1 and chosen[0].name == plan["recommendation"]
    for c, raw in zip(ps.candidates, plan["candidates"], strict=True):
        assert c.forecast_ng_ml == raw["forecast"]["igf1_median_ng_ml"]
        assert (c.forecast_low, c.forecast_high) == tuple(raw["forecast"]["igf1_90ci_ng_ml"])
        assert c.p_in_target == raw["p_in_target"] and c.allowed == raw["allowed"]
    assert [len(f.dates) for f in data.forecasts] == [1] * len(plan["candidates"])  # point forecasts at the retest
    prior_sources = {p["source"] for p in plan["evidence"]["priors"].values()}
    assert prior_sources <= set(data.sources)
