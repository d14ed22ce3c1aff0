"""Candidate protocols for a goal, at published human doses only, and the adjustments of a current protocol.

Goals follow the framework text's peptide table ("Primary Clinical Applications") and the doses the
published human studies used (``shared/reference/agents.csv``). Every offer is data with its source. Agents with
no published human dose on a usable route are not offered (ipamorelin: IV infusions only; CJC-1295 without DAC:
no human data); a person already taking them still gets continue / reduce / pause forecasts, flagged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from igfaxis.errors import InputError, Problem
from igfaxis.physiology.agents import AGENTS
from igfaxis.physiology.protocol import Amount, DoseStream, Protocol, protocol_from_dict

Goal = Literal["fat_loss", "lean_mass", "recovery_sleep", "longevity"]
GOALS: tuple[Goal, ...] = ("fat_loss", "lean_mass", "recovery_sleep", "longevity")
Kind = Literal["none", "start", "continue", "reduce_dose", "reduce_frequency", "pause", "switch"]
SEED_TABLE = ("igfaxis framework text (not a primary source), table 'Peptide Protocol / Mechanism / Primary Clinical "
              "Applications'")


@dataclass(frozen=True)
class Offer:
    """A published regimen: one agent, amount per dose, route, interval, clock time."""

    id: str
    label: str
    agent: str
    amount: str
    route: str
    every: str
    at: str
    source: str
    note: str = ""

    def protocol(self) -> Protocol:
        """The offer as a checked protocol (raises if the dose left the agent's published range)."""
        return protocol_from_dict({"name": self.label, "dose": [
            {"agent": self.agent, "amount": self.amount, "route": self.route, "every": self.every, "at": self.at}]})


OFFERS: Mapping[str, Offer] = MappingProxyType({o.id: o for o in (
    Offer("tesamorelin-2mg", "Tesamorelin 2 mg SC nightly", "tesamorelin", "2 mg", "sc", "1 day", "22:00",
          "Egrifta prescribing information (2 mg once daily); Falutz J et al. N Engl J Med 2007;357:2359"),
    Offer("tesamorelin-1mg", "Tesamorelin 1 mg SC nightly", "tesamorelin", "1 mg", "sc", "1 day", "22:00",
          "Falutz J et al. AIDS 2005;19:1279 (1 mg arm); Baker LD et al. Arch Neurol 2012 (1 mg at bedtime)"),
    Offer("sermorelin-10", "Sermorelin 10 ug/kg SC at bedtime", "sermorelin", "10 ug/kg", "sc", "1 day", "22:00",
          "Khorram O et al. J Clin Endocrinol Metab 1997;82:1472 (GHRH(1-29) 10 ug/kg SC at bedtime, 16 weeks)"),
    Offer("cjc-1295-weekly", "CJC-1295 (DAC) 30 ug/kg SC weekly", "cjc-1295", "30 ug/kg", "sc", "7 days", "22:00",
          "Teichman SL et al. J Clin Endocrinol Metab 2006;91:799 (30 ug/kg; 2-3 weekly doses)",
          "weekly dosing beyond 3 doses has not been studied"),
    Offer("cjc-1295-biweekly", "CJC-1295 (DAC) 30 ug/kg SC every 2 weeks", "cjc-1295", "30 ug/kg", "sc", "14 days",
          "22:00", "Teichman SL et al. J Clin Endocrinol Metab 2006;91:799 (30 ug/kg; biweekly doses)",
          "dosing beyond 2 biweekly doses has not been studied"),
    Offer("mk-677-10mg", "MK-677 10 mg by mouth each morning", "mk-677", "10 mg", "oral", "1 day", "08:00",
          "Chapman IM et al. J Clin Endocrinol Metab 1996;81:4249 (2, 10, 25 mg/day)"),
    Offer("mk-677-25mg", "MK-677 25 mg by mouth each morning", "mk-677", "25 mg", "oral", "1 day", "08:00",
          "Nass R et al. Ann Intern Med 2008;149:601 (25 mg/day for 2 years)"),
)})

#: goal -> offers, from the seed's table (the agent's "Primary Clinical Applications") and agents.csv doses.
GOAL_OFFERS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "fat_loss": ("tesamorelin-1mg", "tesamorelin-2mg"),
    "lean_mass": ("mk-677-10mg", "mk-677-25mg", "cjc-1295-weekly"),
    "recovery_sleep": ("sermorelin-10", "cjc-1295-biweekly", "cjc-1295-weekly"),
    "longevity": ("sermorelin-10", "cjc-1295-biweekly"),
})
GOAL_SOURCES: Mapping[str, str] = MappingProxyType({
    "fat_loss": SEED_TABLE + ": tesamorelin - visceral fat reduction, improved body composition",
    "lean_mass": SEED_TABLE + ": MK-677 - muscle mass, bone density; ipamorelin/CJC-1295 - lean muscle support",
    "recovery_sleep": SEED_TABLE + ": sermorelin - improved sleep quality; ipamorelin/CJC-1295 - sleep, recovery",
    "longevity": SEED_TABLE + ": sermorelin and ipamorelin/CJC-1295 - anti-aging; target the 120-160 ng/mL band",
})
NOT_OFFERED: Mapping[str, str] = MappingProxyType({
    "ipamorelin": "no published human SC dose (human studies used 15-min IV infusions, Gobburu 1999); the seed's "
                  "ipamorelin/CJC-1295 combination is offered as CJC-1295 alone",
    "cjc-1295-nodac": "no human PK/PD publication (agents.csv)",
})

