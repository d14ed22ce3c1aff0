"""The fixed-step RK4 engine against SciPy solve_ivp, batching, seeds, per-patient failure status, float32."""

from __future__ import annotations

import jax
import numpy as np
import pytest
from scipy.integrate import solve_ivp

from igfaxis.errors import InputError
from igfaxis.physiology import axis
from igfaxis.physiology.engine import integrate
from igfaxis.physiology.population import Patients
from igfaxis.physiology.simulate import AXIS_MODEL, burn_in, person, sample_population, simulate


def test_rk4_matches_solve_ivp_daily_means() -> None:
    # issue 3: daily mean IGF-1 within 0.5 % of a tight-tolerance reference (rtol <= 1e-8)
    base = burn_in(Patients.concat([person(age_years=30, sex="male"), person(age_years=70, sex="female")]))
    days = 2
    eng = integrate(AXIS_MODEL, base.y0, base.p, n_days=days)
    for i in range(2):
        p1 = {k: np.asarray(v[i: i + 1]) for k, v in base.p.items()}
        f = jax.jit(lambda t, y, p=p1: axis.rhs(t, y.reshape(axis.N_STATES, 1), p).reshape(-1))
        sol = solve_ivp(lambda t, y, f=f: np.asarray(f(t, y)), (0.0, 24.0 * days), base.y0[:, i], method="DOP853",
                        rtol=1e-9, atol=1e-12, max_step=1.0 / 60.0, dense_output=True)
        assert sol.success
        t = np.arange(1, 1440 * days + 1) / 60.0
        obs = np.asarray(axis.observe(sol.sol(t), {k: v[0] for k, v in p1.items()}))
        ref = obs.reshape(len(axis.OBSERVABLES), days, 1440).mean(axis=2)  # [obs, day]
        igf_ref, gh_ref = ref[1], ref[0]
        assert np.allclose(eng.daily[:, 1, i], igf_ref, rtol=5e-3)
        assert np.allclose(eng.daily[:, 1, i], igf_ref, rtol=1e-5)  # what RK4 at 1 min actually achieves
        assert np.allclose(eng.daily[:, 0, i], gh_ref, rtol=1e-3)


def test_batch_equals_single_runs() -> None:
    pop = sample_population(4, age_years=55, sex="female", seed=11)
    batch = simulate(pop, days=3)
    for i in range(pop.n):
        one = simulate(pop.take([i]), days=3)
        np.testing.assert_allclose(batch.igf1_ng_ml[:, i], one.igf1_ng_ml[:, 0], rtol=1e-10)
        np.testing.assert_allclose(batch.gh_ug_l[:, i], one.gh_ug_l[:, 0], rtol=1e-10)


def test_same_seed_same_result_other_seed_differs() -> None:
    a = sample_population(5, age_years=40, sex="male", seed=42)
    b = sample_population(5, age_years=40, sex="male", seed=42)
    c = sample_population(5, age_years=40, sex="male", seed=43)
    for k in a.params:
        np.testing.assert_array_equal(a.params[k], b.params[k])
    assert not np.array_equal(a.params["gh_amp"], c.params["gh_amp"])
    np.testing.assert_array_equal(simulate(a, days=1).igf1_ng_ml, simulate(b, days=1).igf1_ng_ml)


def test_failed_patient_is_flagged_and_others_continue() -> None:
    pop = sample_population(3, age_years=40, sex="male", seed=1)
    good = simulate(pop, days=2)
    bad_k = pop.params["k_gh"].copy()
    bad_k[1] = np.nan
    tr = simulate(pop.with_params(k_gh=bad_k), days=2)
    assert tr.status.tolist() == [0, 1, 0]
    np.testing.assert_allclose(tr.igf1_ng_ml[:, [0, 2]], good.igf1_ng_ml[:, [0, 2]], rtol=1e-12)


def test_float32_close_to_float64() -> None:
    pt = person(age_years=35, sex="female")
    a = simulate(pt, days=3)
    b = simulate(pt, days=3, float32=True)
    np.testing.assert_allclose(b.igf1_ng_ml, a.igf1_ng_ml, rtol=2e-3)


def test_day0_is_baseline_and_free_fraction() -> None:
    tr = simulate(person(age_years=50, sex="male"), days=3, minute_days=[0])
    assert abs(tr.igf1_ng_ml[0, 0] / tr.baseline_igf1_ng_ml[0] - 1) < 0.01
    frac = tr.igf1_free_ng_ml[:, 0] / tr.igf1_ng_ml[:, 0]
    assert np.all((frac > 0.004) & (frac < 0.01))  # Frystyk 1994 / Juul 1997: 0.4-1 %
    assert tr.minute_igf1_free_ng_ml[0].shape == (1440, 1)


def test_burn_in_starts_from_the_converged_pool_and_lands_on_the_anchor() -> None:
    # axis.POOL0 / SYNTH0 are the converged untreated pool and synthesis states of a typical 45-y man: a stale start
    # leaves the drive measured mid-transient and anchored patients off their anchor (+2.3 % at axis 1.2.5 with the
    # axis 1.1 values 1.0 / 1.09), so they are re-measured with the axis.
    base = burn_in(person(age_years=45, sex="male", baseline_igf1=150.0))
    pool, synth = np.asarray(base.y0)[[axis.I_POOL, axis.I_SYNTH], 0]
    assert pool == pytest.approx(axis.POOL0, rel=0.03) and synth == pytest.approx(axis.SYNTH0, rel=0.03)
    assert abs(float(base.igf1_ng_ml[0]) / 150.0 - 1) < 0.01


