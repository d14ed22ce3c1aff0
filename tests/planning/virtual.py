"""Virtual patients with known true parameters, simulated by the FULL axis simulator, for checking the planning
layer's uncertainty: readings with noise -> individualise -> forecast the retest -> does the 90 % interval hold
the measured truth?

Truth (not the reduced model): each patient has an untreated IGF-1 drawn from the LMS prior, the axis model's
inter-individual variability (GH amplitude, basal release, GH clearance, pulse delay; ``sample_population``), IGF-1
elimination kout varying with its published CV (17.4 %, Papathanasiou 2021) and an individual drug sensitivity
(dose multiplier, log-normal SD ``OMEGA_SENSITIVITY``: a virtual-population assumption for the between-person
spread of the response). Readings and the retest are the simulated daily mean times log-normal measurement noise.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from igfaxis.evidence.lms import lms_at
from igfaxis.evidence.noise import sigma_log
from igfaxis.physiology.parameters import IIV
from igfaxis.physiology.protocol import parse_protocol, to_drug_inputs
from igfaxis.planning.candidates import OFFERS, adjustments, candidates_for
from igfaxis.planning.forecast import SCENARIO_DAYS, candidate_design, history_design, retest_day, scenario_spec
from igfaxis.planning.history import Timeline
from igfaxis.planning.individualise import evidence_for, individualise, stack
from igfaxis.planning.responses import DT_MIN, continuous, simulate_responses

AGE, SEX, WEIGHT = 50.0, "male", 80.0
OMEGA_SENSITIVITY = 0.5
READ_DAYS = (0, 30, 54, 82, 110)
START, PLAN = 40, 112
HORIZON = PLAN + 64
PROTOCOL = """name = "Tesamorelin 2 mg"
[[dose]]
agent = "tesamorelin"
amount = "2 mg"
route = "sc"
every = "1 day"
"""


@dataclass(frozen=True)
class Coverage:
    n: int
    measured: float
    level: float
    by_kind: dict[str, float]
    width_ratio: float


def run(n: int, *, seed: int = 1, kinds: tuple[str, ...] = ("continue", "reduce_dose", "pause"),
        switch_to: tuple[str, ...] = ()) -> Coverage:
    from igfaxis.physiology.population import sample
    from igfaxis.physiology.simulate import simulate

    rng = np.random.default_rng(seed)
    current = parse_protocol(PROTOCOL)
    cands = [c for c in adjustments(current) if c.kind in kinds]
    cands += [c for c in candidates_for("lean_mass", current=current)
              if c.kind == "switch" and any(OFFERS[o].label in c.name for o in switch_to)]
    lms = lms_at(AGE, SEX)
    i0 = lms.M * np.exp(lms.S * rng.standard_normal(n))
    sens = np.exp(OMEGA_SENSITIVITY * rng.standard_normal(n))
    pop = sample(n, age_years=AGE, sex=SEX, seed=seed, weight_kg=WEIGHT, anchor=True)
    sd_kout = math.sqrt(math.log1p(IIV.value("cv_igf_kout") ** 2))
    pop = pop.with_params(igf_set=i0, igf_kout=pop.params["igf_kout"] * np.exp(sd_kout * rng.standard_normal(n)))
    pop = dataclasses.replace(pop, anchor_igf1=i0)
    # truth: every patient under every candidate (patients repeated per candidate, streams one-hot by candidate)
    k = len(cands)
    pts = type(pop).concat([pop] * k)
    hist = dataclasses.replace(current.doses[0], start_day=START, stop_day=PLAN)
    cont = dataclasses.replace(current.doses[0], start_day=START)
    streams = [dataclasses.replace(current, doses=(hist,)), dataclasses.replace(current, doses=(cont,))]
    for c in cands:
        if c.protocol is not None and c.kind != "continue":
            streams.append(dataclasses.replace(c.protocol, doses=tuple(
                dataclasses.replace(d, start_day=PLAN) for d in c.protocol.doses)))
    drugs = [to_drug_inputs(p, weight_kg=WEIGHT, days=HORIZON)[0] for p in streams]
    scale = np.zeros((len(drugs), n * k))
    extra = 2
    for j, c in enumerate(cands):
        cols = slice(j * n, (j + 1) * n)
        if c.kind == "continue":
            scale[1, cols] = sens
        else:
            scale[0, cols] = sens
            if c.protocol is not None:
                scale[extra, cols] = sens
                extra += 1
    truth = np.asarray(simulate(pts, days=HORIZON, drugs=drugs, dose_scale=scale, dt_min=DT_MIN).igf1_ng_ml)
    sigma = sigma_log()
    # readings (history is the same under every candidate: take the first block)
    reads = truth[list(READ_DAYS), :n] * np.exp(sigma * rng.standard_normal((len(READ_DAYS), n)))
    tl = Timeline(day0=dt.date(2026, 1, 1), plan_day=PLAN, readings=(),
                  reading_days=READ_DAYS, current=current, current_start_day=START, current_stop_day=None,
                  start_source="virtual", excluded=(), warnings=())
    resp = simulate_responses([continuous(current)] + [continuous(c.protocol) for c in cands if c.protocol],
                              age_years=AGE, sex=SEX, weight_kg=WEIGHT, scenarios=[scenario_spec(c, tl) for c in cands],
                              scenario_days=SCENARIO_DAYS)
    x = history_design(tl, resp, np.asarray(READ_DAYS, dtype=float))
    post = individualise(stack([evidence_for(list(reads[:, i]), x, age_years=AGE, sex=SEX) for i in range(n)]),
                         seed=seed)
    hits_m, hits_l, widths = [], [], []
    by_kind: dict[str, list[bool]] = {}
    for j, c in enumerate(cands):
        for i in range(n):
            day, _ = retest_day(c, tl, resp, post, person=i)
            xr = candidate_design(c, tl, resp, np.array([float(day)]))[0]
            lvl = post.i0[:, i] * np.maximum(1.0 + post.m[:, i, :] @ xr, 0.05)
            meas = lvl * np.exp(sigma * rng.standard_normal(lvl.shape))
            true_level = truth[day, j * n + i]
            measured = true_level * math.exp(sigma * rng.standard_normal())
            lo, hi = np.quantile(meas, [0.05, 0.95])
            llo, lhi = np.quantile(lvl, [0.05, 0.95])
            hit = bool(lo <= measured <= hi)
            hits_m.append(hit)
            hits_l.append(bool(llo <= true_level <= lhi))
            by_kind.setdefault(c.kind if c.kind != "switch" else c.name, []).append(hit)
            widths.append((hi - lo) / true_level)
    return Coverage(n, float(np.mean(hits_m)), float(np.mean(hits_l)),
                    {kk: float(np.mean(v)) for kk, v in by_kind.items()}, float(np.median(widths)))
