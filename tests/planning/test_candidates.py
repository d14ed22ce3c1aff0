"""Candidates follow the seed's table and stay at published human doses."""

from __future__ import annotations

import pytest

from igfaxis.errors import InputError
from igfaxis.physiology.agents import AGENTS
from igfaxis.physiology.protocol import parse_protocol
from igfaxis.planning.candidates import (
    GOAL_OFFERS,
    GOALS,
    NOT_OFFERED,
    OFFERS,
    adjustments,
    candidates_for,
    parse_goal,
)
from igfaxis.planning.safety import dose_problem

WEIGHTS = (45.0, 75.0, 120.0)


@pytest.mark.parametrize("offer", sorted(OFFERS))
@pytest.mark.parametrize("weight", WEIGHTS)
def test_every_offer_is_inside_the_published_range(offer: str, weight: float) -> None:
    o = OFFERS[offer]
    assert dose_problem(o.protocol(), weight_kg=weight) is None
    assert o.source.strip()
    assert not AGENTS[o.agent].routes[o.route].dose_range.assumption  # published, not borrowed


def test_agents_without_published_doses_are_not_offered() -> None:
    offered = {o.agent for o in OFFERS.values()}
    assert offered.isdisjoint(NOT_OFFERED)


@pytest.mark.parametrize("goal", GOALS)
def test_goal_candidates_without_current_protocol(goal: str) -> None:
    cands = candidates_for(parse_goal(goal), current=None)
    assert cands[0].kind == "none" and cands[0].protocol is None
    assert [c.kind for c in cands[1:]] == ["start"] * len(GOAL_OFFERS[goal])
    assert len({c.name for c in cands}) == len(cands)


def test_seed_table_agents_by_goal() -> None:
    agents = {g: {OFFERS[o].agent for o in GOAL_OFFERS[g]} for g in GOALS}
    assert agents["fat_loss"] == {"tesamorelin"}
    assert "mk-677" in agents["lean_mass"]
    assert "sermorelin" in agents["recovery_sleep"] and "sermorelin" in agents["longevity"]


def test_adjustments_of_a_current_protocol() -> None:
    cur = parse_protocol('name = "mk"\n[[dose]]\nagent = "mk-677"\namount = "25 mg"\nroute = "oral"\n'
                         'every = "1 day"\n')
    cands = candidates_for("fat_loss", current=cur)
    kinds = [c.kind for c in cands]
    assert kinds[:4] == ["continue", "reduce_dose", "reduce_frequency", "pause"]
    assert "switch" in kinds
    by = {c.kind: c for c in adjustments(cur)}
    assert by["reduce_dose"].protocol is not None and by["reduce_frequency"].protocol is not None
    assert by["reduce_dose"].protocol.doses[0].amount.value == 10000.0   # next published level (Chapman 1996)
    assert by["reduce_frequency"].protocol.doses[0].every_h == 48.0
    for c in cands:
        if c.protocol is not None:
            assert dose_problem(c.protocol, weight_kg=75.0) is None, c.name


def test_lowest_published_dose_has_no_reduce_dose_option() -> None:
    cur = parse_protocol('name = "t"\n[[dose]]\nagent = "tesamorelin"\namount = "1 mg"\nroute = "sc"\n'
                         'every = "1 day"\n')
    assert "reduce_dose" not in [c.kind for c in adjustments(cur)]


def test_unknown_goal() -> None:
    with pytest.raises(InputError):
        parse_goal("bulk")
    assert parse_goal("Lean-Mass") == "lean_mass"