def test_stagger_starts_each_copy_that_many_untreated_days_later() -> None:
    from igfaxis.physiology.simulate import stagger

    base = burn_in(Patients.concat([person(age_years=72, sex="female", baseline_igf1=141.0),
                                    person(age_years=30, sex="male")]))
    later = stagger(base, [0, 3])
    assert later.y0.shape == (axis.N_STATES, 4) and later.p["hep"].shape == (4,)
    np.testing.assert_array_equal(later.y0[:, :2], base.y0)
    straight = simulate(base, days=5)
    staggered = simulate(later, days=2)
    # copy 2 (start day 3) is the straight run three days on; copy 1 is the straight run itself
    np.testing.assert_allclose(staggered.igf1_ng_ml[:, 2:], straight.igf1_ng_ml[3:5], rtol=1e-9)
    np.testing.assert_allclose(staggered.take(slice(0, 2)).igf1_ng_ml, straight.igf1_ng_ml[:2], rtol=1e-9)
    with pytest.raises(InputError):
        stagger(base, [0, -1])


@pytest.mark.parametrize("bad", [{"sleep": "25:00-07:00"}, {"sleep": "23:00"}])
def test_bad_sleep_window_is_an_input_error(bad: dict[str, str]) -> None:
    from igfaxis.errors import InputError
    from igfaxis.physiology.population import parse_sleep

    with pytest.raises(InputError):
        parse_sleep(bad["sleep"])


@pytest.mark.parametrize("n_days", [0, 1, 2, 3, 7, 182, 365, 4000])
def test_power_of_two_blocks(n_days: int) -> None:
    """Each block length compiles once, so any horizon reuses at most 13 compiled day loops (up to 11 years)."""
    from igfaxis.physiology.engine import power_of_two_blocks

    blocks = power_of_two_blocks(n_days)
    assert sum(blocks) == n_days and blocks == sorted(blocks, reverse=True) and len(set(blocks)) == len(blocks)
    assert all(b & (b - 1) == 0 for b in blocks)


def test_day_loop_splits_new_horizons_once_many_were_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    from igfaxis.physiology import engine

    monkeypatch.setattr(engine, "_exact_horizons", set())
    monkeypatch.setattr(engine, "EXACT_HORIZONS", 2)
    assert engine.day_blocks(182) == [182] and engine.day_blocks(28) == [28]  # one-shot use: one block each
    assert engine.day_blocks(90) == [64, 16, 8, 2]  # the third horizon is split
    assert engine.day_blocks(182) == [182]  # a horizon already compiled stays one block
    assert engine.day_blocks(0) == []


def test_blocked_day_loop_gives_the_single_block_result(monkeypatch: pytest.MonkeyPatch) -> None:
    from igfaxis.physiology import engine

    base = burn_in(person(age_years=45, sex="male"))
    monkeypatch.setattr(engine, "day_blocks", engine.power_of_two_blocks)
    blocked = simulate(base, days=11, minute_days=[3])
    monkeypatch.setattr(engine, "day_blocks", lambda n: [n] if n else [])
    single = simulate(base, days=11, minute_days=[3])
    np.testing.assert_array_equal(blocked.igf1_ng_ml, single.igf1_ng_ml)
    np.testing.assert_array_equal(blocked.minute_gh_ug_l[3], single.minute_gh_ug_l[3])


def test_patient_count_pads_new_batch_sizes_once_many_were_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    from igfaxis.physiology import engine

    monkeypatch.setattr(engine, "_exact_counts", set())
    monkeypatch.setattr(engine, "EXACT_PATIENT_COUNTS", 2)
    assert engine.patient_count(1000) == 1000 and engine.patient_count(7) == 7  # exact while few are compiled
    assert engine.patient_count(1000) == 1000  # a compiled count stays exact
    assert [engine.patient_count(n) for n in (3, 5, 9, 700, 1001, 100_001)] == [4, 8, 10, 768, 1024, 114_688]
    for n in range(9, 5000):  # quarter-octave buckets: at most 25 % padding, 4 sizes per octave
        b = engine.patient_count(n)
        assert n <= b <= 1.25 * n


def test_padded_batch_gives_the_exact_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """Padding copies the last patient and slices the copies off: every output is the unpadded one."""
    from igfaxis.physiology import engine
    from igfaxis.physiology.agents import AGENTS
    from igfaxis.physiology.protocol import drug_input

    pts = sample_population(5, age_years=50, sex="male", seed=3)
    base = burn_in(pts)
    drug = drug_input(AGENTS["tesamorelin"], "sc", weight_kg=80.0, times_h=[24.0 * d + 22 for d in range(6)],
                      amounts_ug=[2000.0] * 6)
    scale = np.array([[1.0, 0.5, 2.0, 0.0, 1.0]])
    monkeypatch.setattr(engine, "patient_count", lambda n: n)
    exact = simulate(base, days=6, drugs=[drug], minute_days=[1], dose_scale=scale)
    monkeypatch.setattr(engine, "patient_count", lambda n: 8 if n == 5 else n)
    padded = simulate(base, days=6, drugs=[drug], minute_days=[1], dose_scale=scale)
    np.testing.assert_array_equal(padded.igf1_ng_ml, exact.igf1_ng_ml)
    np.testing.assert_array_equal(padded.gh_ug_l, exact.gh_ug_l)
    np.testing.assert_array_equal(padded.minute_gh_ug_l[1], exact.minute_gh_ug_l[1])
    np.testing.assert_array_equal(padded.status, exact.status)
    assert padded.igf1_ng_ml.shape == (6, 5)
