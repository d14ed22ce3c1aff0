r"""Screen: where in the day attempt 3's CJC-1295 dose series jumps. Reference only.

Attempt 3 (``axis-low-nadir-6fc62ce.patch``) met the CJC-1295 rows, but day-8 mean GH did not rise steadily with
dose, and a cohort mean keeps the dip (``screen_low_nadir_cohort.py``). This splits one typical man's day-8 GH
(45 y, 80 kg, one SC dose at 08:00 on day 0, 10-120 ug/kg) into the sleep-onset window (23:00-03:00) and the rest of
the day, and lists each GH peak with its clock time, so the jump can be placed. ``docs/model.md`` (after "Exogenous
GH in two patterns") quotes its output. It runs on that attempt's code, not on main::

    git worktree add /tmp/a3 9678bc4 && git -C /tmp/a3 apply "$PWD/docs/attempts/axis-low-nadir-6fc62ce.patch"
    PYTHONPATH=/tmp/a3/src .venv/bin/python docs/attempts/screen_low_nadir_sleep_split.py

``OV='{"sws_srif_cut": 1.0}'`` overrides axis parameters of the typical patient at run time (``"key*"`` multiplies).
``GATE_CUT=0.98`` needs ``axis-low-nadir-sws-gate-cut.patch`` applied on top (``git -C /tmp/a3 apply ...``): slow-wave
sleep then withdraws somatostatin's action at the GHRH neurons and the somatotroph directly, ``S · (1 − cut·sws)``,
instead of only the GH-driven input to somatostatin (the attempt's ``sws_srif_cut``), which its slow somatostatin
(``k_srif`` 2 /h) delays. Nothing imports this file.
"""

from __future__ import annotations

import json
import os

import numpy as np

from igfaxis.physiology import population
from igfaxis.physiology import simulate as sim
from igfaxis.physiology.agents import AGENTS
from igfaxis.physiology.calibration import _pulses
from igfaxis.physiology.population import Patients
from igfaxis.physiology.protocol import drug_input

W = 80.0
DOSES_UG_KG = (10.0, 20.0, 30.0, 45.0, 60.0, 75.0, 90.0, 120.0)
SLEEP_WINDOW_H = (23.0, 3.0)  # sleep onset at 23:00 and the slow-wave-sleep hours after it


def _install_overrides(overrides: dict[str, float]) -> None:
    """``scan_axis_refit.install_overrides`` without its cache reset: attempt 3's tree (9678bc4) has no
    ``calibration.clear_caches``."""
    original = population.typical

    def typical(**kw: object) -> Patients:
        pts = original(**kw)  # type: ignore[arg-type]
        for key, v in overrides.items():
            if key.endswith("*"):
                pts.params[key[:-1]][:] *= v
            else:
                pts.params[key][:] = v
        return pts

    population.typical = sim.typical = typical  # type: ignore[assignment]


def main() -> None:
    _install_overrides(json.loads(os.environ.get("OV", "{}")))
    top = DOSES_UG_KG[-1]
    typ = sim.person(age_years=45, sex="male", weight_kg=W)
    stream = drug_input(AGENTS["cjc-1295"], "sc", weight_kg=W, times_h=[8.0], amounts_ug=[top * W], pd={})
    doses = (0.0, *DOSES_UG_KG)
    tr = sim.simulate(Patients.concat([typ] * len(doses)), days=10, drugs=[stream],
                      dose_scale=np.array([d / top for d in doses])[None, :], minute_days=[8])
    gh = np.asarray(tr.minute_gh_ug_l[8])  # [minute, patient], ug/L
    clock = np.asarray(tr.minute_times_h()) % 24.0
    sleep = (clock >= SLEEP_WINDOW_H[0]) | (clock < SLEEP_WINDOW_H[1])
    igf = np.asarray(tr.igf1_ng_ml)[8]
    for j, d in enumerate(doses):
        x = gh[:, j]
        print(f"{d:5.0f} ug/kg: day {x.mean():.3f}, 23-03 h {x[sleep].mean():.3f}, rest {x[~sleep].mean():.3f} ug/L; "
              f"p10 {np.percentile(x[::20], 10):.3f}; pulses {_pulses(x[:, None])[0]:.0f}; IGF-1 {igf[j]:.0f} ng/mL")
    for j, d in enumerate(doses):
        x = gh[:, j]
        peaks = [i for i in range(1, len(x) - 1) if x[i] > x[i - 1] and x[i] >= x[i + 1] and x[i] > 0.3]
        print(f"{d:5.0f} ug/kg peaks: " + " ".join(f"{clock[i]:.1f} h {x[i]:.1f}" for i in peaks))


if __name__ == "__main__":
    main()
