"""The agent declaration type and the registry of every agent igfaxis can simulate.

An agent is a declaration, not code that runs: PK per route (absorption ``ka`` in 1/h, bioavailability as a
fraction), elimination (from the half-life, h), central volume (L or L/kg), PD on the axis model's receptor inputs
(``receptor`` "ghrh" or "ghs", ``ec50`` in ng/mL of plasma drug, ``emax`` in the receptor units of
``physiology.dosing``, ``hill``; MK-677 tolerance rates), the published human dose range per route (µg or µg/kg
per dose), regulatory status, evidence level, adverse effects and the assumptions a simulation of it rests on.

Every number is a :class:`~igfaxis.provenance.Sourced`. A route is ``studied`` when published human PK/PD exists for
it; an unstudied route an agent still declares (SC ipamorelin, SC CJC-1295 without DAC) is an *extrapolation*: it
may be simulated, and every output carries its assumption. Routes an agent does not declare are refused.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from igfaxis.provenance import ParameterTable, Sourced

Route = Literal["sc", "oral", "iv"]
ROUTES: tuple[Route, ...] = ("sc", "oral", "iv")
Receptor = Literal["ghrh", "ghs"]

#: PD parameter names every agent's ``pd`` table declares.
PD_NAMES: tuple[str, ...] = ("ec50", "emax", "hill", "tol_kon", "tol_koff", "tol_max")


@dataclass(frozen=True)
class SourcedText:
    """A statement (regulatory status, evidence, adverse effect) with its source."""

    text: str
    source: str
    note: str = ""

    def __post_init__(self) -> None:
        if not self.source.strip():
            raise ValueError(f"statement {self.text!r} has no source")

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "source": self.source, "note": self.note}


@dataclass(frozen=True)
class DoseRange:
    """Published human dose per administration on one route: ``low``..``high`` in µg or µg/kg, given no more often
    than every ``min_interval`` hours (the shortest dosing interval of the published human use).

    ``per_kg`` is true when the range is in µg/kg of body weight. ``assumption`` is true when no human dose was
    published for this route and the range is borrowed (the note says from where).
    """

    low: Sourced
    high: Sourced
    per_kg: bool
    min_interval: Sourced
    note: str = ""

    def __post_init__(self) -> None:
        unit = "ug/kg" if self.per_kg else "ug"
        for bound in (self.low, self.high):
            if bound.unit != unit:
                raise ValueError(f"dose bound {bound.name!r} is in {bound.unit!r}; expected {unit!r}")
        if not (0 < self.low.value <= self.high.value):
            raise ValueError(f"dose range {self.low.value}..{self.high.value} is empty or not positive")
        if self.min_interval.unit != "h" or not self.min_interval.value > 0:
            raise ValueError(f"dosing interval {self.min_interval.name!r} must be a positive number of hours")

    def describe_interval(self) -> str:
        h = self.min_interval.value
        return f"doses at least {h / 24:g} days apart" if h > 24 else f"doses at least {h:g} h apart"

    @property
    def unit(self) -> str:
        return "ug/kg" if self.per_kg else "ug"

    @property
    def assumption(self) -> bool:
        return self.low.assumption or self.high.assumption or self.min_interval.assumption

    def bounds_ug(self, weight_kg: float) -> tuple[float, float]:
        """The range in µg per dose for a person of ``weight_kg``."""
        scale = weight_kg if self.per_kg else 1.0
        return self.low.value * scale, self.high.value * scale

    def describe(self) -> str:
        lo, hi, unit = self.low.value, self.high.value, self.unit
        if not self.per_kg and hi >= 1000:
            lo, hi, unit = lo / 1000, hi / 1000, "mg"
        text = f"{lo:.3g}" if lo == hi else f"{lo:.3g}–{hi:.3g}"
        return f"{text} {unit}"


@dataclass(frozen=True)
class RouteSpec:
    """PK of one route. ``ka`` is None for IV (doses enter the central compartment)."""

    route: Route
    studied: bool
    bioavailability: Sourced
    dose_range: DoseRange
    ka: Sourced | None = None
    tmax: Sourced | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if (self.route == "iv") != (self.ka is None):
            raise ValueError(f"route {self.route!r}: ka must be given for sc/oral and omitted for iv")
        if not (0 < self.bioavailability.value <= 1):
            raise ValueError(f"route {self.route!r}: bioavailability must be in (0, 1]")

    def parameters(self) -> list[Sourced]:
        items = [self.bioavailability, self.dose_range.low, self.dose_range.high, self.dose_range.min_interval]
        items += [p for p in (self.ka, self.tmax) if p is not None]
        return items


@dataclass(frozen=True)
class Agent:
    """Declaration of one agent. See the module docstring for units."""

    id: str
    name: str
    drug_class: str
    mechanism: str
    receptor: Receptor
    molar_mass: Sourced
    half_life: Sourced
    volume: Sourced
    routes: Mapping[str, RouteSpec]
    pd: ParameterTable
    regulatory_status: SourcedText
    evidence: SourcedText
    evidence_level: str
    adverse_effects: tuple[SourcedText, ...]
    assumptions: tuple[str, ...]
    calibration: tuple[str, ...] = ()
    aliases: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.half_life.unit != "h":
            raise ValueError(f"{self.id}: half_life must be in h")
        if self.volume.unit not in ("L", "L/kg"):
            raise ValueError(f"{self.id}: volume must be in L or L/kg")
        missing = [n for n in PD_NAMES if n not in self.pd]
        if missing:
            raise ValueError(f"{self.id}: pd table lacks {missing}")
        for key, spec in self.routes.items():
            if key != spec.route:
                raise ValueError(f"{self.id}: route key {key!r} != spec route {spec.route!r}")
        object.__setattr__(self, "routes", MappingProxyType(dict(self.routes)))

    @property
    def ke_per_h(self) -> float:
        """First-order elimination rate from central, 1/h (ln 2 / half-life)."""
        return math.log(2.0) / self.half_life.value

    def volume_l(self, weight_kg: float) -> float:
        """Central volume in L for a person of ``weight_kg``."""
        return self.volume.value * weight_kg if self.volume.unit == "L/kg" else self.volume.value

    def route(self, route: str) -> RouteSpec:
        return self.routes[route]

    def parameters(self) -> list[Sourced]:
        """Every sourced number of the agent (PK, dose ranges, PD)."""
        items = [self.molar_mass, self.half_life, self.volume]
        for spec in self.routes.values():
            items += spec.parameters()
        items += [self.pd[n] for n in self.pd]
        return items

    def flags(self, route: str | None = None) -> list[str]:
        """Assumption flags an output for this agent (on ``route``) must carry."""
        out = list(self.assumptions)
        specs = [self.routes[route]] if route is not None and route in self.routes else list(self.routes.values())
        for spec in specs:
            if not spec.studied:
                out.append(f"{self.id} {spec.route.upper()}: route not studied in humans; {spec.note}".rstrip("; "))
        return out

    def summary(self) -> dict[str, object]:
        """What ``igfaxis agents --json`` prints for this agent."""
        return {
            "id": self.id,
            "name": self.name,
            "class": self.drug_class,
            "receptor": self.receptor,
            "mechanism": self.mechanism,
            "routes": {
                r: {
                    "studied_in_humans": s.studied,
                    "dose_range": s.dose_range.describe(),
                    "dose_range_assumed": s.dose_range.assumption,
                    "min_interval_h": s.dose_range.min_interval.value,
                    "bioavailability": s.bioavailability.value,
                }
                for r, s in self.routes.items()
            },
            "half_life_h": self.half_life.value,
            "regulatory_status": self.regulatory_status.text,
            "evidence_level": self.evidence_level,
            "evidence": self.evidence.text,
            "adverse_effects": [a.text for a in self.adverse_effects],
            "assumptions": list(self.assumptions),
            "pd": [p.as_dict() for p in self.pd.values()],
        }


def tmax_h(ka_per_h: float, ke_per_h: float) -> float:
    """Time of peak plasma concentration after one first-order-absorbed dose, h (1-compartment)."""
    if math.isclose(ka_per_h, ke_per_h):
        return 1.0 / ka_per_h
    return math.log(ka_per_h / ke_per_h) / (ka_per_h - ke_per_h)


def ka_for_tmax(tmax: float, ke_per_h: float) -> float:
    """The absorption rate (1/h, faster than ``ke``) that puts the 1-compartment peak at ``tmax`` hours."""
    lo, hi = ke_per_h * (1 + 1e-9), 1e4
    if tmax_h(lo * 1.000001, ke_per_h) < tmax:
        raise ValueError(f"tmax {tmax} h is too late for ke {ke_per_h}/h with ka > ke")
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        if tmax_h(mid, ke_per_h) > tmax:
            lo = mid
        else:
            hi = mid
    return math.sqrt(lo * hi)


def plasma_peak_ng_ml(*, ka_per_h: float | None, ke_per_h: float, f: float, volume_l: float, dose_ug: float) -> float:
    """Peak plasma concentration (ng/mL) after one dose, 1-compartment; IV when ``ka_per_h`` is None."""
    c0 = f * dose_ug / volume_l
    if ka_per_h is None:
        return c0
    t = tmax_h(ka_per_h, ke_per_h)
    if math.isclose(ka_per_h, ke_per_h):
        return c0 * ka_per_h * t * math.exp(-ke_per_h * t)
    return c0 * ka_per_h / (ka_per_h - ke_per_h) * (math.exp(-ke_per_h * t) - math.exp(-ka_per_h * t))


CALIBRATION_SOURCE = "scripts/calibrate_agents.py fit to the calibration cases"
#: The calibration script's finer EC50 pass: factors of the coarse best, from the first to the second, as many
#: log-spaced points as the third (``np.geomspace(*EC50_FINE_PASS)``).
EC50_FINE_PASS: tuple[float, float, int] = (0.3, 3.0, 11)
#: Summed loss above its least that still counts as fitting as well: each case's loss is (miss / tolerance)^2 and
#: most tolerances are 2 SE, so 0.25 is a chi-square rise of 1, the 68 % likelihood interval of one parameter.
EC50_RANGE_DLOSS = 0.25
#: A calibrated EC50 interval (ng/mL, low and high); None where the fine pass's end still fits (open).
EC50Range = tuple[float | None, float | None]


def calibrated(name: str, value: float, unit: str, rows: tuple[str, ...], note: str = "") -> Sourced:
    """A PD parameter fitted by the calibration script; ``rows`` names the calibration cases it was fitted to."""
    fitted = ", ".join(rows) if rows else "not yet calibrated (initial value)"
    return Sourced(name, float(value), unit, f"{CALIBRATION_SOURCE}: {fitted}", note, assumption=not rows)


def calibrated_ec50(value: float, rows: tuple[str, ...], span: EC50Range, note: str) -> Sourced:
    """The fitted EC50 (ng/mL), its note ending with the calibration's EC50 interval ``span`` (the module's
    ``CALIBRATED_EC50_RANGE``: EC50s of the fine pass, :data:`EC50_FINE_PASS`, whose summed calibration loss is
    within :data:`EC50_RANGE_DLOSS` of the least, the other PD values held; None where the pass's end still fits)."""
    first, last, points = EC50_FINE_PASS
    step = (last / first) ** (1.0 / (points - 1))
    low, high = span
    if low is None and high is None:
        text = f"any EC50 from {first:g}x to {last:g}x the coarse best fits as well: potency not identified"
    elif low is None:
        text = f"any EC50 up to {high:g} ng/mL fits as well (no lower bound within the fine pass)"
    elif high is None:
        text = f"any EC50 from {low:g} ng/mL up fits as well (no upper bound within the fine pass)"
    elif low == high:
        text = "neither neighbouring EC50 of the fine pass fits as well: pinned to within one step"
    else:
        text = f"EC50s from {low:g} to {high:g} ng/mL fit as well"
    return calibrated("ec50", value, "ng/mL", rows,
                      f"{note}; calibration interval: {text} (summed loss within {EC50_RANGE_DLOSS:g} of its least "
                      f"with the other PD values held: 68 % where tolerances are 2 SE; fine-pass steps x{step:.2f})")


