r"""Screen: attempt 3 with the sleep-time somatostatin cut, on the cases it moves. Reference only.

Prints, under run-time axis overrides (``OV``, as in ``screen_low_nadir_sleep_split.py``) and the cut (``GATE_CUT``,
``GATE_WHERE`` from ``axis-low-nadir-sws-gate-cut.patch``): Ionescu's CJC-1295 group (trough, mean overnight GH,
IGF-1, pulse change) per EC50 factor (``F``, default "1 1.5 2 3 5"; >1 = weaker drug; attempt 3's fits otherwise),
the untreated 20-year-old man's generator (24-h GH, pulses, overnight p10/mean) and the morning bolus peaks
(sermorelin in the young, GHS alone). ``docs/model.md`` ("Where in the day the dose series jumps") quotes its
output. It runs on attempt 3's code, not on main::

    git worktree add /tmp/a3 9678bc4 && git -C /tmp/a3 apply "$PWD/docs/attempts/axis-low-nadir-6fc62ce.patch"
    git -C /tmp/a3 apply "$PWD/docs/attempts/axis-low-nadir-sws-gate-cut.patch"
    GATE_CUT=0.98 OV='{"srif_leak": 0.06, "synth_gain*": 0.5}' PYTHONPATH=/tmp/a3/src \
        .venv/bin/python docs/attempts/screen_low_nadir_sleep_cut_cases.py

Nothing imports this file.
"""

from __future__ import annotations

import json
import os

import numpy as np
from screen_low_nadir_sleep_split import _install_overrides  # beside this file (sys.path[0] when run as a script)


def main() -> None:
    _install_overrides(json.loads(os.environ.get("OV", "{}")))
    from igfaxis.physiology.calibration import Subject, _pulses, _simulate, _window, run_group

    factors = [float(x) for x in os.environ.get("F", "1 1.5 2 3 5").split()]
    print("GATE_CUT", os.environ.get("GATE_CUT", "0"), "GATE_WHERE", os.environ.get("GATE_WHERE", "both"),
          "OV", os.environ.get("OV", "{}"), "EC50 factors", factors)
    for key, values in run_group("cjc", {}, factors).items():
        print(f"  Ionescu {key:14s}", " ".join(f"{float(v):.3g}" for v in values))
    tr = _simulate([Subject(20, "male")], weight_kg=75.0, days=3, streams=[], scale=None, minute_days=[1, 2])
    day = np.asarray(tr.minute_gh_ug_l[1])[:, 0]
    night = _window(tr, 1, 20, 32)[:, 0]
    print(f"  untreated 20-y man: 24-h GH {day.sum():.0f} ug/L*min, pulses {_pulses(day[:, None])[0]:.0f}, "
          f"overnight p10/mean {np.percentile(night[::20], 10) / night.mean():.3f}")
    for group, keys in (("ser", ("young_peak",)), ("synergy", ("ghs_alone_peak",))):
        obs = run_group(group, {}, [1.0])
        print("  " + ", ".join(f"{group} {k} {float(obs[k][0]):.1f} ug/L" for k in keys))


if __name__ == "__main__":
    main()
