"""IGF-1 kinetics after a GH step, IGF-1 vs nadir GH, and the drug-input path (synthetic DrugInputs)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from igfaxis.errors import InputError
from igfaxis.physiology.axis import hepatic_drive
from igfaxis.physiology.dosing import DrugInput
from igfaxis.physiology.parameters import AXIS
from igfaxis.physiology.pulses import detect
from igfaxis.physiology.simulate import burn_in, person, sample_population, simulate


def _depot_ghrh(amount_ug: float, *, days: float = 0.0) -> DrugInput:
    """A GHRH-receptor agonist given IV with a ~9-month half-life at a saturating level: a GHRH step."""
    return DrugInput(name="step", receptor="ghrh", ka_per_h=1.0, ke_per_h=1e-4, bioavailability=1.0,
                     volume_l=10.0, ec50_ng_ml=10.0, emax=1000.0, hill=1.0, iv=True,
                     dose_times_h=(24.0 * days,), dose_amounts_ug=(amount_ug,))


def test_igf1_step_response_timing() -> None:
    # Papathanasiou 2021 kout 0.0262/h; Drake 1998: full effect within 2 weeks. A step in plasma GH: the
    # somatotroph output (gh_amp) doubles at day 0 00:00 from the untreated state (a GHRH step is not a GH step
    # since axis 1.1: GH synthesis follows GHRH over ~2 days).
    base = burn_in(person(age_years=45, sex="male"))
    stepped = dataclasses.replace(base, p={**base.p, "gh_amp": 2.0 * base.p["gh_amp"]})
    tr = simulate(stepped, days=28)
    igf = tr.igf1_ng_ml[:, 0]
    start = tr.baseline_igf1_ng_ml[0]
    new = igf[21:].mean()
    assert new > 1.2 * start
    frac = (igf - start) / (new - start)
    assert frac[4] >= 0.9  # day 4 (96-120 h): >= 90 % of the new steady state within 4-5 days
    assert abs(igf[14] - new) / new < 0.02  # plateau within 2 weeks


def test_gh_independent_share_is_papathanasiou_s_at_the_reference_man() -> None:
    # igf_kin is Papathanasiou's Kin rescaled by the ratio of the switch-like drive to their hyperbolic drive over
    # the untreated day of a man of age_mid_y (docs/model.md, "Axis 1.2.2"); the ratio, recomputed, matches.
    man = person(age_years=AXIS.value("age_mid_y"), sex="male")
    gh = simulate(man, days=1, minute_days=[0]).minute_gh_ug_l[0][:, 0]
    switch = float(np.mean(hepatic_drive(gh, {"inv_hep_ec50": 1.0 / AXIS.value("hep_ec50")})))
    graded = float(np.mean(gh / (gh + AXIS.value("igf_ec50"))))
    assert AXIS.value("igf_kin") == pytest.approx(AXIS.value("igf_kin_published") * switch / graded, rel=0.02)
    # the share of the man's untreated production that does not depend on GH: Papathanasiou's, 26 %
    emax = float(man.params["igf_emax"][0])
    share = AXIS.value("igf_kin") / (AXIS.value("igf_kin") + emax * switch)
    published = AXIS.value("igf_kin_published") / (AXIS.value("igf_kin_published") + emax * graded)
    assert share == pytest.approx(published, rel=0.02)


def test_ghrh_step_raises_igf1_to_a_plateau_within_two_weeks() -> None:
    # a saturating GHRH-receptor step: GH synthesis (t1/2 ~35 h) then IGF-1 (t1/2 26.5 h) settle within 2 weeks
    tr = simulate(person(age_years=45, sex="male"), days=28, drugs=[_depot_ghrh(1000.0)])
    igf = tr.igf1_ng_ml[:, 0]
    new = igf[21:].mean()
    assert new > 1.2 * tr.baseline_igf1_ng_ml[0]
    assert abs(igf[14] - new) / new < 0.05  # two slow stages in series (synthesis, IGF-1)


def test_drug_input_raises_gh_and_igf1_for_both_receptors() -> None:
    times = tuple(8.0 + 24.0 * d for d in range(7))
    sc_ghs = DrugInput(name="synthetic-ghs", receptor="ghs", ka_per_h=2.0, ke_per_h=0.5, bioavailability=0.8,
                       volume_l=20.0, ec50_ng_ml=5.0, emax=2000.0, hill=1.0, dose_times_h=times,
                       dose_amounts_ug=(200.0,) * 7)
    sc_ghrh = DrugInput(name="synthetic-ghrh", receptor="ghrh", ka_per_h=2.0, ke_per_h=0.5, bioavailability=0.8,
                        volume_l=20.0, ec50_ng_ml=5.0, emax=2000.0, hill=1.0, dose_times_h=times,
                        dose_amounts_ug=(200.0,) * 7)
    pt = person(age_years=50, sex="female")
    untreated = simulate(pt, days=7, minute_days=[3])
    window = slice(8 * 60, 14 * 60)  # 6 h after the 08:00 dose
    for drug in (sc_ghs, sc_ghrh):
        tr = simulate(pt, days=7, drugs=[drug], minute_days=[3])
        assert tr.status[0] == 0
        assert tr.gh_ug_l[3, 0] > untreated.gh_ug_l[3, 0]
        assert tr.igf1_ng_ml[6, 0] > 1.03 * untreated.igf1_ng_ml[6, 0]
        peak = tr.minute_gh_ug_l[3][window, 0].max()
        assert peak > 1.5 * untreated.minute_gh_ug_l[3][window, 0].max()


def test_tolerance_blunts_repeated_ghs_drive() -> None:
    base = dict(name="t", receptor="ghs", ka_per_h=1.0, ke_per_h=0.15, bioavailability=0.6, volume_l=50.0,
                ec50_ng_ml=5.0, emax=400.0, hill=1.0, dose_times_h=tuple(8.0 + 24.0 * d for d in range(28)),
                dose_amounts_ug=(25000.0,) * 28)
    pt = person(age_years=60, sex="male")
    plain = simulate(pt, days=28, drugs=[DrugInput(**base)])  # type: ignore[arg-type]
    tol = simulate(pt, days=28, drugs=[DrugInput(**base, tol_kon_per_h=0.05, tol_koff_per_h=0.01,  # type: ignore[arg-type]
                                                 tol_max=0.7)])
    assert tol.gh_ug_l[27, 0] < plain.gh_ug_l[27, 0]


def test_druginput_validation_names_the_field() -> None:
    with pytest.raises(InputError) as err:
        DrugInput(name="x", receptor="gaba", ka_per_h=1.0, ke_per_h=-1.0, bioavailability=1.5, volume_l=1.0,
                  ec50_ng_ml=1.0, emax=1.0, hill=1.0)
    text = str(err.value)
    assert "receptor" in text and "ke_per_h" in text and "bioavailability" in text


def _r2_nadir_and_pulse_mass(pop: object) -> tuple[float, float]:
    """r2 of log IGF-1 against log nadir GH (5th percentile) and log pulse mass (floored at 1 ug/L*min: no pulse
    detected) over day 1 of an untreated run."""
    tr = simulate(pop, days=2, minute_days=[1])  # type: ignore[arg-type]
    gh = tr.minute_gh_ug_l[1]
    nadir, mass = [], []
    for i in range(gh.shape[1]):
        st = detect(gh[:, i])
        nadir.append(np.percentile(gh[:, i], 5))
        mass.append(max((st.integrated - st.nadir * 1440) / max(st.count, 1), 1.0))
    igf = np.log(tr.igf1_ng_ml[1])
    return float(np.corrcoef(np.log(nadir), igf)[0, 1] ** 2), float(np.corrcoef(np.log(mass), igf)[0, 1] ** 2)


def test_igf1_follows_nadir_gh_more_than_pulse_mass() -> None:
    # PMC2869549 reports log nadir GH vs IGF-1 r2 0.77 (pulse mass 0.001) over acromegalic patients and controls
    # together (the next test); within normal men alone it gives no figure, so this is a property of axis 1.2 kept
    # as a regression check, stronger than the source asks (docs/model.md, attempt 4).
    r2_nadir, r2_mass = _r2_nadir_and_pulse_mass(sample_population(120, age_years=40, sex="male", seed=7))
    # axis 1.1 (switch-like hepatic drive, basal release from the pool): r2 0.74 vs 0.63 (axis 1.0: 0.33 vs 0.28)
    assert r2_nadir > r2_mass + 0.05
    assert r2_nadir > 0.6


def test_igf1_follows_nadir_gh_in_a_controls_plus_acromegaly_cohort() -> None:
    # PMC2869549's own design (18 acromegalic patients + 19 controls): log nadir GH vs IGF-1 r2 0.77, pulse mass
    # 0.001. 36 virtual controls (40-y men) + 36 virtual acromegalic men whose adenoma adds GH production released
    # outside the somatostatin gate, log-spread (parameters.ACROMEGALY, Hartman 1990/1994). Axis 1.2: 0.70 vs 0.13;
    # axis 1.2.1: 0.83 vs 0.48.
    from igfaxis.physiology.parameters import ACROMEGALY
    from igfaxis.physiology.population import Patients

    controls = sample_population(36, age_years=40, sex="male", seed=7)
    acro = sample_population(36, age_years=40, sex="male", seed=8)
    f = np.geomspace(ACROMEGALY.value("acro_production_min"), ACROMEGALY.value("acro_production_max"), acro.n)
    acro = acro.with_params(synth_rate=acro.params["synth_rate"] * f,
                            basal=acro.params["basal"] * f * ACROMEGALY.value("acro_basal_per_production"))
    r2_nadir, r2_mass = _r2_nadir_and_pulse_mass(Patients.concat([controls, acro]))
    assert r2_nadir > 0.6
    assert r2_nadir > r2_mass + 0.05


def test_population_median_tracks_lms_median() -> None:
    from igfaxis.physiology.parameters import lms_median_igf1

    # 150 virtual patients: the median of 60 (IGF-1 CV ~35 %) has a sampling SE of ~6 %, too close to the 10 % allowed
    for sex in ("male", "female"):
        pop = sample_population(150, age_years=60, sex=sex, seed=3)
        tr = simulate(pop, days=1)
        assert abs(np.median(tr.igf1_ng_ml[0]) / lms_median_igf1(60, sex).value - 1) < 0.10


def test_unanchored_population_starts_at_its_untreated_steady_state() -> None:
    # A trial's "baseline" must be the settled untreated level, or every "change" carries the drift: 3 coupled
    # burn-in days left virtual 55-year-old men -9/+11 % (p5/p95) from where they settle a week later.
    # What is left is mostly the model's own day-to-day variation of daily IGF-1 (p5/p95 of the daily change
    # -4.6/+5.2 % since axis 1.2.2, which made IGF-1 more GH-driven; -2.5/+2.9 % before), and the signed drift
    # centres on 0. Axis 1.2.5 (larger releasable pool) widened the spread: p95 of |drift| 6.0 % with 7 burn-in
    # days, 5.3 % with 14 (p5/p95 -3.6/+4.9 and -2.5/+3.9 %; daily change -4.7/+5.2 %); the bound sits above the
    # 7-day value. Both sit well inside the published within-person CV of IGF-1 (11 %, igfaxis.evidence.noise).
    tr = simulate(sample_population(60, age_years=55, sex="male", seed=1), days=10)
    drift = 100 * (np.asarray(tr.baseline_igf1_ng_ml) / np.asarray(tr.igf1_ng_ml)[-3:].mean(axis=0) - 1)
    assert abs(np.median(drift)) < 1.0
    assert np.percentile(np.abs(drift), 95) < 6.5
