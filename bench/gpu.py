"""GPU throughput (run on a GPU machine; see bench/gpu.sh): igfaxis's engine on the real axis model at up to 1e6
patients, as the fused Pallas kernel (``igfaxis.physiology.fused``, the default on a GPU) and as the plain XLA
scan, in float32 and float64; adaptive diffrax (Tsit5 under vmap) on the same device, model and patients.

Targets (issue 8): >= 3e7 patient-days/s for 1e6 patients at the stated accuracy on an H100; >= 10x adaptive
diffrax on the same GPU. Each row is written to ``bench/out/gpu.json`` (and ``$OUT``) as soon as it is measured, so
a run stopped at its time limit still reports what it finished; rows that would not fit the deadline are skipped.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from bench.common import OUT_DIR, machine


class _Report:
    """The growing result, saved after every row."""

    def __init__(self, deadline_s: float) -> None:
        self.t0 = time.perf_counter()
        self.deadline = deadline_s
        self.data: dict[str, Any] = {"machine": machine(), "rows": [], "skipped": []}

    def left(self) -> float:
        return self.deadline - (time.perf_counter() - self.t0)

    def add(self, key: str, value: Any) -> None:
        if key == "rows":
            self.data["rows"].append(value)
        else:
            self.data[key] = value
        print(json.dumps(value, default=float) if key == "rows" else f"{key}: {value}", flush=True)
        self.save()

    def save(self) -> None:
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        path = OUT_DIR / "gpu.json"
        path.write_text(json.dumps(self.data, indent=2, default=float))
        if os.environ.get("OUT"):
            shutil.copy(path, os.path.join(os.environ["OUT"], "gpu.json"))


def _nvidia_smi() -> str:
    import subprocess

    try:
        return subprocess.run(["nvidia-smi", "--query-gpu=name,memory.total,clocks.max.sm,driver_version",
                               "--format=csv,noheader"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "nvidia-smi not found"


def _engine(rep: _Report, *, engine: str, float32: bool, n: int, days: int, minute_day: bool = False,
            keep: dict[str, Any] | None = None, dt_min: float = 1.0) -> None:
    """One row of :func:`bench.axis_engine.timed_run` with ``engine`` (``IGFAXIS_ENGINE``) on ``n`` patients."""
    from bench.axis_engine import timed_run

    prec = "float32" if float32 else "float64"
    name = f"igfaxis {engine} {prec}" + (f" dt {dt_min:g} min" if dt_min != 1.0 else "")
    os.environ["IGFAXIS_ENGINE"] = engine
    row, traj = timed_run(n, days=days, float32=float32, dt_min=dt_min,
                          minute_days=(days - 1,) if minute_day else ())
    rep.add("rows", {"engine": name, **row, "minute_day": minute_day})
    if keep is not None:
        keep[prec] = traj


def _accuracy(a: Any, b: Any) -> dict[str, float]:
    """``a`` against the reference ``b`` (float32 against float64, or a longer step against 1 minute) on the same
    patients: daily mean IGF-1 (worst day per patient) and, where recorded,
    the day's GH peak; with the share of patients inside the issue's tolerances (0.5 %, 2 %)."""
    rel = np.abs(a.igf1_ng_ml - b.igf1_ng_ml) / np.abs(b.igf1_ng_ml)  # [day, patient]
    worst = np.nanmax(rel, axis=0)
    out = {"igf1_daily_mean_rel_err_max": float(np.nanmax(worst)),
           "igf1_daily_mean_rel_err_p99": float(np.nanpercentile(worst, 99)),
           "patients_within_0.5pct_igf1": float(np.mean(worst <= 0.005)),
           "igf1_daily_mean_rel_err_median": float(np.nanmedian(worst)),
           # what a virtual trial reports: the population's mean IGF-1 per day (worst day)
           "igf1_population_mean_rel_err_max": float(np.nanmax(np.abs(np.nanmean(a.igf1_ng_ml, axis=1)
                                                                      / np.nanmean(b.igf1_ng_ml, axis=1) - 1)))}
    for d in set(a.minute_gh_ug_l) & set(b.minute_gh_ug_l):
        pa, pb = a.minute_gh_ug_l[d].max(axis=0), b.minute_gh_ug_l[d].max(axis=0)
        r = np.abs(pa - pb) / np.abs(pb)
        out |= {"gh_peak_rel_err_max": float(np.nanmax(r)), "gh_peak_rel_err_p99": float(np.nanpercentile(r, 99)),
                "patients_within_2pct_gh_peak": float(np.mean(r <= 0.02))}
    return out


def _diffrax_axis(rep: _Report, n: int, days: int) -> None:
    """Adaptive Tsit5 (rtol 1e-6, atol 1e-9) under vmap on the exported axis SBML (same patients, same doses),
    one solve per dose interval, saving every minute (the GH-peak metric needs it); first segment untimed."""
    import diffrax
    import jax
    import jax.numpy as jnp

    from bench.axis_case import axis_case
    from bench.sbml_py import make_rhs

    jax.config.update("jax_enable_x64", True)
    prob = axis_case(n_max=n, days=days).problem
    spec = prob.spec
    rhs = make_rhs(spec, varying=prob.varying, backend="jax")
    idx = {sid: i for i, sid in enumerate(spec.state_ids)}

    def f(t: Any, y: Any, p: Any) -> Any:
        return rhs(t, y[:, None], p[:, None])[:, 0]

    def segment(y0: Any, p: Any, t0: Any, t1: Any, ts: Any) -> Any:
        sol = diffrax.diffeqsolve(diffrax.ODETerm(f), diffrax.Tsit5(), t0, t1, 1.0 / 60.0, y0, args=p,
                                  saveat=diffrax.SaveAt(ts=ts, t1=True),
                                  stepsize_controller=diffrax.PIDController(rtol=1e-6, atol=1e-9),
                                  max_steps=200_000)
        return sol.ys

    seg = jax.jit(jax.vmap(segment, in_axes=(0, 0, None, None, None)))
    params = jnp.asarray(prob.params.T)
    y = jnp.asarray(prob.y0.T)
    cuts = sorted({0.0, days * 24.0, *(d.t for d in prob.doses if d.t < days * 24.0)})
    t_start = time.perf_counter()
    compile_s = None
    timed_hours = 0.0
    for a, b in itertools.pairwise(cuts):
        for d in prob.doses:
            if d.t == a:
                y = y.at[:, idx[d.target]].add(d.amount)
        ts = jnp.minimum(a + jnp.arange(24 * 60) / 60.0, b)  # fixed shape (one compile); clipped at the end
        y = seg(y, params, a, b, ts)[:, -1]
        if compile_s is None:
            jax.block_until_ready(y)
            compile_s = time.perf_counter() - t_start
            t_start = time.perf_counter()
        else:
            timed_hours += b - a
    jax.block_until_ready(y)
    s = time.perf_counter() - t_start
    rep.add("rows", {"engine": "diffrax Tsit5 adaptive vmap float64 (axis SBML)", "n": n,
                     "days": timed_hours / 24.0, "seconds": s, "first_call_s": compile_s,
                     "patient_days_per_s": n * timed_hours / 24.0 / s,
                     "note": "one compile (fixed 1440-point save grid per segment); first segment excluded"})


def _guarded(rep: _Report, label: str, estimate_s: float, fn: Callable[[], None]) -> None:
    if estimate_s > rep.left():
        rep.data["skipped"].append(f"{label}: estimated {estimate_s:.0f} s, {rep.left():.0f} s left")
        rep.save()
        print(f"skipped {label}", flush=True)
        return
    try:
        fn()
    except Exception as exc:  # a failed row is reported, the rest still run
        rep.data.setdefault("errors", []).append(f"{label}: {exc!r}"[:2000])
        rep.save()
        print(f"error {label}: {exc!r}", flush=True)


#: patient-days/s assumed for a row's time estimate before any row of its precision has run: a third of the H100's
#: measured rates (bench/RESULTS.md, runs 2-5: 1.7e7 float32, 4.6e6 float64), so a first row at 1e6 patients is
#: not skipped as it was in run 5 (estimated at the old 1e6 /s: 420 s for an 11-s row)
_FALLBACK = {True: 5e6, False: 1.5e6}


def _rate(rep: _Report, engine: str, fallback: float) -> float:
    rows = [r for r in rep.data["rows"] if r["engine"].startswith(engine)]
    return max(rows, key=lambda r: r["n"])["patient_days_per_s"] if rows else fallback  # the largest batch's


def run(*, sizes: Sequence[int], days: int, xla_days: int, diffrax_n: Sequence[int], diffrax_days: int,
        deadline_s: float, xla: bool = True, dt_mins: Sequence[float] = (1.0,),
        precisions: Sequence[str] = ("float32", "float64")) -> dict[str, Any]:
    import jax

    rep = _Report(deadline_s)
    rep.add("devices", [str(d) for d in jax.devices()])
    rep.add("nvidia_smi", _nvidia_smi())
    big, small = max(sizes), min(sizes)
    keep: dict[str, Any] = {}
    # 1. the fused kernel, float32 then float64, small to large (each estimate from the slowest rate seen so far)
    f32s = [p == "float32" for p in precisions]
    for f32 in f32s:
        for n in sizes:
            prefix = f"igfaxis fused {'float32' if f32 else 'float64'}"
            est = 2.2 * n * days / _rate(rep, prefix, _FALLBACK[f32]) + 20
            _guarded(rep, f"fused f32={f32} n={n}", est, lambda n=n, f32=f32: _engine(
                rep, engine="fused", float32=f32, n=n, days=days, keep=keep if n == big else None))
    if {"float32", "float64"} <= set(keep):
        rep.add("accuracy_float32_vs_float64_at_n", {"n": big, **_accuracy(keep["float32"], keep["float64"])})
    # 1b. longer steps that still meet the accuracy targets on CPU (bench/RESULTS.md, "Longer steps"), largest
    # batch; each against the 1-minute step of its own precision on the same patients
    for dt in (d for d in dt_mins if d != 1.0):
        for f32 in f32s:
            prec = "float32" if f32 else "float64"
            est = 2.2 * big * days / (dt * _rate(rep, f"igfaxis fused {prec}", _FALLBACK[f32])) + 20
            got: dict[str, Any] = {}
            _guarded(rep, f"fused f32={f32} dt={dt:g}", est, lambda dt=dt, f32=f32, got=got: _engine(
                rep, engine="fused", float32=f32, n=big, days=days, dt_min=dt, keep=got))
            if prec in got and prec in keep:
                rep.add(f"accuracy_dt{dt:g}_vs_dt1_{prec}_at_n", {"n": big, **_accuracy(got[prec], keep[prec])})
    keep.clear()
    # 2. adaptive diffrax on the same device (float64)
    for n in diffrax_n:
        _guarded(rep, f"diffrax n={n}", 40 + n * diffrax_days / 2e4, lambda n=n: _diffrax_axis(rep, n, diffrax_days))
    # 3. GH-peak accuracy of float32 (minute traces on the last day), fused
    for f32 in f32s:
        _guarded(rep, f"minute-day f32={f32}", 30, lambda f32=f32: _engine(
            rep, engine="fused", float32=f32, n=small, days=days, minute_day=True, keep=keep))
    if {"float32", "float64"} <= set(keep):
        rep.add("accuracy_float32_vs_float64_minute_day", {"n": small, **_accuracy(keep["float32"],
                                                                                  keep["float64"])})
    # 4. the plain XLA scan (one kernel sequence per step), for the fused kernel's gain
    for f32 in (True, False) if xla else ():
        est = 2.2 * big * xla_days / _rate(rep, "igfaxis xla", 6e5) + 30
        _guarded(rep, f"xla f32={f32} n={big}", est, lambda f32=f32: _engine(
            rep, engine="xla", float32=f32, n=big, days=xla_days))
    rep.add("ratios", _ratios(rep.data["rows"], big))
    rep.add("total_s", time.perf_counter() - rep.t0)
    return rep.data


def probe(*, n: int, float32: bool) -> None:
    """One day of the fused kernel on ``n`` patients with the tesamorelin protocol, for a profiler
    (``ncu -k regex:fused --launch-skip 6 --launch-count 1 python -m bench gpu-probe``: the first launches are
    the burn-in's days)."""
    from bench.axis_engine import _drugs, _population
    from igfaxis.physiology.simulate import burn_in, simulate

    os.environ["IGFAXIS_ENGINE"] = "fused"
    base = burn_in(_population(n, 1), float32=float32)
    simulate(base, days=2, drugs=_drugs(2, None), float32=float32)


def _ratios(rows: Sequence[dict[str, Any]], big: int) -> dict[str, float]:
    def rate(engine: str, n: int) -> float:
        got = [r["patient_days_per_s"] for r in rows if r["engine"] == engine and r["n"] == n
               and not r.get("minute_day")]
        return got[0] if got else float("nan")

    out: dict[str, float] = {}
    for prec in ("float32", "float64"):
        out[f"fused/xla {prec} n={big}"] = rate(f"igfaxis fused {prec}", big) / rate(f"igfaxis xla {prec}", big)
        for r in rows:
            if r["engine"].startswith("diffrax"):
                out[f"fused {prec} n={big} / diffrax n={r['n']}"] = (rate(f"igfaxis fused {prec}", big)
                                                                     / r["patient_days_per_s"])
                out[f"fused {prec} / diffrax, both n={r['n']}"] = (rate(f"igfaxis fused {prec}", r["n"])
                                                                   / r["patient_days_per_s"])
    return out
