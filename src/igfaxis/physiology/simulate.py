"""Public simulation API of the physiology layer.

``simulate(patients, days=..., drugs=..., seed=...)`` burns each patient in to the untreated periodic steady state
(so day 0 is baseline), then integrates ``days`` days with the dose streams. ``sample_population`` draws virtual
patients. See ``docs/architecture.md`` ("Physiology simulation API") and ``docs/model.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import jax.numpy as jnp
import numpy as np

from igfaxis.errors import InputError, Problem
from igfaxis.physiology import axis
from igfaxis.physiology.dosing import DrugInput
from igfaxis.physiology.engine import OdeModel, build_streams, integrate
from igfaxis.physiology.population import Patients, sample, typical
from igfaxis.physiology.trajectory import Trajectory

AXIS_MODEL = OdeModel(axis.NAME, axis.N_STATES, axis.RECEPTORS, axis.OBSERVABLES, axis.rhs, axis.observe,
                      axis.rhs_terms, axis.observe_terms)
_GH, _IGF, _FREE, _DRIVE = 0, 1, 2, 3
DRIVE_DAYS = 2  # untreated pulse-generator days before the hepatic drive is measured
BURN_DAYS = 3   # coupled burn-in days after the analytic IGF-1 start
SETTLE_DAYS = 2  # coupled days after the anchored patients' hepatic-scale correction
#: More coupled days when a batch has unanchored patients: their IGF-1 starts at the steady state of the GH drive
#: measured at the set-point, and the IGF-1 -> GH-synthesis feedback (t1/2 ~14 h, IGF-1 t1/2 ~26 h) then moves it
#: by up to ~10 % over a week (virtual 55-year-old men: baseline vs day 13 p5/p95 -9/+11 % after 3 days; within
#: about +/-1.5 %, the day-to-day variation, after 7 more).
UNANCHORED_DAYS = 7


def derived(params: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per-patient constants precomputed once (endogenous GHS terms, feedback normaliser, reciprocals, logs)."""
    p = {k: np.asarray(v, dtype=float) for k, v in params.items()}
    for name in axis.LOGS:
        p[f"log_{name}"] = np.log(p[name])
    for name, value in zip(axis.GHS_TERMS, axis.ghs_terms(p["ghs_basal"], p), strict=True):
        p[name] = np.asarray(value, dtype=float)
    for name in axis.RECIPROCALS:
        p[f"inv_{name}"] = 1.0 / p[name]
    p["fb_num"] = 1.0 + p["igf_fb"]
    p["inv_igf_set"] = 1.0 / p["igf_set"]
    return p


def _measure_drive(p: dict[str, np.ndarray], dt_min: float, dtype: object) -> tuple[np.ndarray, np.ndarray]:
    """Daily-mean hepatic drive of the untreated pulse generator with IGF-1 held at its set-point."""
    frozen = dict(p, hep=np.zeros_like(p["hep"]), igf_kout=np.zeros_like(p["igf_kout"]))
    y0 = axis.initial_state({k: jnp.asarray(v) for k, v in p.items()}, jnp.asarray(p["igf_set"]))
    res = integrate(AXIS_MODEL, y0, frozen, n_days=DRIVE_DAYS, dt_min=dt_min, dtype=dtype)
    return np.asarray(res.daily[-1, _DRIVE]), np.asarray(res.y_final)


def _hep(patients: Patients, p: Mapping[str, np.ndarray], drive: np.ndarray) -> np.ndarray:
    """Hepatic scale putting each anchored patient's untreated IGF-1 at the anchor; others keep theirs."""
    hep_anchor = patients.anchor_igf1 * p["igf_kout"] / (p["igf_kin"] + p["igf_emax"] * drive)
    return np.where(np.isfinite(patients.anchor_igf1), hep_anchor, p["hep"])


def solve_hep(patients: Patients, *, dt_min: float = 1.0) -> Patients:
    """``patients`` with ``hep`` solved so each anchored patient sits at their anchor IGF-1 when untreated."""
    p = derived(patients.params)
    drive, _ = _measure_drive(p, dt_min, jnp.float64)
    return patients.with_params(hep=_hep(patients, p, drive))


