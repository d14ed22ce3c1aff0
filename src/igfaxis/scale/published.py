"""Published trials with an IGF-1 outcome that a simulated protocol can be compared with.

Rows transcribed from ``shared/reference/trials_calibration.csv`` (IGF-1 outcomes only). A protocol "resembles" a
trial when it has one dose stream of the same agent, route and schedule (once daily, or a single dose) and an amount
within the trial's dose range (±10 %). The compared quantity is the same outcome at the trial's day.
"""

from __future__ import annotations

from dataclasses import dataclass

from igfaxis.physiology.protocol import Protocol
from igfaxis.provenance import Sourced

JCEM_2011 = "J Clin Endocrinol Metab 2011;96:150 (NCT00850564)"
FALUTZ_2005 = "Falutz J et al. AIDS 2005;19:1279"
IONESCU_2006 = "Ionescu M, Frohman LA. J Clin Endocrinol Metab 2006;91:4792"
CHAPMAN_1996 = "Chapman IM et al. J Clin Endocrinol Metab 1996;81:4249"
CHAPMAN_1997 = "Chapman IM et al. J Clin Endocrinol Metab 1997;82:3455"


@dataclass(frozen=True)
class PublishedTrial:
    """One published IGF-1 outcome. ``outcome`` is ``"change_ng_ml"`` (absolute change from baseline) or
    ``"change_pct"`` (% change; vs placebo where ``vs_placebo``). Amounts in µg (or µg/kg when ``per_kg``)."""

    agent: str
    route: str
    every_h: float | None  # 24 = once daily; None = single dose
    amount_low: float
    amount_high: float
    per_kg: bool
    day: int
    outcome: str
    result: Sourced
    population: str
    regimen: str
    vs_placebo: bool = False
    dispersion: str = ""
    #: The trial's age range in years, where the report gives one (compared with a virtual trial's ages).
    ages: tuple[float, float] | None = None
    #: The sexes the trial enrolled: "male", "female" or "any".
    sex: str = "any"

    def matches(self, protocol: Protocol) -> bool:
        if len(protocol.doses) != 1:
            return False
        d = protocol.doses[0]
        if d.agent != self.agent or d.route != self.route or d.amount.per_kg != self.per_kg:
            return False
        single = d.every_h is None or d.count == 1
        if (self.every_h is None) != single or (self.every_h is not None and d.every_h != self.every_h):
            return False
        return 0.9 * self.amount_low <= d.amount.value <= 1.1 * self.amount_high


def _r(name: str, value: float, unit: str, source: str, note: str = "") -> Sourced:
    return Sourced(name, value, unit, source, note)


PUBLISHED: tuple[PublishedTrial, ...] = (
    PublishedTrial("tesamorelin", "sc", 24.0, 2000, 2000, False, 14, "change_ng_ml",
                   _r("igf1_change", 181.0, "ng/mL", JCEM_2011), "13 healthy men 45 +/- 3 y; BMI 27.3",
                   "2 mg SC once daily", dispersion="+/- 22 (SE)", sex="male"),
    PublishedTrial("tesamorelin", "sc", 24.0, 1000, 1000, False, 84, "change_pct",
                   _r("igf1_change_vs_placebo", 48.0, "%", FALUTZ_2005), "61 HIV patients with abdominal fat",
                   "1 mg SC once daily", vs_placebo=True),
    PublishedTrial("tesamorelin", "sc", 24.0, 2000, 2000, False, 84, "change_pct",
                   _r("igf1_change_vs_placebo", 65.0, "%", FALUTZ_2005), "61 HIV patients with abdominal fat",
                   "2 mg SC once daily", vs_placebo=True),
    PublishedTrial("cjc-1295", "sc", None, 60, 90, True, 7, "change_pct",
                   _r("igf1_change", 45.0, "%", IONESCU_2006), "healthy men 20-40 y",
                   "60 or 90 ug/kg SC single dose", ages=(20.0, 40.0), sex="male"),
    PublishedTrial("mk-677", "oral", 24.0, 25000, 25000, False, 14, "change_ng_ml",
                   _r("igf1_change", 78.0, "ng/mL", CHAPMAN_1996, "141 -> 219 ng/mL"),
                   "32 healthy adults 64-81 y", "25 mg oral once daily", dispersion="+/- 21 (SE) on 219",
                   ages=(64.0, 81.0)),
    PublishedTrial("mk-677", "oral", 24.0, 10000, 10000, False, 4, "change_ng_ml",
                   _r("igf1_change", 34.0, "ng/mL", CHAPMAN_1997, "65 -> 99 ng/mL; GH-deficient adults, unlike "
                      "the model's GH-sufficient population"),
                   "9 GH-deficient adults", "10 mg oral once daily", dispersion="+/- 9 (SE) on 99"),
)


def resembling(protocol: Protocol) -> list[PublishedTrial]:
    """Published trials whose agent, route, schedule and dose the protocol matches."""
    return [t for t in PUBLISHED if t.matches(protocol)]
