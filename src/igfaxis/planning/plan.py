"""Start-test-adjust: from a person's readings to a recommended option and a retest date.

``make_plan(PlanRequest(...)) -> Plan``; ``Plan.as_dict()`` is the ``igfaxis plan --json`` payload. Steps:
timeline (history) -> candidates (goal, current protocol) -> reduced model (one batched simulation) -> posterior
(NumPyro NUTS) -> forecasts -> safety -> recommendation (the allowed candidate with the highest probability of a
measured retest value in the target band; ties: lower probability above 175 ng/mL, then fewer agents).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from igfaxis.errors import InputError, Problem
from igfaxis.evidence.zones import THRESHOLDS
from igfaxis.labs.models import Reading
from igfaxis.physiology.parameters import AXIS
from igfaxis.physiology.protocol import Protocol
from igfaxis.planning.candidates import NOT_OFFERED, Candidate, Goal, candidates_for
from igfaxis.planning.forecast import (
    SCENARIO_DAYS,
    Forecast,
    Target,
    forecast,
    history_design,
    history_specs,
    scenario_spec,
)
from igfaxis.planning.history import Timeline, build_timeline
from igfaxis.planning.individualise import MAX_READINGS, PRIORS, Posterior, evidence_for, individualise
from igfaxis.planning.responses import REDUCTION, continuous, planned_stop_day, simulate_responses
from igfaxis.planning.safety import Assessment, agent_warnings, assess, refusals

DISCLAIMER = ("For review by a licensed clinician; not a prescription. igfaxis forecasts from a model of the "
              "GH/IGF-1 axis and published trials; several agents are investigational and never approved.")


@dataclass(frozen=True)
class PlanRequest:
    """Everything a plan needs. Glucose in mmol/L, HbA1c in %, weight in kg, dates ISO."""

    readings: Sequence[Reading]
    age_years: float
    sex: str
    goal: Goal
    weight_kg: float | None = None
    current: Protocol | None = None
    current_start: dt.date | None = None
    conditions: tuple[str, ...] = ()
    target: Target = field(default_factory=Target)
    fasting_glucose_mmol_l: float | None = None
    hba1c_percent: float | None = None
    plan_date: dt.date | None = None
    seed: int = 0


@dataclass(frozen=True)
class Plan:
    request: PlanRequest
    timeline: Timeline
    posterior: Posterior
    forecasts: tuple[Forecast, ...]
    refused: dict[str, list[str]]
    assessment: Assessment
    recommendation: str | None
    retest_date: str
    retest_reason: str
    warnings: tuple[str, ...]

    @property
    def status(self) -> str:
        return "blocked" if self.assessment.blocked_reasons else "ok"

    def _dose_at_weight(self, candidate: Candidate) -> list[dict[str, object]]:
        """Each dose stream's amount per administration at the person's weight (µg), so a per-kg option reads as
        what is injected."""
        if candidate.protocol is None:
            return []
        w = self.request.weight_kg if self.request.weight_kg is not None else AXIS.value("weight_default_kg")
        return [{"agent": d.agent, "route": d.route, "amount_ug": round(d.amount.ug(w), 1), "weight_kg": w}
                for d in candidate.protocol.doses]

    def as_dict(self) -> dict[str, object]:
        t = self.request.target
        cands = []
        for f in self.forecasts:  # one entry per option
            name = f.candidate.name
            cands.append({
                "name": name, "kind": f.candidate.kind, "protocol": f.candidate.protocol_json(),
                "forecast": {"day": f.day, "date": f.date, "igf1_median_ng_ml": round(f.median, 1),
                             "igf1_90ci_ng_ml": [round(f.ci90[0], 1), round(f.ci90[1], 1)],
                             "interval_is": "measured retest value (posterior + measurement noise)",
                             "level_median_ng_ml": round(f.level_median, 1),
                             "level_90ci_ng_ml": [round(f.level_ci90[0], 1), round(f.level_ci90[1], 1)]},
                "p_in_target": round(f.p_in_target, 3), "p_above_175": round(f.p_above_175, 3),
                "p_level_in_target": round(f.p_level_in_target, 3),
                "mortality_hr": round(f.mortality_hr[0], 3),
                "mortality_hr_95ci": [round(f.mortality_hr[1], 3), round(f.mortality_hr[2], 3)],
                "signalling": f.signalling, "allowed": not self.refused[name], "refused_because": self.refused[name],
                "warnings": f.warnings, "side_effects": list(f.side_effects), "regulatory_status": list(f.regulatory),
                "flags": list(f.flags), "source": f.candidate.source, "notes": list(f.candidate.notes),
                "retest_reason": f.retest_reason, "outcomes": f.outcomes,
                "dose_at_weight": self._dose_at_weight(f.candidate),
            })
        tl = self.timeline
        return {
            "status": self.status,
            "blocked_reasons": self.assessment.blocked_reasons,
            "candidates": cands,
            "recommendation": self.recommendation,
            "retest": {"date": self.retest_date, "reason": self.retest_reason},
            "disclaimer": DISCLAIMER,
            "goal": self.request.goal,
            "target_ng_ml": [t.low, t.high],
            "safety": self.assessment.as_dict(),
            "warnings": list(self.warnings),
            "individual": self.posterior.summary(),
            "timeline": {"day0": tl.day0.isoformat(), "plan_date": tl.date_of(tl.plan_day).isoformat(),
                         "protocol_start": None if tl.current_start_day is None
                         else tl.date_of(tl.current_start_day).isoformat(), "protocol_start_source": tl.start_source,
                         "readings_used": len(tl.readings), "readings_excluded": [str(r.date) for r in tl.excluded]},
            "not_offered": dict(NOT_OFFERED),
            "evidence": {
                "model": "reduced model of the igfaxis axis simulator (docs/planning.md): " + REDUCTION.note,
                "priors": {k: {"value": v.value, "unit": v.unit, "source": v.source, "note": v.note}
                           for k, v in PRIORS.items()},
                "measurement_sigma_log": round(self.posterior.sigma, 4),
                "igf1_kout_per_h": AXIS.value("igf_kout"),
                "mortality": "model extrapolated from observational cohorts, not a measurement "
                             "(evidence.mortality, Bidlingmaier 2014 SDS)",
            },
        }


def _choose(forecasts: Sequence[Forecast], refused: dict[str, list[str]]) -> Forecast | None:
    allowed = [f for f in forecasts if not refused[f.candidate.name]]
    if not allowed:
        return None
    return min(allowed, key=lambda f: (-round(f.p_in_target, 2), round(f.p_above_175, 2), len(f.candidate.agents)))


def _outcomes(f: Forecast, req: PlanRequest, weight: float, post: Posterior) -> dict[str, object] | None:
    """The outcomes layer's block over the forecast window (plan day to retest), baseline = posterior untreated
    IGF-1; None when no protocol or the outcome layer refuses the input."""
    from igfaxis.errors import IgfaxisError
    from igfaxis.labs.models import Sex
    from igfaxis.outcomes import OutcomePerson, courses_from_protocol, forecast_outcomes

    if f.candidate.protocol is None or f.trajectory.shape[0] < 2:
        return None
    try:
        person = OutcomePerson(req.age_years, Sex(req.sex), weight, req.fasting_glucose_mmol_l, req.hba1c_percent)
        block = forecast_outcomes(f.trajectory, courses=courses_from_protocol(
            f.candidate.protocol, weight_kg=weight, days=int(f.trajectory.shape[0])), person=person,
            baseline_ng_ml=float(np.median(post.i0[:, 0])))
    except (IgfaxisError, ValueError, KeyError):
        return None
    out = block.as_dict()
    out["window"] = "plan day to retest day (median forecast); courses counted from the plan day"
    return out


def make_plan(req: PlanRequest) -> Plan:
    """Build the plan for ``req`` (see the module docstring)."""
    if not (18 <= req.age_years <= 100):
        raise InputError(Problem("age outside the adult model range", field="age", received=str(req.age_years),
                                 expected="18 to 100 years"))
    if "pregnancy" in req.conditions and req.sex == "male":
        raise InputError(Problem("pregnancy given for a man", field="condition", received="pregnancy",
                                 expected="a condition that applies to this person (check --sex)"))
    weight = req.weight_kg if req.weight_kg is not None else AXIS.value("weight_default_kg")
    plan_date = req.plan_date or max(dt.date.today(), max(r.date for r in req.readings))
    tl = build_timeline(req.readings, current=req.current, start_date=req.current_start, plan_date=plan_date,
                        stop_day_of=planned_stop_day)
    current = tl.current if tl.current_active else None
    cands = candidates_for(req.goal, current=current, weight_kg=weight)
    regimens = [continuous(c.protocol) for c in cands if c.protocol is not None]
    if tl.current is not None:
        regimens.append(continuous(tl.current))
    resp = simulate_responses(regimens, age_years=req.age_years, sex=req.sex, weight_kg=weight,
                              scenarios=[*(scenario_spec(c, tl) for c in cands), *history_specs(tl)],
                              scenario_days=SCENARIO_DAYS)
    x = history_design(tl, resp, np.asarray(tl.reading_days, dtype=float))
    post = individualise(evidence_for([r.value_ng_ml for r in tl.readings], x, age_years=req.age_years, sex=req.sex),
                         seed=req.seed)
    fcs = forecast(cands, tl, resp, post, age_years=req.age_years, sex=req.sex, target=req.target, seed=req.seed)
    # safety reads the latest IGF-1 measured, also one the fit left out (noted as on treatment outside the current
    # protocol): a level above 175 ng/mL forbids more stimulation whatever the protocol file says
    last = max((*tl.readings, *tl.excluded), key=lambda r: r.date)
    on_treatment = (last in tl.excluded) or (
        tl.current_active and tl.on_protocol((last.date - tl.day0).days))
    assessment = assess(conditions=req.conditions, last_igf1_ng_ml=last.value_ng_ml, on_treatment=on_treatment,
                        age_years=req.age_years, sex=req.sex, fasting_glucose_mmol_l=req.fasting_glucose_mmol_l,
                        hba1c_percent=req.hba1c_percent)
    refused = {f.candidate.name: refusals(f.candidate, assessment, weight_kg=weight) for f in fcs}
    for f in fcs:
        f.warnings.extend(agent_warnings(f.candidate, assessment))
        f.warnings.extend(x for x in f.flags)
        if f.p_above_175 > 0.5:
            likely = f"forecast likely above {req.target.elevated:g} ng/mL (p = {f.p_above_175:.2f})"
            if f.candidate.kind in ("start", "switch", "continue"):  # never propose what likely exceeds the limit
                refused[f.candidate.name].append(likely)
            else:
                f.warnings.append(likely)
        if f.median < THRESHOLDS.value("frailty_below"):
            f.warnings.append(f"forecast below {THRESHOLDS.value('frailty_below'):g} ng/mL")
    fcs = [dataclasses.replace(f, outcomes=_outcomes(f, req, weight, post)) for f in fcs]
    best = _choose(fcs, refused)
    warnings = list(tl.warnings) + assessment.warnings()
    if any(r.assay and "isys" not in r.assay.lower().replace("-", "") for r in tl.readings):
        warnings.append("some readings come from another assay than IDS-iSYS: absolute values differ between assays")
    if len(tl.readings) > MAX_READINGS:
        warnings.append(f"only the latest {MAX_READINGS} of {len(tl.readings)} readings were used in the fit")
    if post.diagnostics["r_hat_max"] > 1.05 or post.diagnostics["divergences"] > 0:
        warnings.append(f"sampler diagnostics: {post.diagnostics}")
    if best is None:
        rec, day, reason = None, tl.plan_day + 28, "no option passes the safety rules; clinical review"
        retest = tl.date_of(day).isoformat()
    else:
        rec, retest, reason = best.candidate.name, best.date, best.retest_reason
    return Plan(req, tl, post, tuple(fcs), refused, assessment, rec, retest, reason, tuple(warnings))
