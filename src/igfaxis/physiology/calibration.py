"""Calibration and validation cases: published trial outcomes (``trials_calibration.csv``) as simulations.

Each :class:`Case` is one expressible row: a trial design (subjects, regimen, sampling window) simulated with the
axis engine, an observable computed from the simulated GH/IGF-1, the published value and a tolerance. ``role``
says whether the calibration script fits PD parameters to it ("calibration") or it is held out ("validation":
never used in fitting). Rows no model here can express are listed in :data:`NOT_EXPRESSIBLE` with the reason.

Simulations are grouped (one run serves several cases). Because every drug effect depends on ``C / EC50`` only
(Hill drive and the tolerance state both), a run can evaluate several EC50 values at once by scaling each virtual
patient's doses by ``1 / f`` (``ec50_factors``): the calibration script uses this to fit EC50 by batch.
Rows are the 1-based data rows of ``trials_calibration.csv``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from igfaxis.physiology.agents import AGENTS
from igfaxis.physiology.agents.ipamorelin import GOBBURU_DOSES_NMOL_KG, GOBBURU_INFUSION
from igfaxis.physiology.calibration_cases import (
    CASES,
    GRF40_MOLAR_MASS,
    GRF44_MOLAR_MASS,
    LOSA_BOLUS,
    LOSA_RATE,
    NOT_EXPRESSIBLE,
    RAISED_FOLD,
    TEICHMAN_DOSES_UG_KG,
    VANCE_RATE,
    Case,
    Result,
    Subject,
)
from igfaxis.physiology.dosing import DrugInput
from igfaxis.physiology.protocol import drug_input
from igfaxis.provenance import Sourced

PD = Mapping[str, Mapping[str, float]]  # agent id -> PD overrides
FrozenPD = tuple[tuple[str, tuple[tuple[str, float], ...]], ...]  # PD overrides as a hashable, ordered key


def _freeze(pd: PD) -> FrozenPD:
    """``pd`` as a cache key: agents and their parameters sorted, so equal overrides give equal keys."""
    return tuple(sorted((a, tuple(sorted(v.items()))) for a, v in pd.items()))
Obs = dict[str, np.ndarray]  # observable -> value per EC50 factor


# --------------------------------------------------------------------------------------------------- simulation


def _typical(subjects: Sequence[Subject], weight_kg: float) -> Any:
    from igfaxis.physiology.population import Patients
    from igfaxis.physiology.simulate import person

    return Patients.concat([person(age_years=s.age_years, sex=s.sex, weight_kg=weight_kg,
                                   baseline_igf1=s.baseline_igf1) for s in subjects])


def simulate_subjects(subjects: Sequence[Subject], *, weight_kg: float, days: int, streams: Sequence[DrugInput],
                      scale: np.ndarray | None, minute_days: Sequence[int]) -> Any:
    """A trial arm: typical virtual subjects (one patient each) dosed with ``streams``; ``scale[stream, patient]``
    multiplies each patient's doses (None: as given). Returns the simulator's trajectory."""
    from igfaxis.physiology.simulate import simulate

    return simulate(_typical(subjects, weight_kg), days=days, drugs=list(streams), minute_days=list(minute_days),
                    dose_scale=None if scale is None or not streams else scale)


#: Untreated days added before a repeated-dose trial starts, one copy of the subjects each (one simulation for
#: all). Some typical subjects' untreated pulse pattern does not repeat every 24 h (the 72-y woman of Chapman 1996:
#: 13 or 14 pulses a day, IGF-1 wandering 132-143 ng/mL around her anchor of 141), so the start day picks a point
#: of that wandering; under MK-677 it decides whether her pulses go on (IGF-1 244-247 ng/mL at day 15 at the
#: committed fit) or stop (131; docs/model.md, "Repeated-dose cases averaged over start days").
#: The published values are means over subjects who started on no particular day of it, so the repeated-dose cases
#: are means over a week of start days, as the single-dose cases are over :data:`DOSE_PHASES_MIN`.
START_DAYS: tuple[int, ...] = tuple(range(7))


def simulate_staggered(subjects: Sequence[Subject], *, weight_kg: float, days: int, streams: Sequence[DrugInput],
                       scale: np.ndarray | None, minute_days: Sequence[int],
                       start_days: Sequence[int] | None = None) -> list[Any]:
    """:func:`simulate_subjects` once per start day (default :data:`START_DAYS`; treatment starting that many
    untreated days after burn-in; one batched simulation), one trajectory each."""
    from igfaxis.physiology.simulate import burn_in, simulate, stagger

    starts = START_DAYS if start_days is None else tuple(start_days)
    n, k = len(subjects), len(starts)
    base = stagger(burn_in(_typical(subjects, weight_kg)), starts)
    tr = simulate(base, days=days, drugs=list(streams), minute_days=list(minute_days),
                  dose_scale=None if scale is None or not streams else np.tile(scale, (1, k)))
    return [tr.take(slice(i * n, (i + 1) * n)) for i in range(k)]


#: Seed of the first subject's virtual cohort in an :class:`Arm` with ``cohort`` > 0 (subject ``i`` draws with seed
#: ``COHORT_SEED + i``; explicit, so every run of a case reads the same cohort).
COHORT_SEED = 11


def simulate_cohort(subjects: Sequence[Subject], n: int, *, weight_kg: float, copies: int, days: int,
                    streams: Sequence[DrugInput], scale: np.ndarray | None, minute_days: Sequence[int]) -> Any:
    """``n`` virtual subjects around each of ``subjects`` (the model's inter-individual variability, IGF-1 anchored at
    the subject's baseline, seed :data:`COHORT_SEED` + subject index), the whole cohort repeated ``copies`` times
    (copy-major: EC50 factors, dose levels), one simulation. Patients are copy, then subject, then cohort member."""
    from igfaxis.physiology.population import Patients
    from igfaxis.physiology.simulate import sample_population, simulate

    cohort = Patients.concat([
        sample_population(n, age_years=s.age_years, sex=s.sex, seed=COHORT_SEED + i, weight_kg=weight_kg,
                          anchor=True, baseline_igf1=s.baseline_igf1) for i, s in enumerate(subjects)])
    return simulate(Patients.concat([cohort] * copies), days=days, drugs=list(streams),
                    minute_days=list(minute_days), dose_scale=None if scale is None or not streams else scale)


def agent_stream(agent: str, route: str, pd: PD, weight_kg: float, times: Sequence[float], ug: float) -> DrugInput:
    """``ug`` µg of ``agent`` by ``route`` at each clock time in ``times`` (hours from day 0), PD overrides ``pd``."""
    return drug_input(AGENTS[agent], route, weight_kg=weight_kg, times_h=list(times), amounts_ug=[ug] * len(times),
                      pd=pd.get(agent, {}))


def _window(tr: Any, day: int, start_h: float, end_h: float) -> np.ndarray:
    """GH [step, patient] from ``day`` at ``start_h`` to ``end_h`` (may pass midnight into ``day + 1``)."""
    t = np.rint(tr.minute_times_h() * 60.0)  # whole minutes: windows of equal length whatever the start
    start, end = round(start_h * 60.0), round(end_h * 60.0)
    if end <= 1440:
        return np.asarray(tr.minute_gh_ug_l[day][(t > start) & (t <= end)])
    a = np.asarray(tr.minute_gh_ug_l[day][t > start])
    b = np.asarray(tr.minute_gh_ug_l[day + 1][t <= end - 1440])
    return np.concatenate([a, b], axis=0)


def _pulses(gh: np.ndarray, every: int = 20) -> np.ndarray:
    """Pulse count per patient in 20-min samples: a sample above both neighbours and 50 % above the last nadir."""
    x = gh[::every]
    out = np.zeros(x.shape[1])
    for j in range(x.shape[1]):
        nadir, n = x[0, j], 0
        for i in range(1, x.shape[0] - 1):
            nadir = min(nadir, x[i, j])
            if x[i, j] > x[i - 1, j] and x[i, j] >= x[i + 1, j] and x[i, j] > 1.5 * nadir:
                n, nadir = n + 1, x[i, j]
        out[j] = n
    return out


def ec50_scales(n_subjects: int, base: Sequence[float], factors: np.ndarray) -> np.ndarray:
    """dose_scale[1, patient]: subject i's dose multiplier ``base[i]`` over each EC50 factor (factor-major)."""
    assert len(base) == n_subjects
    return np.array([[b / f for f in factors for b in base]])


@dataclass(frozen=True)
class Arm:
    """A trial arm's design: ``ug`` µg of ``agent`` by ``route`` once a day at ``clock_h`` from day 1, given to typical
    ``subjects`` of ``weight_kg``. One definition per published trial, shared by the GH/IGF-1 cases here and the
    chained outcome cases (:mod:`igfaxis.outcomes.trial_cases`).

    ``cohort`` > 0 gives each subject a virtual cohort of that many people instead (the model's inter-individual
    variability, IGF-1 anchored at the subject's baseline, :func:`simulate_cohort`), run from one start day (their
    own pulse patterns differ): for a design whose response is not the typical person's, where the mean over a
    population is what the trial mean should be compared with (Chapman 1996: under MK-677 part of a population
    falls into a tonic state, docs/model.md)."""

    agent: str
    route: str
    subjects: tuple[Subject, ...]
    weight_kg: float
    ug: float
    clock_h: float
    cohort: int = 0

    @property
    def members(self) -> tuple[Subject, ...]:
        """The subject each simulated person of one EC50 factor and dose level stands for, in patient order."""
        return tuple(s for s in self.subjects for _ in range(max(self.cohort, 1)))

    def subject_mean(self, x: np.ndarray) -> np.ndarray:
        """Per-patient values (factor-major, as :meth:`runs` orders them, one dose level) averaged over
        :attr:`members`: one value per EC50 factor."""
        out: np.ndarray = np.asarray(x).reshape(-1, len(self.members)).mean(axis=1)
        return out

    def observe(self, read: Callable[[Any], Obs], pd: PD, f: np.ndarray, *, n_doses: int, days: int,
                minute_days: Sequence[int], dose_multipliers: Sequence[float] = (1.0,)) -> Obs:
        """``read(trajectory)`` of the design (:meth:`runs`) from each start day of :data:`START_DAYS` (a cohort
        design: its one run), averaged over the start days key by key: what a repeated-dose case compares with the
        trial mean."""
        obs = [read(tr) for tr in self.runs(pd, f, n_doses=n_doses, days=days, minute_days=minute_days,
                                            dose_multipliers=dose_multipliers)]
        return {key: np.mean([o[key] for o in obs], axis=0) for key in obs[0]}

    def runs(self, pd: PD, f: np.ndarray, *, n_doses: int, days: int, minute_days: Sequence[int],
             dose_multipliers: Sequence[float] = (1.0,)) -> list[Any]:
        """Simulate ``n_doses`` daily doses for each EC50 factor in ``f``, one trajectory per :data:`START_DAYS`
        entry (a cohort design: one); patients are factor-major, then multiplier, then :attr:`members`
        (``dose_multipliers`` give dose levels of the same subjects, e.g. 1 and 2 mg).

        Runs without minute days (daily values only, small) are remembered, so a design shared by a physiology
        case and a chained outcome case (Chapman 1996's 28 days) is simulated once per ``igfaxis validate``."""
        if not minute_days:
            return _daily_run(self, _freeze(pd), tuple(float(x) for x in np.ravel(f)), n_doses, days,
                              tuple(dose_multipliers), START_DAYS)
        return self._simulate(pd, f, n_doses=n_doses, days=days, minute_days=minute_days,
                              dose_multipliers=dose_multipliers, start_days=START_DAYS)

    def _simulate(self, pd: PD, f: np.ndarray, *, n_doses: int, days: int, minute_days: Sequence[int],
                  dose_multipliers: Sequence[float], start_days: Sequence[int]) -> list[Any]:
        times = [24.0 * d + self.clock_h for d in range(1, n_doses + 1)]
        streams = [agent_stream(self.agent, self.route, pd, self.weight_kg, times, self.ug)]
        base = [m for m in dose_multipliers for _ in self.members]
        scale = ec50_scales(len(base), base, np.ravel(f))
        if self.cohort:
            return [simulate_cohort(self.subjects, self.cohort, weight_kg=self.weight_kg,
                                    copies=np.size(f) * len(dose_multipliers), days=days, streams=streams,
                                    scale=scale, minute_days=minute_days)]
        patients = [s for _ in dose_multipliers for s in self.subjects]
        return simulate_staggered(patients * np.size(f), weight_kg=self.weight_kg, days=days, streams=streams,
                                  scale=scale, minute_days=minute_days, start_days=start_days)


@lru_cache(maxsize=8)
def _daily_run(arm: Arm, pd: FrozenPD, f: tuple[float, ...], n_doses: int, days: int,
               dose_multipliers: tuple[float, ...], start_days: tuple[int, ...]) -> list[Any]:
    return arm._simulate({a: dict(v) for a, v in pd}, np.asarray(f), n_doses=n_doses, days=days, minute_days=[],
                         dose_multipliers=dose_multipliers, start_days=start_days)


#: Stanley 2011: 13 healthy men 45 y, BMI 27.3 (85 kg); tesamorelin 2 mg SC at 22:00 (time assumed; the same group's
#: parallel study NCT00795210 dosed about 8 h before its 20:00 sampling: docs/agents.md).
STANLEY_ARM = Arm("tesamorelin", "sc", (Subject(45, "male"),), 85.0, 2000.0, 22.0)
#: Falutz 2005/2007: HIV patients with abdominal fat (45 y men, 80 kg); tesamorelin 2 mg SC at 22:00.
FALUTZ_ARM = Arm("tesamorelin", "sc", (Subject(45, "male"),), 80.0, 2000.0, 22.0)
#: Chapman 1996: adults 64-81 y (72 y, both sexes, baseline IGF-1 141, 75 kg); MK-677 25 mg each morning. A virtual
#: cohort of 16 per sex: under MK-677 some of a population fall into a tonic state (docs/model.md).
CHAPMAN96_ARM = Arm("mk-677", "oral", (Subject(72, "male", 141.0), Subject(72, "female", 141.0)), 75.0, 25000.0, 8.0,
                    cohort=16)
#: Murphy 1998: young adults (25 y men, 75 kg); MK-677 25 mg each morning.
MURPHY_ARM = Arm("mk-677", "oral", (Subject(25, "male"),), 75.0, 25000.0, 8.0)
#: Chapman 1997: GH-deficient adults (40 y men, 80 kg, baseline IGF-1 65); MK-677 10 mg each morning.
CHAPMAN97_ARM = Arm("mk-677", "oral", (Subject(40, "male", 65.0),), 80.0, 10000.0, 8.0)


def _group_tes_healthy(pd: PD, f: np.ndarray) -> Obs:
    """Stanley 2011 (:data:`STANLEY_ARM`): 2 mg SC daily x 14; IGF-1 and the overnight GH window after 2 weeks."""
    def one(tr: Any) -> Obs:
        night0, night14 = _window(tr, 0, 20, 32).mean(axis=0), _window(tr, 14, 20, 32).mean(axis=0)
        return {"igf1_change": tr.igf1_ng_ml[15] - tr.igf1_ng_ml[0], "overnight_gh_change": night14 - night0}

    return STANLEY_ARM.observe(one, pd, f, n_doses=14, days=16, minute_days=[0, 1, 14, 15])


def _group_tes_hiv(pd: PD, f: np.ndarray) -> Obs:
    """Falutz 2005 (:data:`FALUTZ_ARM`): 1 or 2 mg SC daily; 12 weeks simulated as 4 (IGF-1 plateaus)."""
    def one(tr: Any) -> Obs:
        pct = 100.0 * (tr.igf1_ng_ml[29] / tr.igf1_ng_ml[0] - 1.0)
        return {"igf1_pct_1mg": pct[0::2], "igf1_pct_2mg": pct[1::2]}

    return FALUTZ_ARM.observe(one, pd, f, n_doses=28, days=30, minute_days=[], dose_multipliers=(0.5, 1.0))


def _group_cjc(pd: PD, f: np.ndarray) -> Obs:
    """Ionescu 2006: men 20-40 y (30 y, 75 kg); 60 or 90 ug/kg SC once (day 1, 08:00, assumed); night 12 h q20min."""
    w, subj = 75.0, [Subject(30, "male")] * 2
    tr = simulate_subjects(subj * len(f), weight_kg=w, days=10,
                           streams=[agent_stream("cjc-1295", "sc", pd, w, [32.0], 60.0 * w)],
                           scale=ec50_scales(2, [1.0, 1.5], f), minute_days=[0, 1, 8, 9])
    n0, n8 = _window(tr, 0, 20, 32), _window(tr, 8, 20, 32)
    trough = np.percentile(n8[::20], 10, axis=0) / np.percentile(n0[::20], 10, axis=0)
    mean_pct = 100.0 * (n8.mean(axis=0) / n0.mean(axis=0) - 1.0)
    igf_pct = 100.0 * (tr.igf1_ng_ml[8] / tr.igf1_ng_ml[0] - 1.0)
    pulses = _pulses(n8) / np.maximum(_pulses(n0), 1.0) - 1.0

    def pair(x: np.ndarray) -> np.ndarray:
        return np.asarray(0.5 * (x[0::2] + x[1::2]))

    return {"trough_fold": pair(trough), "mean_gh_pct": pair(mean_pct), "igf1_pct": pair(igf_pct),
            "pulse_change": pair(pulses)}


def _group_cjc_teichman(pd: PD, f: np.ndarray) -> Obs:
    """Teichman 2006: healthy adults 21-61 y (a 40-y man, 75 kg); one SC dose (day 1, 08:00, assumed) at each end of
    the single-dose study's range, :data:`TEICHMAN_DOSES_UG_KG`. ``igf1_fold_*``: the highest daily mean IGF-1 in the
    4 weeks after the dose over the undosed day 0; ``igf1_days_raised`` (``_high``): days from the low (high) dose to
    the last day whose daily mean IGF-1 is at least RAISED_FOLD x day 0."""
    w = 75.0
    low, high = TEICHMAN_DOSES_UG_KG
    tr = simulate_subjects([Subject(40, "male")] * 2 * len(f), weight_kg=w, days=90,
                           streams=[agent_stream("cjc-1295", "sc", pd, w, [32.0], low.value * w)],
                           scale=ec50_scales(2, [1.0, high.value / low.value], f), minute_days=[])
    igf = tr.igf1_ng_ml
    fold = igf[1:29].max(axis=0) / igf[0]
    raised = igf[1:] >= RAISED_FOLD * igf[0]
    last = np.where(raised.any(axis=0), raised.shape[0] - np.argmax(raised[::-1], axis=0) - 1, -1)
    days = (last + 1).astype(float)
    return {"igf1_days_raised": days[0::2], "igf1_days_raised_high": days[1::2], "igf1_fold_low": fold[0::2],
            "igf1_fold_high": fold[1::2]}


#: Clock offsets (min) after 09:00 at which the single-dose studies' test dose is given, one simulation each. The
#: published values are means over subjects whose own GH pulses were at random phases when the dose came; the
#: model's typical subject pulses at the same clock times every day (a limit cycle entrained by sleep), so one dose
#: time would compare the trial mean with one phase (main, ipamorelin 140 nmol/kg: GH peak 17-46 ug/L and GHS + GHRH
#: ratio 1.1-2.8 over one pulse period). 12 offsets over 3 h (about two pulse periods) stand in for the subjects.
DOSE_PHASES_MIN: tuple[int, ...] = tuple(range(0, 180, 15))
ANTAGONIST_LEAD_H = 20.0 / 60.0  # the antagonist 20 min before the test peptide (Pandya 1998)
ANTAGONIST_AT_H = 33.0 - ANTAGONIST_LEAD_H  # day 1, 08:40: before a 09:00 test peptide


def ipamorelin_top_ug(weight_kg: float) -> float:
    """The largest Gobburu dose (140.45 nmol/kg) in µg for ``weight_kg``."""
    return GOBBURU_DOSES_NMOL_KG[-1] * AGENTS["ipamorelin"].molar_mass.value / 1000.0 * weight_kg


def _minute_times(start_h: float, minutes: int) -> list[float]:
    """Dose times of an IV infusion given as one bolus a minute for ``minutes`` from ``start_h`` (hours from day 0)."""
    return [start_h + k / 60.0 for k in range(minutes)]


def _as_sermorelin(ug: float, molar_mass: Sourced) -> float:
    """µg of sermorelin at the molar dose of ``ug`` µg of a GHRH form of ``molar_mass`` (g/mol)."""
    return ug * AGENTS["sermorelin"].molar_mass.value / molar_mass.value


def _ipa_infusion(pd: PD, w: float, ug_total: float, start_h: float = 9.0) -> DrugInput:
    """Gobburu's IV infusion (one bolus a minute over GOBBURU_INFUSION) from ``start_h`` on day 1."""
    n = round(GOBBURU_INFUSION.value)
    return agent_stream("ipamorelin", "iv", pd, w, _minute_times(24.0 + start_h, n), ug_total / n)


def _mean_over_phases(one: Callable[[float], tuple[np.ndarray, ...]]) -> tuple[np.ndarray, ...]:
    """``one(clock_h)`` for the test dose at 09:00 plus each :data:`DOSE_PHASES_MIN` offset (one simulation each),
    averaged over the phases element by element."""
    runs = [one(9.0 + m / 60.0) for m in DOSE_PHASES_MIN]
    return tuple(np.mean(x, axis=0) for x in zip(*runs, strict=True))


def _group_ipa(pd: PD, f: np.ndarray) -> Obs:
    """Gobburu 1999: 8 healthy men per dose (25 y, 75 kg); 15-min IV infusions of 4.21-140.45 nmol/kg, the dose clock
    spread over :data:`DOSE_PHASES_MIN`. t_max and the residual are read from the mean excess profile over phases
    (the published curves are group means); the residual is the mean excess 4-8 h after the infusion's start over
    the peak excess, worst dose (a window rather than one sample: a bolus resets the model's pulse generator, so the
    phases' post-episode pulses coincide and one time point reads one of them); ``top_dose_peak`` is the mean of
    the phases' peaks. ``rel_gh_low`` / ``rel_gh_mid``: the mean excess GH AUC over the first 2 h (the episode) of
    the lowest and the middle dose over the top dose's, against Gobburu's published concentration-response."""
    w, subj = 75.0, [Subject(25, "male")] * len(GOBBURU_DOSES_NMOL_KG)
    base = [x / GOBBURU_DOSES_NMOL_KG[-1] for x in GOBBURU_DOSES_NMOL_KG]
    n = len(GOBBURU_DOSES_NMOL_KG)

    def run(h: float) -> tuple[np.ndarray, np.ndarray]:
        tr = simulate_subjects(subj * len(f), weight_kg=w, days=2,
                               streams=[_ipa_infusion(pd, w, ipamorelin_top_ug(w), h)],
                               scale=ec50_scales(len(subj), base, f), minute_days=[1])
        gh = _window(tr, 1, h, h + 8.0)
        return gh - _untreated(Subject(25, "male"), w, h)[:, None], gh[:120].max(axis=0).reshape(-1, n)[:, -1]

    mean, top_peak = _mean_over_phases(run)
    t = np.arange(1, mean.shape[0] + 1) / 60.0
    k = np.argmax(mean, axis=0)
    tpeak, peak = t[k], mean[k, np.arange(mean.shape[1])]
    resid = mean[4 * 60:].mean(axis=0) / np.maximum(peak, 1e-9)
    auc = mean[:2 * 60].sum(axis=0).reshape(-1, n)
    rel = auc / np.maximum(auc[:, -1:], 1e-9)
    return {"gh_tmax_h": tpeak.reshape(-1, n).mean(axis=1), "residual_4_8h": resid.reshape(-1, n).max(axis=1),
            "top_dose_peak": top_peak, "rel_gh_low": rel[:, 0], "rel_gh_mid": rel[:, 2]}


def _group_synergy(pd: PD, f: np.ndarray) -> Obs:
    """GHS (ipamorelin top dose) with vs without sermorelin 1 ug/kg IV at the same time (young men), the dose clock
    spread over :data:`DOSE_PHASES_MIN`: mean peaks over phases, and their ratio."""
    w, subj = 75.0, [Subject(25, "male")] * 2
    scale = np.vstack([ec50_scales(2, [1.0, 1.0], f), np.tile([0.0, 1.0], len(f))[None, :]])

    def run(h: float) -> tuple[np.ndarray]:
        ser = agent_stream("sermorelin", "iv", pd, w, [24.0 + h], 1.0 * w)
        tr = simulate_subjects(subj * len(f), weight_kg=w, days=2,
                               streams=[_ipa_infusion(pd, w, ipamorelin_top_ug(w), h), ser],
                               scale=scale, minute_days=[1])
        return (_window(tr, 1, h, h + 2.0).max(axis=0).reshape(-1, 2),)

    (peak,) = _mean_over_phases(run)
    return {"ratio": peak[:, 1] / peak[:, 0], "ghs_alone_peak": peak[:, 0]}


def _pre_dose(tr: Any, start_h: float) -> np.ndarray:
    """GH's pre-dose level on day 1 per patient: the mean of the 10 min before ``start_h``."""
    return np.asarray(_window(tr, 1, start_h - 10.0 / 60.0, start_h).mean(axis=0))


def _rise(tr: Any, start_h: float = 9.0, end_h: float = 11.0) -> np.ndarray:
    """Maximal GH increase over the pre-dose level (:func:`_pre_dose`), day 1, per patient."""
    return np.asarray(_window(tr, 1, start_h, end_h).max(axis=0) - _pre_dose(tr, start_h))


def _group_antagonist(pd: PD, f: np.ndarray) -> Obs:
    """Pandya 1998: 9 healthy men 20-30 y (25 y, 75 kg); saline or GHRH antagonist 400 ug/kg IV 20 min before
    GHRP-6 1 ug/kg IV (ipamorelin 140 nmol/kg over 15 min stands in, as for row 21); GH for 2 h. The dose clock is
    spread over :data:`DOSE_PHASES_MIN`; the ratio is of the mean rises over phases."""
    from igfaxis.physiology.tool_compounds import ghrh_antagonist

    w, subj = 75.0, [Subject(25, "male")] * 2
    scale = np.vstack([ec50_scales(2, [1.0, 1.0], f), np.tile([0.0, 1.0], len(f))[None, :]])

    def run(h: float) -> tuple[np.ndarray]:
        streams = [_ipa_infusion(pd, w, ipamorelin_top_ug(w), h),
                   ghrh_antagonist(weight_kg=w, times_h=[24.0 + h - ANTAGONIST_LEAD_H])]
        tr = simulate_subjects(subj * len(f), weight_kg=w, days=2, streams=streams, scale=scale, minute_days=[1])
        return (_rise(tr, h, h + 2.0).reshape(-1, 2),)

    (rise,) = _mean_over_phases(run)
    return {"ratio": rise[:, 1] / rise[:, 0], "ghs_rise": rise[:, 0]}


def antagonist_blockade(kd_ng_ml: float | None = None) -> dict[float, float]:
    """Fraction of the GH rise to a 0.33 and a 3.3 µg/kg GHRH bolus (sermorelin stands in for GHRH 1-29/1-44) that
    the GHRH antagonist (400 µg/kg IV 20 min before) removes, young men, from the mean rises over
    :data:`DOSE_PHASES_MIN`. Published: 0.95 and 0.81 (Jaffe 1993)."""
    from dataclasses import replace

    from igfaxis.physiology.tool_compounds import ghrh_antagonist

    w, doses = 75.0, (0.33, 3.3)
    # patients: (dose, saline), (dose, antagonist) for each dose; streams: GHRH, antagonist
    scale = np.array([[d for d in doses for _ in (0, 1)], [a for _ in doses for a in (0.0, 1.0)]])

    def run(h: float) -> tuple[np.ndarray]:
        ant = ghrh_antagonist(weight_kg=w, times_h=[24.0 + h - ANTAGONIST_LEAD_H])
        if kd_ng_ml is not None:
            ant = replace(ant, ec50_ng_ml=kd_ng_ml)
        ghrh = agent_stream("sermorelin", "iv", {}, w, [24.0 + h], w)
        tr = simulate_subjects([Subject(25, "male")] * 4, weight_kg=w, days=2, streams=[ghrh, ant], scale=scale,
                               minute_days=[1])
        return (_rise(tr, h, h + 2.0).reshape(-1, 2),)

    (rise,) = _mean_over_phases(run)
    return {d: float(1.0 - rise[i, 1] / rise[i, 0]) for i, d in enumerate(doses)}


def gh_delivery_pattern() -> dict[str, float]:
    """Surya 2009 (:data:`~igfaxis.physiology.calibration_cases.SURYA_DESIGN`): the same daily IV GH dose (0.5
    mg/m2/day) for 3 days, continuously (one bolus a minute) or as four boluses (15 % at 07:00, 13:00 and 18:00, 55 %
    at 24:00), from 07:00 of day 1; serum IGF-1 at 07:00 after the third day over the same person untreated at that
    hour, a typical man and woman weighted 4 : 5. Published: continuous 423 / 211 = 2.00, boluses 309 / 211 = 1.46,
    continuous over boluses 1.37. Tests the liver's reading of GH delivered in different patterns (the hepatic drive
    ``H_3(GH / hep_ec50)``, docs/model.md)."""
    from igfaxis.physiology.calibration_cases import SURYA_BOLUSES, SURYA_DESIGN, SURYA_IGF1
    from igfaxis.physiology.tool_compounds import somatropin_iv

    design = {s.name: s.value for s in SURYA_DESIGN}
    height = design["surya_height"]
    w = design["surya_bmi"] * height * height
    ug_day = design["surya_dose"] * 1e3 * float(np.sqrt(height * 100.0 * w / 3600.0))  # Mosteller surface area
    start, days = 31.0, 3  # 07:00 of day 1
    continuous = somatropin_iv(weight_kg=w, times_h=_minute_times(start, days * 1440),
                               amounts_ug=[ug_day / 1440.0] * (days * 1440))
    bolus_times = [24.0 * d + h for d in range(1, days + 1) for h, _ in SURYA_BOLUSES]
    boluses = somatropin_iv(weight_kg=w, times_h=bolus_times,
                            amounts_ug=[ug_day * share for _ in range(days) for _, share in SURYA_BOLUSES])
    # patients: (continuous, boluses, untreated) for a man, then for a woman; streams: continuous, boluses
    scale = np.array([[1.0, 0.0, 0.0] * 2, [0.0, 1.0, 0.0] * 2])
    igf1 = SURYA_IGF1["basal"].mean
    subjects = [Subject(design["surya_age"], sex, igf1) for sex in ("male", "female") for _ in range(3)]
    tr = simulate_subjects(subjects, weight_kg=w, days=5, streams=[continuous, boluses], scale=scale,
                           minute_days=[4])
    t = np.rint(tr.minute_times_h() * 60.0)
    # serum (total) IGF-1 at one clock time: its free share follows it within minutes (k_free, t1/2 12 min) at a fixed
    # fraction, so ratios of free IGF-1 at 07:00 are ratios of total IGF-1 there
    free = np.asarray(tr.minute_igf1_free_ng_ml[4][t == 7 * 60][0]).reshape(2, 3)  # [sex, arm] at 07:00, day 4
    arms = np.average(free, axis=0, weights=[4.0, 5.0])
    return {"continuous_over_basal": float(arms[0] / arms[2]), "pulsatile_over_basal": float(arms[1] / arms[2]),
            "continuous_over_pulsatile": float(arms[0] / arms[1])}


@lru_cache(maxsize=32)
def _untreated(subject: Subject, w: float, start_h: float = 9.0) -> np.ndarray:
    """Untreated GH of ``subject`` over the 8 h from ``start_h`` on day 1 (the reference for a dose at that hour)."""
    tr = simulate_subjects([subject], weight_kg=w, days=2, streams=[], scale=None, minute_days=[1])
    return _window(tr, 1, start_h, start_h + 8.0)[:, 0]


def _group_ser(pd: PD, f: np.ndarray) -> Obs:
    """Sermorelin 1 ug/kg IV bolus: young adults (25 y, both sexes) and elderly women (70 y); the dose clock spread
    over :data:`DOSE_PHASES_MIN`, mean peaks over phases."""
    w = 70.0
    subj = [Subject(25, "male"), Subject(25, "female"), Subject(70, "female")]

    def run(h: float) -> tuple[np.ndarray]:
        tr = simulate_subjects(subj * len(f), weight_kg=w, days=2,
                               streams=[agent_stream("sermorelin", "iv", pd, w, [24.0 + h], w)],
                               scale=ec50_scales(3, [1.0, 1.0, 1.0], f), minute_days=[1])
        return (_window(tr, 1, h, h + 2.0).max(axis=0).reshape(-1, 3),)

    (peak,) = _mean_over_phases(run)
    return {"young_peak": peak[:, :2].mean(axis=1), "elderly_women_peak": peak[:, 2]}


def _net_auc(tr: Any, start_h: float) -> np.ndarray:
    """Net incremental GH AUC (µg/L x h) over the 2 h from ``start_h`` on day 1: GH minus its pre-dose level
    (:func:`_pre_dose`), integrated, per patient."""
    return np.asarray((_window(tr, 1, start_h, start_h + 2.0) - _pre_dose(tr, start_h)).sum(axis=0) / 60.0)


def _group_repeat(pd: PD, f: np.ndarray) -> Obs:
    """Sartorio 1995: 6 normal adults (a 25-y man, 70 kg), two IV boluses 120 min apart: (a) GHRH 1 ug/kg twice,
    (b) GHRH then hexarelin 1 ug/kg, (c) hexarelin twice; net incremental GH AUC over the 2 h after each bolus.
    Sermorelin 1 ug/kg stands in for GHRH, the maximal ipamorelin infusion (140 nmol/kg) for hexarelin (as for
    GHRP-6 in rows 21-22). The dose clock is spread over :data:`DOSE_PHASES_MIN`; the EC50 factors scale every
    stream (a validation group: only 1 is used)."""
    w, n = 70.0, 3
    mask = np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 1.0]])  # stream x arm a, b, c

    def run(h: float) -> tuple[np.ndarray, np.ndarray]:
        ghrh = [agent_stream("sermorelin", "iv", pd, w, [24.0 + t], w) for t in (h, h + 2.0)]
        ghs = [_ipa_infusion(pd, w, ipamorelin_top_ug(w), t) for t in (h, h + 2.0)]
        tr = simulate_subjects([Subject(25, "male")] * n * len(f), weight_kg=w, days=2, streams=[*ghrh, *ghs],
                               scale=np.hstack([mask / x for x in f]), minute_days=[1])
        return _net_auc(tr, h).reshape(-1, n), _net_auc(tr, h + 2.0).reshape(-1, n)

    first, second = _mean_over_phases(run)
    return {"ghrh_second_over_first": second[:, 0] / first[:, 0],
            "ghs_after_ghrh_over_fresh": second[:, 1] / first[:, 2],
            "ghs_second_over_first": second[:, 2] / first[:, 2]}


