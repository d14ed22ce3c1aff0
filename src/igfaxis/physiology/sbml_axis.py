"""SBML Level 3 export of the GH/IGF-1 axis (``igfaxis-axis`` :data:`AXIS_VERSION`) with its dose streams, and of
axis + signalling.

The axis equations below are a transcription of :func:`igfaxis.physiology.axis.rhs` and of the engine's dose-stream
PK/PD (:func:`igfaxis.physiology.engine._full_rhs`) into SBML infix, evaluated with one patient's burnt-in
parameters and state (:func:`igfaxis.physiology.simulate.burn_in`). ``tests/physiology/test_sbml_axis.py`` runs the
file in libRoadRunner against the engine, so a change to the axis that is not mirrored here fails the tests.
Time is in hours; hormones in pg/mL (GHRH, SRIF) and ng/mL (GH, IGF-1); doses in µg. Doses are SBML events at the
engine's dose steps: SC/oral doses (× bioavailability) land in the depot, IV doses in the central compartment.

The combined model adds the signalling layer (minutes → hours: its rates × 60) driven by the axis' free IGF-1
converted to nmol/L.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from igfaxis.physiology.dosing import DrugInput
from igfaxis.physiology.sbml import (
    DERIVED_FROM,
    _add_units,
    _check,
    _cv,
    _formula,
    _notes,
    _parameter,
    _rule,
    add_signaling_block,
    signaling_initial,
    validate,
)
from igfaxis.physiology.signaling_params import SIGNALING_PARAMS

AXIS_VERSION = "1.2.5"
FARHY = "http://identifiers.org/biomodels.db/MODEL0912096133"  # Farhy 2007 GH network (structural start)

#: Axis observables and helpers (assignment rules, in order).
_AXIS_ASSIGN: tuple[tuple[str, str], ...] = (
    ("phase", "time - sleep_on_h - 24 * floor((time - sleep_on_h) / 24)"),
    ("sws", "clip01(phase / sws_rise_h) * clip01(1 - (phase - sws_rise_h) / sws_dur_h)"
            " * clip01((sleep_len_h - phase) / sws_rise_h)"),
    ("ghs_total", "ghs_basal + u_ghs"),
    ("ghs_direct_t", "g0 * hillf(ghs_total, tg0, ng0)"),
    ("ghs_f1_t", "g1 * hillf(ghs_total, tg1, ng1)"),
    ("ghs_f2_t", "g2 * hillf(ghs_total, tg2, ng2)"),
    ("ghs_f3_t", "g3 * hillf(ghs_total, tg3, ng3)"),
    ("ghs_f4_t", "g4 * hillf(ghs_total, tg0, ng0)"),
    ("ghrh_act", "hill5((ghrh + u_ghrh) * (1 - u_ghrh_block) / t_ghrh)"),
    ("ghrh_f0_t", "ghrh_srif_opp * hill5((ghrh + u_ghrh) * (1 - u_ghrh_block) / t_ghrh_opp)"),
    ("gate", "(1 + ghs_f1_t + ghrh_f0_t) / (1 + (srif / t_srif_pit)^4 + ghs_f1_t + ghrh_f0_t)"),
    ("release", "pulse_gain * ghrh_capacity * ghrh_act * (gate + srif_leak) * (1 + sws_pit_gain * sws)"
                " * (1 + ghs_f4_t) + ghs_direct_t + basal"),
    ("feedback", "fb_num / (1 + igf_fb * igf1_total * inv_igf_set)"),
    ("secretion", "feedback * gh_pool * release"),
    ("gh", "gh_amp * gh_norm"),
    ("gh_plasma", "gh + u_gh"),
    ("igf_drive", "(gh_plasma / hep_ec50)^3 / (1 + (gh_plasma / hep_ec50)^3)"),
)

#: Axis rate rules (per hour), in :data:`igfaxis.physiology.axis.STATES` order.
_AXIS_RATES: tuple[tuple[str, str, str], ...] = (
    ("ghrh", "k_ghrh * (ghrh_max * (1 + sws_ghrh_gain * sws) * (1 + ghs_f3_t) * (1 + ghs_f2_t)"
             " / (1 + (srif / t_srif_ghrh)^5 + ghs_f2_t) - ghrh)", "pg_per_mL"),
    ("gh_norm", "k_gh * (secretion - gh_norm)", "dimensionless"),
    ("srif", "k_srif * (srif_basal + srif_gh * hill4(d4 / t_gh_srif) - srif)", "pg_per_mL"),
    ("d1", "k_delay * (gh_plasma / gh_amp - d1)", "dimensionless"),
    ("d2", "k_delay * (d1 - d2)", "dimensionless"),
    ("d3", "k_delay * (d2 - d3)", "dimensionless"),
    ("d4", "k_delay * (d3 - d4)", "dimensionless"),
    ("igf1_total", "hep * (igf_kin + igf_emax * igf_drive) - igf_kout * igf1_total", "ng_per_mL"),
    ("igf1_free", "k_free * (free_fraction * igf1_total - igf1_free)", "ng_per_mL"),
    ("gh_pool", "k_gh * inv_pool_cap * (synth_rate * gh_synth - secretion)", "dimensionless"),
    ("gh_synth", "k_synth * (feedback * (1 + synth_gain * (ghrh_act + synth_ghs * ghs_direct_t)) - gh_synth)",
     "dimensionless"),
)

_FUNCTIONS: dict[str, str] = {
    "clip01": "lambda(x, piecewise(0, x < 0, piecewise(1, x > 1, x)))",
    "hillf": "lambda(x, half, n, (x / half)^n / (1 + (x / half)^n))",
    "hill5": "lambda(x, x^5 / (1 + x^5))",
    "hill4": "lambda(x, x^4 / (1 + x^4))",
}

_AXIS_UNITS: dict[str, list[tuple[str, float, int, float]]] = {
    "hour": [("second", 1, 0, 3600.0)],
    "per_h": [("second", -1, 0, 3600.0)],  # (3600 s)^-1: SBML applies the multiplier before the exponent
    "pg_per_mL": [("gram", 1, -12, 1.0), ("litre", -1, -3, 1.0)],
    "ng_per_mL": [("gram", 1, -9, 1.0), ("litre", -1, -3, 1.0)],
    "ng_per_mL_per_h": [("gram", 1, -9, 1.0), ("litre", -1, -3, 1.0), ("second", -1, 0, 3600.0)],
    "mL_per_ng": [("gram", -1, -9, 1.0), ("litre", 1, -3, 1.0)],
    "ug": [("gram", 1, -6, 1.0)],
    "L": [("litre", 1, 0, 1.0)],
}
#: Units of per-patient values the burn-in derives (not in the AXIS table) and of helpers that are not pure numbers.
_DERIVED_UNITS = {"sleep_on_h": "hour", "sleep_len_h": "hour", "igf_emax": "ng_per_mL_per_h",
                  "inv_igf_set": "mL_per_ng", "phase": "hour", "gh": "ng_per_mL", "gh_plasma": "ng_per_mL",
                  "gh_amp": "ng_per_mL"}
_UNIT_OF = {"1/h": "per_h", "pg/mL": "pg_per_mL", "ng/mL": "ng_per_mL", "h": "hour", "ng/mL/h": "ng_per_mL_per_h"}
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


def _names(expr: str) -> set[str]:
    return set(_WORD.findall(expr))


def _drug_sources(d: DrugInput) -> dict[str, str]:
    """Each exported PK/PD value's source from the agent's declaration (``ASSUMPTION`` where no human source
    gives it), so the SBML file carries the same flags as every other output; empty for non-agents."""
    from igfaxis.physiology.agents import AGENTS

    agent = AGENTS.get(d.name)
    if agent is None:
        return {}

    def cite(p: Any) -> str:
        flag = "ASSUMPTION: " if p.assumption and not p.source.lower().startswith("assumption") else ""
        return f"{flag}{p.source}" + (f" ({p.note})" if p.note else "")

    out = {"ke": cite(agent.half_life), "vol": cite(agent.volume)}
    for key, name in (("ec50", "ec50"), ("emax", "emax"), ("hill", "hill"), ("kon", "tol_kon"),
                      ("koff", "tol_koff"), ("tmax", "tol_max")):
        if name in agent.pd:
            out[key] = cite(agent.pd[name])
    spec = next((r for r in agent.routes.values() if r.ka is not None and abs(r.ka.value - d.ka_per_h) < 1e-12), None)
    if spec is not None and spec.ka is not None:
        out["ka"] = cite(spec.ka)
    return out


def _drug_block(model: Any, drugs: Sequence[DrugInput], n_days: int) -> tuple[str, ...]:
    """PK/PD states, effects and dose events per stream; returns the drive expression of each axis receptor
    (``axis.RECEPTORS`` order: ghrh, ghs, ghrh_block, gh)."""
    import libsbml

    from igfaxis.physiology.axis import RECEPTORS

    drive: dict[str, list[str]] = {r: [] for r in RECEPTORS}
    for s, d in enumerate(drugs):
        tag = f"s{s}_{re.sub(r'[^A-Za-z0-9]', '_', d.name)}"
        # GHRH-equivalents; exogenous GH; GHS units and antagonist occupancy
        drive_unit = {"ghrh": "pg_per_mL", "gh": "ng_per_mL"}.get(d.receptor, "dimensionless")
        vals = {"ka": (d.ka_per_h, "per_h"), "ke": (d.ke_per_h, "per_h"), "vol": (d.volume_l, "L"),
                "ec50": (d.ec50_ng_ml, "ng_per_mL"), "emax": (d.emax, drive_unit),
                "hill": (d.hill, "dimensionless"), "kon": (d.tol_kon_per_h, "per_h"),
                "koff": (d.tol_koff_per_h, "per_h"), "tmax": (d.tol_max, "dimensionless")}
        sources = _drug_sources(d)
        for k, (v, unit) in vals.items():
            _parameter(model, f"{tag}_{k}", v, unit, constant=True,
                       note=f"dose stream {d.name} ({d.receptor}): {sources.get(k, 'see the agent module')}")
        for state, unit in (("depot", "ug"), ("central", "ug"), ("tol", "dimensionless")):
            _parameter(model, f"{tag}_{state}", 0.0, unit, constant=False, note=f"dose stream {d.name}: {state}")
        occ = f"{tag}_occ"
        _parameter(model, occ, 0.0, "dimensionless", constant=False, note="receptor occupancy of the agent")
        _rule(model, occ, f"({tag}_central / {tag}_vol / {tag}_ec50)^{tag}_hill / "
                          f"(1 + ({tag}_central / {tag}_vol / {tag}_ec50)^{tag}_hill)", rate=False)
        _parameter(model, f"{tag}_effect", 0.0, drive_unit, constant=False, note=f"{d.receptor} drive")
        _rule(model, f"{tag}_effect", f"{tag}_emax * {occ} * (1 - {tag}_tol)", rate=False)
        _rule(model, f"{tag}_depot", f"-{tag}_ka * {tag}_depot", rate=True)
        _rule(model, f"{tag}_central", f"{tag}_ka * {tag}_depot - {tag}_ke * {tag}_central", rate=True)
        _rule(model, f"{tag}_tol", f"{tag}_kon * {occ} * ({tag}_tmax - {tag}_tol) - {tag}_koff * {tag}_tol",
              rate=True)
        drive[d.receptor].append(f"{tag}_effect")
        target = f"{tag}_central" if d.iv else f"{tag}_depot"
        for j, (t_h, amount) in enumerate(zip(d.dose_times_h, d.dose_amounts_ug, strict=True)):
            t_step = float(np.floor(t_h * 60.0 + 1e-9)) / 60.0  # the engine's 1-minute dose step
            if t_step >= n_days * 24.0:
                continue
            ev = model.createEvent()
            ev.setId(f"{tag}_dose{j}")
            ev.setUseValuesFromTriggerTime(True)
            trig = ev.createTrigger()
            trig.setInitialValue(False)
            trig.setPersistent(True)
            _check(trig.setMath(libsbml.parseL3Formula(f"time >= {t_step!r}")), "set a dose trigger")
            ea = ev.createEventAssignment()
            ea.setVariable(target)
            _check(ea.setMath(_formula(f"{target} + {float(amount * d.bioavailability)!r}")), "set a dose")
    return tuple(" + ".join(drive[r]) or "0" for r in RECEPTORS)


def axis_document(
    *, age_years: float = 50.0, sex: str = "male", drugs: Sequence[DrugInput] = (), days: int = 14,
    signaling: bool = False,
) -> Any:
    """The axis (optionally + signalling) for one typical person of ``age_years``/``sex`` as an SBMLDocument."""
    import libsbml

    from igfaxis.physiology import axis
    from igfaxis.physiology.parameters import AXIS
    from igfaxis.physiology.simulate import burn_in, person

    base = burn_in(person(age_years=age_years, sex=sex))
    p = {k: float(np.asarray(v).reshape(-1)[0]) for k, v in base.p.items()}
    y0 = np.asarray(base.y0)[:, 0]
    doc = libsbml.SBMLDocument(3, 1)
    model = doc.createModel()
    model.setId("igfaxis_axis_signaling" if signaling else "igfaxis_axis")
    model.setMetaId("meta_model")
    model.setName(f"igfaxis GH/IGF-1 axis {AXIS_VERSION}" + (" + IGF-1R signalling" if signaling else ""))
    model.setNotes(_notes(
        f"Generated by igfaxis: transcription of igfaxis.physiology.axis.rhs ({axis.NAME} {AXIS_VERSION}) for a "
        f"typical {sex} aged {age_years:g} y, burnt in to the untreated state at 00:00 of day 0; {len(drugs)} dose "
        "stream(s) as events. Time in hours. See docs/model.md" + (" and docs/signaling.md." if signaling else ".")))
    _cv(model, libsbml.BQM_IS_DERIVED_FROM, (FARHY, *(DERIVED_FROM if signaling else ())), model_level=True)
    _add_units(model, _AXIS_UNITS)
    if signaling:
        _add_units(model)
    model.setTimeUnits("hour")
    for fid, expr in _FUNCTIONS.items():
        fd = model.createFunctionDefinition()
        fd.setId(fid)
        _check(fd.setMath(libsbml.parseL3Formula(expr)), f"define {fid}")

    u_ghrh, u_ghs, u_block, u_gh = _drug_block(model, drugs, days)
    _parameter(model, "u_ghrh", 0.0, "pg_per_mL", constant=False, note="GHRH-receptor drive of the dose streams")
    _rule(model, "u_ghrh", u_ghrh, rate=False)
    _parameter(model, "u_ghs", 0.0, "dimensionless", constant=False, note="ghrelin-receptor drive of the streams")
    _rule(model, "u_ghs", u_ghs, rate=False)
    _parameter(model, "u_ghrh_block", 0.0, "dimensionless", constant=False,
               note="GHRH-receptor antagonist occupancy of the streams (0..1)")
    _rule(model, "u_ghrh_block", u_block, rate=False)
    _parameter(model, "u_gh", 0.0, "ng_per_mL", constant=False, note="exogenous plasma GH of the streams")
    _rule(model, "u_gh", u_gh, rate=False)

    used = set().union(*(_names(e) for _, e in _AXIS_ASSIGN), *(_names(e) for _, e, _ in _AXIS_RATES))
    for name in sorted(used & set(p)):
        src = AXIS.get(name)
        unit = _UNIT_OF.get(src.unit, "dimensionless") if src is not None else _DERIVED_UNITS.get(name, "dimensionless")
        note = f"{src.source}. {src.note}" if src is not None else "per-patient value derived by the burn-in"
        _parameter(model, name, p[name], unit, constant=True, note=note)
    for name, _expr in _AXIS_ASSIGN:
        _parameter(model, name, 0.0, _DERIVED_UNITS.get(name, "dimensionless"), constant=False, note="axis helper")
    for (name, _expr, unit), value in zip(_AXIS_RATES, y0, strict=True):
        _parameter(model, name, float(value), unit, constant=False, note=f"axis state {name}")
    for name, expr in _AXIS_ASSIGN:
        _rule(model, name, expr, rate=False)
    for name, expr, _unit in _AXIS_RATES:
        _rule(model, name, expr, rate=True)
    if signaling:
        _signaling_block(model, free_ng_ml=float(y0[axis.I_FREE]))
    return doc


def _signaling_block(model: Any, *, free_ng_ml: float) -> None:
    from igfaxis.units import IGF1_MOLAR_MASS

    _parameter(model, "min_per_h", 60.0, "dimensionless", constant=True, note="signalling rates are per minute")
    _parameter(model, "igf1_molar_mass", IGF1_MOLAR_MASS.value, "dimensionless", constant=True,
               note=IGF1_MOLAR_MASS.source)
    add_signaling_block(model, params=SIGNALING_PARAMS,
                        initial=signaling_initial(free_ng_ml * 1e3 / IGF1_MOLAR_MASS.value),
                        ligand_rule="igf1_free * 1000 / igf1_molar_mass + igf1_local", time_factor="min_per_h")


def axis_string(**kwargs: Any) -> str:
    """Validated SBML text of :func:`axis_document`."""
    import libsbml

    doc = axis_document(**kwargs)
    validate(doc)
    return str(libsbml.writeSBMLToString(doc))