@dataclass(frozen=True)
class Baseline:
    """Patients burnt in to the untreated state: engine parameters ``p`` (with ``hep`` solved), the axis state
    at 00:00 of day 0 ``y0`` (``(N_STATES, N)``), the untreated daily-mean IGF-1 and the burn-in status."""

    p: dict[str, np.ndarray]
    y0: np.ndarray
    igf1_ng_ml: np.ndarray
    status: np.ndarray


def burn_in(patients: Patients, *, dt_min: float = 1.0, float32: bool = False) -> Baseline:
    """Solve each patient's hepatic scale and run to the untreated periodic state (see docs/model.md)."""
    dtype = jnp.float32 if float32 else jnp.float64
    p = derived(patients.params)
    drive, y_gen = _measure_drive(p, dt_min, dtype)
    p["hep"] = _hep(patients, p, drive)
    igf0 = axis.steady_igf1(p, drive)
    y0 = np.array(y_gen[: axis.N_STATES])
    y0[axis.I_IGF] = igf0
    y0[axis.I_FREE] = p["free_fraction"] * igf0
    burn = integrate(AXIS_MODEL, y0, p, n_days=BURN_DAYS, dt_min=dt_min, dtype=dtype)
    status = np.asarray(burn.status)
    anchored = np.isfinite(patients.anchor_igf1) & (status == 0)
    if anchored.any():
        # The drive was measured before the pool and synthesis states settled (t1/2 ~14 h), which leaves anchored
        # patients 1-2 % below their anchor. One proportional correction of the hepatic scale (IGF-1 is linear in
        # it at a given GH) and a short settle put them back on it (docs/model.md, "Individual production scale").
        f = np.where(anchored, patients.anchor_igf1 / np.asarray(burn.daily[-1, _IGF]), 1.0)
        p["hep"] = p["hep"] * f
        y1 = np.array(burn.y_final)
        y1[axis.I_IGF] *= f
        y1[axis.I_FREE] *= f
        burn = integrate(AXIS_MODEL, y1, p, n_days=SETTLE_DAYS, dt_min=dt_min, dtype=dtype)
        status = np.maximum(status, np.asarray(burn.status))
    if not np.isfinite(patients.anchor_igf1).all():
        burn = integrate(AXIS_MODEL, np.array(burn.y_final), p, n_days=UNANCHORED_DAYS, dt_min=dt_min, dtype=dtype)
        status = np.maximum(status, np.asarray(burn.status))
    return Baseline(p, burn.y_final, burn.daily[-1, _IGF], status)


def stagger(base: Baseline, start_days: Sequence[int], *, dt_min: float = 1.0, float32: bool = False) -> Baseline:
    """``base`` repeated once per entry of ``start_days`` (start-major: copy ``i`` holds every patient of ``base``),
    copy ``i`` run ``start_days[i]`` more untreated days: the same people starting treatment on different days.

    A typical patient's untreated pulse pattern need not repeat every 24 h (the 72-y woman of Chapman 1996 has 13 or
    14 pulses a day and never settles, docs/model.md "Axis 1.2.5"), so the day a treatment starts picks a point of
    that wandering, as the dose clock picks a pulse phase; the trial cases average over such start days."""
    if any(k < 0 for k in start_days):
        raise InputError(Problem("start days must be >= 0", field="start_days", received=str(list(start_days))))
    dtype = jnp.float32 if float32 else jnp.float64
    y, status, states = np.asarray(base.y0), np.asarray(base.status), {0: (np.asarray(base.y0), base.status)}
    for day in range(1, max(start_days, default=0) + 1):
        res = integrate(AXIS_MODEL, y, base.p, n_days=1, dt_min=dt_min, dtype=dtype)
        y, status = np.asarray(res.y_final), np.maximum(status, np.asarray(res.status))
        states[day] = (y, status)
    n = len(start_days)
    return Baseline({k: np.tile(v, n) for k, v in base.p.items()},
                    np.concatenate([states[k][0] for k in start_days], axis=1),
                    np.tile(base.igf1_ng_ml, n), np.concatenate([states[k][1] for k in start_days]))


