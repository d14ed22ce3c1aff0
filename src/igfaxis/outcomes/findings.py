"""Reported trial findings (sleep, bone, liver fat, muscle) with their sources — not forecasts.

Where a trial reports an effect but no dose- or exposure-response can be fitted (one small study, one dose, or only
markers), igfaxis states the finding as published and forecasts nothing. :data:`GOAL_EVIDENCE` says, per goal and
agent, whether a forecast model, a reported finding, or nothing supports it; the outcome block's ``not_supported``
is computed from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from igfaxis.outcomes.base import GOALS, Goal

COPINSCHI_1997 = ("Copinschi G, Leproult R, Van Onderbergen A, et al. Neuroendocrinology 1997;66(4):278-86, "
                  "doi:10.1159/000127249 (PMID 9349662; abstract read)")
MURPHY_1999 = ("Murphy MG, Bach MA, Plotkin D, et al. J Bone Miner Res 1999;14(7):1182-8, "
               "doi:10.1359/jbmr.1999.14.7.1182 (PMID 10404019; abstract read)")
SVENSSON_1998 = ("J Bone Miner Res 1998;13(7):1158-66 (PMID 9661080; abstract read; Research Centre for "
                 "Endocrinology and Metabolism, Sahlgrenska; first author Svensson J from memory)")
NASS_2008_SUMMARY = ("Nass R et al. Ann Intern Med 2008;149:601-11, as summarised by Healio Endocrine Today 2008-12-10 "
                     "(secondary summary)")
STANLEY_2014 = ("Stanley TL, Feldpausch MN, Oh J, et al. JAMA 2014;312(4):380-9, doi:10.1001/jama.2014.8334 "
                "(abstract read)")
FALUTZ_2005 = "Falutz J, Allas S, Kotler D, et al. AIDS 2005;19(12):1279-87 (PMID 16052083; abstract read)"
ADRIAN_2019 = ("Adrian S, Scherzinger A, Sanyal A, et al. J Frailty Aging 2019;8(3):154-9, doi:10.14283/jfa.2018.45 "
               "(PMC6766405; abstract read)")


@dataclass(frozen=True)
class Finding:
    """A published result stated as found: who, what dose, how long, what changed, and where it is from."""

    key: str
    agent: str
    goal: Goal | None
    statement: str
    population: str
    regimen: str
    source: str
    note: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "agent": self.agent, "goal": self.goal, "statement": self.statement,
                "population": self.population, "regimen": self.regimen, "source": self.source,
                "note": self.note, "kind": "reported_finding"}


FINDINGS: tuple[Finding, ...] = (
    Finding("sleep_young", "mk-677", "recovery_sleep",
            "stage IV sleep about +50 % and REM sleep more than +20 % vs placebo (p < 0.05); deviations from normal "
            "sleep fell from 42 % (placebo) to 8 %",
            "8 healthy young adults, 18-30 y (crossover)", "25 mg at bedtime for 7 days (5 mg: no stated effect)",
            COPINSCHI_1997, "polysomnography over days; small study, no dose-response, no long-term data"),
    Finding("sleep_older", "mk-677", "recovery_sleep",
            "REM sleep nearly +50 % (p < 0.05) and REM latency shorter (p < 0.02); fewer deviations from normal "
            "sleep (p < 0.02)", "6 healthy older adults, 65-71 y", "2 mg then 25 mg at bedtime, 14 days each",
            COPINSCHI_1997, "no placebo arm in the older group (compared with baseline)"),
    Finding("bone_markers_elderly", "mk-677", None,
            "bone-turnover markers up: urine NTX +10 % (10 mg) and +17 % (25 mg) at 2 weeks; serum osteocalcin "
            "+29.4 % and bone-specific alkaline phosphatase +10.4 % at 9 weeks (vs placebo)",
            "187 adults >= 65 y in three trials (healthy and functionally impaired)", "5-50 mg/day, 2-9 weeks",
            MURPHY_1999, "markers of turnover, not bone density or fractures"),
    Finding("bone_markers_obese_men", "mk-677", None,
            "formation and resorption markers up within 2-8 weeks (PICP +23 %, osteocalcin +15 % at 8 weeks, "
            "ICTP +26 %) vs placebo", "24 healthy obese men, 19-49 y", "25 mg/day, 8 weeks", SVENSSON_1998,
            "markers only"),
    Finding("bone_density", "mk-677", None,
            "changes in bone mineral density consistent with increased bone remodelling; no bone-density benefit "
            "or fracture outcome reported", "65 healthy adults 60-81 y", "25 mg/day, 12-24 months",
            NASS_2008_SUMMARY, "secondary summary; a hip-fracture trial of MK-677 stopped early for a "
                               "heart-failure signal (Adunsky 2011, see agents.csv)"),
    Finding("liver_fat", "tesamorelin", "fat_loss",
            "liver fat -2.0 vs +0.9 lipid-to-water % (median; net -2.9 %) and VAT -34 vs +8 cm2 over 6 months",
            "50 adults with HIV and abdominal fat", "2 mg SC daily, 6 months", STANLEY_2014),
    Finding("lean_mass_tesamorelin", "tesamorelin", "lean_mass",
            "lean body mass improved vs placebo at 1 and 2 mg (12 weeks); in VAT responders, trunk-muscle density "
            "rose 1.56-4.86 HU vs placebo at 26 weeks", "adults with HIV and abdominal fat",
            "1-2 mg SC daily, 12-26 weeks", FALUTZ_2005 + "; " + ADRIAN_2019,
            "no kg figure in the abstracts read; no forecast model"),
)

#: Per goal: agent -> ("forecast" | "finding", model or finding keys, note). Missing agent = no trial evidence.
GOAL_EVIDENCE: dict[Goal, dict[str, tuple[str, str, str]]] = {
    "fat_loss": {
        "tesamorelin": ("forecast", "vat", "visceral fat in HIV-associated abdominal fat accumulation"),
    },
    "lean_mass": {
        "mk-677": ("forecast", "fat_free_mass", "healthy adults 60-81 y"),
        "tesamorelin": ("finding", "lean_mass_tesamorelin", "reported in HIV trials; no forecast"),
    },
    "recovery_sleep": {
        "mk-677": ("finding", "sleep_young,sleep_older", "one small polysomnography study; no forecast"),
    },
    "longevity": {},
}

NO_EVIDENCE_NOTES: dict[Goal, str] = {
    "fat_loss": "no trial shows fat loss for this protocol (MK-677: no significant change in visceral or total fat "
                "over 12 months, Nass 2008)",
    "lean_mass": "no trial shows a lean-mass effect for this protocol",
    "recovery_sleep": "no sleep or recovery trial found for this protocol's agents (only MK-677 has one)",
    "longevity": "no trial of any of these agents has a mortality or lifespan outcome; the mortality_hazard model "
                 "is an extrapolation from observational cohorts",
}


def findings_for(agents: frozenset[str]) -> tuple[Finding, ...]:
    return tuple(f for f in FINDINGS if f.agent in agents)


def goal_support(agents: frozenset[str]) -> dict[Goal, dict[str, object]]:
    """For each goal: how the protocol's agents are supported (forecast, finding) or not."""
    out: dict[Goal, dict[str, object]] = {}
    for goal in GOALS:
        by = {a: ev for a, ev in GOAL_EVIDENCE[goal].items() if a in agents}
        if not by:
            out[goal] = {"support": "none", "by": {}, "note": NO_EVIDENCE_NOTES[goal]}
            continue
        level = "forecast" if any(ev[0] == "forecast" for ev in by.values()) else "finding"
        out[goal] = {"support": level,
                     "by": {a: {"support": ev[0], "evidence": ev[1], "note": ev[2]} for a, ev in by.items()},
                     "note": ""}
    return out
