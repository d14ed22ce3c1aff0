r"""Screen: agent responses across EC50 factors under axis-parameter overrides (no refit). Reference only.

Reproduces the "parameter screens" table of docs/model.md ("Tried for a lower GH nadir and not adopted", after
attempt 4). It overrides axis parameters of every typical patient the calibration groups build, optionally swaps the
hepatic drive for ``(1 - w)·H_3(GH/hep_ec50) + w·GH/(GH + e2)``, and prints each group's observables for a grid of
EC50 factors (``igfaxis.physiology.calibration.run_group``: factor > 1 = weaker drug). Agent PD (emax, tolerance)
stays at the committed fit, so a row answers "can *any* potency reach the published value here", not what a refit
would choose. Monkeypatches the package at run time; nothing imports this file.

    python docs/attempts/screen_axis_overrides.py '{"hep_ec50": 2.0, "igf_fb": 0.25}'
    W=1 E2=5 F="0.1 1 10" G="mk_old cjc" PD='{"mk-677": {"tol_max": 0.4}}' \
        python docs/attempts/screen_axis_overrides.py '{}'
    TES_CLOCK=8 G="tes_healthy tes_hiv" python docs/attempts/screen_axis_overrides.py '{}'

``TES_CLOCK`` moves the tesamorelin trials' daily dose (Stanley 2011, Falutz 2005; 22:00 assumed) to that hour.
"""

from __future__ import annotations

import json
import os
import sys

KEYS = {"mk_old": ("igf1", "mean_gh_pct"), "cjc": ("trough_fold", "mean_gh_pct", "igf1_pct", "pulse_change"),
        "tes_healthy": ("igf1_change", "overnight_gh_change"), "tes_hiv": ("igf1_pct_2mg",)}


def main() -> None:
    import dataclasses

    from scan_axis_refit import install_overrides  # beside this file (sys.path[0] when run as a script)

    from igfaxis.physiology import axis, calibration
    from igfaxis.physiology.calibration import run_group

    overrides = json.loads(sys.argv[1] if len(sys.argv) > 1 else "{}")
    w, e2 = float(os.environ.get("W", "0")), float(os.environ.get("E2", "5"))
    if w > 0:
        switch = axis.hepatic_drive
        axis.hepatic_drive = lambda gh, p: (1.0 - w) * switch(gh, p) + w * gh / (gh + e2)
    install_overrides(overrides)  # the scan's installer: one override mechanism for both reference scripts
    if "TES_CLOCK" in os.environ:
        clock = float(os.environ["TES_CLOCK"])
        calibration.STANLEY_ARM = dataclasses.replace(calibration.STANLEY_ARM, clock_h=clock)
        calibration.FALUTZ_ARM = dataclasses.replace(calibration.FALUTZ_ARM, clock_h=clock)
    factors = [float(x) for x in os.environ.get("F", "0.1 1 10 100").split()]
    pd = json.loads(os.environ.get("PD", "{}"))
    for g in os.environ.get("G", " ".join(KEYS)).split():
        obs = run_group(g, pd, factors)
        for k in KEYS[g]:
            print(f"{g:12s} {k:20s}", " ".join(f"{v:8.3g}" for v in obs[k]), flush=True)


if __name__ == "__main__":
    main()