def simulate(patients: Patients | Baseline, *, days: int, drugs: Sequence[DrugInput] = (), seed: int | None = None,
             minute_days: Sequence[int] = (), dt_min: float = 1.0, float32: bool = False,
             dose_scale: np.ndarray | None = None) -> Trajectory:
    """Simulate ``days`` days (day 0 starts at 00:00 after burn-in to the untreated steady state).

    ``patients`` may be a :class:`Baseline` from :func:`burn_in` (reuse it for many forecasts). ``drugs`` start
    at day 0 (their ``dose_times_h`` count from then); ``dose_scale[s, patient]`` multiplies stream ``s``'s doses
    per patient. ``minute_days`` get per-step GH and free IGF-1. ``seed`` is recorded only (randomness lives in
    :func:`sample_population`).
    """
    if days < 1:
        raise InputError(Problem("days must be >= 1", field="days", received=str(days)))
    dtype = jnp.float32 if float32 else jnp.float64
    base = patients if isinstance(patients, Baseline) else burn_in(patients, dt_min=dt_min, float32=float32)
    streams = None
    if drugs:
        streams = build_streams(drugs, receptors=axis.RECEPTORS, n_days=days, dt_min=dt_min, scale=dose_scale)
    res = integrate(AXIS_MODEL, base.y0, base.p, n_days=days, streams=streams, dt_min=dt_min,
                    minute_days=minute_days, dtype=dtype)
    status = np.maximum(base.status, res.status)
    return Trajectory(
        days=np.arange(days),
        igf1_ng_ml=res.daily[:, _IGF],
        igf1_free_ng_ml=res.daily[:, _FREE],
        gh_ug_l=res.daily[:, _GH],
        baseline_igf1_ng_ml=base.igf1_ng_ml,
        status=status,
        dt_min=dt_min,
        seed=seed,
        minute_gh_ug_l={d: m[:, _GH] for d, m in res.minutes.items()},
        minute_igf1_free_ng_ml={d: m[:, _FREE] for d, m in res.minutes.items()},
        model_name=axis.NAME,
        model_version=axis.VERSION,
    )


def tonic_state_warning(day0_pulses: int, treated_pulses: int, day: int) -> str | None:
    """The warning a forecast carries when its GH pulses stopped on treatment (``treated_pulses`` on ``day`` of a
    dosed run, ``day0_pulses`` on day 0), else None. Under a sustained ghrelin-receptor drive the pulse generator
    can settle on a tonic state with no pulses, in which IGF-1 stays at or falls below its untreated level
    (docs/model.md, "Repeated-dose cases averaged over start days"): a model limit, not a prediction."""
    if day0_pulses <= 0 or treated_pulses > 0:
        return None
    return (f"model limit: the simulated GH pulses stopped on treatment ({treated_pulses} on day {day}, "
            f"{day0_pulses} on day 0). Under a sustained ghrelin-receptor drive the model's pulse generator can "
            "settle on such a tonic state, in which IGF-1 stays at or below its untreated level; the trials saw "
            "IGF-1 rise, so the IGF-1 forecast from then on is not a prediction (docs/model.md)")


def sample_population(n: int, *, age_years: float, sex: str, seed: int, weight_kg: float | None = None,
                      anchor: bool = False, cv_scale: float = 1.0,
                      sleep: tuple[float, float] = (23.0, 8.0), baseline_igf1: float | None = None) -> Patients:
    """``n`` virtual patients (log-normal IIV, explicit seed). Unanchored (default): the hepatic scale is the
    typical patient's (solved so the typical patient sits at the Bidlingmaier median) and IGF-1 emerges.
    Anchored: each patient's untreated IGF-1 is ``baseline_igf1`` (or the median); GH dynamics vary."""
    pop = sample(n, age_years=age_years, sex=sex, seed=seed, weight_kg=weight_kg, anchor=anchor,
                 cv_scale=cv_scale, sleep=sleep, baseline_igf1=baseline_igf1 if anchor else None)
    if anchor:
        return pop
    typ = solve_hep(typical(age_years=age_years, sex=sex, weight_kg=weight_kg, sleep=sleep))
    return pop.with_params(hep=typ.params["hep"][0])


def person(*, age_years: float, sex: str, weight_kg: float | None = None, baseline_igf1: float | None = None,
           sleep: tuple[float, float] = (23.0, 8.0)) -> Patients:
    """One typical patient anchored to ``baseline_igf1`` (or the age/sex median)."""
    return typical(age_years=age_years, sex=sex, weight_kg=weight_kg, baseline_igf1=baseline_igf1, sleep=sleep)