def _group_losa(pd: PD, f: np.ndarray) -> Obs:
    """Losa et al.: 50 ug hpGRF(1-44) IV every 2 h, three boluses (4 normal subjects; a 25-y man, 70 kg, with
    sermorelin at the same molar dose standing in); the peak GH within 2 h of each bolus, the dose clock spread over
    :data:`DOSE_PHASES_MIN`. The EC50 factors scale every dose (a validation group: only 1 is used)."""
    w = 70.0
    ug = _as_sermorelin(LOSA_BOLUS.value, GRF44_MOLAR_MASS)

    def run(h: float) -> tuple[np.ndarray, ...]:
        ghrh = agent_stream("sermorelin", "iv", pd, w, [24.0 + h + 2.0 * k for k in range(3)], ug)
        tr = simulate_subjects([Subject(25, "male")] * len(f), weight_kg=w, days=2, streams=[ghrh],
                               scale=np.array([[1.0 / x for x in f]]), minute_days=[1])
        return tuple(_window(tr, 1, h + 2.0 * k, h + 2.0 * k + 2.0).max(axis=0) for k in range(3))

    first, second, third = _mean_over_phases(run)
    return {"second_over_first": second / first, "third_over_first": third / first}


def _group_losa_infusion(pd: PD, f: np.ndarray) -> Obs:
    """Losa et al., the infusion arms: a 50 ug hpGRF(1-44) IV bolus, then 100 ug/h for 2 h or 5 h (one IV bolus a
    minute) ended by a second 50 ug bolus (11 normal subjects; a 25-y man, 70 kg, with sermorelin at the same molar
    doses standing in). Peak GH within 2 h of the first bolus and within 90 min of the second, and, in the 5-h arm,
    GH 270 min after the start (where the published mean curve is lowest), each over the first peak, with the dose
    clock spread over :data:`DOSE_PHASES_MIN`. The EC50 factors scale every dose (a validation group: only 1 is
    used)."""
    w = 70.0
    bolus = _as_sermorelin(LOSA_BOLUS.value, GRF44_MOLAR_MASS)
    per_min = _as_sermorelin(LOSA_RATE.value, GRF44_MOLAR_MASS) / 60.0
    n = len(f)
    mask = np.array([[1.0, 0.0], [0.0, 1.0]])  # stream x arm (2 h, 5 h)

    def arm(start: float, hours: float) -> DrugInput:
        minutes = round(hours * 60.0)
        return drug_input(AGENTS["sermorelin"], "iv", weight_kg=w,
                          times_h=[start, start + hours, *_minute_times(start, minutes)],
                          amounts_ug=[bolus, bolus, *([per_min] * minutes)], pd=pd.get("sermorelin", {}))

    def run(h: float) -> tuple[np.ndarray, ...]:
        tr = simulate_subjects([Subject(25, "male")] * 2 * n, weight_kg=w, days=2,
                               streams=[arm(24.0 + h, 2.0), arm(24.0 + h, 5.0)],
                               scale=np.hstack([mask / x for x in f]), minute_days=[1])
        gh = _window(tr, 1, h, h + 6.5).reshape(-1, n, 2)  # [minute, factor, arm]
        return gh[:120].max(axis=0), gh[120:210, :, 0].max(axis=0), gh[300:390, :, 1].max(axis=0), gh[269, :, 1]

    first, second_2h, second_5h, at_270 = _mean_over_phases(run)
    return {"second_over_first_2h": second_2h / first[:, 0], "second_over_first_5h": second_5h / first[:, 1],
            "infusion_270min_over_first": at_270 / first[:, 1]}


