"""Interactive latency: ``interpret`` one value, ``simulate`` one person for 26 weeks, ``plan`` with five readings.

Each CLI command runs in a fresh subprocess (what a user waits for). ``simulate`` is timed three ways: a cold process
with no JAX compilation cache, then twice with a persistent cache directory (the first run fills it, the second shows
the cache effect across processes); and in-process after compilation via the engine's Python API.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import REPO

IGFAXIS = [sys.executable, "-m", "igfaxis.apps.cli.main"]

FIVE_READINGS_CSV = """date,value,unit
2026-01-10,118,ng/mL
2026-03-02,131,ng/mL
2026-05-15,142,ng/mL
2026-07-20,150,ng/mL
2026-09-30,146,ng/mL
"""


def _run(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    t0 = time.perf_counter()
    proc = subprocess.run([*IGFAXIS, *args], capture_output=True, text=True, env=env, cwd=REPO, check=False)
    wall = time.perf_counter() - t0
    return {"args": args, "wall_s": round(wall, 3), "rc": proc.returncode, "stderr_tail": proc.stderr[-400:]}


def _commands() -> set[str]:
    from igfaxis.apps.cli.main import COMMAND_MODULES

    return set(COMMAND_MODULES)


def interpret_latency(repeats: int = 3) -> dict[str, Any]:
    runs = [_run(["interpret", "--igf1", "150ng/mL", "--age", "45", "--sex", "male", "--json"]) for _ in range(repeats)]
    ok = [r for r in runs if r["rc"] == 0]
    return {"best_wall_s": min(r["wall_s"] for r in ok) if ok else None, "runs": runs}


def simulate_latency(protocol: Path | None, days: int = 182) -> dict[str, Any]:
    if "simulate" not in _commands():
        return {"status": "n/a (igfaxis simulate not available yet)"}
    args = ["simulate", "--age", "45", "--sex", "male", "--days", str(days), "--json"]
    if protocol is not None:
        args += ["--protocol", str(protocol)]
    out: dict[str, Any] = {"args": args}
    cache = Path(tempfile.mkdtemp(prefix="igfaxis-xdgcache-"))
    try:
        env = dict(os.environ)
        env["XDG_CACHE_HOME"] = str(cache)  # the engine keeps JAX's persistent compilation cache under it
        out["no_cache"] = _run(args, {**env, "IGFAXIS_NO_JAX_CACHE": "1"})
        out["cache_fill"] = _run(args, env)
        out["cache_hit"] = _run(args, env)
        out["cache_files"] = sum(1 for f in cache.rglob("*") if f.is_file())
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    out["in_process"] = _in_process_simulate(protocol, days)
    return out


def _in_process_simulate(protocol: Path | None, days: int) -> dict[str, Any]:
    """One person, ``days`` days: first call (compile + run) and best of three after compilation."""
    from bench.axis_engine import _drugs
    from igfaxis.physiology.simulate import burn_in, person, simulate

    drugs = _drugs(days, str(protocol) if protocol else None)
    t0 = time.perf_counter()
    base = burn_in(person(age_years=45, sex="male"))
    simulate(base, days=days, drugs=drugs)
    first = time.perf_counter() - t0
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        simulate(burn_in(person(age_years=45, sex="male")), days=days, drugs=drugs)
        best = min(best, time.perf_counter() - t0)
    return {"first_call_s": round(first, 3), "after_compile_best_s": round(best, 4), "target_s": 1.0,
            "includes": "burn-in (5 days) + the protocol days"}


def plan_latency() -> dict[str, Any]:
    if "plan" not in _commands():
        return {"status": "n/a (igfaxis plan not available yet)"}
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "readings.csv"
        csv.write_text(FIVE_READINGS_CSV)
        runs = [_run(["plan", "--readings", str(csv), "--age", "52", "--sex", "male", "--goal", "longevity",
                      "--json"])]
    return {"runs": runs, "best_wall_s": min(r["wall_s"] for r in runs)}


def run(protocol: Path | None, days: int = 182) -> dict[str, Any]:
    return {
        "interpret": interpret_latency(),
        "simulate_26wk": simulate_latency(protocol, days),
        "plan_5_readings": plan_latency(),
    }
