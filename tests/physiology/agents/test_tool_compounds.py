"""The GHRH-receptor antagonist (research tool): its calibration to the published GHRH blockade, that it is not an
agent, and that the SBML export transcribes its receptor input as the engine integrates it (libRoadRunner)."""

from __future__ import annotations

import numpy as np
import pytest

from igfaxis.physiology import sbml
from igfaxis.physiology.agents import AGENTS
from igfaxis.physiology.calibration import ANTAGONIST_AT_H, antagonist_blockade, ipamorelin_top_ug
from igfaxis.physiology.protocol import drug_input
from igfaxis.physiology.simulate import person, simulate
from igfaxis.physiology.tool_compounds import GHRH_ANTAGONIST, ghrh_antagonist

from .._reference import roadrunner_minutes

W = 75.0


def test_antagonist_blocks_ghrh_as_published() -> None:
    # Jaffe 1993 (in Pandya 1998): 400 ug/kg blocks 95 % of a 0.33 and 81 % of a 3.3 ug/kg GHRH bolus
    blocked = antagonist_blockade()
    assert blocked[3.3] == pytest.approx(0.81, abs=0.10)
    assert blocked[0.33] >= 0.90
    assert blocked[0.33] > blocked[3.3]  # competitive: a larger agonist dose escapes more


def test_antagonist_is_a_tool_not_an_agent() -> None:
    assert "ghrh-antagonist" not in AGENTS
    assert GHRH_ANTAGONIST["kd"].assumption and GHRH_ANTAGONIST["half_life"].assumption
    assert ghrh_antagonist(weight_kg=W, times_h=[1.0]).receptor == "ghrh_block"


def test_sbml_transcribes_the_antagonist_input() -> None:
    pytest.importorskip("roadrunner")
    drugs = [drug_input(AGENTS["ipamorelin"], "iv", weight_kg=W, times_h=[33.0], amounts_ug=[ipamorelin_top_ug(W)],
                        pd={}),
             ghrh_antagonist(weight_kg=W, times_h=[ANTAGONIST_AT_H])]
    tr = simulate(person(age_years=25, sex="male"), days=2, drugs=drugs, minute_days=(0, 1))
    gh = np.concatenate([tr.minute_gh_ug_l[d][:, 0] for d in (0, 1)])
    text = sbml.to_string("axis", age_years=25, sex="male", drugs=drugs, days=2)
    assert "u_ghrh_block" in text
    res = roadrunner_minutes(text, ["gh"], 2)[:, 0]
    day1 = slice(1440, 2880)
    assert res[day1].mean() == pytest.approx(gh[day1].mean(), rel=0.01)
    assert res[day1].max() == pytest.approx(gh[day1].max(), rel=0.05)