def _group_vance(pd: PD, f: np.ndarray) -> Obs:
    """Vance 1989: GHRH-40 10 ng/kg/min by continuous IV infusion for 14 days (5 normal men; a 25-y man, 70 kg, with
    sermorelin at the same molar rate standing in, one IV bolus a minute from 08:00 on day 1); 24-h mean GH (20-min
    samples, 08:00-08:00) and IGF-1 on the 14th infusion day over day 0 (untreated). The EC50 factors scale the
    infusion (a validation group: only 1 is used)."""
    w = 70.0
    ug_per_min = _as_sermorelin(VANCE_RATE.value * w * 1e-3, GRF40_MOLAR_MASS)
    stream = agent_stream("sermorelin", "iv", pd, w, _minute_times(32.0, 14 * 24 * 60), ug_per_min)
    tr = simulate_subjects([Subject(25, "male")] * len(f), weight_kg=w, days=16, streams=[stream],
                           scale=np.array([[1.0 / x for x in f]]), minute_days=[0, 1, 14, 15])
    on, off = _window(tr, 14, 8.0, 32.0)[::20], _window(tr, 0, 8.0, 32.0)[::20]
    return {"mean_gh_ratio": on.mean(axis=0) / off.mean(axis=0), "igf1_ratio": tr.igf1_ng_ml[14] / tr.igf1_ng_ml[0]}


