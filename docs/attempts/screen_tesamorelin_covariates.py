"""Screen: the tesamorelin covariates of ``tests/physiology/agents/test_covariates.py`` on an axis scan point. Reference
only.

Men of 45 y, 80 kg, tesamorelin 2 mg SC at 22:00 for 4 weeks; prints the IGF-1 change of the typical man and of men
whose GH secretion (``gh_amp``) is x 0.5, x 0.47 (Rietschel 2001's HIV-lipodystrophy ratio) and x 0.25, or whose
GH-driven hepatic IGF-1 production (``igf_emax``) is x 0.5. Main's committed fits by default; ``ROW=FILE:I`` installs
a ``scan_axis_refit.py`` row's overrides and refitted PD (set the scan's environment switches too, e.g.
``SYNTH_MAX`` on a tree with the synthesis-ceiling patch)::

    SYNTH_MAX=4.0 ROW=docs/attempts/scan-synthesis-ceiling.jsonl:1 PYTHONPATH=W/src \\
        python docs/attempts/screen_tesamorelin_covariates.py

Nothing imports this file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scan_axis_refit import install_row


def main() -> None:
    from igfaxis.physiology import calibration
    from igfaxis.physiology.population import Patients
    from igfaxis.physiology.simulate import person, simulate

    if "ROW" in os.environ:
        install_row(os.environ["ROW"])
    w = 80.0
    gh_amp = np.array([1.0, 0.5, 0.47, 0.25, 1.0])
    igf_emax = np.array([1.0, 1.0, 1.0, 1.0, 0.5])
    pts = Patients.concat([person(age_years=45, sex="male", weight_kg=w)] * len(gh_amp))
    pts = pts.with_params(gh_amp=pts.params["gh_amp"] * gh_amp, igf_emax=pts.params["igf_emax"] * igf_emax)
    times = [24.0 * d + 22.0 for d in range(28)]
    tr = simulate(pts, days=29, drugs=[calibration.agent_stream("tesamorelin", "sc", {}, w, times, 2000.0)])
    rise = 100.0 * (np.asarray(tr.igf1_ng_ml[28]) / np.asarray(tr.igf1_ng_ml[0]) - 1.0)
    t, half, rietschel, quarter, hepatic = rise
    print(f"typical {t:+.1f} % | gh_amp x0.5 {half:+.1f}, x0.47 {rietschel:+.1f}, x0.25 {quarter:+.1f} | "
          f"igf_emax x0.5 {hepatic:+.1f}")


if __name__ == "__main__":
    main()
