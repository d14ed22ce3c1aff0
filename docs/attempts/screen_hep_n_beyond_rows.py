"""Screen: what a hepatic-drive exponent does beyond the calibration rows. Reference only.

Run under ``scan_hep_n.py``'s drive (``HEP_N``; importing that file installs it) with ``OV`` run-time axis overrides
(``scan_axis_refit.install_overrides``: ``hep_ec50`` and the derived ``igf_kin`` of the scan point) and ``PD`` the
point's refitted CJC-1295 PD. Prints the two measures that stopped axis 1.2.5's threshold re-scan (docs/model.md,
"The hepatic threshold re-scanned on the cohort design"): CJC-1295 30 ug/kg SC weekly at 22:00 in typical men of
30-70 y (IGF-1 on day 14, before the third dose, and the peak over 30 days, % over day 0), and MK-677's tonic state
(``screen_mk677_tonic_state.py``, committed MK-677 fit, which the exponent-4 refit kept)::

    HEP_N=4 OV='{"igf_kin": 0.2189}' PD='{"emax": 4000.0, "ec50": 9487.0}' \
        python docs/attempts/screen_hep_n_beyond_rows.py [N]

Nothing imports this file.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import scan_hep_n  # noqa: E402  # installs H_n as the hepatic drive
from scan_axis_refit import install_overrides  # noqa: E402
from screen_port_beyond_rows import cjc_weekly_by_age  # noqa: E402


def main() -> None:
    install_overrides(json.loads(os.environ.get("OV", "{}")))
    pd = json.loads(os.environ.get("PD", "{}"))
    print("HEP_N", scan_hep_n.N, "OV", os.environ.get("OV"), "CJC-1295 PD", pd, flush=True)
    cjc_weekly_by_age(pd)
    runpy.run_path(str(HERE / "screen_mk677_tonic_state.py"), run_name="__main__")


if __name__ == "__main__":
    main()
