"""Scan: the Hill exponent of the hepatic drive, every agent refitted at each point. Reference only.

The axis reads plasma GH through ``H_3(GH / hep_ec50)`` (``hep_n`` 3, a structural integer since axis 1.1). This
replaces ``axis.hepatic_drive`` at import time by ``H_n(GH / hep_ec50)`` with ``n`` from ``HEP_N`` (in this process
and in the scan's spawned workers, which import this file as their main module), derives ``igf_kin`` for each
threshold as axis 1.2.2 does (``igf_kin_published x <H_n> / <GH / (GH + igf_ec50)>`` over the untreated day of a man
of ``age_mid_y``), and runs ``scan_axis_refit.evaluate`` on each point, adding Surya 2009's three ratios
(``calibration.gh_delivery_pattern``; no agent enters that design)::

    HEP_N=2 python docs/attempts/scan_hep_n.py OUT.jsonl --workers 2 --ec50 1.0 1.75 2.5

``--ov JSON`` adds run-time axis overrides to every point (installed first, so ``igf_kin`` is derived on that
axis): on the axis 1.2.5 port's tree (``axis-1.2.5-sws-gate-cut-b18c0d0.patch``, ``GATE_CUT=0.98``, this file and
``scan_axis_refit.py`` copied there) with the port's values.

``docs/model.md`` ("The hepatic drive's exponent") quotes its output. Nothing imports this file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

N = int(os.environ.get("HEP_N", "3"))


def _install_drive() -> None:
    from igfaxis.physiology import axis

    def drive(gh: Any, p: Any) -> Any:
        x = gh * p["inv_hep_ec50"]
        xn = x ** N
        return xn / (1.0 + xn)

    axis.hepatic_drive = drive


_install_drive()


def derived_kin(ec50: float) -> float:
    """``igf_kin`` that keeps Papathanasiou's GH-independent share for the reference man under ``H_N``."""
    import numpy as np

    from igfaxis.physiology import axis
    from igfaxis.physiology.parameters import AXIS
    from igfaxis.physiology.simulate import person, simulate

    man = person(age_years=AXIS.value("age_mid_y"), sex="male")
    gh = np.asarray(simulate(man, days=1, minute_days=[0]).minute_gh_ug_l[0][:, 0])
    drive = axis.hepatic_drive(gh, {"inv_hep_ec50": 1.0 / ec50})  # the installed H_N
    return float(AXIS.value("igf_kin_published") * np.mean(drive) / np.mean(gh / (gh + AXIS.value("igf_ec50"))))


def evaluate(overrides: dict[str, float]) -> dict[str, Any]:
    import scan_axis_refit

    out = scan_axis_refit.evaluate(overrides)
    from igfaxis.physiology.calibration import gh_delivery_pattern

    out["hep_n"] = N
    out["surya"] = {k: round(v, 3) for k, v in gh_delivery_pattern().items()}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--ec50", type=float, nargs="+", required=True)
    ap.add_argument("--ov", default="{}", help="JSON axis overrides added to every point")
    args = ap.parse_args()
    import scan_axis_refit

    base = json.loads(args.ov)
    scan_axis_refit.install_overrides(base)
    from calibrate_agents import ONE_THREAD_XLA_FLAGS

    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    os.environ.setdefault("XLA_FLAGS", ONE_THREAD_XLA_FLAGS)
    points = [base | {"hep_ec50": e, "igf_kin": round(derived_kin(e), 4)} for e in args.ec50]
    print("points", points, flush=True)
    scan_axis_refit.evaluate = evaluate  # type: ignore[assignment]  # _run's pool maps this module's evaluate
    scan_axis_refit._run(points, args.workers, args.out, 1)


if __name__ == "__main__":
    main()
