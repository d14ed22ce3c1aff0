"""Screen: what an axis point of ``scan_axis_refit.py`` does beyond the calibration rows, with that point's own
refitted PD. Reference only.

Reads row ``I`` of a scan's JSONL (``ROW=FILE:I``), installs its overrides and makes every agent stream use its
fitted PD (and any PD its refit held fixed, ``pd_fixed``), then prints (1) the dose-response guards of
``tests/physiology/agents/test_dose_response.py`` (typical 45-y man, 80 kg, doses at 08:00: tesamorelin 0.5-2 mg
daily for 4 weeks, IGF-1; CJC-1295 0-90 ug/kg once, day-8 mean GH; MK-677 10 / 25 mg daily for 2 weeks, IGF-1),
(2) CJC-1295 30 ug/kg SC weekly at 22:00 in typical men of 30-70 y (IGF-1 on day 14 and the 30-day peak, % over
day 0) and (3) ``screen_mk677_tonic_state.py``. Axis switches
that live in the environment (``GATE_CUT``, ``SYNTH_N`` of the port patch) must be set as they were for the scan::

    GATE_CUT=0.98 SYNTH_N=3 ROW=scan.jsonl:0 python docs/attempts/screen_port_beyond_rows.py [N]

Nothing imports this file.
"""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from scan_axis_refit import install_row  # noqa: E402


def cjc_weekly_by_age(pd: dict[str, float]) -> None:
    """CJC-1295 30 ug/kg SC weekly at 22:00 (PD overrides ``pd``) in typical men of 30-70 y, 75 kg: IGF-1 on day 14
    (before the third dose) and the peak over 30 days, % over day 0. ``screen_hep_n_beyond_rows.py`` uses it too."""
    import numpy as np

    from igfaxis.physiology import calibration

    ages = (30, 40, 50, 60, 70)
    st = calibration.agent_stream("cjc-1295", "sc", {"cjc-1295": pd}, 75.0,
                                  [22.0, 22.0 + 168.0, 22.0 + 336.0, 22.0 + 504.0], 30.0 * 75.0)
    tr = calibration.simulate_subjects([calibration.Subject(a, "male") for a in ages], weight_kg=75.0, days=31,
                                       streams=[st], scale=None, minute_days=[])
    igf = np.asarray(tr.igf1_ng_ml)
    for i, a in enumerate(ages):
        print(f"CJC-1295 30 ug/kg weekly, man {a} y: day 14 {100 * (igf[14, i] / igf[0, i] - 1):+.1f} %, "
              f"peak {100 * (igf[1:, i].max() / igf[0, i] - 1):+.1f} %", flush=True)


def main() -> None:
    import numpy as np

    from igfaxis.physiology import calibration
    from igfaxis.physiology.population import Patients
    from igfaxis.physiology.simulate import person, simulate

    row = install_row(os.environ["ROW"])  # the point's fits, and any PD its refit held fixed
    print("overrides", row["overrides"], "loss", row["loss"], flush=True)

    def dose_series(agent: str, route: str, ug: float, scales: list[float], days: int, every_h: float | None):
        times = [8.0] if every_h is None else [8.0 + every_h * k for k in range(int(days * 24 / every_h))]
        st = calibration.agent_stream(agent, route, {}, 80.0, times, ug)
        batch = Patients.concat([person(age_years=45, sex="male", weight_kg=80.0)] * len(scales))
        return simulate(batch, days=days + 1, drugs=[st], dose_scale=np.array([scales]))

    tr = dose_series("tesamorelin", "sc", 2000.0, [0.25, 0.5, 0.75, 1.0], 28, 24.0)
    igf = np.asarray(tr.igf1_ng_ml)
    print("tesamorelin 0.5-2 mg daily, IGF-1 % at 4 weeks:", np.round(100 * (igf[-1] / igf[0] - 1), 1), flush=True)
    tr = dose_series("cjc-1295", "sc", 90.0 * 80.0, [0.0, 1 / 3, 2 / 3, 1.0], 9, None)
    print("CJC-1295 0/30/60/90 ug/kg, day-8 mean GH ug/L:", np.round(np.asarray(tr.gh_ug_l)[8], 3), flush=True)
    tr = dose_series("mk-677", "oral", 25000.0, [0.4, 1.0], 14, 24.0)
    igf = np.asarray(tr.igf1_ng_ml)
    print("MK-677 10/25 mg daily, IGF-1 % at 2 weeks:", np.round(100 * (igf[-1] / igf[0] - 1), 1), flush=True)

    cjc_weekly_by_age({})  # install_pd above supplies the point's PD
    runpy.run_path(str(HERE / "screen_mk677_tonic_state.py"), run_name="__main__")


if __name__ == "__main__":
    main()
