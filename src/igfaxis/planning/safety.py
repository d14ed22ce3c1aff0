"""Safety rules as data, each with its source, and their application to candidates.

Effects: ``block_stimulation`` (no option that gives a drug from the plan day on; the plan's status is
``blocked``), ``block_agents`` (options containing these agents are refused), ``reduce_or_stop`` (on treatment:
only reduce dose, reduce frequency or pause), ``evaluate`` (a finding for the clinician to work up first),
``warn_agents`` (kept, with a warning). Doses never leave the published human range: an option whose dose lies
outside it (e.g. continuing an off-label current dose) is refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from igfaxis.errors import InputError, Problem, ProtocolError
from igfaxis.evidence.lms import sds
from igfaxis.evidence.zones import THRESHOLDS
from igfaxis.outcomes.glucose import THRESHOLDS as GLUCOSE
from igfaxis.physiology.agents import AGENTS
from igfaxis.physiology.protocol import Protocol, prepare
from igfaxis.planning.candidates import Candidate

Effect = Literal["block_stimulation", "block_agents", "reduce_or_stop", "evaluate", "warn_agents"]

EGRIFTA = "Egrifta (tesamorelin) prescribing information, section 4 Contraindications and 5 Warnings"
GH_CANCER = ("Boguszewski CL et al. Eur J Endocrinol 2022;186:P35 (GH Research Society consensus: safety of GH "
             "treatment in cancer survivors); somatropin labels: contraindicated in active malignancy")
FRAMEWORK = "igfaxis framework text (not a primary source)"
SEED_CANCER = f"{FRAMEWORK}: high IGF-1 'associated with an increased risk for certain types of cancers'"
CHAPMAN96 = "Chapman IM et al. J Clin Endocrinol Metab 1996;81:4249 (fasting glucose 5.4 -> 6.8 mmol/L at 4 weeks)"
NASS = "Nass R et al. Ann Intern Med 2008;149:601 (insulin sensitivity fell on MK-677)"
ADUNSKY = "Adunsky A et al. Arch Gerontol Geriatr 2011;53:183 (MK-677 hip-fracture trial stopped: heart failure)"
SEED_175 = f"{FRAMEWORK}: 'maintaining levels below 175 ng/mL'; evidence.zones 'elevated_above'"
SDS_SRC = "Bidlingmaier M et al. J Clin Endocrinol Metab 2014;99:1712 (IGF-1 SDS > +2 = above the reference range)"
SEED_80 = f"{FRAMEWORK}: 'levels dropping below 70-80 ng/mL ... increased risk of frailty'; evidence.zones"


@dataclass(frozen=True)
class Rule:
    """A safety rule: ``trigger`` (``condition:<name>``, ``lab:glucose``, ``igf1:above_on_treatment``,
    ``igf1:below``), its ``effect``, the agents it concerns, what it tells the clinician and the source."""

    id: str
    trigger: str
    effect: Effect
    message: str
    source: str
    agents: tuple[str, ...] = ()


RULES: tuple[Rule, ...] = (
    Rule("active_cancer", "condition:active_cancer", "block_stimulation",
         "active cancer: GH/IGF-1 stimulation is contraindicated (IGF-1 promotes proliferation)",
         f"{EGRIFTA} (active malignancy); {GH_CANCER}; {SEED_CANCER}"),
    Rule("cancer_history", "condition:cancer_history", "block_stimulation",
         "history of cancer: no GH/IGF-1 stimulation without oncology and endocrine review",
         f"{GH_CANCER}; {SEED_CANCER}"),
    Rule("pregnancy", "condition:pregnancy", "block_stimulation",
         "pregnancy: tesamorelin is contraindicated and no GH secretagogue has safety data in pregnancy",
         EGRIFTA + " (pregnancy)"),
    Rule("diabetes_mk677", "condition:diabetes", "block_agents",
         "diabetes: MK-677 raises fasting glucose and lowers insulin sensitivity", f"{CHAPMAN96}; {NASS}",
         ("mk-677",)),
    Rule("glucose_mk677", "lab:glucose", "block_agents",
         "raised fasting glucose or HbA1c (ADA prediabetes range or above): MK-677 raises fasting glucose",
         f"{CHAPMAN96}; {NASS}; {GLUCOSE['fpg_prediabetes'].source}", ("mk-677",)),
    Rule("glucose_diabetic_mk677", "lab:diabetic", "block_agents",
         "fasting glucose or HbA1c in the ADA diabetes range: MK-677 raises fasting glucose",
         f"{CHAPMAN96}; {NASS}; {GLUCOSE['fpg_diabetes'].source}", ("mk-677",)),
    Rule("glucose_diabetic_tesamorelin", "lab:diabetic", "warn_agents",
         "fasting glucose or HbA1c in the ADA diabetes range: tesamorelin may worsen glucose tolerance; monitor "
         "glucose", EGRIFTA + " (glucose intolerance)", ("tesamorelin",)),
    Rule("diabetes_tesamorelin", "condition:diabetes", "warn_agents",
         "diabetes: tesamorelin may worsen glucose tolerance; monitor glucose", EGRIFTA + " (glucose intolerance)",
         ("tesamorelin",)),
    Rule("heart_failure_mk677", "condition:heart_failure", "block_agents",
         "heart failure: MK-677's hip-fracture trial was stopped early for a heart-failure signal", ADUNSKY,
         ("mk-677",)),
    Rule("igf1_high_on_treatment", "igf1:above_on_treatment", "reduce_or_stop",
         f"IGF-1 above {THRESHOLDS.value('elevated_above'):g} ng/mL or SDS above +2 on treatment: reduce or stop",
         f"{SEED_175}; {SDS_SRC}"),
    Rule("igf1_high_off_treatment", "igf1:above_off_treatment", "reduce_or_stop",
         f"latest IGF-1 above {THRESHOLDS.value('elevated_above'):g} ng/mL or SDS above +2 with no current protocol: "
         "no stimulation; evaluate (acromegaly, a GH-axis agent not reported, assay)", f"{SEED_175}; {SDS_SRC}"),
    Rule("igf1_low", "igf1:below", "evaluate",
         f"IGF-1 below {THRESHOLDS.value('frailty_below'):g} ng/mL (associated in cohorts with frailty and higher "
         "mortality): evaluate (GH deficiency, nutrition, liver, thyroid) before any stimulation", SEED_80),
)
RULES_BY_ID: Mapping[str, Rule] = MappingProxyType({r.id: r for r in RULES})
CONDITIONS: tuple[str, ...] = ("active_cancer", "cancer_history", "pregnancy", "diabetes", "heart_failure",
                               "prediabetes")
SDS_LIMIT = 2.0


def parse_conditions(names: Sequence[str]) -> tuple[str, ...]:
    out: list[str] = []
    for n in names:
        key = n.strip().lower().replace("-", "_").replace(" ", "_")
        if key not in CONDITIONS:
            raise InputError(Problem("unknown condition", field="condition", received=n,
                                     expected=" | ".join(CONDITIONS)))
        out.append(key)
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class Assessment:
    """The rules that fired for this person and what they imply."""

    fired: tuple[Rule, ...]
    findings: tuple[str, ...] = field(default=())

    @property
    def blocked_reasons(self) -> list[str]:
        return [f"{r.message} [{r.source}]" for r in self.fired if r.effect == "block_stimulation"]

    def agent_blocks(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for r in self.fired:
            if r.effect == "block_agents":
                for a in r.agents:
                    out.setdefault(a, []).append(r.message)
        return out

    @property
    def reduce_or_stop(self) -> bool:
        return any(r.effect == "reduce_or_stop" for r in self.fired)

    def warnings(self) -> list[str]:
        return [r.message for r in self.fired if r.effect in ("evaluate", "reduce_or_stop")] + list(self.findings)

    def as_dict(self) -> list[dict[str, str]]:
        return [{"rule": r.id, "effect": r.effect, "message": r.message, "source": r.source} for r in self.fired]


def assess(*, conditions: Sequence[str], last_igf1_ng_ml: float, on_treatment: bool, age_years: float, sex: str,
           fasting_glucose_mmol_l: float | None = None, hba1c_percent: float | None = None) -> Assessment:
    """Fire the rules for a person: conditions, glucose/HbA1c, and their latest IGF-1 (on treatment or not)."""
    conds = set(conditions)
    # thresholds as labs report them: glucose to 0.1 mmol/L (100 mg/dL = 5.55 counts as 5.6), HbA1c to 0.1 %
    fpg = None if fasting_glucose_mmol_l is None else round(fasting_glucose_mmol_l + 1e-9, 1)
    a1c = None if hba1c_percent is None else round(hba1c_percent + 1e-9, 1)
    glucose_high = "prediabetes" in conds or (fpg is not None and fpg >= GLUCOSE.value("fpg_prediabetes")) or (
        a1c is not None and a1c >= GLUCOSE.value("hba1c_prediabetes"))
    diabetic = (fpg is not None and fpg >= GLUCOSE.value("fpg_diabetes")) or (
        a1c is not None and a1c >= GLUCOSE.value("hba1c_diabetes"))
    z = float(sds(last_igf1_ng_ml, age_years=min(max(age_years, 18.0), 94.0), sex=sex))
    above = last_igf1_ng_ml > THRESHOLDS.value("elevated_above") or z > SDS_LIMIT
    low = last_igf1_ng_ml < THRESHOLDS.value("frailty_below")
    triggered = {f"condition:{c}" for c in conds}
    if glucose_high and "diabetes" not in conds:
        triggered.add("lab:glucose")
    if diabetic and "diabetes" not in conds:
        triggered.add("lab:diabetic")
    if above:
        triggered.add("igf1:above_on_treatment" if on_treatment else "igf1:above_off_treatment")
    if low:
        triggered.add("igf1:below")
    fired = [r for r in RULES if r.trigger in triggered]
    return Assessment(tuple(fired))


def dose_problem(protocol: Protocol, *, weight_kg: float) -> str | None:
    """Why ``protocol`` has a dose outside the published human range at ``weight_kg``, or None."""
    strict = dataclasses.replace(protocol, allow_off_label=False, off_label=())
    try:
        prepare(strict, weight_kg=weight_kg, days=1.0)
    except ProtocolError as exc:
        return "dose outside the published human range: " + "; ".join(p.message for p in exc.problems)
    return None


def refusals(candidate: Candidate, assessment: Assessment, *, weight_kg: float) -> list[str]:
    """Why the rules refuse ``candidate`` (empty: allowed)."""
    out: list[str] = []
    gives_drug = candidate.protocol is not None
    if gives_drug and assessment.blocked_reasons:
        out += [r.message for r in assessment.fired if r.effect == "block_stimulation"]
    blocks = assessment.agent_blocks()
    for a in candidate.agents:
        out += [f"{a}: {m}" for m in blocks.get(a, [])]
    if assessment.reduce_or_stop and candidate.kind in ("continue", "switch", "start"):
        out += [r.message for r in assessment.fired if r.effect == "reduce_or_stop"]
    if candidate.protocol is not None:
        msg = dose_problem(candidate.protocol, weight_kg=weight_kg)
        if msg is not None:
            out.append(msg)
        out += unpublished_use(candidate.protocol)
    return out


def unpublished_use(protocol: Protocol) -> list[str]:
    """Dose streams whose agent and route have no published human dosing (route not studied, or a borrowed dose
    range): igfaxis informs on them but never proposes them, so options using them are refused."""
    out: list[str] = []
    for d in protocol.doses:
        spec = AGENTS[d.agent].routes[d.route]
        if not spec.studied or spec.dose_range.assumption:
            out.append(f"{d.agent} {d.route.upper()}: no published human dosing on this route (its dose range is "
                       "borrowed); igfaxis does not propose it")
    return list(dict.fromkeys(out))


def agent_warnings(candidate: Candidate, assessment: Assessment) -> list[str]:
    return [r.message for r in assessment.fired if r.effect == "warn_agents" and set(r.agents) & set(candidate.agents)]
