"""CJC-1295 without DAC ("modified GRF 1-29"): tetrasubstituted GRF(1-29)-NH2, no albumin binding.

No human PK or PD has been published. Everything here is extrapolated from sermorelin (the same 1-29 sequence with
four substitutions that resist DPP-IV cleavage), and every output that uses it carries that flag.
"""

from __future__ import annotations

import math

from igfaxis.physiology.agents import sermorelin
from igfaxis.physiology.agents.base import Agent, DoseRange, RouteSpec, SourcedText, ka_for_tmax, no_tolerance
from igfaxis.provenance import ParameterTable, Sourced

NO_DATA = "no human PK/PD publication (agents.csv); extrapolated from sermorelin"
_SER = sermorelin.AGENT
_SC = _SER.routes["sc"]

HALF_LIFE = Sourced(
    "half_life", 0.5, "h", "assumption: " + NO_DATA,
    "DPP-IV-resistant substitutions (Jetté L et al. Endocrinology 2005;146:3052, rat) should outlast sermorelin's "
    "11.5 min; 30 min is the figure quoted in non-academic sources. Sensitivity: simulate 11.5 min to 1 h.",
    assumption=True,
)
TMAX_SC = Sourced("tmax_sc", 0.3, "h", "assumption: " + NO_DATA, "sermorelin Tmax 5-20 min; a little later",
                  assumption=True)


def _borrowed(p: Sourced) -> Sourced:
    return Sourced(p.name, p.value, p.unit, f"assumption: {NO_DATA} ({p.source})", p.note, assumption=True)


AGENT = Agent(
    id="cjc-1295-nodac",
    name="CJC-1295 without DAC (modified GRF 1-29)",
    drug_class="GHRH analogue without DAC (tetrasubstituted GRF 1-29)",
    mechanism="GHRH-receptor agonist, short acting: amplifies the next GH pulse (assumed like sermorelin)",
    receptor="ghrh",
    molar_mass=Sourced("molar_mass", 3367.9, "g/mol", "PubChem, modified GRF(1-29) (C152H252N44O42)"),
    half_life=HALF_LIFE,
    volume=_borrowed(_SER.volume),
    routes={
        "sc": RouteSpec(
            route="sc",
            studied=False,
            bioavailability=_borrowed(_SC.bioavailability),
            ka=Sourced("ka_sc", ka_for_tmax(TMAX_SC.value, math.log(2) / HALF_LIFE.value), "1/h",
                       "assumption: " + NO_DATA, "derived from the assumed half-life and Tmax", assumption=True),
            tmax=TMAX_SC,
            dose_range=DoseRange(
                low=_borrowed(_SC.dose_range.low),
                high=_borrowed(_SC.dose_range.high),
                per_kg=True,
                min_interval=_borrowed(_SC.dose_range.min_interval),
                note="no published human dose: sermorelin's SC range is borrowed",
            ),
            note="no human data at all; PK and PD extrapolated from sermorelin",
        ),
    },
    pd=ParameterTable.of(
        "cjc-1295-nodac PD",
        *(_borrowed(_SER.pd[n]) for n in ("ec50", "emax", "hill")),
        *no_tolerance("modified GRF 1-29 (no data)"),
    ),
    regulatory_status=SourcedText("Not approved; no human trials found", "agents.csv (search of the literature)"),
    evidence=SourcedText("None in humans", "agents.csv: 'no human PK/PD publication'"),
    evidence_level="D (no human data)",
    adverse_effects=(
        SourcedText("unknown in humans; GHRH-class effects (flushing, injection-site reactions) expected",
                    "extrapolated from the sermorelin label", "assumption"),
    ),
    assumptions=(
        "CJC-1295 without DAC: no human data; PK and PD extrapolated from sermorelin",
        "CJC-1295 without DAC: half-life 30 min assumed (not measured in humans)",
    ),
)
