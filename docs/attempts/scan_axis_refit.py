"""Scan: axis assumptions one at a time (then the best together), every agent refitted at each point. Reference only.

Each point overrides axis parameters of every typical patient (``population.typical``, with
:func:`install_overrides`, which ``screen_axis_overrides.py`` uses too; ``"key*": x`` multiplies instead of
setting, and ``"key@female"`` / ``"key*@female"`` act on one sex only), refits every agent's PD with
``scripts/calibrate_agents.py``'s ``fit_all`` (nothing written), then runs every physiology case of ``igfaxis
validate`` with those fits. Per point it records the summed calibration loss
(squared misses in tolerances over the calibration cases; the chained outcome cases are left out), pass counts by
role, every case's simulated value, the fitted PD, and the untreated generator of a 20-year-old man (24-h integrated
GH, pulses per 24 h, overnight 10th percentile over mean). Phase 2 combines the values that lowered the loss most in
phase 1. Points run in parallel processes (JAX on CPU, one thread each). Monkeypatches the package at run time; only
``screen_axis_overrides.py`` imports this file (for :func:`install_overrides`).

    python docs/attempts/scan_axis_refit.py OUT.jsonl [--workers 16] [--points '[{"synth_ghs": 1.5}]'] [--no-phase2]

``SCAN_AGENTS=ipamorelin,mk-677`` refits only those agents (the others keep their committed fits);
``SCAN_MK_EMAX=12800`` adds values to MK-677's emax grid; ``TES_CLOCK=12`` moves the tesamorelin trials' daily
dose (Stanley 2011, Falutz 2005; 22:00 assumed in the package) to that hour, in the calibration and the cases;
``SCAN_PD_FIXED='{"cjc-1295": {"hill": 2}}'`` holds PD values fixed in every stream of the calibration groups.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import json
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

#: Phase 1: each axis assumption at values around the committed one (docs/model.md says what each does).
PHASE1: dict[str, list[float]] = {
    "synth_ghs": [0.0, 1.0, 1.5, 2.5],
    "tg2": [3000.0, 1000.0],
    "g3": [1.0, 4.0],
    "tg3": [200.0, 800.0],
    "g4": [1.0, 4.0],
    "g0": [0.05, 0.2],
    "synth_gain": [3.0, 4.0, 5.0, 6.0],  # 4.5 since axis 1.2.4 (3 before; 1.5-9 scanned)
    "k_synth": [0.025, 0.1],
    "pool_cap": [3.0, 6.0],  # 4.5 since axis 1.2.5 (3 before; 1.5-9 scanned)
    "ghrh_capacity": [1.5, 3.0],
    "t_ghrh_opp": [1000.0, 4000.0],
    "ghrh_srif_opp": [100.0, 10000.0],
    "basal*": [0.5, 2.0],
    "srif_leak": [0.005, 0.01],
    "igf_fb": [0.35, 0.65],
    "k_srif": [10.0, 50.0],
    "srif_gh": [200.0, 450.0],
    "t_gh_srif": [0.12, 0.2],
    "sws_ghrh_gain": [0.5, 2.0],
}


def install_overrides(overrides: dict[str, float]) -> None:
    """Every typical patient built from now on gets ``overrides`` (``"key*": x`` multiplies); calibration's run
    caches are cleared. Installing again replaces the previous overrides (they do not stack)."""
    from igfaxis.physiology import calibration, population, simulate

    original = getattr(population, "_scan_original_typical", population.typical)
    population._scan_original_typical = original  # type: ignore[attr-defined]

    def typical(**kw: Any) -> Any:
        pts = original(**kw)
        for key, v in overrides.items():
            k, _, sex = key.partition("@")  # "basal@female": women only
            if sex and sex != kw["sex"]:
                continue
            if k.endswith("*"):
                pts.params[k[:-1]][:] *= v
            else:
                pts.params[k][:] = v  # KeyError names an unknown parameter
        return pts

    population.typical = simulate.typical = typical  # type: ignore[assignment]
    calibration.clear_caches()


def install_pd(under: dict[str, dict[str, float]] | None = None,
               over: dict[str, dict[str, float]] | None = None) -> None:
    """Every agent stream the calibration module builds from now on takes its PD in three layers, per agent:
    ``under``, then the PD its caller passes, then ``over``; calibration's run caches are cleared. Installing again
    replaces the previous layers (they do not stack), as :func:`install_overrides` does."""
    from igfaxis.physiology import calibration

    original = getattr(calibration, "_scan_original_agent_stream", calibration.agent_stream)
    calibration._scan_original_agent_stream = original  # type: ignore[attr-defined]
    low, high = under or {}, over or {}

    def agent_stream(agent: str, route: str, pd: Any, *args: Any) -> Any:
        return original(agent, route, {agent: {**low.get(agent, {}), **pd.get(agent, {}), **high.get(agent, {})}},
                        *args)

    calibration.agent_stream = agent_stream  # type: ignore[assignment]
    calibration.clear_caches()


def install_row(spec: str) -> dict[str, Any]:
    """``FILE:I``: row ``I`` of a scan's JSONL, whose overrides, refitted PD and any PD its refit held fixed
    (``pd_fixed``) are installed with :func:`install_overrides` and :func:`install_pd`. Returns the row."""
    path, _, idx = spec.rpartition(":")
    row: dict[str, Any] = [json.loads(line) for line in Path(path).read_text().splitlines()][int(idx)]
    install_overrides(row["overrides"])
    install_pd(under=row["pd"], over=row.get("pd_fixed"))
    return row


def _untreated_generator() -> dict[str, float]:
    import numpy as np

    from igfaxis.physiology.calibration import Subject, _pulses, _window, simulate_subjects

    tr = simulate_subjects([Subject(20, "male")], weight_kg=75.0, days=3, streams=[], scale=None, minute_days=[1, 2])
    day = np.asarray(tr.minute_gh_ug_l[1])[:, 0]
    night = _window(tr, 1, 20, 32)[:, 0]
    return {"gh_24h_ug_l_min": float(day.sum()), "pulses_24h": float(_pulses(day[:, None])[0]),
            "overnight_p10_over_mean": float(np.percentile(night[::20], 10) / night.mean())}


def evaluate(overrides: dict[str, float]) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "scripts"))
    import calibrate_agents

    if os.environ.get("SCAN_MK_EMAX"):  # extra MK-677 emax grid values (its fit can sit on the grid's top)
        extra = tuple(float(x) for x in os.environ["SCAN_MK_EMAX"].split(","))
        calibrate_agents.SPECS = tuple(
            dataclasses.replace(s, grid2=s.grid2 + extra) if s.agent == "mk-677" else s
            for s in calibrate_agents.SPECS)
    agents = [a for a in os.environ.get("SCAN_AGENTS", "").split(",") if a] or None

    from igfaxis.outcomes.validation import calibration_loss, pass_counts
    from igfaxis.physiology.calibration import CASES, run_cases

    t0 = time.perf_counter()
    if os.environ.get("TES_CLOCK"):  # the tesamorelin trials' daily dose hour (22:00 assumed in the package)
        from igfaxis.physiology import calibration

        clock = float(os.environ["TES_CLOCK"])
        calibration.STANLEY_ARM = dataclasses.replace(calibration.STANLEY_ARM, clock_h=clock)
        calibration.FALUTZ_ARM = dataclasses.replace(calibration.FALUTZ_ARM, clock_h=clock)
    if os.environ.get("SCAN_PD_FIXED"):  # PD values held fixed under the refit, e.g. '{"cjc-1295": {"hill": 2}}'
        install_pd(over=json.loads(os.environ["SCAN_PD_FIXED"]))
    install_overrides(overrides)
    out: dict[str, Any] = {"overrides": overrides}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            fits = calibrate_agents.fit_all(agents, workers=1)  # the overrides live in this process only
        pd = {agent: values for agent, (_, values, _, _) in fits.items()}
        results = run_cases(CASES, pd=pd)
        counts = pass_counts(results)
        out |= {
            "loss": round(float(calibration_loss(results) or 0.0), 3),
            "passed_calibration": counts["calibration"]["passed"], "n_calibration": counts["calibration"]["total"],
            "passed_validation": counts["validation"]["passed"], "n_validation": counts["validation"]["total"],
            "cases": {r.case.id: round(r.simulated, 4) for r in results},
            "failed": [r.case.id for r in results if not r.passed],
            "pd": pd, "untreated": _untreated_generator(),
        }
    except Exception as exc:  # a point whose axis breaks the simulation is a result, not a crash
        out["error"] = f"{type(exc).__name__}: {exc}"
    out["seconds"] = round(time.perf_counter() - t0, 1)
    return out


def _phase1_points() -> list[dict[str, float]]:
    return [{}] + [{k: v} for k, vals in PHASE1.items() for v in vals]


def _phase2_points(rows: list[dict[str, Any]], top: int = 4) -> list[dict[str, float]]:
    """The best value of each of the ``top`` parameters that lowered the loss most, in pairs and all together."""
    base = next(r["loss"] for r in rows if not r["overrides"] and "loss" in r)
    best: dict[str, tuple[float, float]] = {}
    for r in rows:
        if "loss" not in r or len(r["overrides"]) != 1:
            continue
        (k, v), = r["overrides"].items()
        if r["loss"] < base and (k not in best or r["loss"] < best[k][0]):
            best[k] = (r["loss"], v)
    keys = sorted(best, key=lambda k: best[k][0])[:top]
    pts = [{a: best[a][1], b: best[b][1]} for i, a in enumerate(keys) for b in keys[i + 1:]]
    if len(keys) > 2:
        pts.append({k: best[k][1] for k in keys})
    return pts


def _run(points: list[dict[str, float]], workers: int, out: Path, phase: int) -> list[dict[str, Any]]:
    rows = []
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers) as pool, out.open("a") as fh:
        for r in pool.imap_unordered(evaluate, points):
            r["phase"] = phase
            rows.append(r)
            fh.write(json.dumps(r) + "\n")
            fh.flush()
            msg = r.get("error") or (f"loss {r['loss']:.2f} cal {r['passed_calibration']}/{r['n_calibration']} "
                                     f"val {r['passed_validation']}/{r['n_validation']}")
            print(f"[{phase}] {json.dumps(r['overrides'])}: {msg} ({r['seconds']} s)", flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2)))
    ap.add_argument("--points", help="JSON list of override dicts (default: phase 1, then phase 2)")
    ap.add_argument("--no-phase2", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))  # spawned workers start from this process's sys.path
    sys.path.insert(0, str(ROOT / "scripts"))
    from calibrate_agents import ONE_THREAD_XLA_FLAGS

    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    os.environ.setdefault("XLA_FLAGS", ONE_THREAD_XLA_FLAGS)
    points = json.loads(args.points) if args.points else _phase1_points()
    rows = _run(points, args.workers, args.out, 1)
    if not args.points and not args.no_phase2:
        _run(_phase2_points(rows), args.workers, args.out, 2)


if __name__ == "__main__":
    main()
