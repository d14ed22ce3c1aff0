"""A small stand-in for the axis model (6 states, minutes), used while the real axis/SBML export is not available and
to check the harness. It has the features that make the real problem costly: closed-form sleep/circadian forcing,
~13 sharp GH pulses a day (width ~10 min), a slow IGF-1 indirect response (kout 0.026/h) and daily SC doses through
a depot -> central PK chain acting on GHRH drive. Results from it are labelled "proxy" everywhere.
"""

from __future__ import annotations

import math

import libsbml
import numpy as np

from bench.sbml_py import DoseEvent

STATES: dict[str, float] = {"S": 1.0, "G": 1.0, "I": 150.0, "D": 0.0, "C": 0.0}
PARAMS: dict[str, float] = {
    "g_amp": 0.15,  # ug/L/min at full pulse
    "g_base": 0.004,  # ug/L/min
    "kG": math.log(2) / 20.0,  # 1/min, GH half-life 20 min
    "s50": 1.5,
    "ks": 0.05,
    "kS": 0.1,
    "i50": 200.0,
    "kin": 0.105,  # ng/mL/min
    "kout": 0.026 / 60.0,  # 1/min
    "ec_g": 1.0,  # ug/L
    "ka": 0.01,  # 1/min
    "ke": 0.02,  # 1/min
    "vol": 10.0,  # L
    "ec50": 5.0,  # ug/L
    "emax_d": 2.0,
    "period": 110.0,  # min between pulses
}
RATES: dict[str, str] = {
    "S": "ks * (1 + I / i50) - kS * S",
    "G": "g_amp * (1 + 1.5 * sleep) * pulse * ghrh / (1 + pow(S / s50, 2)) + g_base - kG * G",
    "I": "kin * (0.2 + G / (ec_g + G)) - kout * I",
    "D": "-ka * D",
    "C": "ka * D - ke * C",
}
ASSIGN: dict[str, str] = {
    "sleep": "1 / (1 + exp(-8 * (cos(2 * pi * (time - 180) / 1440) - 0.38)))",
    "pulse": "pow(0.5 * (1 + cos(2 * pi * time / period)), 12)",
    "ghrh": "1 + emax_d * (C / vol) / (ec50 + C / vol)",
}
VARYING = ("g_amp", "kin", "kS")
DOSE_UG = 2000.0
DOSE_AT_MIN = 22 * 60


def sbml(*, dose_ug: float = DOSE_UG) -> str:
    doc = libsbml.SBMLDocument(3, 2)
    m = doc.createModel()
    m.setId("igfaxis_proxy")
    m.setTimeUnits("second")  # numerically minutes; units are not the point of the proxy
    for pid, value in {**PARAMS, "next_dose": float(DOSE_AT_MIN), "dose": dose_ug}.items():
        p = m.createParameter()
        p.setId(pid)
        p.setValue(value)
        p.setConstant(pid not in {"next_dose"})
    for sid, value in STATES.items():
        p = m.createParameter()
        p.setId(sid)
        p.setValue(value)
        p.setConstant(False)
    for aid in ASSIGN:
        p = m.createParameter()
        p.setId(aid)
        p.setConstant(False)
    for aid, formula in ASSIGN.items():
        r = m.createAssignmentRule()
        r.setVariable(aid)
        r.setMath(libsbml.parseL3Formula(formula))
    for sid, formula in RATES.items():
        r = m.createRateRule()
        r.setVariable(sid)
        r.setMath(libsbml.parseL3Formula(formula))
    ev = m.createEvent()
    ev.setId("daily_dose")
    ev.setUseValuesFromTriggerTime(True)
    trig = ev.createTrigger()
    trig.setMath(libsbml.parseL3Formula("time >= next_dose"))
    trig.setInitialValue(False)
    trig.setPersistent(True)
    for var, formula in (("D", "D + dose"), ("next_dose", "next_dose + 1440")):
        a = ev.createEventAssignment()
        a.setVariable(var)
        a.setMath(libsbml.parseL3Formula(formula))
    return str(libsbml.writeSBMLToString(doc))


def doses(days: int, *, dose_ug: float = DOSE_UG) -> tuple[DoseEvent, ...]:
    return tuple(DoseEvent(t=d * 1440.0 + DOSE_AT_MIN, target="D", amount=dose_ug) for d in range(days))


def sample_params(n: int, seed: int) -> np.ndarray:
    """Per-patient values of :data:`VARYING`, shape (3, n): log-normal, CV ~20-30 %."""
    rng = np.random.default_rng(seed)
    base = np.array([PARAMS[v] for v in VARYING])[:, None]
    return base * rng.lognormal(0.0, [[0.3], [0.25], [0.2]], size=(len(VARYING), n))