def no_tolerance(agent: str) -> tuple[Sourced, Sourced, Sourced]:
    """Tolerance parameters of an agent with no published tachyphylaxis (all zero)."""
    src = f"no tachyphylaxis of the GH response to {agent} reported in the human studies cited for it"
    return (
        Sourced("tol_kon", 0.0, "1/h", src),
        Sourced("tol_koff", 0.0, "1/h", src),
        Sourced("tol_max", 0.0, "1", src),
    )


def ghrh_agonist_pd(agent: str, values: Mapping[str, float], rows: tuple[str, ...],
                    span: EC50Range) -> ParameterTable:
    """PD table of a GHRH-receptor agonist: calibrated EC50 (ng/mL) and Emax (pg/mL GHRH-equivalent), Hill 1,
    no tolerance. ``values``/``rows``/``span`` are the module's CALIBRATED block."""
    return ParameterTable.of(
        f"{agent} PD",
        calibrated_ec50(values["ec50"], rows, span, f"plasma {agent} at half-maximal GHRH-receptor drive"),
        calibrated("emax", values["emax"], "pg/mL GHRH-equivalent", rows,
                   "maximal drive added to endogenous portal GHRH (docs/model.md, drug inputs)"),
        Sourced("hill", 1.0, "1", "assumption: single-site receptor binding (no human dose-response slope "
                "published)", assumption=True),
        *no_tolerance(agent),
    )
