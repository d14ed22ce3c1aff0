"""Individualise: a posterior over a person's own axis parameters from their IGF-1 readings (NumPyro NUTS).

Parameters per person: the untreated IGF-1 steady state ``I0`` (ng/mL; proportional to their hepatic production
scale, see :mod:`igfaxis.planning.responses`) and a response multiplier ``m_a`` for each agent (1 = the typical
simulated response to that agent). Model, for reading ``i`` on timeline day ``t_i``::

    ln y_i ~ Normal( ln[ I0 · max(1 + Σ_a m_a X_a(t_i), 0.05) ],  sigma )
    ln I0  ~ Normal( ln M(age, sex), S(age, sex) )          population prior: Bidlingmaier 2014 LMS (M, S)
    ln m_a ~ Normal( 0, tau )                               between-person spread of the response (trials)

``sigma`` is the evidence layer's measurement noise (analytical + within-person, ``evidence.noise.sigma_log``).
``X`` comes from the reduced model. Batched over people (a plate), shapes padded to fixed sizes so one compiled
sampler serves every call with up to :data:`MAX_READINGS` readings (JAX's persistent cache keeps it across runs).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from igfaxis.errors import InputError, Problem
from igfaxis.evidence.lms import lms_at
from igfaxis.evidence.noise import sigma_log
from igfaxis.physiology.agents import AGENTS
from igfaxis.provenance import ParameterTable, Sourced

AGENT_IDS: tuple[str, ...] = tuple(AGENTS)
MAX_READINGS = 32
_FLOOR = 0.05

STANLEY = "Stanley TL et al. J Clin Endocrinol Metab 2011;96:150 (NCT00850564), trials_calibration.csv row 1"

PRIORS = ParameterTable.of(
    "planning priors",
    Sourced("tau_response", math.sqrt(math.log1p((22.0 * math.sqrt(13.0) / 181.0) ** 2)), "1 (log scale)", STANLEY,
            "between-person SD of ln(response multiplier): IGF-1 rise 181 +/- 22 ng/mL (SE, n = 13) on tesamorelin "
            "2 mg gives SD 79 ng/mL, CV 0.44 of the mean rise; used for every agent (no other trial reports the "
            "spread of the rise) and kept conservative (it also holds the two readings' noise)", assumption=True),
    Sourced("log_i0_prior", 1.0, "LMS S", "Bidlingmaier M et al. J Clin Endocrinol Metab 2014;99:1712 (LMS)",
            "ln I0 ~ Normal(ln M, S): the age-sex LMS median and coefficient of variation (log-normal "
            "approximation of the Box-Cox distribution)"),
)

NUTS_SETTINGS = {"num_warmup": 500, "num_samples": 1000, "target_accept_prob": 0.9}


@dataclass(frozen=True)
class Evidence:
    """What the sampler sees for ``P`` people: ``log_y[P, n]`` (ln ng/mL), ``mask[P, n]``, design
    ``x[P, n, A]`` (reduced model, agents in :data:`AGENT_IDS` order) and the I0 prior ``mu0[P]``, ``sd0[P]``."""

    log_y: np.ndarray
    mask: np.ndarray
    x: np.ndarray
    mu0: np.ndarray
    sd0: np.ndarray


def evidence_for(values_ng_ml: Sequence[float], x: np.ndarray, *, age_years: float, sex: str) -> Evidence:
    """Evidence for one person: readings (ng/mL), their design rows ``x[n, A]``, the LMS prior at age and sex."""
    n = len(values_ng_ml)
    if n == 0:
        raise InputError(Problem("no IGF-1 readings to individualise from", field="readings",
                                 expected="at least one IGF-1 reading"))
    if n > MAX_READINGS:
        values_ng_ml, x, n = list(values_ng_ml)[-MAX_READINGS:], x[-MAX_READINGS:], MAX_READINGS
    lms = lms_at(min(max(age_years, 18.0), 94.0), sex)
    log_y = np.zeros((1, MAX_READINGS))
    mask = np.zeros((1, MAX_READINGS), dtype=bool)
    xx = np.zeros((1, MAX_READINGS, len(AGENT_IDS)))
    log_y[0, :n] = np.log(np.asarray(values_ng_ml, dtype=float))
    mask[0, :n] = True
    xx[0, :n] = x
    return Evidence(log_y, mask, xx, np.array([math.log(lms.M)]), np.array([lms.S]))


def stack(items: Sequence[Evidence]) -> Evidence:
    """Several people's evidence as one batch (inferred jointly, independently)."""
    return Evidence(*(np.concatenate([getattr(e, f) for e in items], axis=0)
                      for f in ("log_y", "mask", "x", "mu0", "sd0")))


