"""Virtual trials: sample patients from the population model, simulate a protocol in memory-bounded chunks, and
summarise IGF-1 change and time in the target band (locally or on Dask; same seed, same numbers).

Each chunk draws its patients' ages (whole years, uniform over the range) and sexes from its own seed, samples
their parameters per (age, sex) group with :func:`igfaxis.physiology.simulate.sample_population`, simulates them in
one batch (on a GPU, several chunks per batch: same numbers) and reduces them to a :class:`ChunkSummary`
(O(patients + days) numbers, never full trajectories).
Body weight is the model default for everyone (dose streams are built once); weight variability is not sampled.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from igfaxis.errors import InputError, Problem
from igfaxis.evidence.zones import OPTIMAL_BAND_NG_ML
from igfaxis.physiology.dosing import DrugInput
from igfaxis.scale.chunks import DEFAULT_CHUNK_SIZE, Chunk, plan_chunks
from igfaxis.scale.runner import Backend, ProgressCallback, SerialBackend, run_chunks

#: Engine steps a trial may use (minutes): 1 (the default, as every other command) and the two longer steps that
#: still meet the accuracy targets against libRoadRunner at rtol 1e-10 (bench/RESULTS.md, "Longer steps").
DT_CHOICES: tuple[float, ...] = (1.0, 2.0, 3.0)
_STEP_SOURCE = ("bench/RESULTS.md, GPU runs 4-5 (2026-11-27): 10^6 virtual patients x 182 days of tesamorelin 2 mg "
                "SC daily, axis 1.2.2, float32 on an H100; each step against the next finer one on the same patients")
#: What each step costs in daily mean IGF-1, measured (not a bound): the population's mean (worst day), the median
#: patient's worst day, the share of patients off by more than 0.5 % on some day, and that share's reference step.
#: The longer steps' error is pulse timing, not truncation: few patients, large once their pattern shifts.
STEP_ACCURACY: dict[float, dict[str, float | str]] = {
    1.0: {"against_dt_min": 0.5, "population_mean_igf1_rel_diff": 3.9e-5, "median_patient_rel_diff": 4.7e-5,
          "patients_beyond_0_5pct": 0.016, "source": _STEP_SOURCE},
    2.0: {"against_dt_min": 1.0, "population_mean_igf1_rel_diff": 6.9e-5, "median_patient_rel_diff": 1.7e-4,
          "patients_beyond_0_5pct": 0.065, "source": _STEP_SOURCE},
    3.0: {"against_dt_min": 1.0, "population_mean_igf1_rel_diff": 1.5e-4, "median_patient_rel_diff": 7.8e-4,
          "patients_beyond_0_5pct": 0.231, "source": _STEP_SOURCE},
}
BAND_LOW, BAND_HIGH = OPTIMAL_BAND_NG_ML  # ng/mL, sourced in igfaxis.evidence.zones
PERCENTILES = (5, 25, 50, 75, 95)
SEXES = ("male", "female")


@dataclass(frozen=True)
class TrialSpec:
    """What every chunk needs (picklable): population, horizon, dose streams and engine precision."""

    age_low: int
    age_high: int
    sex: str  # male | female | any
    days: int
    drugs: tuple[DrugInput, ...] = ()
    weight_kg: float | None = None
    checkpoints: tuple[int, ...] = ()  # days whose per-patient IGF-1 is kept (published comparisons)
    float32: bool = False
    dt_min: float = 1.0  # engine step (minutes); what 2-3 min cost: STEP_ACCURACY

    def __post_init__(self) -> None:
        problems = []
        if not (18 <= self.age_low <= self.age_high <= 100):
            problems.append(Problem("age range must lie within 18-100 years, low <= high", field="age",
                                    received=f"{self.age_low}-{self.age_high}", expected="e.g. 40-70"))
        if self.sex not in ("male", "female", "any"):
            problems.append(Problem("unknown sex", field="sex", received=self.sex, expected="male, female or any"))
        if self.days < 1:
            problems.append(Problem("days must be >= 1", field="days", received=str(self.days), expected=">= 1"))
        if self.dt_min not in DT_CHOICES:
            problems.append(Problem("engine step not offered", field="dt_min", received=str(self.dt_min),
                                    expected=" or ".join(f"{d:g}" for d in DT_CHOICES) + " minutes"))
        if problems:
            raise InputError(*problems)


@dataclass(frozen=True)
class ChunkSummary:
    """Per-patient baseline/final/checkpoint IGF-1 (ng/mL; NaN for failed patients) and per-day band counts."""

    index: int
    age: np.ndarray
    female: np.ndarray
    ok: np.ndarray
    baseline: np.ndarray
    final: np.ndarray
    checkpoints: dict[int, np.ndarray]
    in_band_per_day: np.ndarray  # (days,) count of ok patients in the band
    sum_per_day: np.ndarray  # (days,) sum of daily mean IGF-1 over ok patients
    baseline_in_band: int


def _group_seed(chunk_seed: int, age: int, sex_index: int) -> int:
    ss = np.random.SeedSequence(entropy=chunk_seed, spawn_key=(age, sex_index))
    return int(ss.generate_state(1, dtype=np.uint32)[0])


def _sample_chunk(chunk: Chunk, spec: TrialSpec) -> tuple[Any, np.ndarray, np.ndarray]:
    """The patients of ``chunk`` (grouped by age and sex; drawn from ``chunk.seed`` only), their ages and sexes."""
    from igfaxis.physiology.population import Patients
    from igfaxis.physiology.simulate import sample_population

    rng = np.random.default_rng(chunk.seed)
    ages = rng.integers(spec.age_low, spec.age_high + 1, size=chunk.size)
    female = rng.random(chunk.size) < 0.5 if spec.sex == "any" else np.full(chunk.size, spec.sex == "female")
    order = np.lexsort((female, ages))  # group by (age, sex); deterministic
    ages, female = ages[order], female[order]
    groups = []
    for age in np.unique(ages):
        for si, sex in enumerate(SEXES):
            count = int(np.sum((ages == age) & (female == (sex == "female"))))
            if count:
                groups.append(sample_population(count, age_years=float(age), sex=sex, weight_kg=spec.weight_kg,
                                                seed=_group_seed(chunk.seed, int(age), si)))
    return Patients.concat(groups), ages, female


def simulate_chunks(chunks: Sequence[Chunk], *, spec: TrialSpec) -> list[ChunkSummary]:
    """Sample each chunk's patients from its own seed, simulate them all in one engine call (a GPU needs ~10⁵
    patients per call to be busy) and summarise each chunk: the same numbers as one call per chunk."""
    from igfaxis.physiology.population import Patients
    from igfaxis.physiology.simulate import simulate

    sampled = [_sample_chunk(c, spec) for c in chunks]
    patients = Patients.concat([s[0] for s in sampled])
    traj = simulate(patients, days=spec.days, drugs=spec.drugs, seed=chunks[0].seed, float32=spec.float32,
                    dt_min=spec.dt_min)
    igf_all = np.asarray(traj.igf1_ng_ml, dtype=float)  # (days, n)
    status_all = np.asarray(traj.status)
    base_all = np.asarray(traj.baseline_igf1_ng_ml, dtype=float)
    out = []
    start = 0
    for chunk, (_, ages, female) in zip(chunks, sampled, strict=True):
        cut = slice(start, start + chunk.size)
        start += chunk.size
        igf = igf_all[:, cut]
        ok = (status_all[cut] == 0) & np.isfinite(igf).all(axis=0)
        base = np.where(ok, base_all[cut], np.nan)
        igf_ok = np.where(ok[None, :], igf, np.nan)
        in_band = (igf_ok >= BAND_LOW) & (igf_ok <= BAND_HIGH)
        out.append(ChunkSummary(
            index=chunk.index, age=ages.astype(np.int16), female=female, ok=ok, baseline=base, final=igf_ok[-1],
            checkpoints={d: igf_ok[d] for d in spec.checkpoints if 0 <= d < spec.days},
            in_band_per_day=in_band.sum(axis=1), sum_per_day=np.nansum(igf_ok, axis=1),
            baseline_in_band=int(np.sum((base >= BAND_LOW) & (base <= BAND_HIGH))),
        ))
    return out


def simulate_chunk(chunk: Chunk, *, spec: TrialSpec) -> ChunkSummary:
    """Sample and simulate the patients of ``chunk`` (the Dask/serial unit of work)."""
    return simulate_chunks([chunk], spec=spec)[0]


#: Patients per engine call that keep a GPU busy (the fused kernel's rate saturates from ~10⁵ patients on an H100;
#: bench/RESULTS.md, "GPU"). On a CPU one chunk per call is best (cache-sized batches).
GPU_PATIENTS_PER_CALL = 100_000


def chunks_per_call(chunk_size: int) -> int:
    """How many chunks to simulate per engine call here: several on a GPU, one on a CPU."""
    import jax

    if jax.default_backend() != "gpu":
        return 1
    return max(1, GPU_PATIENTS_PER_CALL // max(1, chunk_size))


@dataclass(frozen=True)
class TrialResult:
    n: int
    n_failed: int
    days: int
    seed: int
    chunk_size: int
    baseline: np.ndarray  # (n,) NaN for failed
    final: np.ndarray
    checkpoints: dict[int, np.ndarray]
    in_band_fraction: np.ndarray  # (days,) among ok patients
    baseline_in_band_fraction: float
    mean_igf1_per_day: np.ndarray
    age: np.ndarray
    female: np.ndarray


def run_trial(spec: TrialSpec, *, n: int, seed: int, chunk_size: int = DEFAULT_CHUNK_SIZE,
              backend: Backend | None = None, progress: ProgressCallback | None = None,
              per_call: int | None = None) -> TrialResult:
    """Run the trial in chunks on ``backend`` (serial by default) and gather the summaries in chunk order. Without a
    backend, ``per_call`` chunks share one engine call (default :func:`chunks_per_call`: several on a GPU); the
    result does not depend on it."""
    chunks = plan_chunks(n, chunk_size=chunk_size, seed=seed)
    fn = functools.partial(simulate_chunk, spec=spec)
    if backend is None:
        backend = SerialBackend(many=functools.partial(simulate_chunks, spec=spec),
                                per_call=chunks_per_call(chunk_size) if per_call is None else per_call)
    parts: list[ChunkSummary] = run_chunks(fn, chunks, backend=backend, progress=progress)
    ok = np.concatenate([p.ok for p in parts])
    n_ok = int(ok.sum())
    denom = max(n_ok, 1)
    return TrialResult(
        n=n, n_failed=n - n_ok, days=spec.days, seed=seed, chunk_size=chunk_size,
        baseline=np.concatenate([p.baseline for p in parts]), final=np.concatenate([p.final for p in parts]),
        checkpoints={d: np.concatenate([p.checkpoints[d] for p in parts]) for d in parts[0].checkpoints},
        in_band_fraction=np.sum([p.in_band_per_day for p in parts], axis=0) / denom,
        baseline_in_band_fraction=sum(p.baseline_in_band for p in parts) / denom,
        mean_igf1_per_day=np.sum([p.sum_per_day for p in parts], axis=0) / denom,
        age=np.concatenate([p.age for p in parts]), female=np.concatenate([p.female for p in parts]),
    )


def scaled(drugs: Sequence[DrugInput], factor: float) -> tuple[DrugInput, ...]:
    """The same dose streams with every dose amount multiplied by ``factor`` (a dose-sweep point)."""
    if not (factor > 0 and np.isfinite(factor)):
        raise InputError(Problem("dose scale must be a positive number", field="dose_scale", received=str(factor),
                                 expected="> 0, e.g. 0.5,1,2"))
    return tuple(dataclasses.replace(d, dose_amounts_ug=tuple(a * factor for a in d.dose_amounts_ug)) for d in drugs)


def run_dose_sweep(spec: TrialSpec, *, factors: Sequence[float], n: int, seed: int,
                   chunk_size: int = DEFAULT_CHUNK_SIZE, backend: Backend | None = None,
                   progress: ProgressCallback | None = None) -> list[tuple[float, TrialResult]]:
    """One trial per dose factor on the same virtual patients (same seed: common random numbers), so differences
    between sweep points are due to the dose alone."""
    return [(f, run_trial(dataclasses.replace(spec, drugs=scaled(spec.drugs, f)), n=n, seed=seed,
                          chunk_size=chunk_size, backend=backend, progress=progress)) for f in factors]


def describe(values: np.ndarray, percentiles: Sequence[int] = PERCENTILES) -> dict[str, float]:
    """Mean, SD and percentiles of the finite values."""
    v = values[np.isfinite(values)]
    if v.size == 0:
        return {"mean": float("nan"), "sd": float("nan"), **{f"p{q}": float("nan") for q in percentiles}}
    out = {"mean": float(v.mean()), "sd": float(v.std(ddof=1)) if v.size > 1 else 0.0}
    out.update({f"p{q}": float(x) for q, x in zip(percentiles, np.percentile(v, percentiles), strict=True)})
    return out