#: Published dose levels per agent and route (µg, or µg/kg when the range is per kg) for 'reduce dose'.
DOSE_LEVELS: Mapping[tuple[str, str], tuple[float, ...]] = MappingProxyType({
    ("tesamorelin", "sc"): (1000.0, 1400.0, 2000.0),   # agents.csv: 1 mg, 1.4 mg (Egrifta SV), 2 mg
    ("mk-677", "oral"): (2000.0, 10000.0, 25000.0),    # Chapman 1996: 2, 10, 25 mg/day
    ("cjc-1295", "sc"): (30.0, 60.0, 90.0),            # Teichman 2006; Ionescu & Frohman 2006
    ("sermorelin", "sc"): (10.0, 30.0),                # Khorram 1997; Geref label
})


def parse_goal(text: str) -> Goal:
    key = text.strip().lower().replace("-", "_")
    for g in GOALS:
        if g == key:
            return g
    raise InputError(Problem("unknown goal", field="goal", received=text, expected=" | ".join(GOALS)))


@dataclass(frozen=True)
class Candidate:
    """One option. ``protocol`` is what is taken from the plan day on (None: nothing); ``stops_current`` says
    the current protocol stops on the plan day (all options but 'continue')."""

    name: str
    kind: Kind
    protocol: Protocol | None
    stops_current: bool
    source: str
    notes: tuple[str, ...] = ()

    def protocol_json(self) -> dict[str, object] | None:
        if self.protocol is None:
            return None
        return {"name": self.protocol.name, "doses": [stream_json(d) for d in self.protocol.doses]}

    @property
    def agents(self) -> tuple[str, ...]:
        return () if self.protocol is None else tuple(sorted({d.agent for d in self.protocol.doses}))


def stream_json(d: DoseStream) -> dict[str, object]:
    every = None if d.every_h is None else (f"{d.every_h / 24:g} days" if d.every_h % 24 == 0 else f"{d.every_h:g} h")
    hh, mm = divmod(round(d.at_h * 60), 60)
    return {"agent": d.agent, "amount": d.amount.describe(), "route": d.route, "every": every,
            "at": f"{hh:02d}:{mm:02d}"}


def _reduced_amount(d: DoseStream, weight_kg: float | None = None) -> Amount | None:
    """The next lower published level (or half, kept inside the published range), in the range's units; None at the
    bottom. A mass dose of a per-kg agent (or the reverse) is converted at ``weight_kg``; without it, None."""
    rng = AGENTS[d.agent].routes[d.route].dose_range
    if d.amount.per_kg == rng.per_kg:
        value = d.amount.value
    elif weight_kg is not None:  # e.g. sermorelin "1 mg" at 40 kg = 25 ug/kg
        value = d.amount.ug(weight_kg) / weight_kg if rng.per_kg else d.amount.ug(weight_kg)
    else:
        return None
    levels = [v for v in DOSE_LEVELS.get((d.agent, d.route), ()) if v < value * 0.99]
    new = max(levels) if levels else max(rng.low.value, value / 2.0)
    if new >= value * 0.99 or new > rng.high.value * 1.01:
        return None
    unit = "ug/kg" if rng.per_kg else "ug"
    return Amount(new, rng.per_kg, f"{new:g} {unit}")


def adjustments(current: Protocol, *, weight_kg: float | None = None) -> list[Candidate]:
    """continue / reduce dose / reduce frequency / pause for a person on ``current`` (of ``weight_kg``, which lets a
    mass dose of a per-kg agent be reduced)."""
    out = [Candidate("continue", "continue", current, False, "current protocol, unchanged")]
    reduced = [(d, _reduced_amount(d, weight_kg)) for d in current.doses]
    if any(a is not None for _, a in reduced):
        doses = tuple(dataclasses.replace(d, amount=a, start_day=0) if a is not None else
                      dataclasses.replace(d, start_day=0) for d, a in reduced)
        out.append(Candidate("reduce dose", "reduce_dose",
                             dataclasses.replace(current, doses=doses, name=f"{current.name} (reduced dose)"), True,
                             "next lower published dose level (agents.csv), or half the dose within the range"))
    if any(d.every_h is not None for d in current.doses):
        doses = tuple(dataclasses.replace(d, every_h=d.every_h * 2.0, start_day=0) if d.every_h is not None else
                      dataclasses.replace(d, start_day=0) for d in current.doses)
        out.append(Candidate("reduce frequency", "reduce_frequency",
                             dataclasses.replace(current, doses=doses, name=f"{current.name} (half as often)"), True,
                             "same dose per administration, twice the interval"))
    out.append(Candidate("pause", "pause", None, True, "stop the current protocol; retest off treatment"))
    return out


def candidates_for(goal: Goal, *, current: Protocol | None, weight_kg: float | None = None) -> list[Candidate]:
    """Options for ``goal``: 'no stimulation' and the goal's offers, or for someone on ``current`` its
    adjustments and a switch to each offer with other agents."""
    out: list[Candidate] = []
    if current is None:
        out.append(Candidate("no stimulation", "none", None, False, "no treatment: the untreated level"))
    else:
        out += adjustments(current, weight_kg=weight_kg)
    cur_agents = set() if current is None else {d.agent for d in current.doses}
    for oid in GOAL_OFFERS[goal]:
        offer = OFFERS[oid]
        if current is not None and {offer.agent} == cur_agents:
            continue
        kind: Kind = "start" if current is None else "switch"
        name = offer.label if current is None else f"switch: {offer.label}"
        out.append(Candidate(name, kind, offer.protocol(), current is not None,
                             f"{offer.source}; goal: {GOAL_SOURCES[goal]}", (offer.note,) if offer.note else ()))
    return out
