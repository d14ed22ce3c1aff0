"""SBML Level 3 export of igfaxis models (python-libsbml), generated from the same equations the engine runs.

The signalling model is written out from :data:`~igfaxis.physiology.signaling_model.FLOWS` (one rate rule per
state: ``production - loss * state``), :data:`~igfaxis.physiology.signaling_model.ASSIGNMENTS` and the sourced
parameter table, so the file cannot drift from the engine. Time is in minutes, ligand in nmol/L, states are
dimensionless fractions. Every parameter carries its source and note as SBML notes; the model is annotated
``bqmodel:isDerivedFrom`` the BioModels entries it borrows from. The free IGF-1 input ``igf1_free`` (nmol/L) is a
non-constant parameter: drive it with events or by setting it between simulation segments (as the libRoadRunner
cross-check in ``tests/physiology/test_sbml.py`` does); ``igf1_local`` is the optional local (GH-driven) IGF-1.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from igfaxis.errors import IgfaxisError, InputError, Problem
from igfaxis.physiology.dosing import DrugInput
from igfaxis.physiology.signaling_model import ASSIGNMENTS, FLOWS
from igfaxis.physiology.signaling_params import SIGNALING_PARAMS
from igfaxis.provenance import ParameterTable

MODELS: tuple[str, ...] = ("signaling", "axis", "combined")
DERIVED_FROM: tuple[str, ...] = (
    "http://identifiers.org/biomodels.db/MODEL1204060000",  # Kubota 2012
    "http://identifiers.org/biomodels.db/BIOMD0000000581",  # Dalle Pezze 2012
    "http://identifiers.org/biomodels.db/BIOMD0000000474",  # Smith & Shanley 2013
)
DESCRIBED_BY: tuple[str, ...] = (
    "http://identifiers.org/pubmed/22633957",  # Kubota 2012
    "http://identifiers.org/pubmed/22457331",  # Dalle Pezze 2012
)

# unit id -> list of (kind, exponent, scale, multiplier)
_UNITS: dict[str, list[tuple[str, float, int, float]]] = {
    "minute": [("second", 1, 0, 60.0)],
    "per_min": [("second", -1, 0, 60.0)],  # (60 s)^-1: SBML applies the multiplier before the exponent
    "nM": [("mole", 1, -9, 1.0), ("litre", -1, 0, 1.0)],
    "per_nM_per_min": [("mole", -1, -9, 1.0), ("litre", 1, 0, 1.0), ("second", -1, 0, 60.0)],
}
_PARAM_UNIT = {"1/min": "per_min", "1/(nM*min)": "per_nM_per_min"}


def _check(code: int, what: str) -> None:
    import libsbml

    if code != libsbml.LIBSBML_OPERATION_SUCCESS:
        raise IgfaxisError(f"libsbml could not {what}: {libsbml.OperationReturnValue_toString(code)}")


def _notes(text: str) -> str:
    return f'<body xmlns="http://www.w3.org/1999/xhtml"><p>{escape(text)}</p></body>'


def _add_units(model: Any, units: dict[str, list[tuple[str, float, int, float]]] | None = None) -> None:
    """Unit definitions (default: the signalling model's), skipping ids the model already has."""
    import libsbml

    for uid, parts in (_UNITS if units is None else units).items():
        if model.getUnitDefinition(uid) is not None:
            continue
        ud = model.createUnitDefinition()
        _check(ud.setId(uid), f"name unit {uid}")
        for kind, exp, scale, mult in parts:
            u = ud.createUnit()
            u.setKind(libsbml.UnitKind_forName(kind))
            u.setExponent(exp)
            u.setScale(scale)
            u.setMultiplier(mult)


def _cv(sbase: Any, qualifier: int, uris: tuple[str, ...], *, model_level: bool) -> None:
    import libsbml

    term = libsbml.CVTerm(libsbml.MODEL_QUALIFIER if model_level else libsbml.BIOLOGICAL_QUALIFIER)
    if model_level:
        term.setModelQualifierType(qualifier)
    else:
        term.setBiologicalQualifierType(qualifier)
    for uri in uris:
        term.addResource(uri)
    _check(sbase.addCVTerm(term), "annotate")


def _parameter(model: Any, pid: str, value: float, unit: str, *, constant: bool, note: str) -> Any:
    p = model.createParameter()
    _check(p.setId(pid), f"name parameter {pid}")
    p.setMetaId(f"meta_{pid}")
    p.setValue(float(value))
    p.setUnits(unit)
    p.setConstant(constant)
    if note:
        p.setNotes(_notes(note))
    return p


def _formula(text: str) -> Any:
    import libsbml

    ast = libsbml.parseL3Formula(text)
    if ast is None:
        raise IgfaxisError(f"cannot parse formula {text!r}: {libsbml.getLastParseL3Error()}")
    return ast


def _rule(model: Any, variable: str, expr: str, *, rate: bool) -> None:
    r = model.createRateRule() if rate else model.createAssignmentRule()
    r.setVariable(variable)
    _check(r.setMath(_formula(expr)), f"set the rule for {variable}")


def add_signaling_block(model: Any, *, params: ParameterTable, initial: dict[str, float], ligand_rule: str,
                        time_factor: str = "") -> None:
    """Parameters, the ligand rule ``L = ligand_rule``, assignments and one rate rule per state of the signalling
    model (per minute, multiplied by ``time_factor`` when the host model runs in another time unit)."""
    for p in params.values():
        text = f"{p.source}. {p.note}" + (" [assumption]" if p.assumption else "")
        _parameter(model, p.name, p.value, _PARAM_UNIT[p.unit], constant=True, note=text)
    _parameter(model, "igf1_local", 0.0, "nM", constant=False,
               note="input: local (autocrine/paracrine, GH-driven) IGF-1 adding to the free IGF-1 (nmol/L)")
    _parameter(model, "L", 0.0, "nM", constant=False, note=f"ligand at IGF-1R = {ligand_rule}")
    _rule(model, "L", ligand_rule, rate=False)
    for name, expr in ASSIGNMENTS.items():
        _parameter(model, name, 0.0, "dimensionless", constant=False, note=f"derived: {expr}")
        _rule(model, name, expr, rate=False)
    scale = f"{time_factor} * " if time_factor else ""
    for f in FLOWS:
        _parameter(model, f.state, initial[f.state], "dimensionless", constant=False, note=f.description)
        _rule(model, f.state, f"{scale}({f.production} - ({f.loss}) * {f.state})", rate=True)


def signaling_initial(free_nM: float) -> dict[str, float]:
    """Steady state of the signalling model at constant free IGF-1 (nmol/L), by state name."""
    from igfaxis.physiology.signaling import steady_state
    from igfaxis.physiology.signaling_model import STATE_NAMES

    return dict(zip(STATE_NAMES, steady_state([free_nM])[0].tolist(), strict=True))


def signaling_document(
    *, params: ParameterTable = SIGNALING_PARAMS, igf1_free_nM: float | None = None,
    initial: dict[str, float] | None = None,
) -> Any:
    """The signalling model as a libsbml ``SBMLDocument`` (Level 3 Version 1).

    ``igf1_free_nM`` defaults to the free IGF-1 of 150 ng/mL total; ``initial`` maps state names to starting
    values (default: the steady state at that input).
    """
    import libsbml

    if igf1_free_nM is None:
        from igfaxis.physiology.exposure import total_ng_ml_to_free_nM

        igf1_free_nM = float(total_ng_ml_to_free_nM(150.0))

    if initial is None:
        initial = signaling_initial(igf1_free_nM)
    doc = libsbml.SBMLDocument(3, 1)
    model = doc.createModel()
    model.setId("igfaxis_igf1r_signaling")
    model.setName("igfaxis IGF-1R -> IRS-1 -> PI3K -> Akt -> mTORC1/S6K/4E-BP1 and FOXO")
    model.setMetaId("meta_model")
    model.setNotes(_notes(
        "Generated by igfaxis from igfaxis.physiology.signaling_model. Time in minutes; states are fractions (0-1) "
        "of each protein's total; ligand in nmol/L. Structure and rates from Kubota 2012 (MODEL1204060000), "
        "Dalle Pezze 2012 (BIOMD0000000581) and Smith & Shanley 2013 (BIOMD0000000474); see each parameter's notes "
        "and docs/signaling.md."))
    _cv(model, libsbml.BQM_IS_DERIVED_FROM, DERIVED_FROM, model_level=True)
    _cv(model, libsbml.BQM_IS_DESCRIBED_BY, DESCRIBED_BY, model_level=True)
    _add_units(model)
    model.setTimeUnits("minute")
    model.setExtentUnits("dimensionless")
    model.setSubstanceUnits("dimensionless")

    _parameter(model, "igf1_free", igf1_free_nM, "nM", constant=False,
               note="input: free IGF-1 at the receptor (nmol/L); drive it with events or between segments")
    add_signaling_block(model, params=params, initial=initial, ligand_rule="igf1_free + igf1_local")
    return doc


def validate(doc: Any) -> list[str]:
    """Run libsbml's consistency checks; raise on errors, return the warnings' messages."""
    import libsbml

    doc.setConsistencyChecks(libsbml.LIBSBML_CAT_UNITS_CONSISTENCY, True)
    doc.checkConsistency()
    errors: list[str] = []
    warnings: list[str] = []
    for i in range(doc.getNumErrors()):
        err = doc.getError(i)
        (errors if err.getSeverity() >= libsbml.LIBSBML_SEV_ERROR else warnings).append(err.getMessage().strip())
    if errors:
        raise IgfaxisError("generated SBML is invalid:\n" + "\n".join(errors))
    return warnings


def to_string(
    model: str = "signaling", *, age_years: float = 50.0, sex: str = "male", drugs: Sequence[DrugInput] = (),
    days: int = 14,
) -> str:
    """SBML text of ``model`` (one of :data:`MODELS`), validated.

    ``axis`` and ``combined`` are written for one typical person (``age_years``, ``sex``) burnt in to the untreated
    state, with ``drugs`` (dose streams) as events over ``days`` days.
    """

    if model not in MODELS:
        raise InputError(Problem("unknown model", field="--model", received=model, expected=" | ".join(MODELS)))
    if model == "signaling":
        doc = signaling_document()
    else:
        from igfaxis.physiology.sbml_axis import axis_document

        doc = axis_document(age_years=age_years, sex=sex, drugs=drugs, days=days, signaling=model == "combined")
    return to_string_document(doc)


def to_string_document(doc: Any) -> str:
    """Validate ``doc`` and return its SBML text."""
    import libsbml

    validate(doc)
    return str(libsbml.writeSBMLToString(doc))
