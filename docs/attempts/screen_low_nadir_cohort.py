"""Screen: attempt 3's dose series for one typical man against the mean over a virtual cohort. Reference only.

Attempt 3 (``axis-low-nadir-6fc62ce.patch``, a low somatostatin-silenced GH nadir with ``hep_ec50`` 0.6) met the
CJC-1295 rows but one typical person's dose response jumped with dose. This asks whether the mean over a virtual
cohort (log-normal inter-individual variability of the GH dynamics, IGF-1 anchored at the age median) is smooth,
as a population's would be; ``docs/model.md`` (after "Exogenous GH in two patterns") quotes its output. It runs on
that attempt's code, not on main::

    git worktree add /tmp/a3 9678bc4 && git -C /tmp/a3 apply "$PWD/docs/attempts/axis-low-nadir-6fc62ce.patch"
    PYTHONPATH=/tmp/a3/src .venv/bin/python docs/attempts/screen_low_nadir_cohort.py [N] [cjc|tes]

``cjc``: one SC dose of 10-120 ug/kg at 08:00, mean GH on day 8 over the same person untreated. ``tes``: 0.25-1.75
mg SC daily at 08:00 for 4 weeks, IGF-1 on day 28. A 45-year-old man, 80 kg, and ``N`` (default 16) anchored
virtual men of his age (seed 11). Nothing imports this file.
"""

from __future__ import annotations

import sys

import numpy as np

from igfaxis.physiology.agents import AGENTS
from igfaxis.physiology.population import Patients
from igfaxis.physiology.protocol import drug_input
from igfaxis.physiology.simulate import person, sample_population, simulate

W = 80.0


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    which = sys.argv[2] if len(sys.argv) > 2 else "cjc"
    typ = person(age_years=45, sex="male", weight_kg=W)
    base = Patients.concat([typ, sample_population(n, age_years=45, sex="male", seed=11, weight_kg=W, anchor=True)])
    if which == "cjc":
        doses, top, days = [10.0, 20.0, 30.0, 45.0, 60.0, 75.0, 90.0, 120.0], 120.0, 10
        stream = drug_input(AGENTS["cjc-1295"], "sc", weight_kg=W, times_h=[8.0], amounts_ug=[top * W], pd={})
    else:
        doses, top, days = [0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75], 1.75, 29
        stream = drug_input(AGENTS["tesamorelin"], "sc", weight_kg=W, times_h=[8.0 + 24.0 * k for k in range(28)],
                            amounts_ug=[top * 1000.0] * 28, pd={})
    scales = [0.0] + [d / top for d in doses]  # 0: the same people untreated
    tr = simulate(Patients.concat([base] * len(scales)), days=days, drugs=[stream],
                  dose_scale=np.repeat(scales, 1 + n)[None, :])
    read = np.asarray(tr.gh_ug_l)[8] if which == "cjc" else np.asarray(tr.igf1_ng_ml)[28]
    x = read.reshape(len(scales), 1 + n)
    pct = 100.0 * (x[1:] / x[0] - 1.0)
    print(which, "doses", doses)
    print("typical man, %   ", np.round(pct[:, 0], 1).tolist())
    print(f"mean of {n}, %     ", np.round(pct[:, 1:].mean(axis=1), 1).tolist())
    rising = int(np.sum(np.all(np.diff(pct[:, 1:], axis=0) > 0, axis=0)))
    print(f"individual series strictly rising: {rising} of {n}")


if __name__ == "__main__":
    main()
