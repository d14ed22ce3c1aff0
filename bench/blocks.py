"""Day loop in power-of-two blocks (``engine.day_blocks``) against one block per horizon, side by side in one process.

    python -m bench blocks [--sizes 1,200] [--days 182]

Two questions. (1) Run time: the same simulation (typical 45-year-old men, tesamorelin 2 mg daily at 22:00) with the
day loop split into power-of-two blocks and as a single block of ``days`` (the engine before ``day_blocks``), both
compiled first, then timed alternately (7 rounds; best and median: this machine's speed drifts by 2x within
minutes, so only alternating runs compare). (2) What a long-running process keeps: memory mappings
(``/proc/self/maps`` lines; the kernel allows ``vm.max_map_count``) and compile time after simulating one person for
each horizon in a sweep of distinct day counts, in each mode. The JAX disk cache is off for the sweep (each mode
compiles what it needs).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any

SWEEP = (7, 10, 14, 21, 28, 30, 42, 56, 60, 84, 90, 112, 120, 150, 182, 200, 270, 365)


def _maps() -> int:
    with open("/proc/self/maps") as fh:
        return sum(1 for _ in fh)


def _single_block(n_days: int) -> list[int]:
    return [n_days] if n_days > 0 else []


def run(sizes: list[int], days: int) -> dict[str, Any]:
    os.environ["IGFAXIS_NO_JAX_CACHE"] = "1"  # read before the engine is imported
    import jax
    import numpy as np

    from igfaxis.physiology import engine
    from igfaxis.physiology.agents import AGENTS
    from igfaxis.physiology.population import Patients
    from igfaxis.physiology.protocol import drug_input
    from igfaxis.physiology.simulate import burn_in, person, simulate

    modes: dict[str, Callable[[int], list[int]]] = {"power_of_two_blocks": engine.day_blocks,
                                                    "one_block_per_horizon": _single_block}
    out: dict[str, Any] = {"days": days, "timing": [], "sweep": {}}
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
    engine.day_blocks = modes["power_of_two_blocks"]
    return out