def _group_mk_old(pd: PD, f: np.ndarray) -> Obs:
    """Chapman 1996 (:data:`CHAPMAN96_ARM`): 25 mg x 14. "On day 14 ... blood was collected every 20 min for 24 h":
    mean GH and GH pulses (20-min samples) over the 24 h from the 14th dose (08:00-08:00) vs the same clock window
    untreated."""
    arm = CHAPMAN96_ARM

    def one(tr: Any) -> Obs:
        on, off = _window(tr, 14, 8.0, 32.0), _window(tr, 0, 8.0, 32.0)
        gh = 100.0 * (on[::20].mean(axis=0) / off[::20].mean(axis=0) - 1.0)
        pulses = _pulses(on) / np.maximum(_pulses(off), 1.0) - 1.0
        return {"igf1": arm.subject_mean(tr.igf1_ng_ml[15]), "mean_gh_pct": arm.subject_mean(gh),
                "pulse_change": arm.subject_mean(pulses)}

    return arm.observe(one, pd, f, n_doses=14, days=16, minute_days=[0, 1, 14, 15])


def _group_mk_old_4wk(pd: PD, f: np.ndarray) -> Obs:
    """Chapman 1996, the 28-day period (:data:`CHAPMAN96_ARM`): IGF-1 the morning after the 28th dose."""
    return CHAPMAN96_ARM.observe(lambda tr: {"igf1": CHAPMAN96_ARM.subject_mean(tr.igf1_ng_ml[29])}, pd, f,
                                 n_doses=28, days=30, minute_days=[])


