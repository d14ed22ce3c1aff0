"""The fused GPU day (:mod:`igfaxis.physiology.fused`) against the engine's XLA path, without a GPU.

On a CPU, ``IGFAXIS_ENGINE=fused`` runs the Pallas kernel in the interpreter: the same RK4 scheme, dose impulses,
refined dose steps and daily means as the XLA path, so the two agree to rounding (float64) or to float32's
resolution. :func:`~igfaxis.physiology.fused.lower_for_gpu` lowers the kernel for CUDA (Triton) on a CPU-only
machine, which fails if any operation of the model has no Triton lowering.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Mapping, Sequence
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from igfaxis.physiology import axis, fused
from igfaxis.physiology.dosing import DrugInput
from igfaxis.physiology.engine import EngineResult, OdeModel, Streams, build_streams, integrate, use_fused
from igfaxis.physiology.protocol import parse_protocol, to_drug_inputs
from igfaxis.physiology.simulate import AXIS_MODEL, Baseline, burn_in, sample_population
from igfaxis.physiology.tool_compounds import ghrh_antagonist

N, DAYS, WEIGHT_KG = 5, 2, 80.0
TRITON_CALL = "__gpu$xla.gpu.triton"
#: Per-patient dose scales (``Streams.scale[stream, patient]``): distinct per stream, so a mix-up of streams shows.
SCALES = np.array([[1.0, 0.5, 2.0, 1.0, 0.25], [0.75, 1.0, 1.5, 0.0, 2.0], [1.0, 2.0, 0.5, 1.25, 1.0],
                   [0.5, 1.0, 1.0, 2.0, 0.0]])
#: Fused vs XLA. float64: measured <= 5e-15 (daily means) and <= 1e-13 (end state) until axis 1.2.3; at axis 1.2.4
#: the end state's GHRH in the patient given all three drugs (doses x2 / x1.5 / x0.5) differs by 1.4e-12 (every other
#: state <= 2e-13, daily means 1.5e-15): the pulse generator's GHRH state amplifies rounding, as in float32.
#: float32: measured <= 1.7e-6 and <= 1.4e-4 (XLA float32 itself is 1.7e-4 from float64 there).
RTOL = {"float64": (1e-12, 1e-11), "float32": (2e-5, 1e-3)}
ATOL_Y = {"float64": 1e-12, "float32": 1e-6}  # end states that have decayed to ~0 (an empty depot, no tolerance)


def _row(agent: str, amount: str, route: str, at: str) -> str:
    return f"[[dose]]\nagent='{agent}'\namount='{amount}'\nroute='{route}'\nevery='1 day'\nat='{at}'\n"


def _protocol(*rows: str) -> list[DrugInput]:
    return to_drug_inputs(parse_protocol("name='t'\n" + "".join(rows)), weight_kg=WEIGHT_KG, days=DAYS)


TESAMORELIN = _row("tesamorelin", "2 mg", "sc", "22:00")


def _drugs(case: str) -> list[DrugInput]:
    if case == "sc_scaled":  # tesamorelin 2 mg SC daily at 22:00, dose scaled per patient
        return _protocol(TESAMORELIN)
    if case == "all_receptors":  # ghrh (SC), ghs twice (SC + IV: summed on one receptor), ghrh_block (IV). IV
        # doses land in the central compartment (an IV stream's ka is 0: a dose put in its depot would never act)
        return [*_protocol(TESAMORELIN, _row("ipamorelin", "300 ug", "sc", "08:30"),
                           _row("ipamorelin", "10 ug/kg", "iv", "20:30")),  # 12 h apart: published
                ghrh_antagonist(weight_kg=WEIGHT_KG, times_h=(6.0, 30.0))]
    assert case == "none"
    return []


def _streams(case: str) -> Streams | None:
    drugs = _drugs(case)
    if not drugs:
        return None
    scale = SCALES[: len(drugs)] if case in ("sc_scaled", "all_receptors") else None
    return build_streams(drugs, receptors=axis.RECEPTORS, n_days=DAYS, dt_min=1.0, scale=scale)


@functools.cache
def _baseline() -> Baseline:
    return burn_in(sample_population(N, age_years=50, sex="male", seed=3))


@pytest.fixture
def base() -> Baseline:
    return _baseline()


def _run(mp: pytest.MonkeyPatch, mode: str, base: Baseline, streams: Streams | None, dtype: object,
         y0: np.ndarray | None = None) -> EngineResult:
    mp.setenv("IGFAXIS_ENGINE", mode)
    return integrate(AXIS_MODEL, base.y0 if y0 is None else y0, base.p, n_days=DAYS, streams=streams, dtype=dtype)


@functools.cache
def _xla(case: str, dtype_name: str) -> EngineResult:
    """The XLA path's result (shared by the tests; computed once per case and precision)."""
    with pytest.MonkeyPatch.context() as mp:
        return _run(mp, "xla", _baseline(), _streams(case), getattr(jnp, dtype_name))


