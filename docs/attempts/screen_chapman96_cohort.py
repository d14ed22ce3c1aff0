"""Screen: Chapman 1996's MK-677 rows over a virtual cohort with inter-individual variability. Reference only.

Under MK-677 part of a population falls into the tonic state (docs/model.md, "Repeated-dose cases averaged over
start days"), so the mean over a cohort is what the trial's mean should be compared with; this screen measured that
before the calibration case (``calibration.CHAPMAN96_ARM``) became such a cohort, and re-measures it under axis
overrides and other MK-677 PD values (no refit) in half a minute. This prints the case's four readings (IGF-1 the
morning after the 14th and 28th dose, mean GH and pulse change over the 24 h from the 14th dose, as
``calibration._group_mk_old``) over ``N`` virtual 72-year-olds per sex (the case's cohort,
``calibration.simulate_cohort``: 75 kg, IGF-1 anchored at 141 ng/mL, men seed 11, women 12), one start day each
(the cohort's own pulse patterns sample the start), for each MK-677 EC50 factor, with how many lost their pulses.

    python docs/attempts/screen_chapman96_cohort.py [--n 16] [--f 1,0.8,1.25] [--overrides '{"g0": 0.07}']
                                                     [--pd '{"ec50": 1194}'] [--seed 11]

``--overrides`` act on every typical patient as in ``scan_axis_refit.py`` (``install_overrides``); ``--pd`` replaces
MK-677's PD values (otherwise the committed fit). Nothing imports this file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

#: The published values of the four rows (Chapman 1996; trials_calibration.csv) with their tolerances.
TARGETS = {"igf1_2wk": (219.0, 42.0), "igf1_4wk": (265.0, 58.0), "mean_gh_pct": (97.0, 46.0),
           "pulse_change": (0.0, 0.35)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=16, help="virtual subjects per sex")
    ap.add_argument("--f", default="1", help="MK-677 EC50 factors, comma-separated")
    ap.add_argument("--overrides", default="{}")
    ap.add_argument("--pd", default="{}")
    ap.add_argument("--seed", type=int, default=None, help="first cohort seed (default calibration.COHORT_SEED)")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from scan_axis_refit import install_overrides

    install_overrides(json.loads(args.overrides))
    from igfaxis.physiology import calibration
    from igfaxis.physiology.calibration import CHAPMAN96_ARM, _pulses, _window, agent_stream, simulate_cohort

    if args.seed is not None:
        calibration.COHORT_SEED = args.seed

    factors = [float(x) for x in args.f.split(",")]
    arm, m = CHAPMAN96_ARM, 2 * args.n
    scale = np.array([[1.0 / f for f in factors for _ in range(m)]])

    def run(n_doses: int, minute_days: list[int]) -> Any:  # as the cases: the day after the last dose is read
        st = agent_stream("mk-677", "oral", {"mk-677": json.loads(args.pd)}, arm.weight_kg,
                          [24.0 * d + arm.clock_h for d in range(1, n_doses + 1)], arm.ug)
        return simulate_cohort(arm.subjects, args.n, weight_kg=arm.weight_kg, copies=len(factors), days=n_doses + 2,
                               streams=[st], scale=scale, minute_days=minute_days)

    tr, tr4 = run(14, [0, 1, 14, 15]), run(28, [])
    on, off = _window(tr, 14, 8.0, 32.0), _window(tr, 0, 8.0, 32.0)
    gh = 100.0 * (on[::20].mean(axis=0) / off[::20].mean(axis=0) - 1.0)
    p_on = _pulses(on)
    pulses = p_on / np.maximum(_pulses(off), 1.0) - 1.0
    for i, f in enumerate(factors):
        s = slice(i * m, (i + 1) * m)
        row = {"igf1_2wk": tr.igf1_ng_ml[15][s], "igf1_4wk": tr4.igf1_ng_ml[29][s], "mean_gh_pct": gh[s],
               "pulse_change": pulses[s]}
        stopped = p_on[s] == 0
        loss = sum(((v.mean() - TARGETS[k][0]) / TARGETS[k][1]) ** 2 for k, v in row.items())
        cells = " ".join(f"{k} {v.mean():.1f} ({'pass' if abs(v.mean() - TARGETS[k][0]) <= TARGETS[k][1] else 'FAIL'})"
                         for k, v in row.items())
        print(f"f {f:g}: {cells}; stopped {int(stopped.sum())}/{m} (women {int(stopped[args.n:].sum())}); "
              f"loss {loss:.3f}", flush=True)


if __name__ == "__main__":
    main()
