"""Dose responses rise with dose across each agent's published human range.

Planning compares doses of the same agent, so a model whose response jumps up and down with dose (a pulse generator
that locks into different patterns under sustained drug drive) would make its proposals arbitrary. This is the
guard that rejected the low-nadir generator explored for the CJC-1295 trough (docs/model.md, "Tried for a lower GH
nadir and not adopted"). Typical 45-year-old man, 80 kg; each comparison is one batched run (doses scaled per
patient).
"""

from __future__ import annotations

import numpy as np

from igfaxis.physiology.agents import AGENTS
from igfaxis.physiology.population import Patients
from igfaxis.physiology.protocol import drug_input
from igfaxis.physiology.simulate import person, simulate
from igfaxis.physiology.trajectory import Trajectory

W = 80.0


def _run(agent: str, route: str, *, ug: float, scales: list[float], days: int, every_h: float | None
         ) -> Trajectory:
    times = [8.0] if every_h is None else [8.0 + every_h * k for k in range(int(days * 24 / every_h))]
    stream = drug_input(AGENTS[agent], route, weight_kg=W, times_h=times, amounts_ug=[ug] * len(times), pd={})
    batch = Patients.concat([person(age_years=45, sex="male", weight_kg=W)] * len(scales))
    return simulate(batch, days=days + 1, drugs=[stream], dose_scale=np.array([scales]))


def _strictly_rising(x: np.ndarray) -> bool:
    return bool(np.all(np.diff(x) > 0))


def test_tesamorelin_igf1_rises_with_dose() -> None:
    tr = _run("tesamorelin", "sc", ug=2000.0, scales=[0.25, 0.5, 0.75, 1.0], days=28, every_h=24.0)
    igf = np.asarray(tr.igf1_ng_ml)
    change = igf[-1] / igf[0] - 1.0
    assert _strictly_rising(change), change


def test_cjc1295_mean_gh_rises_with_dose() -> None:
    # 30-90 ug/kg single SC dose (Teichman 2006 range); mean GH on day 8. Compared as absolute means (every patient is
    # the same man): day 0 already holds the dose from 08:00, so a ratio to it would mix two dose responses. Dose
    # scale 0 is the same man untreated.
    tr = _run("cjc-1295", "sc", ug=90.0 * W, scales=[0.0, 1 / 3, 2 / 3, 1.0], days=9, every_h=None)
    gh = np.asarray(tr.gh_ug_l)
    assert _strictly_rising(gh[8]), gh[8]  # untreated < 30 < 60 < 90 ug/kg


def test_mk677_igf1_rises_with_dose() -> None:
    tr = _run("mk-677", "oral", ug=25000.0, scales=[0.4, 1.0], days=14, every_h=24.0)
    igf = np.asarray(tr.igf1_ng_ml)
    assert _strictly_rising(igf[-1] / igf[0] - 1.0)
