"""Outcome value objects, the inputs every outcome model reads, trial-population envelopes and the model registry.

Outcome models take plain inputs so they do not depend on how the IGF-1 trajectory was produced:

* ``igf1_ng_ml``: a daily total-IGF-1 trajectory (ng/mL), index 0 = day 0 = the person's untreated baseline;
* ``courses``: the protocol's agents as :class:`AgentCourse` s (dose per administration in mg, interval in days,
  first and last dosing day);
* ``person``: :class:`OutcomePerson` covariates (age, sex, weight, baseline fasting glucose or HbA1c, HIV
  lipodystrophy flag).

The exposure every trial-fitted model uses is the *relative IGF-1 rise* ``x(t) = IGF1(t) / IGF1(0) - 1``
(dimensionless; 0.81 = +81 %), the quantity the tesamorelin and MK-677 trials report.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

import numpy as np

from igfaxis.errors import InputError, Problem
from igfaxis.labs.models import MAX_AGE_YEARS, Sex
from igfaxis.outcomes._kinetics import FloatArray

Goal = Literal["fat_loss", "lean_mass", "recovery_sleep", "longevity"]
GOALS: tuple[Goal, ...] = ("fat_loss", "lean_mass", "recovery_sleep", "longevity")
AGENTS: tuple[str, ...] = ("tesamorelin", "sermorelin", "cjc-1295", "cjc-1295-nodac", "ipamorelin", "mk-677")
Kind = Literal["trial_exposure_response", "observational_extrapolation"]


@dataclass(frozen=True, slots=True)
class AgentCourse:
    """One agent's dosing over the simulation.

    ``dose_mg`` per administration (mg; ``None`` when the dose is per kg and unknown here), ``every_days`` the
    interval (``None`` = single dose), dosing on days ``start_day`` <= d < ``stop_day`` (``None`` = to the end).
    """

    agent: str
    dose_mg: float | None = None
    every_days: float | None = 1.0
    start_day: int = 0
    stop_day: int | None = None
    route: str | None = None

    def __post_init__(self) -> None:
        if self.agent not in AGENTS:
            raise InputError(Problem("unknown agent", field="agent", received=self.agent,
                                     expected=" | ".join(AGENTS)))
        if self.dose_mg is not None and not (math.isfinite(self.dose_mg) and self.dose_mg > 0):
            raise InputError(Problem("dose must be a positive number of mg", field="dose_mg",
                                     received=str(self.dose_mg), expected="> 0 mg"))
        if self.every_days is not None and not self.every_days > 0:
            raise InputError(Problem("dosing interval must be positive", field="every_days",
                                     received=str(self.every_days), expected="> 0 days"))
        if self.start_day < 0 or (self.stop_day is not None and self.stop_day <= self.start_day):
            raise InputError(Problem("dosing days out of order", field="stop_day",
                                     received=f"{self.start_day}..{self.stop_day}",
                                     expected="0 <= start_day < stop_day"))

    @property
    def daily_dose_mg(self) -> float | None:
        """Average mg per day while dosing (a single dose counts as that dose on one day)."""
        if self.dose_mg is None:
            return None
        return self.dose_mg / (self.every_days if self.every_days is not None else 1.0)

    def on_days(self, n_days: int) -> int:
        """Days of the simulation (0..n_days-1) inside the dosing window."""
        stop = n_days if self.stop_day is None else min(self.stop_day, n_days)
        return max(0, stop - self.start_day)

    def last_day(self, n_days: int) -> int:
        """The day after the last dosing day inside the simulation."""
        return n_days if self.stop_day is None else min(self.stop_day, n_days)


@dataclass(frozen=True, slots=True)
class OutcomePerson:
    """Covariates outcome models read. Glucose in mmol/L (use :func:`glucose_mg_dl_to_mmol_l` for mg/dL)."""

    age_years: float
    sex: Sex
    weight_kg: float | None = None
    fasting_glucose_mmol_l: float | None = None
    hba1c_percent: float | None = None
    hiv_lipodystrophy: bool = False

    def __post_init__(self) -> None:
        checks: tuple[tuple[str, float | None, float, float, str], ...] = (
            ("age_years", self.age_years, 0.0, float(MAX_AGE_YEARS), f"0 to {MAX_AGE_YEARS} years"),
            ("weight_kg", self.weight_kg, 20.0, 400.0, "20 to 400 kg"),
            ("fasting_glucose_mmol_l", self.fasting_glucose_mmol_l, 1.5, 40.0, "1.5 to 40 mmol/L (27-720 mg/dL)"),
            ("hba1c_percent", self.hba1c_percent, 3.0, 20.0, "3 to 20 %"),
        )
        for name, value, low, high, expected in checks:
            if value is not None and not (math.isfinite(value) and low <= value <= high):
                raise InputError(Problem("value out of range", field=name, received=str(value), expected=expected))


def glucose_mg_dl_to_mmol_l(mg_dl: float) -> float:
    """Glucose mg/dL -> mmol/L (molar mass 180.16 g/mol: divide by 18.016)."""
    return mg_dl / 18.016


def glucose_mmol_l_to_mg_dl(mmol_l: float) -> float:
    return mmol_l * 18.016


@dataclass(frozen=True)
class OutcomeInputs:
    """Everything a model may read. ``igf1_ng_ml`` is validated: finite, positive, at least 2 days.

    ``baseline_ng_ml`` is the untreated IGF-1 the rise is measured from; default ``igf1_ng_ml[0]`` (pass the
    simulator's burn-in steady state when day 0 is already a dosing day).
    """

    igf1_ng_ml: FloatArray
    courses: tuple[AgentCourse, ...]
    person: OutcomePerson
    baseline_ng_ml: float | None = None

    def __post_init__(self) -> None:
        if self.baseline_ng_ml is not None and not (math.isfinite(self.baseline_ng_ml) and self.baseline_ng_ml > 0):
            raise InputError(Problem("baseline IGF-1 must be a positive number", field="baseline_ng_ml",
                                     received=str(self.baseline_ng_ml), expected="> 0 ng/mL"))
        arr = np.asarray(self.igf1_ng_ml, dtype=float)
        if arr.ndim != 1 or arr.size < 2:
            raise InputError(Problem("IGF-1 trajectory must be a 1-D daily series of at least 2 days",
                                     field="igf1_ng_ml", received=f"shape {arr.shape}", expected="(n_days,)"))
        bad = np.flatnonzero(~np.isfinite(arr) | (arr <= 0))
        if bad.size:
            raise InputError(Problem("IGF-1 must be finite and positive", field="igf1_ng_ml", row=int(bad[0]),
                                     received=str(arr[bad[0]]), expected="> 0 ng/mL"))
        object.__setattr__(self, "igf1_ng_ml", arr)
        object.__setattr__(self, "courses", tuple(self.courses))

    @property
    def n_days(self) -> int:
        return int(self.igf1_ng_ml.size)

    @property
    def days(self) -> FloatArray:
        return np.arange(self.n_days, dtype=float)

    @property
    def baseline(self) -> float:
        return float(self.igf1_ng_ml[0]) if self.baseline_ng_ml is None else float(self.baseline_ng_ml)

    @property
    def relative_rise(self) -> FloatArray:
        """``x(t) = IGF1(t)/baseline - 1``, floored at 0 (models here describe rises, not falls)."""
        rise: FloatArray = np.maximum(self.igf1_ng_ml / self.baseline - 1.0, 0.0)
        return rise

    def mean_rise_on(self, agent: str, *, run_in_days: int = 14) -> float | None:
        """Mean relative IGF-1 rise while ``agent`` is dosed, after a ``run_in_days`` run-in (None if not dosed)."""
        course = self.course(agent)
        if course is None:
            return None
        stop = course.last_day(self.n_days)
        if stop <= course.start_day:
            return None
        return float(np.mean(self.relative_rise[min(course.start_day + run_in_days, stop - 1):stop]))

    def agents(self) -> frozenset[str]:
        return frozenset(c.agent for c in self.courses)

    def course(self, agent: str) -> AgentCourse | None:
        for c in self.courses:
            if c.agent == agent:
                return c
        return None


@dataclass(frozen=True)
class Envelope:
    """The trial population and regimen a model was fitted in; outside it a forecast is an extrapolation.

    Ranges are inclusive; ``None`` means not restricted. ``requires_hiv`` True: only people with HIV-associated
    abdominal fat were studied. ``daily_dose_mg`` is the studied dose range of ``agent``; ``max_days_on`` the
    longest studied continuous treatment; ``exposure`` the range of relative IGF-1 rise seen in the trials.
    """

    name: str
    population: str
    source: str
    agent: str
    age_years: tuple[float, float] | None = None
    daily_dose_mg: tuple[float, float] | None = None
    max_days_on: int | None = None
    exposure: tuple[float, float] | None = None
    requires_hiv: bool | None = None
    max_fasting_glucose_mmol_l: float | None = None
    sole_agent: bool = True

    def check(self, inputs: OutcomeInputs) -> tuple[str, ...]:
        """Reasons ``inputs`` fall outside this envelope (empty = inside). The exposure compared with the trials'
        is the mean IGF-1 rise on treatment (:meth:`OutcomeInputs.mean_rise_on`)."""
        reasons: list[str] = []
        exposure_at = inputs.mean_rise_on(self.agent)
        p = inputs.person
        if self.age_years is not None and not (self.age_years[0] <= p.age_years <= self.age_years[1]):
            reasons.append(f"age {p.age_years:g} y outside the trial's {self.age_years[0]:g}-{self.age_years[1]:g} y")
        if self.requires_hiv is True and not p.hiv_lipodystrophy:
            reasons.append("trials enrolled only people with HIV-associated abdominal fat accumulation")
        if self.requires_hiv is False and p.hiv_lipodystrophy:
            reasons.append("trials enrolled people without HIV")
        if (self.max_fasting_glucose_mmol_l is not None and p.fasting_glucose_mmol_l is not None
                and p.fasting_glucose_mmol_l > self.max_fasting_glucose_mmol_l):
            reasons.append(f"baseline fasting glucose {p.fasting_glucose_mmol_l:.1f} mmol/L above the trial "
                           f"population's ({self.max_fasting_glucose_mmol_l:g} mmol/L; diabetes was not studied)")
        course = inputs.course(self.agent)
        if course is not None:
            dose = course.daily_dose_mg
            if self.daily_dose_mg is not None:
                if dose is None:
                    reasons.append(f"{self.agent} dose unknown in mg/day; trials used "
                                   f"{self.daily_dose_mg[0]:g}-{self.daily_dose_mg[1]:g} mg/day")
                elif not (self.daily_dose_mg[0] - 1e-9 <= dose <= self.daily_dose_mg[1] + 1e-9):
                    reasons.append(f"{self.agent} {dose:g} mg/day outside the studied "
                                   f"{self.daily_dose_mg[0]:g}-{self.daily_dose_mg[1]:g} mg/day")
            if course.every_days is not None and course.every_days != 1.0:
                reasons.append(f"{self.agent} every {course.every_days:g} days; trials dosed once daily")
            on = course.on_days(inputs.n_days - 1)  # exposure days before the last (reported) day
            if self.max_days_on is not None and on > self.max_days_on:
                reasons.append(f"{on} days on {self.agent}, longer than the {self.max_days_on} days studied")
        if self.sole_agent and len(inputs.agents() - {self.agent}) > 0:
            others = ", ".join(sorted(inputs.agents() - {self.agent}))
            reasons.append(f"combined with {others}; no trial studied the combination")
        if self.exposure is not None and exposure_at is not None and not (
                self.exposure[0] <= exposure_at <= self.exposure[1]):
            reasons.append(f"IGF-1 rise {100 * exposure_at:.0f} % outside the trials' "
                           f"{100 * self.exposure[0]:.0f}-{100 * self.exposure[1]:.0f} %")
        return tuple(reasons)

    def as_dict(self) -> dict[str, object]:
        return {
            "population": self.population, "source": self.source, "agent": self.agent,
            "age_years": list(self.age_years) if self.age_years else None,
            "daily_dose_mg": list(self.daily_dose_mg) if self.daily_dose_mg else None,
            "max_days_on": self.max_days_on,
            "relative_igf1_rise": list(self.exposure) if self.exposure else None,
            "requires_hiv": self.requires_hiv,
        }


@dataclass(frozen=True, eq=False)
class OutcomeResult:
    """One model's forecast. ``value`` = change from baseline on the last simulated day, in ``unit``.

    ``series_*`` hold the daily forecast (central and 90 % band) for plotting. ``ci90`` is the 90 % interval of
    the *mean* effect in people like the trial population (parameter uncertainty of the fit); individual
    responses scatter more (``individual_sd`` where the trials report it).
    """

    model: str
    label: str
    goal: Goal | None
    value: float
    ci90: tuple[float, float]
    unit: str
    source: str
    extrapolated: bool
    extrapolation_reasons: tuple[str, ...]
    kind: Kind
    days: FloatArray
    series: FloatArray
    series_low: FloatArray
    series_high: FloatArray
    individual_sd: float | None = None
    extra: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    warnings: tuple[str, ...] = ()

    def as_dict(self, *, include_series: bool = False) -> dict[str, object]:
        out: dict[str, object] = {
            "label": self.label,
            "goal": self.goal,
            "value": _r(self.value),
            "ci90": [_r(self.ci90[0]), _r(self.ci90[1])],
            "unit": self.unit,
            "source": self.source,
            "extrapolated": self.extrapolated,
            "extrapolation_reasons": list(self.extrapolation_reasons),
            "kind": self.kind,
        }
        if self.individual_sd is not None:
            out["individual_sd"] = _r(self.individual_sd)
        out.update({k: v for k, v in self.extra.items()})
        if self.warnings:
            out["warnings"] = list(self.warnings)
        if include_series:
            out["series"] = {"day": self.days.astype(int).tolist(), "value": [_r(v) for v in self.series],
                             "low": [_r(v) for v in self.series_low], "high": [_r(v) for v in self.series_high]}
        return out


def _r(v: float) -> float:
    return float(round(float(v), 4))


@dataclass(frozen=True)
class OutcomeModel:
    """A registered model: ``applies(inputs)`` says whether the protocol contains what it was fitted on."""

    name: str
    goal: Goal | None
    agents: frozenset[str]
    forecast: Callable[[OutcomeInputs], OutcomeResult]
    applies: Callable[[OutcomeInputs], bool]


_REGISTRY: dict[str, OutcomeModel] = {}


def register(model: OutcomeModel) -> OutcomeModel:
    if model.name in _REGISTRY:
        raise ValueError(f"outcome model {model.name!r} registered twice")
    _REGISTRY[model.name] = model
    return model


def registry() -> Mapping[str, OutcomeModel]:
    """Every registered outcome model, by name (read-only)."""
    return MappingProxyType(_REGISTRY)


def uses_any(agents: Sequence[str]) -> Callable[[OutcomeInputs], bool]:
    wanted = frozenset(agents)
    return lambda inputs: bool(inputs.agents() & wanted)
