"""The planning reduction against full simulations of the axis model (docs/planning.md, 'Reduction')."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from igfaxis.physiology.protocol import parse_protocol, to_drug_inputs
from igfaxis.planning.candidates import OFFERS
from igfaxis.planning.individualise import AGENT_IDS
from igfaxis.planning.responses import (
    DT_MIN,
    WASHOUT_DONE,
    Course,
    ScenarioSpec,
    continuous,
    lead_days,
    planned_stop_day,
    regimen_key,
    simulate_responses,
)

AGE, SEX, WEIGHT = 50.0, "male", 80.0
DAYS = 70


@pytest.fixture(scope="module")
def scenario() -> dict[str, object]:
    from igfaxis.physiology.population import Patients
    from igfaxis.physiology.simulate import person, simulate

    tes, cjc, mk = (OFFERS[k].protocol() for k in ("tesamorelin-2mg", "cjc-1295-weekly", "mk-677-10mg"))
    resp = simulate_responses([continuous(p) for p in (tes, cjc, mk)], age_years=AGE, sex=SEX, weight_kg=WEIGHT)

    def shifted(p: object, start: int, stop: int | None) -> object:
        return dataclasses.replace(p, doses=tuple(dataclasses.replace(d, start_day=start, stop_day=stop)
                                                  for d in p.doses))  # type: ignore[attr-defined]

    plans = [shifted(tes, 0, None), shifted(tes, 0, 30), shifted(cjc, 0, 28), shifted(mk, 28, None)]
    drugs = [to_drug_inputs(p, weight_kg=WEIGHT, days=DAYS)[0] for p in plans]  # type: ignore[arg-type]
    # patients: 0 = high producer on tesamorelin; 1 = tesamorelin paused on day 30; 2 = CJC-1295 -> MK-677 day 28
    pts = Patients.concat([person(age_years=AGE, sex=SEX, weight_kg=WEIGHT, baseline_igf1=220.0),
                           person(age_years=AGE, sex=SEX, weight_kg=WEIGHT),
                           person(age_years=AGE, sex=SEX, weight_kg=WEIGHT)])
    scale = np.array([[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0], [0, 0, 1.0]])
    full = simulate(pts, days=DAYS, drugs=drugs, dose_scale=scale, dt_min=1.0)
    ratio = np.asarray(full.igf1_ng_ml) / np.asarray(full.baseline_igf1_ng_ml)[None, :]
    keys = {n: regimen_key(continuous(p)) for n, p in (("tes", tes), ("cjc", cjc), ("mk", mk))}
    return {"resp": resp, "ratio": ratio, "keys": keys}


def _reduced(s: dict[str, object], courses: list[Course]) -> np.ndarray:
    resp = s["resp"]
    x = resp.design(courses, np.arange(DAYS, dtype=float), list(AGENT_IDS))  # type: ignore[attr-defined]
    return 1.0 + x.sum(axis=1)


def test_relative_response_does_not_depend_on_production_scale(scenario: dict[str, object]) -> None:
    # the reduction's step response (typical person at the age-sex median, dt 2 min) vs a person producing 220
    red = _reduced(scenario, [Course(scenario["keys"]["tes"], 0.0)])  # type: ignore[index]
    full = scenario["ratio"][:, 0]  # type: ignore[index]
    err = np.max(np.abs(red - full) / full)
    print(f"\nproduction-scale invariance + dt {DT_MIN:g} min: max relative error {err:.4f}")
    assert err < 0.03  # dt 2 min vs 1 min on tesamorelin's 26-min half-life; IGF-1 noise is 12 %


def test_stop_is_simulated_not_superposed(scenario: dict[str, object]) -> None:
    # tesamorelin stopped on day 30: superposition (rise(t) - rise(t-30)) misses the non-linear washout ...
    k = scenario["keys"]["tes"]  # type: ignore[index]
    sup = _reduced(scenario, [Course(k, 0.0, 30.0)])
    full = scenario["ratio"][:, 1]  # type: ignore[index]
    sup_err = np.max(np.abs(sup - full) / full)
    # ... so a planned stop (and a candidate's pause) is simulated: the protocol for its settling time, then stopped
    tes = OFFERS["tesamorelin-2mg"].protocol()
    spec = ScenarioSpec("stop", tes, lead_days(30, tes), True, None)
    resp = simulate_responses([], age_years=AGE, sex=SEX, weight_kg=WEIGHT, scenarios=[spec])
    washout = 1.0 + resp.scenarios["stop"].rise[: DAYS - 30]
    err = np.max(np.abs(washout - full[30:]) / full[30:])
    print(f"\ntesamorelin stopped on day 30: superposition error {sup_err:.3f}, simulated washout error {err:.4f} "
          f"(settling lead {spec.lead_days} days)")
    assert err < 0.03
    assert abs(washout[-1] - 1.0) < 0.01  # back to baseline


def test_switch_scenario_is_simulated_in_full(scenario: dict[str, object]) -> None:
    # superposition misses the long CJC-1295 washout at a saturated receptor and its overlap with MK-677 ...
    keys = scenario["keys"]
    sup = _reduced(scenario, [Course(keys["cjc"], 0.0, 28.0), Course(keys["mk"], 28.0)])  # type: ignore[index]
    full = scenario["ratio"][:, 2]  # type: ignore[index]
    sup_err = np.max(np.abs(sup - full) / full)
    # ... so a candidate's scenario (stop one protocol, start another) is simulated for the typical person
    cjc, mk = (OFFERS[k].protocol() for k in ("cjc-1295-weekly", "mk-677-10mg"))
    spec = ScenarioSpec("switch", cjc, 28, True, continuous(mk))
    resp = simulate_responses([], age_years=AGE, sex=SEX, weight_kg=WEIGHT, scenarios=[spec])
    sc = resp.scenarios["switch"]
    n = DAYS - 28
    err = np.max(np.abs(1.0 + sc.rise[:n] - full[28:]) / full[28:])
    parts = sum(sc.parts.values())
    print(f"\nswitch CJC-1295 weekly -> MK-677 10 mg on day 28: superposition error {sup_err:.3f}, "
          f"simulated scenario error {err:.4f} (dt {DT_MIN:g} vs 1 min)")
    assert err < 0.03
    assert np.allclose(parts, 1.0)
    assert sc.parts["cjc-1295"][1] > sc.parts["cjc-1295"][40]  # the washing-out agent's part shrinks


def test_a_stop_is_simulated_until_its_washout_is_over() -> None:
    # CJC-1295 stopped after 4 weekly doses: the saturated receptor keeps IGF-1 up for weeks after the last dose,
    # longer than the default 57 scenario days; the scenario runs on until the rise is back within 1 % of zero
    cjc = OFFERS["cjc-1295-weekly"].protocol()
    spec = ScenarioSpec("stop", cjc, 28, True, None)
    resp = simulate_responses([], age_years=AGE, sex=SEX, weight_kg=WEIGHT, scenarios=[spec])
    rise = resp.scenarios["stop"].rise
    print(f"\nCJC-1295 weekly stopped after 28 days: washout simulated for {rise.shape[0]} days, "
          f"peak {rise.max():+.3f}, last 14 days within {np.abs(rise[-14:]).max():.4f}")
    assert rise.shape[0] > 57 and rise.max() > 0.2
    assert np.abs(rise[-14:]).max() <= WASHOUT_DONE


def test_periodic_extension_and_zero_before_start(scenario: dict[str, object]) -> None:
    resp = scenario["resp"]
    k = scenario["keys"]["cjc"]  # type: ignore[index]
    far = resp.rise_at(k, np.array([200.0, 214.0]))  # type: ignore[attr-defined]
    assert far[0] == pytest.approx(far[1])
    assert resp.rise_at(k, np.array([-3.0]))[0] == 0.0  # type: ignore[attr-defined]


def test_combination_shares_sum_to_one() -> None:
    combo = parse_protocol('name = "c"\n[[dose]]\nagent = "tesamorelin"\namount = "2 mg"\nroute = "sc"\n'
                           'every = "1 day"\n[[dose]]\nagent = "mk-677"\namount = "10 mg"\nroute = "oral"\n'
                           'every = "1 day"\nat = "08:00"\n')
    resp = simulate_responses([continuous(combo)], age_years=AGE, sex=SEX, weight_kg=WEIGHT)
    shares = resp.shares[regimen_key(combo)]
    assert set(shares) == {"tesamorelin", "mk-677"}
    assert sum(shares.values()) == pytest.approx(1.0)


def test_planned_stop_day() -> None:
    p = parse_protocol('name = "c"\n[[dose]]\nagent = "cjc-1295"\namount = "30 ug/kg"\nroute = "sc"\n'
                       'every = "7 days"\ncount = 3\n')
    assert planned_stop_day(p) == pytest.approx(21.0)
    assert planned_stop_day(continuous(p)) is None
