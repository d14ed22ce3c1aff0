"""Virtual patients: typical parameters for an age/sex/weight, and log-normal inter-individual variability.

:class:`Patients` holds one ``(N,)`` array per parameter (the engine's ``p``) plus the IGF-1 set-point the
burn-in anchors each patient to (``anchor_igf1``; NaN = not anchored, IGF-1 emerges from ``hep``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from igfaxis.errors import InputError, Problem
from igfaxis.physiology.parameters import AXIS, IIV, gh_age_factor, lms_median_igf1

SCALAR_KEYS: tuple[str, ...] = (
    "k_ghrh", "ghrh_max", "t_srif_ghrh", "t_ghrh", "t_srif_pit", "ghs_basal", "g0", "tg0", "ng0", "g1", "tg1",
    "g3", "tg3", "ng3", "g4",
    "ng1", "g2", "tg2", "ng2", "k_gh", "k_srif", "srif_basal", "srif_gh", "t_gh_srif", "k_delay",
    "sws_ghrh_gain", "sws_pit_gain", "sws_rise_h", "sws_dur_h", "igf_kin", "igf_ec50", "igf_kout", "igf_fb",
    "free_fraction", "k_free", "pulse_gain", "ghrh_capacity", "ghrh_srif_opp", "t_ghrh_opp", "srif_leak",
    "synth_rate", "k_synth", "synth_gain", "synth_ghs", "hep_ec50",
)


@dataclass(frozen=True)
class Patients:
    """A batch of virtual patients. ``params[name]`` are ``(N,)`` float arrays; ``anchor_igf1`` is the untreated
    IGF-1 (ng/mL) each patient's hepatic production scale is solved for (NaN: keep ``hep``)."""

    params: Mapping[str, np.ndarray]
    anchor_igf1: np.ndarray
    age_years: np.ndarray
    sex: tuple[str, ...]

    @property
    def n(self) -> int:
        return int(self.anchor_igf1.shape[0])

    def take(self, idx: Sequence[int] | np.ndarray) -> Patients:
        ii = np.asarray(idx)
        return Patients({k: v[ii] for k, v in self.params.items()}, self.anchor_igf1[ii], self.age_years[ii],
                        tuple(self.sex[i] for i in ii))

    def with_params(self, **values: np.ndarray | float) -> Patients:
        p = dict(self.params)
        for k, v in values.items():
            if k not in p:
                raise KeyError(k)
            p[k] = np.broadcast_to(np.asarray(v, dtype=float), (self.n,)).copy()
        return replace(self, params=p)

    @staticmethod
    def concat(batches: Sequence[Patients]) -> Patients:
        keys = batches[0].params.keys()
        return Patients({k: np.concatenate([b.params[k] for b in batches]) for k in keys},
                        np.concatenate([b.anchor_igf1 for b in batches]),
                        np.concatenate([b.age_years for b in batches]),
                        tuple(s for b in batches for s in b.sex))


def parse_sleep(text: str) -> tuple[float, float]:
    """``"23:00-07:00"`` -> (onset hour, duration h)."""
    try:
        a, b = text.split("-")
        on = int(a.split(":")[0]) + int(a.split(":")[1]) / 60.0
        off = int(b.split(":")[0]) + int(b.split(":")[1]) / 60.0
        if not (0 <= on < 24 and 0 <= off < 24):
            raise ValueError
    except (ValueError, IndexError):
        raise InputError(Problem("bad sleep window", field="sleep", received=text, expected="HH:MM-HH:MM")) from None
    length = (off - on) % 24.0
    if not (1.0 <= length <= 14.0):
        raise InputError(Problem("sleep window too short or long", field="sleep", received=text,
                                 expected="1 to 14 hours"))
    return on, length


