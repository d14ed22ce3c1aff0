"""Contract over every agent: units and sources present, dose ranges present, assumptions flagged."""

from __future__ import annotations

import math

import pytest

from igfaxis.physiology.agents import AGENTS, get_agent
from igfaxis.physiology.agents.base import PD_NAMES, Agent

ALL = list(AGENTS.values())


def test_registry_has_the_six_seed_agents() -> None:
    assert set(AGENTS) == {"tesamorelin", "sermorelin", "cjc-1295", "cjc-1295-nodac", "ipamorelin", "mk-677"}
    assert get_agent("CJC_1295").id == "cjc-1295"
    assert get_agent("ibutamoren").id == "mk-677"
    with pytest.raises(KeyError, match="unknown agent"):
        get_agent("bpc-157")


@pytest.mark.parametrize("agent", ALL, ids=lambda a: a.id)
def test_every_number_has_unit_and_source(agent: Agent) -> None:
    for p in agent.parameters():
        assert p.unit.strip(), p.name
        assert p.source.strip(), p.name
        assert math.isfinite(p.value), p.name
        if p.assumption:
            assert "assumption" in (p.source + p.note).lower() or "calibrat" in p.source, p.name


@pytest.mark.parametrize("agent", ALL, ids=lambda a: a.id)
def test_pk_pd_and_dose_ranges_present(agent: Agent) -> None:
    assert agent.receptor in ("ghrh", "ghs")
    assert set(PD_NAMES) <= set(agent.pd)
    assert agent.pd["ec50"].value > 0 and agent.pd["emax"].value > 0 and agent.pd["hill"].value > 0
    assert 0 <= agent.pd["tol_max"].value < 1
    assert agent.ke_per_h > 0 and agent.volume_l(70.0) > 0
    assert agent.routes
    for spec in agent.routes.values():
        assert 0 < spec.bioavailability.value <= 1
        assert spec.dose_range.low.value <= spec.dose_range.high.value
        assert spec.dose_range.unit in ("ug", "ug/kg")
        assert spec.ka is None if spec.route == "iv" else spec.ka is not None and spec.ka.value > 0
    assert agent.regulatory_status.source and agent.evidence.source and agent.evidence_level
    assert agent.adverse_effects and all(a.source for a in agent.adverse_effects)


@pytest.mark.parametrize("agent", ALL, ids=lambda a: a.id)
def test_unstudied_routes_and_assumed_numbers_are_flagged(agent: Agent) -> None:
    flags = " ".join(agent.flags())
    for spec in agent.routes.values():
        if not spec.studied:
            assert f"{agent.id} {spec.route.upper()}" in flags
        if spec.dose_range.assumption:
            assert not spec.studied or agent.assumptions
    assumed_pk = [p for p in (agent.half_life, agent.volume) if p.assumption]
    if assumed_pk:
        assert agent.assumptions, f"{agent.id} has assumed PK but no assumption statement"


def test_named_gaps_are_flagged() -> None:
    assert any("no human data" in a for a in AGENTS["cjc-1295-nodac"].assumptions)
    assert any("SC" in f and "not studied" in f for f in AGENTS["ipamorelin"].flags("sc"))
    assert not any("not studied" in f for f in AGENTS["ipamorelin"].flags("iv"))
    assert AGENTS["mk-677"].half_life.assumption
    assert any("half-life" in a for a in AGENTS["mk-677"].assumptions)


def test_mk677_adverse_effects_and_tachyphylaxis() -> None:
    mk = AGENTS["mk-677"]
    text = " ".join(a.text for a in mk.adverse_effects).lower()
    for word in ("glucose", "oedema", "appetite", "heart-failure"):
        assert word in text
    assert mk.pd["tol_kon"].value > 0 and mk.pd["tol_max"].value > 0
    # its maximal drive is fitted to its own trials, not taken from ipamorelin's bolus studies (docs/agents.md)
    assert "mk-677-tachyphylaxis" in mk.pd["emax"].source


def test_summary_is_json_ready() -> None:
    import json

    for a in ALL:
        json.dumps(a.summary())
