"""Measure attempt 6 variants (docs/model.md, attempt 6, the Sartorio ratios and the GH -> somatostatin Hill):
the CJC-1295 single-dose series (absolute day-8 mean GH and its ratio to day 0, 45-year-old man, 30-90 ug/kg),
the untreated pattern, and the Sartorio 1995 paired-bolus ratios (sermorelin for GHRH, the maximal ipamorelin
infusion for hexarelin, net incremental AUC over the pre-bolus level, 12 dose phases). On a checkout of 1e9468d with
axis-1.3-candidate-1e9468d.patch and axis-1.3-srif-hill-on-1e9468d.patch applied:

    SRIF_N=6 AXOV='{"t_gh_srif": 10}' PD='{"cjc-1295": {"ec50": 94.87, "emax": 800.0}}' \
        PYTHONPATH=src python measure_attempt6_variants.py

SRIF_N: Hill exponent of the GH -> somatostatin drive (4 in the patch); AXOV: axis overrides for typical patients
(JSON); PD: agent PD overrides (JSON; the refits quoted in docs/model.md come from FIT=1 scripts/measure_axis13.py).
"""
import json
import os

import numpy as np

import igfaxis.physiology.population as POP
from igfaxis.physiology import calibration as C
from igfaxis.physiology import parameters as P
from igfaxis.physiology.agents import AGENTS
from igfaxis.physiology.population import Patients
from igfaxis.physiology.protocol import drug_input
from igfaxis.physiology.simulate import person, simulate

OV = json.loads(os.environ.get("AXOV", "{}"))
_value = P.AXIS.value
POP.AXIS = type("A", (), {"value": staticmethod(lambda k: OV.get(k, _value(k)))})()
PD = json.loads(os.environ.get("PD", "{}"))

W = 80.0
scales = [1 / 3, 0.5, 2 / 3, 5 / 6, 1.0]
cjc = drug_input(AGENTS["cjc-1295"], "sc", weight_kg=W, times_h=[8.0], amounts_ug=[90.0 * W], pd=PD.get("cjc-1295", {}))
tr = simulate(Patients.concat([person(age_years=45, sex="male", weight_kg=W)] * len(scales)), days=10, drugs=[cjc],
              dose_scale=np.array([scales]))
gh = np.asarray(tr.gh_ug_l)
print("CJC-1295 30/45/60/75/90 ug/kg: day-0 GH", gh[0].round(3), "day-8 GH", gh[8].round(3),
      "ratio %", (100 * (gh[8] / gh[0] - 1)).round(1))
for age, sex in ((20, "male"), (20, "female"), (45, "male")):
    t = simulate(person(age_years=age, sex=sex), days=2, minute_days=[0, 1])
    g = np.asarray(t.minute_gh_ug_l[1])
    night = C._window(t, 0, 20, 32)[:, 0]
    print(f"untreated {age} y {sex}: pulses {C._pulses(g)[0]:.0f}, overnight p10/mean "
          f"{np.percentile(night[::20], 10) / night.mean():.3f}, 24-h mean {g.mean():.2f} ug/L")

w, mask = 70.0, np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 1.0]])


def net(run, h):
    base = C._window(run, 1, h - 10 / 60, h).mean(axis=0)
    return (C._window(run, 1, h, h + 2.0) - base).sum(axis=0) / 60


first, second = [], []
for m in range(0, 180, 15):
    h = 9.0 + m / 60
    ghrh = [C.agent_stream("sermorelin", "iv", PD, w, [24.0 + x], w) for x in (h, h + 2.0)]
    ghs = [C._ipa_infusion(PD, w, C.ipamorelin_top_ug(w), x) for x in (h, h + 2.0)]
    run = C.simulate_subjects([C.Subject(25, "male")] * 3, weight_kg=w, days=2, streams=[*ghrh, *ghs], scale=mask,
                              minute_days=[1])
    first.append(net(run, h))
    second.append(net(run, h + 2.0))
f, s = np.mean(first, axis=0), np.mean(second, axis=0)
print(f"Sartorio: second GHRH / first {s[0] / f[0]:.3f} (0.09 +/- 0.065), GHS after GHRH / fresh GHS "
      f"{s[1] / f[2]:.3f} (0.74 +/- 0.26), second GHS / first {s[2] / f[2]:.3f} (0.20 +/- 0.084)")