@dataclass(frozen=True)
class Posterior:
    """Posterior draws: ``i0[s, p]`` untreated IGF-1 (ng/mL), ``m[s, p, a]`` response multipliers (agents in
    :data:`AGENT_IDS` order); ``sigma`` the measurement SD on the log scale; sampler ``diagnostics``."""

    i0: np.ndarray
    m: np.ndarray
    sigma: float
    diagnostics: dict[str, float]

    def level(self, x: np.ndarray) -> np.ndarray:
        """True (usual) IGF-1 draws ``[s, p, k]`` for design rows ``x[p, k, a]``."""
        rise = np.einsum("spa,pka->spk", self.m, x)
        return np.asarray(self.i0[:, :, None] * np.maximum(1.0 + rise, _FLOOR))

    def measured(self, x: np.ndarray, *, seed: int = 0) -> np.ndarray:
        """Draws of a future *measured* value (posterior level times measurement noise) ``[s, p, k]``."""
        lvl = self.level(x)
        rng = np.random.default_rng(seed)
        return np.asarray(lvl * np.exp(self.sigma * rng.standard_normal(lvl.shape)))

    def summary(self, p: int = 0) -> dict[str, object]:
        def q(a: np.ndarray) -> list[float]:
            return [round(float(v), 3) for v in np.quantile(a, [0.05, 0.5, 0.95])]

        return {"untreated_igf1_ng_ml": q(self.i0[:, p]),
                "response_multiplier": {a: q(self.m[:, p, i]) for i, a in enumerate(AGENT_IDS)},
                "diagnostics": self.diagnostics}


def _model(log_y: Any, mask: Any, x: Any, mu0: Any, sd0: Any, sigma: Any, tau: Any) -> None:
    import jax.numpy as jnp
    import numpyro
    import numpyro.distributions as dist

    n_people, _, n_agents = x.shape
    with numpyro.plate("people", n_people):
        z0 = numpyro.sample("z0", dist.Normal(0.0, 1.0))
        zm = numpyro.sample("zm", dist.Normal(0.0, 1.0).expand([n_agents]).to_event(1))
    log_i0 = mu0 + sd0 * z0
    m = jnp.exp(tau * zm)
    numpyro.deterministic("i0", jnp.exp(log_i0))
    numpyro.deterministic("m", m)
    rise = jnp.einsum("pa,pna->pn", m, x)
    log_mu = log_i0[:, None] + jnp.log(jnp.maximum(1.0 + rise, _FLOOR))
    numpyro.sample("y", dist.Normal(log_mu, sigma).mask(mask).to_event(2), obs=log_y)


@lru_cache(maxsize=4)
def _mcmc(num_warmup: int, num_samples: int) -> Any:
    from numpyro.infer import MCMC, NUTS

    kernel = NUTS(_model, target_accept_prob=NUTS_SETTINGS["target_accept_prob"])
    return MCMC(kernel, num_warmup=num_warmup, num_samples=num_samples, num_chains=1, progress_bar=False,
                jit_model_args=True)


def individualise(ev: Evidence, *, seed: int = 0, num_warmup: int | None = None,
                  num_samples: int | None = None) -> Posterior:
    """NUTS posterior for every person in ``ev`` (independent people, one run)."""
    import jax
    import jax.numpy as jnp
    from numpyro.diagnostics import summary

    from igfaxis.planning.responses import configure_jax

    configure_jax()

    warm = int(num_warmup or NUTS_SETTINGS["num_warmup"])
    draws = int(num_samples or NUTS_SETTINGS["num_samples"])
    mcmc = _mcmc(warm, draws)
    sigma = sigma_log()
    tau = PRIORS.value("tau_response")
    mcmc.run(jax.random.PRNGKey(seed), jnp.asarray(ev.log_y), jnp.asarray(ev.mask), jnp.asarray(ev.x),
             jnp.asarray(ev.mu0), jnp.asarray(ev.sd0), sigma, tau)
    s = mcmc.get_samples(group_by_chain=True)
    diag = summary({k: s[k] for k in ("z0", "zm")}, group_by_chain=True)
    extra = mcmc.get_extra_fields()
    div = int(np.sum(np.asarray(extra["diverging"]))) if "diverging" in extra else 0
    return Posterior(
        i0=np.asarray(s["i0"][0]), m=np.asarray(s["m"][0]), sigma=sigma,
        diagnostics={"r_hat_max": float(max(np.nanmax(v["r_hat"]) for v in diag.values())),
                     "n_eff_min": float(min(np.nanmin(v["n_eff"]) for v in diag.values())),
                     "divergences": float(div), "num_samples": float(draws)},
    )
