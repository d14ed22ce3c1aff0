r"""Screen: attempt 3's low-nadir values and the sleep-time somatostatin cut on axis 1.2.5. Reference only.

Applies ``OV`` (run-time axis overrides, ``scan_axis_refit.install_overrides``) with the switches of
``axis-1.2.5-sws-gate-cut-b18c0d0.patch`` (``GATE_CUT``: slow-wave sleep withdraws somatostatin's action;
``SRIF_CUT``: its GH-driven input) and prints the untreated 20-year-old man's generator, the typical 45-year-old
man's day-8 GH after one CJC-1295 dose of 0-120 ug/kg at 08:00 (mean, 23:00-03:00 mean, 10th percentile; ``PD``:
CJC-1295 PD overrides, e.g. '{"ec50": 600.0}'), his IGF-1 after 4 weeks of tesamorelin 0.25-1.75 mg at 08:00
(committed fit), Ionescu's CJC-1295 group per EC50 factor (``F``, default "0.5 1 2"; committed fits otherwise) and
any other calibration groups named in ``G`` (e.g. "tes_healthy mk_old", committed fits).
``docs/model.md`` ("Where in the day the dose series jumps") quotes its output. It runs on the patched tree, not on
main::

    git worktree add /tmp/m3 b18c0d0 && git -C /tmp/m3 apply "$PWD/docs/attempts/axis-1.2.5-sws-gate-cut-b18c0d0.patch"
    GATE_CUT=0.98 F="1 0.1" OV='{"k_srif": 2.0, "srif_gh": 600.0, "basal*": 0.04, "sws_ghrh_gain": 2.0, \
        "srif_leak": 0.06, "synth_gain*": 0.5}' PYTHONPATH=/tmp/m3/src .venv/bin/python \
        docs/attempts/screen_sws_gate_cut_125.py

Nothing imports this file.
"""

from __future__ import annotations

import json
import os

import numpy as np
from scan_axis_refit import _untreated_generator, install_overrides  # beside this file

DOSES_UG_KG = (0.0, 10.0, 20.0, 30.0, 45.0, 60.0, 75.0, 90.0, 120.0)
TES_MG = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75)
W = 80.0


def main() -> None:
    overrides = json.loads(os.environ.get("OV", "{}"))
    install_overrides(overrides)
    from igfaxis.physiology import simulate as sim
    from igfaxis.physiology.agents import AGENTS
    from igfaxis.physiology.calibration import run_group
    from igfaxis.physiology.population import Patients
    from igfaxis.physiology.protocol import drug_input

    print("GATE_CUT", os.environ.get("GATE_CUT", "0"), "SRIF_CUT", os.environ.get("SRIF_CUT", "0"), "OV", overrides)
    print("untreated 20-y man", {k: round(v, 3) for k, v in _untreated_generator().items()})
    pd = json.loads(os.environ.get("PD", "{}"))
    top = DOSES_UG_KG[-1]
    typ = sim.person(age_years=45, sex="male", weight_kg=W)
    stream = drug_input(AGENTS["cjc-1295"], "sc", weight_kg=W, times_h=[8.0], amounts_ug=[top * W], pd=pd)
    tr = sim.simulate(Patients.concat([typ] * len(DOSES_UG_KG)), days=10, drugs=[stream],
                      dose_scale=np.array([d / top for d in DOSES_UG_KG])[None, :], minute_days=[8])
    gh = np.asarray(tr.minute_gh_ug_l[8])
    clock = np.asarray(tr.minute_times_h()) % 24.0
    sleep = (clock >= 23.0) | (clock < 3.0)
    mean = gh.mean(axis=0)
    print("CJC-1295 0-120 ug/kg, PD", pd, "day-8 mean GH", " ".join(f"{x:.3f}" for x in mean),
          "| % over untreated", " ".join(f"{100.0 * (x / mean[0] - 1.0):+.1f}" for x in mean[1:]))
    print("   23:00-03:00                    ", " ".join(f"{x:.3f}" for x in gh[sleep].mean(axis=0)))
    print("   10th percentile (20-min)       ", " ".join(f"{x:.3f}" for x in np.percentile(gh[::20], 10, axis=0)))
    mg = (0.0, *TES_MG)
    tes = drug_input(AGENTS["tesamorelin"], "sc", weight_kg=W, times_h=[8.0 + 24.0 * k for k in range(28)],
                     amounts_ug=[TES_MG[-1] * 1000.0] * 28, pd={})
    tr = sim.simulate(Patients.concat([typ] * len(mg)), days=29, drugs=[tes],
                      dose_scale=np.array([d / TES_MG[-1] for d in mg])[None, :])
    igf = np.asarray(tr.igf1_ng_ml)[28]
    print("tesamorelin 0.25-1.75 mg at 08:00, IGF-1 day 28 % over untreated",
          " ".join(f"{100.0 * (x / igf[0] - 1.0):+.1f}" for x in igf[1:]))
    factors = [float(x) for x in os.environ.get("F", "0.5 1 2").split()]
    obs = run_group("cjc", {}, factors)
    print("Ionescu per EC50 factor", factors, {k: [round(float(x), 3) for x in v] for k, v in obs.items()})
    for group in os.environ.get("G", "").split():  # other calibration groups, committed fits
        obs = run_group(group, {}, [1.0])
        print(group, {k: round(float(v[0]), 3) for k, v in obs.items()})


if __name__ == "__main__":
    main()