def _group_mk_murphy(pd: PD, f: np.ndarray) -> Obs:
    """Murphy 1998 (:data:`MURPHY_ARM`): 25 mg x 7; peak GH in the 8 h after dose 1 and dose 7."""
    def one(tr: Any) -> Obs:
        return {"peak_ratio": _window(tr, 7, 8.0, 16.0).max(axis=0) / _window(tr, 1, 8.0, 16.0).max(axis=0)}

    return MURPHY_ARM.observe(one, pd, f, n_doses=7, days=9, minute_days=[1, 7])


def _group_mk_ghd(pd: PD, f: np.ndarray) -> Obs:
    """Chapman 1997 (:data:`CHAPMAN97_ARM`): 10 mg x 4; IGF-1 the day after the 4th dose."""
    return CHAPMAN97_ARM.observe(lambda tr: {"igf1": tr.igf1_ng_ml[5]}, pd, f, n_doses=4, days=6, minute_days=[])


GROUPS: dict[str, Callable[[PD, np.ndarray], Obs]] = {
    "tes_healthy": _group_tes_healthy, "tes_hiv": _group_tes_hiv, "cjc": _group_cjc,
    "cjc_teichman": _group_cjc_teichman, "ipa": _group_ipa,
    "synergy": _group_synergy, "ser": _group_ser, "mk_old": _group_mk_old, "mk_old_4wk": _group_mk_old_4wk,
    "mk_murphy": _group_mk_murphy,
    "mk_ghd": _group_mk_ghd, "antagonist": _group_antagonist, "repeat": _group_repeat, "losa": _group_losa,
    "losa_infusion": _group_losa_infusion, "vance": _group_vance,
}


