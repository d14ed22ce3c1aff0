"""Screen: how much the validate cases move with the state burn-in starts from (no refit). Reference only.

The deterministic pulse generator settles on a periodic orbit whose phase depends on where burn-in starts
(``axis.POOL0`` / ``SYNTH0``, the converged untreated pool and synthesis states since axis 1.2.5). This runs every
``igfaxis validate`` case (chained rows included) with the committed agent fits from the start given, and prints
the summed calibration loss, the pass counts by role, and every case's simulated value and miss in tolerances. It
measures the noise floor under which a scan's calibration losses cannot be told apart (docs/model.md, "Axis
1.2.5"). Monkeypatches the package at run time; nothing imports this file. One start per process (the calibration
groups cache their runs):

    for s in "1.19 1.16" "1.0 1.09" "1.3 1.16"; do python docs/attempts/screen_burn_in_start.py $s; done
"""

from __future__ import annotations

import sys


def main() -> None:
    from igfaxis.physiology import axis

    committed = (axis.POOL0, axis.SYNTH0)
    start = (float(sys.argv[1]), float(sys.argv[2])) if len(sys.argv) > 2 else committed
    from igfaxis.outcomes import validation

    axis.POOL0, axis.SYNTH0 = start
    results = validation.run()
    print(f"start pool {start[0]:g} synth {start[1]:g} (committed {committed[0]:g} / {committed[1]:g}): "
          f"calibration loss {validation.calibration_loss(results):.2f}, "
          + ", ".join(f"{role} {c['passed']}/{c['total']}" for role, c in validation.pass_counts(results).items()))
    for r in results:
        print(f"  {r.case.id:40s} {r.case.role[:3]} {r.simulated:10.4g}  miss {r.case.miss(r.simulated):+6.2f}"
              f"{'' if r.passed else '  FAIL'}")


if __name__ == "__main__":
    main()
