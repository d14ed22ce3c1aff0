"""Day loop in power-of-two blocks (``engine.power_of_two_blocks``) against one block per horizon.

    python -m bench blocks [--sizes 1,200] [--days 182]

``engine.day_blocks`` uses one block per horizon for a process's first ``EXACT_HORIZONS`` horizons and power-of-two
blocks after that; this bench measures both modes. (0) A one-shot command: a fresh process (JAX disk cache off)
simulating one person for ``days`` with tesamorelin, first call including compilation, each mode in its own
process, alternating, best of 3. (1) Run time: the same simulation (typical 45-year-old men, tesamorelin 2 mg
daily at 22:00) with the day loop split into power-of-two blocks and as a single block of ``days``, both compiled
first, then timed alternately (7 rounds; best and median: this machine's speed drifts by 2x within
minutes, so only alternating runs compare). (2) What a long-running process keeps: memory mappings
(``/proc/self/maps`` lines; the kernel allows ``vm.max_map_count``) and compile time after simulating one person for
each horizon in a sweep of distinct day counts, in each mode. The JAX disk cache is off for the sweep (each mode
compiles what it needs).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

SWEEP = (7, 10, 14, 21, 28, 30, 42, 56, 60, 84, 90, 112, 120, 150, 182, 200, 270, 365)


def _maps() -> int:
    with open("/proc/self/maps") as fh:
        return sum(1 for _ in fh)


def _single_block(n_days: int) -> list[int]:
    return [n_days] if n_days > 0 else []


ONE_SHOT = """
import os, sys, time
os.environ["IGFAXIS_NO_JAX_CACHE"] = "1"
t0 = time.perf_counter()
from igfaxis.physiology import engine
if sys.argv[1] == "power_of_two_blocks":
    engine.day_blocks = engine.power_of_two_blocks
else:
    engine.day_blocks = lambda n: [n] if n > 0 else []
from igfaxis.physiology.agents import AGENTS
from igfaxis.physiology.protocol import drug_input
from igfaxis.physiology.simulate import person, simulate
days = int(sys.argv[2])
t1 = time.perf_counter()
drug = drug_input(AGENTS["tesamorelin"], "sc", weight_kg=85.0, times_h=[24.0 * d + 22.0 for d in range(days)],
                  amounts_ug=[2000.0] * days)
simulate(person(age_years=45, sex="male", weight_kg=85.0), days=days, drugs=[drug])
print(time.perf_counter() - t1)
"""


def one_shot(days: int, rounds: int = 3) -> dict[str, float]:
    """Best first-call time (import excluded; burn-in, compilation and the run included) per mode, fresh processes."""
    best = {"power_of_two_blocks": float("inf"), "one_block_per_horizon": float("inf")}
    for _ in range(rounds):
        for mode in best:
            out = subprocess.run([sys.executable, "-c", ONE_SHOT, mode, str(days)], capture_output=True, text=True,
                                 check=True)
            best[mode] = min(best[mode], float(out.stdout.split()[-1]))
    return {m: round(v, 3) for m, v in best.items()}


def run(sizes: list[int], days: int) -> dict[str, Any]:
    os.environ["IGFAXIS_NO_JAX_CACHE"] = "1"  # read before the engine is imported
    import jax
    import numpy as np

    from igfaxis.physiology import engine
    from igfaxis.physiology.agents import AGENTS
    from igfaxis.physiology.population import Patients
    from igfaxis.physiology.protocol import drug_input
    from igfaxis.physiology.simulate import burn_in, person, simulate

    modes: dict[str, Callable[[int], list[int]]] = {"power_of_two_blocks": engine.power_of_two_blocks,
                                                    "one_block_per_horizon": _single_block}
    adaptive = engine.day_blocks
    out: dict[str, Any] = {"days": days, "one_shot_first_call_s": one_shot(days), "timing": [], "sweep": {}}
    for n in sizes:
        base = burn_in(Patients.concat([person(age_years=45, sex="male", weight_kg=85.0)] * n))
        drug = drug_input(AGENTS["tesamorelin"], "sc", weight_kg=85.0, times_h=[24.0 * d + 22.0 for d in range(days)],
                          amounts_ug=[2000.0] * days)
        times: dict[str, list[float]] = {m: [] for m in modes}
        results = {}
        for mode, blocks in modes.items():  # compile both first
            engine.day_blocks = blocks
            results[mode] = np.asarray(simulate(base, days=days, drugs=[drug]).igf1_ng_ml)
        for _ in range(7):
            for mode, blocks in modes.items():
                engine.day_blocks = blocks
                t0 = time.perf_counter()
                simulate(base, days=days, drugs=[drug])
                times[mode].append(time.perf_counter() - t0)
        med = {m: statistics.median(t) for m, t in times.items()}
        best = {m: min(t) for m, t in times.items()}
        out["timing"].append({"patients": n, "median_s": {m: round(v, 4) for m, v in med.items()},
                              "best_s": {m: round(v, 4) for m, v in best.items()},
                              "ratio_blocks_over_single_best": round(best["power_of_two_blocks"]
                                                                     / best["one_block_per_horizon"], 3),
                              "ratio_blocks_over_single_median": round(med["power_of_two_blocks"]
                                                                       / med["one_block_per_horizon"], 3),
                              "paired_ratios": [round(a / b, 3) for a, b in
                                                zip(times["power_of_two_blocks"], times["one_block_per_horizon"],
                                                    strict=True)],
                              "max_abs_igf1_difference_ng_ml": float(np.max(np.abs(
                                  results["power_of_two_blocks"] - results["one_block_per_horizon"])))})
    one = person(age_years=45, sex="male")
    for mode, blocks in modes.items():
        engine.day_blocks = blocks
        jax.clear_caches()
        before, t0 = _maps(), time.perf_counter()
        for d in SWEEP:
            simulate(one, days=d)
        out["sweep"][mode] = {"horizons": len(SWEEP), "maps_added": _maps() - before,
                              "wall_s": round(time.perf_counter() - t0, 2)}
    engine.day_blocks = adaptive
    out["patient_count_sweep"] = count_sweep()
    return out


def count_sweep(counts: range = range(1, 49), days: int = 3) -> dict[str, Any]:
    """Memory mappings and wall time after simulating each batch size in ``counts`` (typical men, ``days`` days),
    with every count compiled exactly and with ``engine.patient_count`` (exact for the first 16, then padded to a
    quarter octave)."""
    import jax

    from igfaxis.physiology import engine
    from igfaxis.physiology.population import Patients
    from igfaxis.physiology.simulate import person, simulate

    one = person(age_years=45, sex="male")
    policy = engine.patient_count
    res = {}
    for mode, count in (("exact", lambda n: n), ("patient_count", policy)):
        engine.patient_count = count
        jax.clear_caches()
        engine._exact_counts.clear()
        before, t0 = _maps(), time.perf_counter()
        for n in counts:
            simulate(Patients.concat([one] * n), days=days)
        res[mode] = {"counts": len(counts), "maps_added": _maps() - before,
                     "wall_s": round(time.perf_counter() - t0, 2)}
    engine.patient_count = policy
    return res
