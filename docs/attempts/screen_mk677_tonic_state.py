"""Screen: how often 25 mg MK-677 daily switches the model's pulse generator to a tonic state. Reference only.

Under a sustained ghrelin-receptor drive the direct, somatostatin-insensitive release (Farhy's D0, ``g0``) and the
GH synthesis it drives (``synth_ghs``) keep GH up between pulses; in part of parameter space the generator then
settles on a tonic state with no pulses, and because the hepatic drive is switch-like in GH, IGF-1 falls to or below
its untreated level (docs/model.md, "Repeated-dose cases averaged over start days" and "Left out"). This prints, for
virtual 72-year-olds (75 kg, seeds 11 / 12 as the MK-677 cohort in docs/agents.md) with and without anchored
baseline IGF-1, how many lose their pulses on day 28 and how many end below their untreated IGF-1, and for typical
women and men of several ages on 10 and 25 mg, the day-29 IGF-1 ratio from each of the seven start days of
``calibration.START_DAYS``. Nothing imports this file.

    python docs/attempts/screen_mk677_tonic_state.py [N]
"""

from __future__ import annotations

import sys

import numpy as np


def main() -> None:
    from igfaxis.physiology.calibration import Subject, _pulses, _window, agent_stream, simulate_staggered
    from igfaxis.physiology.simulate import sample_population, simulate

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    doses = [24.0 * d + 8.0 for d in range(1, 29)]
    st = agent_stream("mk-677", "oral", {}, 75.0, doses, 25000.0)
    for anchor in (True, False):
        for sex, seed in (("female", 11), ("male", 12)):
            pop = sample_population(n, age_years=72, sex=sex, seed=seed, weight_kg=75.0, anchor=anchor)
            tr = simulate(pop, days=30, drugs=[st], minute_days=[28])
            ratio = tr.igf1_ng_ml[29] / tr.igf1_ng_ml[0]
            pulses = _pulses(np.asarray(tr.minute_gh_ug_l[28]))
            print(f"72 y {sex:6s} {'anchored' if anchor else 'unanchored'}: pulses stopped {int((pulses == 0).sum())}"
                  f" of {n}, IGF-1 below untreated {int((ratio < 1).sum())}, median day-29 ratio "
                  f"{np.median(ratio):.2f}", flush=True)
    subjects = [Subject(a, s) for s in ("female", "male") for a in (30, 45, 60, 72, 85)]
    for ug in (10000.0, 25000.0):
        st = agent_stream("mk-677", "oral", {}, 75.0, doses, ug)
        runs = simulate_staggered(subjects, weight_kg=75.0, days=30, streams=[st], scale=None, minute_days=[28])
        for j, s in enumerate(subjects):
            ratio = [tr.igf1_ng_ml[29, j] / tr.igf1_ng_ml[0, j] for tr in runs]
            stopped = sum(int(_pulses(_window(tr, 28, 0, 24))[j] == 0) for tr in runs)
            print(f"typical {s.sex:6s} {s.age_years:g} y, {ug / 1000:g} mg: day-29 IGF-1 ratio by start day "
                  + " ".join(f"{x:.2f}" for x in ratio) + f"; pulses stopped from {stopped} of {len(runs)}",
                  flush=True)


if __name__ == "__main__":
    main()
