"""The real case: the igfaxis axis model exported to SBML (``igfaxis.physiology.sbml_axis``) for libRoadRunner and
SciPy, and igfaxis's engine (``igfaxis.physiology.simulate``) on the same patients.

Every engine starts from the same burnt-in state (:func:`igfaxis.physiology.simulate.burn_in`): the baselines get
each patient's parameters and initial state written into the exported model; the engine gets the ``Baseline``.
Protocol: tesamorelin 2 mg SC once daily at 22:00 (or ``--protocol``). Time in the SBML is hours.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from bench.engines import Problem, Readout
from bench.sbml_py import read_sbml


def _not_exported(pop: Any, *, text_probe: str) -> list[str]:
    """Sampled parameters that vary between patients but are absent from the SBML export."""
    names = set(read_sbml(text_probe).constants)
    derived = {"fb_num", "inv_igf_set", "ghs_direct", "ghs_f1", "ghs_f2", "igf_set"}
    return sorted(k for k, v in pop.params.items()
                  if k not in names and k not in derived and np.ptp(np.asarray(v, dtype=float)) > 0)


def axis_case(*, n_max: int, days: int, dtype: str = "float64", protocol: str | None = None,
              dt_min: float = 1.0) -> Any:
    from bench.axis_engine import _drugs, _population
    from bench.throughput import Case
    from igfaxis.physiology.sbml_axis import axis_string
    from igfaxis.physiology.simulate import Baseline, burn_in, simulate

    drugs = _drugs(days, protocol)
    pop = _population(n_max, 1)
    missing = _not_exported(pop, text_probe=axis_string(drugs=drugs[:0], days=1))
    if missing:  # per-patient parameters of axis.rhs that the SBML export does not carry: hold them typical
        from igfaxis.physiology.parameters import AXIS

        pop = pop.with_params(**{k: float(AXIS.value(k)) for k in missing})
    t0 = time.perf_counter()
    base = burn_in(pop)
    burn_s = time.perf_counter() - t0
    text = axis_string(drugs=drugs, days=days)
    spec = read_sbml(text)
    varying = tuple(k for k in spec.constants if k in base.p)
    params = np.array([np.broadcast_to(np.asarray(base.p[k], dtype=float), (n_max,)) for k in varying])
    y0 = np.zeros((len(spec.state_ids), n_max))
    from igfaxis.physiology import axis

    for k, sid in enumerate(spec.state_ids):
        if sid in axis.STATES:
            y0[k] = np.asarray(base.y0)[axis.STATES.index(sid)]
    prob = Problem(sbml=text, spec=spec, varying=varying, params=params, doses=spec.dose_events, days=days,
                   igf1="igf1_total", gh="gh", minutes_per_time_unit=60.0, y0=y0, right_riemann=True)
    f32 = dtype == "float32"

    def subset(idx: Sequence[int]) -> Baseline:
        ii = np.asarray(idx)
        return dataclasses.replace(base, p={k: np.asarray(v)[ii] if np.ndim(v) else v for k, v in base.p.items()},
                                   y0=np.asarray(base.y0)[:, ii], igf1_ng_ml=np.asarray(base.igf1_ng_ml)[ii],
                                   status=np.asarray(base.status)[ii])

    def compile_engine(n: int) -> Callable[[], Any]:
        b = subset(range(n))
        if n < 10_000:  # compile (or load from the persistent cache) by running once; big runs are timed cold
            simulate(b, days=days, drugs=drugs, float32=f32, dt_min=dt_min)
        return lambda: simulate(b, days=days, drugs=drugs, float32=f32, dt_min=dt_min)

    def readout(idx: Sequence[int]) -> Readout:
        traj = simulate(subset(idx), days=days, drugs=drugs, float32=f32, minute_days=range(days), dt_min=dt_min)
        if dt_min <= 1.0:  # GH peaks on the same 1-minute grid as the baselines
            step = max(1, round(1.0 / dt_min))
            peaks = np.array([traj.minute_gh_ug_l[d][step - 1 :: step].max(axis=0) for d in range(days)]).T
        else:  # steps longer than a minute: the engine's dense output on the 1-minute grid (as CVODE interpolates)
            from igfaxis.physiology.pulses import to_minute_grid

            dt = round(dt_min)
            fine = to_minute_grid(np.concatenate([traj.minute_gh_ug_l[d] for d in range(days)]), dt_min=dt)
            # fine[i] is minute dt + i; day d holds minutes d*1440+1 .. (d+1)*1440
            peaks = np.array([fine[max(0, d * 1440 + 1 - dt): (d + 1) * 1440 - dt + 1].max(axis=0)
                              for d in range(days)]).T
        return Readout(np.asarray(traj.igf1_ng_ml).T, peaks)

    case = Case(label=f"igfaxis-axis (real model; SBML export {len(spec.state_ids)} states, {len(spec.dose_events)} "
                      f"dose events); protocol {'tesamorelin 2 mg SC daily' if protocol is None else protocol}",
                problem=prob, engine_label=f"igfaxis_engine_rk4_dt{dt_min:g}min_{dtype}", compile_engine=compile_engine,
                engine_readout=readout)
    case.notes = {"burn_in_s_all_patients": burn_s, "engine_10k_timing": "first call, compile included",
                  "held_typical_not_in_sbml": list(missing)}
    return case