def run_group(group: str, pd: PD | None = None, ec50_factors: Sequence[float] = (1.0,)) -> Obs:
    """Observables of one simulation group; each value has one entry per EC50 factor."""
    return GROUPS[group](pd or {}, np.asarray(ec50_factors, dtype=float))


def agent_loss(agent: str, pd: PD, ec50_factors: Sequence[float]) -> np.ndarray:
    """Summed squared misses (in tolerances) over ``agent``'s calibration cases, one per EC50 factor (infinite where
    a simulation failed): what ``scripts/calibrate_agents.py`` minimises. Module-level, so a process pool can run
    it."""
    cases = [c for c in CASES if c.agent == agent and c.role == "calibration"]
    total = np.zeros(len(ec50_factors))
    for group in sorted({c.group for c in cases}):
        obs = run_group(group, pd, ec50_factors)
        for c in (c for c in cases if c.group == group):
            total += c.miss(obs[c.observable]) ** 2
    out: np.ndarray = np.where(np.isfinite(total), total, np.inf)
    return out


def run_cases(cases: Sequence[Case] | None = None, pd: PD | None = None,
              groups: Mapping[str, Callable[[PD, np.ndarray], Obs]] | None = None) -> list[Result]:
    """Simulate every case (each group once) and compare with the published values.

    ``groups`` adds simulation groups defined by higher layers (the outcome chains of
    :mod:`igfaxis.outcomes.trial_cases`) to this module's :data:`GROUPS`.
    """
    todo = list(CASES if cases is None else cases)
    runners = {**GROUPS, **(groups or {})}
    frozen = _freeze(pd or {})
    out = []
    for c in todo:
        key = (c.group, runners[c.group].__module__, frozen)
        if key not in _GROUP_OBS:
            _GROUP_OBS[key] = runners[c.group](pd or {}, np.ones(1))
        out.append(Result(c, float(_GROUP_OBS[key][c.observable][0])))
    return out


