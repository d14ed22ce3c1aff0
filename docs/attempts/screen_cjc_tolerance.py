"""Screen: what could make CJC-1295's IGF-1 duration as dose-independent as Teichman 2006 found. Reference only.

Each row changes CJC-1295 alone: its per-stream tolerance (``dT/dt = kon * occ * (Tmax - T) - koff * T``, the state
every DrugInput has; MK-677 uses it), ``hill`` or Emax, or (``half_life_h``, not a PD value) its elimination
half-life (Teichman's 5.8-8.1 d; 166.8 h in the module). The EC50 is refitted on CJC-1295's calibration cases the way
``scripts/calibrate_agents.py`` does (coarse factors, then a fine pass; printed as a factor of the base EC50) unless
the row has ``"refit": false``. At that EC50 it prints Ionescu's one-week rows, Teichman's single-dose folds and IGF-1
duration at 30 and 250 ug/kg, days raised after 30 / 60 / 125 / 250 ug/kg, and Teichman's second study (two or three
weekly or biweekly doses; doses not in the abstract, 30 ug/kg simulated): days IGF-1 stays >= 1.2 x its pre-dose
level from the first dose ("above baseline for up to 28 d") and the peak after the last dose over the peak after the
first ("evidence of a cumulative effect"). Other agents at their committed fits.

Main's axis by default. ``ROW=FILE:I`` runs on a ``scan_axis_refit.py`` point instead (its overrides, its refitted
PD under each row's; set ``GATE_CUT`` / ``SYNTH_N`` as for the scan, on the tree the scan ran on)::

    PYTHONPATH=src python docs/attempts/screen_cjc_tolerance.py '[{}, {"tol_kon": 0.1, "tol_koff": 0.001,
        "tol_max": 0.99, "emax": 10000}, {"half_life_h": 72}]'
    GATE_CUT=0.98 SYNTH_N=3 ROW=docs/attempts/scan-port-synth-n.jsonl:6 python .../screen_cjc_tolerance.py \\
        '[{"refit": false}]'

Nothing imports this file.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path

import numpy as np

COARSE = np.geomspace(0.1, 10.0, 9)
FINE = np.geomspace(0.8, 1.25, 5)
W = 75.0  # kg, Teichman's 40-y man as in calibration._group_cjc_teichman


def install_row() -> None:
    """``ROW=FILE:I``: the scan point's axis overrides and refitted PD (as ``screen_port_beyond_rows.py``)."""
    if "ROW" not in os.environ:
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from scan_axis_refit import install_row

    install_row(os.environ["ROW"])


def half_life_key() -> None:
    """Let a row's ``half_life_h`` replace CJC-1295's elimination half-life in every stream the calibration groups
    and this screen build (``calibration.agent_stream`` wrapped once)."""
    from igfaxis.physiology import calibration

    base = calibration.agent_stream

    def stream(agent, route, pd, weight_kg, times, ug):  # type: ignore[no-untyped-def]
        mine = dict(pd.get(agent, {}))
        hl = mine.pop("half_life_h", None)
        di = base(agent, route, {**pd, agent: mine}, weight_kg, times, ug)
        return di if hl is None else dataclasses.replace(di, ke_per_h=float(np.log(2.0) / hl))

    calibration.agent_stream = stream


def igf1_fold(pd: dict[str, float], f: float, times: list[float], ug_kg: list[float]) -> np.ndarray:
    """IGF-1 [day, patient] over day 0 of a 40-y man given CJC-1295 at ``times`` (h), one patient per dose."""
    from igfaxis.physiology import calibration

    tr = calibration.simulate_subjects(
        [calibration.Subject(40, "male")] * len(ug_kg), weight_kg=W, days=70,
        streams=[calibration.agent_stream("cjc-1295", "sc", {"cjc-1295": pd}, W, times, W)],
        scale=np.array([[d / f for d in ug_kg]]), minute_days=[])
    igf = np.asarray(tr.igf1_ng_ml)
    return igf / igf[0]


def days_raised(fold: np.ndarray) -> int:
    from igfaxis.physiology.calibration_cases import RAISED_FOLD

    raised = np.flatnonzero(fold[1:] >= RAISED_FOLD)
    return int(raised.max() + 1) if raised.size else 0


def main() -> None:
    from igfaxis.physiology.calibration import agent_loss, run_group

    install_row()
    half_life_key()
    for row in json.loads(sys.argv[1]):
        pd = {k: v for k, v in row.items() if k != "refit"}
        f, loss = 1.0, agent_loss("cjc-1295", {"cjc-1295": pd}, [1.0])
        if row.get("refit", True):
            loss = agent_loss("cjc-1295", {"cjc-1295": pd}, list(COARSE))
            fine = COARSE[int(np.argmin(loss))] * FINE
            loss = agent_loss("cjc-1295", {"cjc-1295": pd}, list(fine))
            f = float(fine[int(np.argmin(loss))])
        obs = {**run_group("cjc", {"cjc-1295": pd}, [f]), **run_group("cjc_teichman", {"cjc-1295": pd}, [f])}
        print(json.dumps(row), f"EC50 x{f:.3g} of the base, CJC-1295 loss {float(np.min(loss)):.2f}",
              " ".join(f"{k}={v[0]:.3g}" for k, v in obs.items()), flush=True)
        doses = [30.0, 60.0, 125.0, 250.0]
        single = igf1_fold(pd, f, [32.0], doses)
        print("    days raised after " + " / ".join(f"{d:g}" for d in doses) + " ug/kg: "
              + " / ".join(str(days_raised(single[:, i])) for i in range(len(doses))), flush=True)
        for label, every, n in (("weekly x3", 168.0, 3), ("biweekly x2", 336.0, 2)):
            fold = igf1_fold(pd, f, [32.0 + every * i for i in range(n)], [30.0])[:, 0]
            step = round(every / 24)
            cum = fold[1 + step * (n - 1):1 + step * n].max() / fold[1:1 + step].max()
            print(f"    {label}: raised {days_raised(fold)} d from the first dose; last / first dose peak {cum:.2f}",
                  flush=True)


if __name__ == "__main__":
    main()