def _rel(a: np.ndarray, b: np.ndarray, atol: float = 0.0) -> float:
    return float(np.max(np.abs(a - b) / (np.abs(b) + atol)))


def _assert_close(res: EngineResult, ref: EngineResult, dtype_name: str, days: int = DAYS) -> None:
    assert res.daily.shape == ref.daily.shape == (days, len(AXIS_MODEL.observables), N)
    assert res.y_final.shape == ref.y_final.shape
    assert res.daily.dtype == ref.daily.dtype == np.dtype(dtype_name)
    assert np.all(res.status == 0) and np.all(ref.status == 0)
    rtol_daily, rtol_y = RTOL[dtype_name]
    assert _rel(res.daily, ref.daily) <= rtol_daily
    assert _rel(res.y_final, ref.y_final, ATOL_Y[dtype_name]) <= rtol_y


@pytest.mark.parametrize(("case", "dtype_name"), [
    ("sc_scaled", "float64"), ("sc_scaled", "float32"), ("none", "float64"), ("none", "float32"),
    ("all_receptors", "float64"), ("all_receptors", "float32"),
])
def test_fused_matches_xla(monkeypatch: pytest.MonkeyPatch, base: Baseline, case: str, dtype_name: str) -> None:
    streams = _streams(case)
    res = _run(monkeypatch, "fused", base, streams, getattr(jnp, dtype_name))
    ref = _xla(case, dtype_name)
    _assert_close(res, ref, dtype_name)
    if streams is not None:  # the drug states are carried to the end
        assert res.y_final.shape[0] == axis.N_STATES + 3 * streams.n
        assert np.any(res.y_final[axis.N_STATES:] != 0.0)


def test_minute_days_on_the_fused_path_match_xla(monkeypatch: pytest.MonkeyPatch, base: Baseline) -> None:
    # the fused kernel keeps no per-step trace, so minute days run on the XLA path inside a fused integration;
    # a minute day in the middle splits the fused run in two blocks, which share one parameter preparation
    prepared = []
    real_prepare = fused.prepare

    def counting_prepare(*args: Any, **kwargs: Any) -> fused.Prepared:
        prepared.append(1)
        return real_prepare(*args, **kwargs)

    monkeypatch.setattr(fused, "prepare", counting_prepare)
    days = 3  # fused day 0, minute day 1, fused day 2
    drugs = to_drug_inputs(parse_protocol("name='t'\n" + TESAMORELIN), weight_kg=WEIGHT_KG, days=days)
    streams = build_streams(drugs, receptors=axis.RECEPTORS, n_days=days, dt_min=1.0, scale=SCALES[:1])
    runs = {}
    for mode in ("fused", "xla"):
        monkeypatch.setenv("IGFAXIS_ENGINE", mode)
        runs[mode] = integrate(AXIS_MODEL, base.y0, base.p, n_days=days, streams=streams, minute_days=[1])
    res, ref = runs["fused"], runs["xla"]
    assert len(prepared) == 1
    _assert_close(res, ref, "float64", days)
    assert set(res.minutes) == set(ref.minutes) == {1}
    assert _rel(res.minutes[1], ref.minutes[1], 1e-9) <= RTOL["float64"][0]


def test_dosed_cases_differ_from_untreated() -> None:
    """Guards the comparisons above against streams that never reach the axis."""
    none = _xla("none", "float64").daily
    for case in ("sc_scaled", "all_receptors"):
        assert _rel(_xla(case, "float64").daily[:, 0], none[:, 0]) > 1e-3  # daily mean GH


def test_padding_to_whole_blocks_returns_n_patients(monkeypatch: pytest.MonkeyPatch, base: Baseline) -> None:
    """N = 5 patients in blocks of 2 (a grid of 3 blocks, the last padded; the default 128 pads too): exactly N
    patients come back, each with its own dose scales, equal to the XLA path."""
    monkeypatch.setattr(fused, "BLOCK", 2)
    res = _run(monkeypatch, "fused", base, _streams("all_receptors"), jnp.float64)
    assert res.daily.shape[2] == res.y_final.shape[1] == res.status.shape[0] == N
    _assert_close(res, _xla("all_receptors", "float64"), "float64")