#: Each group's observables as :func:`run_cases` computed them, by group, the module defining it and the PD
#: overrides: the simulations are deterministic functions of the installed package, so ``igfaxis validate``, the
#: agents page and the tests that run every case share one computation per process. Code that patches the model
#: at run time (the axis scans in docs/attempts) calls :func:`clear_caches`.
_GROUP_OBS: dict[tuple[str, str, FrozenPD], Obs] = {}


def clear_caches() -> None:
    """Forget every remembered simulation (:func:`run_cases`' groups, the daily runs of repeated-dose designs, the
    untreated references): for code that patches the model at run time."""
    _GROUP_OBS.clear()
    _daily_run.cache_clear()
    _untreated.cache_clear()


__all__ = ["CASES", "CHAPMAN96_ARM", "CHAPMAN97_ARM", "COHORT_SEED", "FALUTZ_ARM", "GROUPS", "MURPHY_ARM",
           "NOT_EXPRESSIBLE", "PD", "STANLEY_ARM", "START_DAYS", "Arm", "Case", "Obs", "Result", "Subject",
           "agent_loss", "agent_stream", "antagonist_blockade", "clear_caches", "ec50_scales", "ipamorelin_top_ug",
           "run_cases", "run_group", "simulate_cohort", "simulate_staggered", "simulate_subjects"]
