"""Each safety rule fires on its trigger, refuses what it should and carries a source."""

from __future__ import annotations

import dataclasses

import pytest

from igfaxis.errors import InputError
from igfaxis.physiology.protocol import Protocol, parse_protocol
from igfaxis.planning.candidates import adjustments, candidates_for
from igfaxis.planning.safety import RULES, assess, dose_problem, parse_conditions, refusals

BASE = {"last_igf1_ng_ml": 130.0, "on_treatment": False, "age_years": 50.0, "sex": "male"}


def _daily(agent: str, amount: str, *, allow_off_label: bool = False) -> Protocol:
    """A once-daily SC protocol of ``amount`` of ``agent``."""
    return parse_protocol(f'name = "t"\n[[dose]]\nagent = "{agent}"\namount = "{amount}"\nroute = "sc"\n'
                          'every = "1 day"\n', allow_off_label=allow_off_label)


def _ids(a: object) -> set[str]:
    return {r.id for r in a.fired}  # type: ignore[attr-defined]


def test_every_rule_is_data_with_a_source() -> None:
    assert len({r.id for r in RULES}) == len(RULES)
    for r in RULES:
        assert r.source.strip() and r.message.strip()
        assert r.effect in ("block_stimulation", "block_agents", "reduce_or_stop", "evaluate", "warn_agents")


@pytest.mark.parametrize("condition", ["active_cancer", "cancer_history", "pregnancy"])
def test_contraindications_block_every_stimulation_and_say_why(condition: str) -> None:
    a = assess(conditions=[condition], **BASE)
    assert condition in _ids(a) and a.blocked_reasons
    for c in candidates_for("longevity", current=None):
        reasons = refusals(c, a, weight_kg=80.0)
        assert bool(reasons) == (c.protocol is not None)
        if reasons:
            assert any(condition.split("_")[0] in r.lower() for r in reasons)


@pytest.mark.parametrize("condition", ["diabetes", "heart_failure"])
def test_mk677_refused_for_diabetes_and_heart_failure(condition: str) -> None:
    a = assess(conditions=[condition], **BASE)
    assert not a.blocked_reasons
    for c in candidates_for("lean_mass", current=None):
        refused = refusals(c, a, weight_kg=80.0)
        assert bool(refused) == ("mk-677" in c.agents), c.name


@pytest.mark.parametrize("glucose,hba1c,fires", [(5.4, None, False), (5.6, None, True), (None, 5.7, True),
                                                 (None, 5.6, False), (6.1, 5.9, True)])
def test_raised_glucose_or_hba1c_refuses_mk677(glucose: float | None, hba1c: float | None, fires: bool) -> None:
    a = assess(conditions=[], fasting_glucose_mmol_l=glucose, hba1c_percent=hba1c, **BASE)
    assert ("glucose_mk677" in _ids(a)) == fires
    mk = next(c for c in candidates_for("lean_mass", current=None) if "mk-677" in c.agents)
    assert bool(refusals(mk, a, weight_kg=80.0)) == fires


def test_diabetes_warns_for_tesamorelin_without_refusing_it() -> None:
    a = assess(conditions=["diabetes"], **BASE)
    tes = next(c for c in candidates_for("fat_loss", current=None) if "tesamorelin" in c.agents)
    assert not refusals(tes, a, weight_kg=80.0)
    assert "diabetes_tesamorelin" in _ids(a)


@pytest.mark.parametrize("value,age,fires", [(180.0, 50.0, True), (175.0, 50.0, False), (170.0, 25.0, False),
                                             (300.0, 30.0, True)])
def test_high_igf1_on_treatment_allows_only_reduce_or_stop(value: float, age: float, fires: bool) -> None:
    a = assess(conditions=[], last_igf1_ng_ml=value, on_treatment=True, age_years=age, sex="male")
    assert ("igf1_high_on_treatment" in _ids(a)) == fires
    cur = _daily("tesamorelin", "2 mg")
    for c in candidates_for("lean_mass", current=cur):
        allowed = not refusals(c, a, weight_kg=80.0)
        if fires:
            assert allowed == (c.kind in ("reduce_dose", "reduce_frequency", "pause")), c.name


def test_sds_above_two_on_treatment_fires_below_175() -> None:
    # an 80-year-old woman: the +2 SDS limit lies well below 175 ng/mL
    a = assess(conditions=[], last_igf1_ng_ml=170.0, on_treatment=True, age_years=80.0, sex="female")
    assert "igf1_high_on_treatment" in _ids(a)


