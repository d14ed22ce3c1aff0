"""SBML -> Python right-hand side, so SciPy ``solve_ivp`` (and a vectorised fixed-step JAX scheme) can integrate the
very model that libRoadRunner loads.

Supported: rate rules, reactions (kinetic laws with local parameters; species in concentration or amount), assignment
rules (ordered by dependency), constant compartments and parameters. Events are not translated: dose events are
applied by the caller between integration segments (see :class:`DoseEvent`), as a SciPy user would.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import libsbml


@dataclass(frozen=True)
class DoseEvent:
    """Add ``amount`` to state ``target`` at time ``t`` (model time units)."""

    t: float
    target: str
    amount: float


@dataclass(frozen=True)
class OdeSpec:
    state_ids: tuple[str, ...]
    initial: tuple[float, ...]
    constants: dict[str, float]  # parameters and compartment sizes
    assignments: tuple[tuple[str, str], ...]  # (id, python expression), dependency order
    rates: tuple[str, ...]  # python expression per state
    time_units: str
    functions: tuple[tuple[str, tuple[str, ...], str], ...] = ()  # (id, args, python body)
    dose_events: tuple[DoseEvent, ...] = ()  # events of the form time >= T: x = x + c


_FUNCS = {"ln": "log", "log10": "log10", "pow": "pow", "abs": "abs"}


def _py(formula: str) -> str:
    s = formula.replace("^", "**").replace("&&", " and ").replace("||", " or ")
    s = re.sub(r"\bln\(", "log(", s)
    return s


def read_sbml(text: str) -> OdeSpec:
    doc = libsbml.readSBMLFromString(text)
    if doc.getNumErrors(libsbml.LIBSBML_SEV_ERROR):
        raise ValueError(doc.getErrorLog().toString())
    model = doc.getModel()
    constants: dict[str, float] = {}
    for c in model.getListOfCompartments():
        constants[c.getId()] = c.getSize() if c.isSetSize() else 1.0
    for p in model.getListOfParameters():
        constants[p.getId()] = p.getValue() if p.isSetValue() else 0.0
    state_ids: list[str] = []
    initial: list[float] = []
    rate_of: dict[str, list[str]] = {}
    rules_assign: dict[str, str] = {}
    for r in model.getListOfRules():
        if r.isRate():
            var = r.getVariable()
            rate_of.setdefault(var, []).append(_py(libsbml.formulaToL3String(r.getMath())))
        elif r.isAssignment():
            rules_assign[r.getVariable()] = _py(libsbml.formulaToL3String(r.getMath()))
    species_vol: dict[str, str] = {}
    for sp in model.getListOfSpecies():
        if sp.getBoundaryCondition() or sp.getConstant():
            constants[sp.getId()] = _initial(sp)
            continue
        if not sp.getHasOnlySubstanceUnits():
            species_vol[sp.getId()] = sp.getCompartment()
    for rx in model.getListOfReactions():
        law = rx.getKineticLaw()
        formula = libsbml.formulaToL3String(law.getMath())
        for lp in list(law.getListOfLocalParameters()) + list(law.getListOfParameters()):
            formula = re.sub(rf"\b{re.escape(lp.getId())}\b", repr(lp.getValue()), formula)
        rate = f"({_py(formula)})"
        for ref, sign in [(s, "-") for s in rx.getListOfReactants()] + [(s, "+") for s in rx.getListOfProducts()]:
            sid = ref.getSpecies()
            term = f"{sign}{ref.getStoichiometry()!r}*{rate}"
            if sid in species_vol:
                term += f"/{species_vol[sid]}"
            rate_of.setdefault(sid, []).append(term)
    for sp in model.getListOfSpecies():
        if sp.getId() in constants:
            continue
        state_ids.append(sp.getId())
        initial.append(_initial(sp))
    for p in model.getListOfParameters():
        if not p.getConstant() and p.getId() in rate_of:
            state_ids.append(p.getId())
            initial.append(constants.pop(p.getId()))
    for ia in model.getListOfInitialAssignments():  # numeric initial assignments only (constants)
        expr = _py(libsbml.formulaToL3String(ia.getMath()))
        value = float(eval(expr, {"__builtins__": {}}, {**vars(math), **constants}))
        if ia.getSymbol() in state_ids:
            initial[state_ids.index(ia.getSymbol())] = value
        else:
            constants[ia.getSymbol()] = value
    for aid in rules_assign:
        constants.pop(aid, None)
    functions = []
    for fd in model.getListOfFunctionDefinitions():
        args = tuple(fd.getArgument(i).getName() for i in range(fd.getNumArguments()))
        functions.append((fd.getId(), args, _py(libsbml.formulaToL3String(fd.getBody()))))
    events = []
    for ev in model.getListOfEvents():
        m = re.fullmatch(r"time >= ([-+0-9.eE]+)", libsbml.formulaToL3String(ev.getTrigger().getMath()).strip())
        for ea in ev.getListOfEventAssignments():
            var = ea.getVariable()
            m2 = re.fullmatch(rf"{re.escape(var)} \+ ([-+0-9.eE]+)", libsbml.formulaToL3String(ea.getMath()).strip())
            if m and m2:
                events.append(DoseEvent(t=float(m.group(1)), target=var, amount=float(m2.group(1))))
    rates = tuple(" + ".join(f"({t})" for t in rate_of.get(s, ["0.0"])) for s in state_ids)
    order = _order(rules_assign)
    units = model.getTimeUnits() or "second"
    assignments = tuple((a, rules_assign[a]) for a in order)
    return OdeSpec(tuple(state_ids), tuple(initial), constants, assignments, rates, units, tuple(functions),
                   tuple(sorted(events, key=lambda e: e.t)))


def _initial(sp: Any) -> float:
    return float(sp.getInitialConcentration() if sp.isSetInitialConcentration() else sp.getInitialAmount())


def _order(assign: Mapping[str, str]) -> list[str]:
    done: list[str] = []
    pending = dict(assign)
    while pending:
        progressed = False
        for aid, expr in list(pending.items()):
            deps = {d for d in pending if d != aid and re.search(rf"\b{re.escape(d)}\b", expr)}
            if not deps:
                done.append(aid)
                del pending[aid]
                progressed = True
        if not progressed:
            raise ValueError(f"cyclic assignment rules: {sorted(pending)}")
    return done


def make_rhs(spec: OdeSpec, *, varying: tuple[str, ...] = (), backend: str = "math",
             outputs: tuple[str, ...] = ()) -> Callable[..., Any]:
    """Compile ``rhs(t, y, p)``: ``y`` indexed by state, ``p`` by ``varying`` parameter (others are constants).

    ``backend="math"`` gives a scalar function returning a list (SciPy); ``"jax"`` a function over arrays of shape
    ``(n_states, N)`` returning a stacked ``jnp`` array (vectorised over patients).
    """
    lines = ["def rhs(t, y, p):", "    time = t"]
    lines += [f"    {sid} = y[{i}]" for i, sid in enumerate(spec.state_ids)]
    lines += [f"    {pid} = p[{i}]" for i, pid in enumerate(varying)]
    lines += [f"    {aid} = {expr}" for aid, expr in spec.assignments]
    body = ", ".join(outputs or spec.rates)  # outputs: observe these ids instead of returning rates
    lines.append(f"    return stack([{body}])" if backend == "jax" else f"    return [{body}]")
    for fid, args, fbody in spec.functions:
        lines.insert(0, f"def {fid}({', '.join(args)}):\n    return {fbody}\n")
    src = "\n".join(lines)
    consts = {k: v for k, v in spec.constants.items() if k not in varying}
    if backend == "jax":
        import jax.numpy as jnp

        ns: dict[str, Any] = {
            "exp": jnp.exp, "log": jnp.log, "log10": jnp.log10, "pow": jnp.power, "sin": jnp.sin, "cos": jnp.cos,
            "sqrt": jnp.sqrt, "abs": jnp.abs, "tanh": jnp.tanh, "pi": math.pi, "stack": jnp.stack,
            "piecewise": lambda a, c, b: jnp.where(c, a, b), "min": jnp.minimum, "max": jnp.maximum,
            "floor": jnp.floor,
        }  # fmt: skip
    else:
        ns = {**vars(math), "pow": pow, "abs": abs, "min": min, "max": max, "piecewise": lambda a, c, b: a if c else b}
    ns.update(consts)
    exec(compile(src, "<sbml-rhs>", "exec"), ns)
    return ns["rhs"]  # type: ignore[no-any-return]