def typical(*, age_years: float, sex: str, weight_kg: float | None = None, baseline_igf1: float | None = None,
            sleep: tuple[float, float] = (23.0, 8.0), anchor: bool = True) -> Patients:
    """One typical patient. IGF-1 is anchored to ``baseline_igf1`` or, without it, the Bidlingmaier 2014
    age/sex median; ``anchor=False`` leaves IGF-1 to emerge from the typical hepatic scale (solved later)."""
    if sex not in ("male", "female"):
        raise InputError(Problem("unknown sex", field="sex", received=str(sex), expected="'male' or 'female'"))
    if not (18 <= age_years <= 100):
        raise InputError(Problem("age outside the adult model range", field="age", received=str(age_years),
                                 expected="18 to 100 years"))
    wt = AXIS.value("weight_default_kg") if weight_kg is None else weight_kg
    if not (30 <= wt <= 300):
        raise InputError(Problem("weight out of range", field="weight_kg", received=str(wt), expected="30-300 kg"))
    if baseline_igf1 is not None and not (math.isfinite(baseline_igf1) and 10 <= baseline_igf1 <= 2000):
        raise InputError(Problem("baseline IGF-1 out of range", field="baseline_igf1", received=str(baseline_igf1),
                                 expected="10 to 2000 ng/mL"))
    target = baseline_igf1 if baseline_igf1 is not None else lms_median_igf1(min(age_years, 90.0), sex).value
    p: dict[str, float] = {k: AXIS.value(k) for k in SCALAR_KEYS}
    p["basal"] = AXIS.value(f"basal_{sex}")
    p["gh_amp"] = AXIS.value(f"gh_amp_{sex}") * gh_age_factor(age_years)
    p["igf_emax"] = AXIS.value("igf_emax_85kg") * (wt / 85.0) ** AXIS.value("igf_emax_wt_exp")
    p["hep"] = 1.0
    p["pool_cap"] = AXIS.value("pool_cap")
    p["sleep_on_h"], p["sleep_len_h"] = sleep
    p["igf_set"] = target
    arrays = {k: np.array([v], dtype=float) for k, v in p.items()}
    return Patients(arrays, np.array([target if anchor else math.nan]), np.array([float(age_years)]), (sex,))


def sample(n: int, *, age_years: float, sex: str, seed: int, weight_kg: float | None = None,
           anchor: bool = False, cv_scale: float = 1.0, sleep: tuple[float, float] = (23.0, 8.0),
           baseline_igf1: float | None = None) -> Patients:
    """``n`` virtual patients around the typical one, log-normal IIV (CVs in :data:`IIV`), explicit seed.

    With ``anchor=False`` (default) hepatic Emax varies too and IGF-1 emerges; the feedback set-point stays at
    the age/sex median. With ``anchor=True`` every patient's IGF-1 is anchored to ``baseline_igf1`` (or the
    median) and only the GH dynamics vary. ``cv_scale`` multiplies every CV (0: n copies of the typical patient).
    """
    if n < 1:
        raise InputError(Problem("population size must be >= 1", field="n", received=str(n)))
    base = typical(age_years=age_years, sex=sex, weight_kg=weight_kg, sleep=sleep, anchor=anchor,
                   baseline_igf1=baseline_igf1)
    rng = np.random.default_rng(seed)
    p = {k: np.repeat(v, n) for k, v in base.params.items()}

    def draw(cv: float) -> np.ndarray:
        sd = math.sqrt(math.log1p((cv * cv_scale) ** 2))
        return np.exp(rng.normal(0.0, sd, n))  # median-preserving log-normal

    p["gh_amp"] = p["gh_amp"] * draw(IIV.value("cv_gh_amp"))
    p["basal"] = p["basal"] * draw(IIV.value("cv_basal"))
    p["pulse_gain"] = p["pulse_gain"] * draw(IIV.value("cv_pulse_gain"))
    p["k_gh"] = p["k_gh"] * draw(IIV.value("cv_k_gh"))
    p["k_delay"] = p["k_delay"] * draw(IIV.value("cv_k_delay"))
    emax_f = draw(IIV.value("cv_igf_emax"))
    kout_f = draw(IIV.value("cv_igf_kout"))
    if not anchor:
        p["igf_emax"] = p["igf_emax"] * emax_f
        p["igf_kout"] = p["igf_kout"] * kout_f
    anchor_arr = np.repeat(base.anchor_igf1, n)
    return Patients(p, anchor_arr, np.repeat(base.age_years, n), (sex,) * n)