def test_high_igf1_off_treatment_refuses_any_stimulation() -> None:
    # 220 ng/mL with no current protocol (an unreported agent, acromegaly): nothing may raise it further
    a = assess(conditions=[], **{**BASE, "last_igf1_ng_ml": 220.0})
    assert "igf1_high_on_treatment" not in _ids(a) and "igf1_high_off_treatment" in _ids(a)
    for c in candidates_for("lean_mass", current=None):
        assert bool(refusals(c, a, weight_kg=80.0)) == (c.protocol is not None), c.name


@pytest.mark.parametrize("glucose,fires", [(99 / 18.016, False), (100 / 18.016, True), (5.6, True)])
def test_glucose_thresholds_as_labs_report_them(glucose: float, fires: bool) -> None:
    # ADA: 100 mg/dL is prediabetes; 100 / 18.016 = 5.55 mmol/L, reported as 5.6
    a = assess(conditions=[], fasting_glucose_mmol_l=glucose, **BASE)
    assert ("glucose_mk677" in _ids(a)) == fires


def test_diabetic_range_glucose_acts_as_diabetes() -> None:
    # 130 mg/dL without a diabetes diagnosis: MK-677 refused, tesamorelin warned, as for diagnosed diabetes
    a = assess(conditions=[], fasting_glucose_mmol_l=130 / 18.016, **BASE)
    assert {"glucose_diabetic_mk677", "glucose_diabetic_tesamorelin"} <= _ids(a)
    tes = next(c for c in candidates_for("fat_loss", current=None) if "tesamorelin" in c.agents)
    assert not refusals(tes, a, weight_kg=80.0)
    from igfaxis.planning.safety import agent_warnings

    assert agent_warnings(tes, a)


def test_agents_without_published_human_dosing_are_never_proposed() -> None:
    # CJC-1295 without DAC and SC ipamorelin: dose ranges borrowed, no human data: only pause or switch
    cur = _daily("cjc-1295-nodac", "10 ug/kg")
    a = assess(conditions=[], **BASE)
    for c in candidates_for("recovery_sleep", current=cur):
        reasons = refusals(c, a, weight_kg=80.0)
        if c.protocol is not None and "cjc-1295-nodac" in c.agents:
            assert any("no published human dosing" in r for r in reasons), c.name


def test_low_igf1_asks_for_evaluation() -> None:
    a = assess(conditions=[], **{**BASE, "last_igf1_ng_ml": 70.0})
    assert "igf1_low" in _ids(a) and any("evaluate" in w for w in a.warnings())


def test_unknown_condition_is_an_input_error() -> None:
    with pytest.raises(InputError) as exc:
        parse_conditions(["cancer"])
    assert "active_cancer" in str(exc.value)
    assert parse_conditions(["Heart-Failure", "diabetes"]) == ("heart_failure", "diabetes")


def test_off_label_current_dose_cannot_be_continued() -> None:
    cur = _daily("tesamorelin", "4 mg", allow_off_label=True)
    a = assess(conditions=[], **BASE)
    by_kind = {c.kind: c for c in adjustments(cur)}
    assert refusals(by_kind["continue"], a, weight_kg=80.0)
    assert not refusals(by_kind["reduce_dose"], a, weight_kg=80.0)
    assert by_kind["reduce_dose"].protocol is not None
    assert dose_problem(dataclasses.replace(by_kind["reduce_dose"].protocol), weight_kg=80.0) is None


def test_a_mass_dose_of_a_per_kg_agent_can_be_reduced_at_the_persons_weight() -> None:
    # sermorelin "1 mg" at 40 kg is 25 ug/kg (range 10-30 ug/kg): the reduction is stated in ug/kg, inside the range
    by_kind = {c.kind: c for c in adjustments(_daily("sermorelin", "1 mg"), weight_kg=40.0)}
    reduced = by_kind["reduce_dose"].protocol
    assert reduced is not None and reduced.doses[0].amount.per_kg
    assert 10.0 <= reduced.doses[0].amount.value < 25.0
    assert dose_problem(reduced, weight_kg=40.0) is None
    assert "reduce_dose" not in {c.kind for c in adjustments(_daily("sermorelin", "1 mg"))}  # no weight: unknown