@pytest.mark.parametrize("block", [3, 0, 96])
def test_a_block_that_is_not_a_power_of_two_is_refused(monkeypatch: pytest.MonkeyPatch, base: Baseline,
                                                       block: int) -> None:
    """Triton tiles are powers of two: a bad ``IGFAXIS_FUSED_BLOCK`` fails here, by name, not inside Triton."""
    monkeypatch.setattr(fused, "BLOCK", block)
    with pytest.raises(ValueError, match="IGFAXIS_FUSED_BLOCK"):
        _run(monkeypatch, "fused", base, None, jnp.float64)


def test_a_nonfinite_patient_leaves_the_others_alone(monkeypatch: pytest.MonkeyPatch, base: Baseline) -> None:
    y0 = np.array(base.y0)
    y0[axis.I_GH, 2] = math.nan
    res = _run(monkeypatch, "fused", base, None, jnp.float64, y0=y0)
    assert res.status.tolist() == [0, 0, 1, 0, 0]
    ok = [0, 1, 3, 4]
    ref = _xla("none", "float64")
    assert _rel(res.daily[..., ok], ref.daily[..., ok]) <= 1e-12
    assert _rel(res.y_final[:, ok], ref.y_final[:, ok], ATOL_Y["float64"]) <= 1e-12


@pytest.mark.parametrize("dtype_name", ["float32", "float64"])
@pytest.mark.parametrize("case", ["none", "all_receptors"])
def test_lowers_to_triton_without_a_gpu(base: Baseline, case: str, dtype_name: str) -> None:
    streams = _streams(case)
    spec = None if streams is None else (streams.receptor_index, streams.iv)
    pk = {} if streams is None else streams.pk
    text = fused.lower_for_gpu(AXIS_MODEL, spec, base.y0, base.p, pk, dtype=getattr(jnp, dtype_name))
    assert TRITON_CALL in text
    assert "igfaxis_fused_day" in text
    assert ("f64" if dtype_name == "float64" else "f32") in text


def test_lowering_fails_on_an_op_without_a_triton_lowering(base: Baseline) -> None:
    """The check above has teeth: an op Pallas cannot lower to Triton (here ``igamma``) fails on a CPU."""
    def rhs_terms(t: Any, y: Sequence[Any], p: Mapping[str, Any], u: Sequence[Any | None]) -> tuple[Any, ...]:
        d = axis.rhs_terms(t, y, p, u)
        return (d[0] + 0.0 * jax.lax.igamma(y[0] + 1.0, y[1] + 1.0), *d[1:])

    model = dataclasses.replace(AXIS_MODEL, rhs_terms=rhs_terms)
    with pytest.raises(NotImplementedError, match="Triton"):
        fused.lower_for_gpu(model, None, base.y0, base.p, {})


def test_use_fused_follows_igfaxis_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    on_gpu = jax.default_backend() == "gpu"
    monkeypatch.delenv("IGFAXIS_ENGINE", raising=False)
    assert use_fused(AXIS_MODEL) is on_gpu  # default: auto
    monkeypatch.setenv("IGFAXIS_ENGINE", "auto")
    assert use_fused(AXIS_MODEL) is on_gpu
    monkeypatch.setenv("IGFAXIS_ENGINE", "xla")
    assert use_fused(AXIS_MODEL) is False
    monkeypatch.setenv("IGFAXIS_ENGINE", "fused")
    assert use_fused(AXIS_MODEL) is True
    for bad in ("gpu", "FUSED"):
        monkeypatch.setenv("IGFAXIS_ENGINE", bad)
        with pytest.raises(ValueError, match="IGFAXIS_ENGINE"):
            use_fused(AXIS_MODEL)


@pytest.mark.parametrize("mode", ["auto", "fused", "xla"])
def test_a_model_without_per_state_terms_never_fuses(monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    stacked_only = OdeModel(axis.NAME, axis.N_STATES, axis.RECEPTORS, axis.OBSERVABLES, axis.rhs, axis.observe)
    monkeypatch.setenv("IGFAXIS_ENGINE", mode)
    assert use_fused(stacked_only) is False


def test_an_empty_population_takes_the_xla_path(monkeypatch: pytest.MonkeyPatch, base: Baseline) -> None:
    """No patients: the same empty result whichever engine is asked for (the fused split needs one patient)."""
    empty = {k: np.asarray(v)[..., :0] if np.ndim(v) else v for k, v in base.p.items()}
    monkeypatch.setenv("IGFAXIS_ENGINE", "fused")
    res = integrate(AXIS_MODEL, np.asarray(base.y0)[:, :0], empty, n_days=1)
    assert res.daily.shape == (1, len(AXIS_MODEL.observables), 0) and res.status.shape == (0,)
