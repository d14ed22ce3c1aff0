"""The dosing path of the engine against SciPy solve_ivp with each dose as a jump of the depot state (issue 8).

Calibrated PD is switch-like (EC50 far below the concentrations reached), so receptor occupancy jumps from 0 to 1
within seconds of each SC dose. The engine refines the steps right after a dose (``DOSE_SUBSTEPS``); without that
the error of a 1-minute RK4 step is first order in dt on this path (bench/RESULTS.md, accuracy diagnosis).
"""

from __future__ import annotations

import itertools

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from scipy.integrate import solve_ivp

from igfaxis.physiology import axis
from igfaxis.physiology.engine import _full_rhs, build_streams, integrate
from igfaxis.physiology.parameters import AXIS
from igfaxis.physiology.protocol import parse_protocol, to_drug_inputs
from igfaxis.physiology.simulate import AXIS_MODEL, burn_in, person

DAYS = 3
PROTOCOL = "name='t'\n[[dose]]\nagent='tesamorelin'\namount='2 mg'\nroute='sc'\nevery='1 day'\n"


@pytest.fixture(scope="module")
def case() -> dict[str, object]:
    base = burn_in(person(age_years=45, sex="male"))
    drugs = tuple(to_drug_inputs(parse_protocol(PROTOCOL), weight_kg=float(AXIS.value("weight_default_kg")),
                                 days=DAYS))
    streams = build_streams(drugs, receptors=axis.RECEPTORS, n_days=DAYS, dt_min=1.0)
    spec = (streams.receptor_index, streams.iv)
    pk = {k: jnp.asarray(v) for k, v in streams.pk.items()}
    p = {k: jnp.asarray(np.asarray(v, dtype=float)) for k, v in base.p.items()}
    f = jax.jit(lambda t, y: _full_rhs(AXIS_MODEL, spec, t, y.reshape(-1, 1), p, pk).reshape(-1))
    nx = AXIS_MODEL.n_states
    y = np.concatenate([np.asarray(base.y0)[:, 0], np.zeros(3 * streams.n)])
    dose_steps = np.flatnonzero(streams.doses.reshape(DAYS * 1440, -1).any(axis=1))
    edges = [0, *dose_steps.tolist(), DAYS * 1440]
    states = np.empty((DAYS * 1440, y.size))
    for a, b in itertools.pairwise(edges):
        if a in dose_steps:  # SC dose into the depot at the start of minute a (bioavailability applied)
            y = y.copy()
            y[nx::3] += streams.doses.reshape(DAYS * 1440, -1)[a]
        sol = solve_ivp(lambda t, z: np.asarray(f(t, z)), (a / 60.0, b / 60.0), y, method="DOP853", rtol=1e-10,
                        atol=1e-12, max_step=1.0 / 60.0, t_eval=np.arange(a + 1, b + 1) / 60.0)
        assert sol.success, sol.message
        states[a:b] = sol.y.T
        y = sol.y[:, -1]
    obs = np.asarray(axis.observe(jnp.asarray(states[:, :nx].T), p))  # [obs, minute]
    ref_gh = obs[0].reshape(DAYS, 1440)
    return {"base": base, "streams": streams, "ref_gh_peak": ref_gh.max(axis=1),
            "ref_igf": obs[1].reshape(DAYS, 1440).mean(axis=1), "dose_steps": dose_steps}


def _errors(case: dict[str, object], **kw: int) -> tuple[float, float]:
    base = case["base"]
    res = integrate(AXIS_MODEL, base.y0, base.p, n_days=DAYS, streams=case["streams"],  # type: ignore[attr-defined]
                    minute_days=range(DAYS), **kw)  # type: ignore[arg-type]
    gh_peak = np.array([res.minutes[d][:, 0, 0].max() for d in range(DAYS)])
    gh = float(np.max(np.abs(gh_peak / case["ref_gh_peak"] - 1.0)))  # type: ignore[operator]
    igf = float(np.max(np.abs(res.daily[:, 1, 0] / case["ref_igf"] - 1.0)))  # type: ignore[operator]
    return gh, igf


def test_dosed_run_matches_solve_ivp_with_dose_jumps(case: dict[str, object]) -> None:
    assert len(case["dose_steps"]) == DAYS  # type: ignore[arg-type]
    gh, igf = _errors(case)
    assert gh <= 0.02 and igf <= 0.005  # issue 8: GH pulse peaks within 2 %, daily mean IGF-1 within 0.5 %
    assert gh <= 5e-3 and igf <= 5e-5  # what refined dose steps achieve (measured <= 4e-4 and 3e-6 across axis 1.1
    # variants; a single step: 2e-3 to 2.4e-2 and 1e-4)


def test_refining_dose_steps_beats_a_single_step(case: dict[str, object]) -> None:
    gh_fine, igf_fine = _errors(case)
    gh_one, _ = _errors(case, dose_substeps=1)
    assert gh_fine <= 0.25 * gh_one  # the switch-on kink after each dose dominated the single step's GH error
    assert igf_fine <= 5e-5
