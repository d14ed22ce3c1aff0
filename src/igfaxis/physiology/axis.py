"""The GH/IGF-1 axis as a deterministic ODE: ``dy/dt = rhs(t, y, p, u)``.

Pure JAX functions of time (hours; only the time of day matters, through closed-form sleep forcing), the state
``y`` (shape ``(N_STATES, n_patients)``), per-patient parameters ``p`` (a mapping of ``(n_patients,)`` arrays,
see :func:`igfaxis.physiology.population.patient_arrays`) and receptor inputs ``u`` (one drive array per entry
of :data:`RECEPTORS`, or ``None`` when no drug acts on that receptor). Equations: ``docs/model.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import jax.numpy as jnp

# Receptor inputs, in this order (defined once, with the dose-stream contract): GHRH-receptor agonist drive (pg/mL
# GHRH-equivalent), ghrelin-receptor drive (GHS units), GHRH-receptor antagonist occupancy (0..1; competitive:
# endogenous and exogenous GHRH act as if x (1 - occupancy)), and exogenous GH (ng/mL in plasma, added to endogenous
# GH at the liver and in the GH -> somatostatin feedback).
from igfaxis.physiology.dosing import RECEPTORS as RECEPTORS

Array = Any

NAME = "igfaxis-axis"
VERSION = "1.2.5"
STATES: tuple[str, ...] = ("ghrh", "gh_norm", "srif", "d1", "d2", "d3", "d4", "igf1_total", "igf1_free",
                          "gh_pool", "gh_synth")
N_STATES = len(STATES)
I_GHRH, I_GH, I_SRIF, I_D1, I_D4, I_IGF, I_FREE, I_POOL, I_SYNTH = 0, 1, 2, 3, 6, 7, 8, 9, 10
#: Converged untreated values of the pituitary pool and synthesis states (typical 45-y man), used to start burn-in;
#: re-measured with the axis (1.0 / 1.09 from axis 1.1 to 1.2.4; tests/physiology/test_engine_numerics.py checks them).
POOL0, SYNTH0 = 1.19, 1.16
#: Every receptor without a drug acting on it.
NO_DRUGS: tuple[None, ...] = (None,) * len(RECEPTORS)
OBSERVABLES: tuple[str, ...] = ("gh_ng_ml", "igf1_ng_ml", "igf1_free_ng_ml", "igf_drive")
#: Names of the untreated (endogenous-tone) values of :func:`ghs_terms`, precomputed per patient.
GHS_TERMS: tuple[str, ...] = ("ghs_direct", "ghs_f1", "ghs_f2", "ghs_f3", "ghs_f4")
#: Parameters the right-hand side divides by, precomputed per patient as ``inv_<name>`` (``1 / value``): a
#: multiplication per use instead of a division (divisions are the slow instruction of the GPU kernel).
RECIPROCALS: tuple[str, ...] = ("t_srif_ghrh", "t_ghrh", "t_ghrh_opp", "t_srif_pit", "t_gh_srif", "hep_ec50",
                                "sws_rise_h", "sws_dur_h", "pool_cap")
#: Half-maximal GHS levels of the ghrelin-receptor Hill terms, precomputed per patient as ``log_<name>``.
LOGS: tuple[str, ...] = ("tg0", "tg1", "tg2", "tg3")


def _hill5(x: Array) -> Array:
    x2 = x * x
    x5 = x2 * x2 * x
    return x5 / (1.0 + x5)


def _hill4(x: Array) -> Array:
    x2 = x * x
    x4 = x2 * x2
    return x4 / (1.0 + x4)


def _pow4(x: Array) -> Array:
    x2 = x * x
    return x2 * x2


def _pow5(x: Array) -> Array:
    x2 = x * x
    return x2 * x2 * x


def hill_log(log_x: Array, log_half: Array, n: Array) -> Array:
    """Hill activation ``(x/half)^n / (1 + (x/half)^n)`` from ``log x`` and ``log half``: the four ghrelin-receptor
    terms share one logarithm of the GHS input (x >= 0; ``log 0 = -inf`` gives 0)."""
    r = jnp.exp(n * (log_x - log_half))
    return r / (1.0 + r)


def sws(t_h: Array, p: Mapping[str, Array]) -> Array:
    """Slow-wave-sleep drive (0..1), closed form in the time of day: a 15-min rise after sleep onset, a linear
    fall over ``sws_dur_h``, and nothing once awake. Piecewise linear (SBML ``piecewise``)."""
    since = t_h - p["sleep_on_h"]
    phase = since - 24.0 * jnp.floor(since * (1.0 / 24.0))  # hours since sleep onset, modulo 24
    rise = jnp.clip(phase * p["inv_sws_rise_h"], 0.0, 1.0)
    fall = jnp.clip(1.0 - (phase - p["sws_rise_h"]) * p["inv_sws_dur_h"], 0.0, 1.0)
    awake = jnp.clip((p["sleep_len_h"] - phase) * p["inv_sws_rise_h"], 0.0, 1.0)
    return rise * fall * awake


def ghs_terms(ghs: Array, p: Mapping[str, Array]) -> tuple[Array, Array, Array, Array, Array]:
    """Ghrelin-receptor terms for total GHS input: Farhy's direct release, pituitary (F1) and GHRH-neuron (F2)
    opposition to somatostatin, and (axis 1.2) the rise of hypothalamic GHRH release (F3), the route by which
    secretagogues release most of their GH (Pandya 1998: a GHRH-receptor antagonist removes ~80 % of it), and F4,
    the potentiation of GHRH-stimulated release at the somatotroph (GHRH + GHS synergy)."""
    lx = jnp.log(jnp.maximum(ghs, 0.0))
    occ = hill_log(lx, p["log_tg0"], p["ng0"])
    direct = p["g0"] * occ
    f4 = p["g4"] * occ
    f1 = p["g1"] * hill_log(lx, p["log_tg1"], p["ng1"])
    f2 = p["g2"] * hill_log(lx, p["log_tg2"], p["ng2"])
    f3 = p["g3"] * hill_log(lx, p["log_tg3"], p["ng3"])
    return direct, f1, f2, f3, f4


def hepatic_drive(gh_ng_ml: Array, p: Mapping[str, Array]) -> Array:
    """Hepatic GH-receptor (JAK2/STAT5b) drive of IGF-1 production, 0..1: ``H_3(GH / hep_ec50)`` on plasma GH
    (ng/mL); switch-like, so pulses saturate it and the time GH spends above ~``hep_ec50`` sets IGF-1."""
    x = gh_ng_ml * p["inv_hep_ec50"]
    x3 = x * x * x
    return x3 / (1.0 + x3)


def rhs_terms(t_h: Array, y: Sequence[Array], p: Mapping[str, Array],
              u: Sequence[Array | None] = NO_DRUGS) -> tuple[Array, ...]:
    """Time derivative of the axis state (per hour), one array per state: ``y`` is anything indexable by state
    (the ``(N_STATES, N)`` array, or a tuple of per-state arrays as in the fused GPU kernel).
    ``u = (ghrh_drive_pg_ml, ghs_drive, ghrh_block, exogenous_gh_ng_ml)``. The GH state ``g`` is endogenous GH;
    exogenous GH joins it where GH acts (the delayed somatostatin feedback, the liver), never in the pool."""
    ghrh, g, srif = y[I_GHRH], y[I_GH], y[I_SRIF]
    igf, free, pool, synth = y[I_IGF], y[I_FREE], y[I_POOL], y[I_SYNTH]
    u_ghrh, u_ghs, u_block, u_gh = u
    if u_ghs is None:
        direct, f1, f2, f3, f4 = (p[k] for k in GHS_TERMS)
    else:
        direct, f1, f2, f3, f4 = ghs_terms(p["ghs_basal"] + u_ghs, p)
    s = sws(t_h, p)
    # hypothalamic GHRH, inhibited by periventricular SRIF, opposed by GHS (F2), raised by GHS (F3), surging in SWS
    srif_h = _pow5(srif * p["inv_t_srif_ghrh"])
    ghrh_in = p["ghrh_max"] * (1.0 + p["sws_ghrh_gain"] * s) * (1.0 + f3)
    d_ghrh = p["k_ghrh"] * (ghrh_in * (1.0 + f2) / (1.0 + srif_h + f2) - ghrh)
    # pituitary: GHRH-receptor activation (endogenous + exogenous GHRH)
    total_ghrh = ghrh if u_ghrh is None else ghrh + u_ghrh
    if u_block is not None:  # competitive GHRH-receptor antagonist: the agonist acts as if diluted by 1 - occupancy
        total_ghrh = total_ghrh * (1.0 - u_block)
    act = _hill5(total_ghrh * p["inv_t_ghrh"])
    f0 = p["ghrh_srif_opp"] * _hill5(total_ghrh * p["inv_t_ghrh_opp"])
    # SRIF gate, opposed by GHS (F1) and by high GHRH-receptor occupancy (F0); a fraction escapes SRIF (leak)
    gate = (1.0 + f1 + f0) / (1.0 + _pow4(srif * p["inv_t_srif_pit"]) + f1 + f0)
    stimulated = (p["pulse_gain"] * p["ghrh_capacity"] * act * (gate + p["srif_leak"]) * (1.0 + p["sws_pit_gain"] * s)
                  * (1.0 + f4))
    release = stimulated + direct + p["basal"]
    feedback = p["fb_num"] / (1.0 + p["igf_fb"] * igf * p["inv_igf_set"])
    secretion = feedback * pool * release
    d_g = p["k_gh"] * (secretion - g)
    # releasable pool: filled by synthesis, emptied by secretion; synthesis follows GHRH-receptor activation and
    # (through hypothalamic GHRH release) ghrelin-receptor drive
    d_pool = p["k_gh"] * p["inv_pool_cap"] * (p["synth_rate"] * synth - secretion)
    d_synth = p["k_synth"] * (feedback * (1.0 + p["synth_gain"] * (act + p["synth_ghs"] * direct)) - synth)
    # delayed GH drive of periventricular SRIF (4-stage linear chain)
    d1, d2, d3, d4 = y[I_D1], y[I_D1 + 1], y[I_D1 + 2], y[I_D4]
    kd = p["k_delay"]
    plasma = p["gh_amp"] * g if u_gh is None else p["gh_amp"] * g + u_gh  # ng/mL, endogenous + exogenous
    g_acting = g if u_gh is None else plasma / p["gh_amp"]
    d_srif = p["k_srif"] * (p["srif_basal"] + p["srif_gh"] * _hill4(d4 * p["inv_t_gh_srif"]) - srif)
    # hepatic IGF-1: indirect response to plasma GH; free IGF-1 relaxes to its bound-equilibrium fraction
    drive = hepatic_drive(plasma, p)
    d_igf = p["hep"] * (p["igf_kin"] + p["igf_emax"] * drive) - p["igf_kout"] * igf
    d_free = p["k_free"] * (p["free_fraction"] * igf - free)
    return (d_ghrh, d_g, d_srif, kd * (g_acting - d1), kd * (d1 - d2), kd * (d2 - d3), kd * (d3 - d4), d_igf, d_free,
            d_pool, d_synth)


def rhs(t_h: Array, y: Array, p: Mapping[str, Array], u: Sequence[Array | None] = NO_DRUGS) -> Array:
    """Time derivative of the axis state (per hour), shape ``(N_STATES, N)``: :func:`rhs_terms` stacked."""
    return jnp.stack(rhs_terms(t_h, y, p, u))


def observe_terms(y: Sequence[Array], p: Mapping[str, Array]) -> tuple[Array, ...]:
    """Observables, one array each (see :data:`OBSERVABLES`): plasma GH (ng/mL), total and free IGF-1 (ng/mL),
    and the hepatic GH drive (dimensionless). GH and the drive are the person's own secretion's: exogenous GH (the
    ``gh`` input of research tool compounds) acts on IGF-1 but is not in them."""
    gh = p["gh_amp"] * y[I_GH]
    return gh, y[I_IGF], y[I_FREE], hepatic_drive(gh, p)


def observe(y: Array, p: Mapping[str, Array]) -> Array:
    """Observables, shape ``(len(OBSERVABLES), N)``: :func:`observe_terms` stacked."""
    return jnp.stack(observe_terms(y, p))


def initial_state(p: Mapping[str, Array], igf1_ng_ml: Array) -> Array:
    """A start inside the pulse generator's basin (values from a converged run), IGF-1 at ``igf1_ng_ml``."""
    igf = jnp.atleast_1d(jnp.asarray(igf1_ng_ml, dtype=jnp.result_type(p["gh_amp"])))
    one = jnp.ones_like(igf)
    return jnp.stack([100.0 * one, 0.05 * one, 20.0 * one, 0.05 * one, 0.05 * one, 0.05 * one, 0.05 * one,
                      igf, p["free_fraction"] * igf, POOL0 * one, SYNTH0 * one])


def steady_igf1(p: Mapping[str, Array], mean_drive: Array) -> Array:
    """Untreated IGF-1 steady state (ng/mL) for a daily-mean hepatic drive."""
    return p["hep"] * (p["igf_kin"] + p["igf_emax"] * mean_drive) / p["igf_kout"]
