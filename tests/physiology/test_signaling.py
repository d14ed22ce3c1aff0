"""Signalling model: sourced parameters, batching, and the published behaviours it adopts (Kubota 2012 et al.)."""

from __future__ import annotations

import numpy as np
import pytest

from igfaxis.errors import InputError
from igfaxis.physiology import signaling as sg
from igfaxis.physiology.exposure import MINUTES_PER_DAY, Exposure, constant, square_pulses, total_ng_ml_to_free_nM
from igfaxis.physiology.signaling_model import ASSIGNMENTS, FLOWS, INDEX, STATE_NAMES
from igfaxis.physiology.signaling_params import FOXO_NUCLEAR_THRESHOLD, FREE_IGF1_FRACTION, SIGNALING_PARAMS

AKT = "akt"


def _akt(traj: np.ndarray) -> np.ndarray:
    return traj[..., INDEX["akt_t308"]] * traj[..., INDEX["akt_s473"]]


def test_every_parameter_is_sourced_with_unit_and_reason() -> None:
    for p in [*SIGNALING_PARAMS.values(), FOXO_NUCLEAR_THRESHOLD, FREE_IGF1_FRACTION]:
        assert p.unit and p.source.strip()
        assert np.isfinite(p.value) and p.value >= 0
        if p.assumption:
            assert len(p.note) > 20, p.name


def test_formulas_only_use_known_names() -> None:
    known = set(SIGNALING_PARAMS) | set(STATE_NAMES) | set(ASSIGNMENTS) | {"L"}
    for f in FLOWS:
        for text in (f.production, f.loss):
            names = {w for w in text.replace("(", " ").replace(")", " ").replace("*", " ").replace("+", " ")
                     .replace("-", " ").replace("/", " ").split() if not w[0].isdigit()}
            assert names <= known, (f.state, names - known)
            assert f.state not in names  # the exact-flow step needs production and loss free of the state itself


def test_batch_equals_single_runs() -> None:
    a, b = constant(120.0, days=1), square_pulses(240.0, days=1)
    both = Exposure(np.concatenate([a.free_igf1_nM, b.free_igf1_nM]))
    run = sg.simulate(both, record=False, overrides={"k_foxo_p": [0.5, 0.4]})
    single_b = sg.simulate(b, record=False, overrides={"k_foxo_p": [0.4]})
    single_a = sg.simulate(a, record=False, overrides={"k_foxo_p": [0.5]})
    for key, val in single_a.readout().as_dict().items():
        assert run.readout(0).as_dict()[key] == pytest.approx(val, rel=1e-4, abs=1e-6)
    for key, val in single_b.readout().as_dict().items():
        assert run.readout(1).as_dict()[key] == pytest.approx(val, rel=1e-4, abs=1e-6)


def test_dose_response_is_monotone_and_in_range() -> None:
    means = [30.0, 75.0, 150.0, 300.0, 600.0]
    exp = Exposure(np.concatenate([constant(m, days=1).free_igf1_nM for m in means]))
    rs = sg.simulate(exp, record=False).readouts()
    for key in ("akt_mean", "mtorc1_mean", "foxo_nuclear_mean", "foxo_target_mean", "s6k_mean"):
        vals = np.array([r.as_dict()[key] for r in rs])
        assert ((vals >= 0) & (vals <= 1)).all(), key
    assert np.all(np.diff([r.akt_mean for r in rs]) > 0)
    assert np.all(np.diff([r.mtorc1_mean for r in rs]) > 0)
    assert np.all(np.diff([r.foxo_nuclear_mean for r in rs]) < 0)
    assert 0.3 < rs[2].akt_mean < 0.8  # calibrated: Akt half-maximal within the physiological IGF-1 range


def test_kubota_pulse_gives_transient_akt_and_step_gives_sustained_akt() -> None:
    y0 = sg.steady_state([0.0])
    pulse = np.zeros(240)
    pulse[:10] = 0.5  # 10-min pulse, Kubota 2012 design
    step = np.full(240, 0.1)
    traj = sg.trajectory(np.stack([pulse, step]), np.repeat(y0, 2, axis=0))
    akt_pulse, akt_step = _akt(traj[0]), _akt(traj[1])
    assert akt_pulse[60] < 0.1 * akt_pulse.max()  # back near baseline within an hour
    assert akt_step[-1] > 0.5 * akt_step.max()  # sustained for hours (after the feedback-shaped overshoot)
    assert akt_step[-1] > 5 * akt_pulse[-1]


def test_kubota_s6k_adapts_under_sustained_input_but_mtorc1_does_not() -> None:
    y0 = sg.steady_state([0.01])
    traj = sg.trajectory(np.full((1, 12 * 60), 0.3), y0)[0]
    s6k, mtor = traj[:, INDEX["s6k"]], traj[:, INDEX["mtorc1"]]
    assert s6k.max() > 2.5 * s6k[0]  # transient response to the step
    assert s6k[-1] < 0.5 * s6k.max()  # adapts (incoherent feed-forward through X)
    assert mtor[-1] > 0.9 * mtor.max()  # mTORC1 stays up: the adaptation is in the S6K arm


def test_kubota_foxo_target_decodes_the_sustained_component() -> None:
    # Kubota 2012: at equal mean, only sustained input suppresses the FoxO1 -> G6Pase arm; pulses raise S6K peaks.
    cmp = sg.compare_patterns(150.0, days=2, record=False)
    assert cmp.constant.foxo_target_mean < cmp.pulsatile.foxo_target_mean - 0.05
    assert cmp.pulsatile.s6k_peak > 1.3 * cmp.constant.s6k_peak
    assert cmp.pulsatile.foxo_active_hours_per_day > cmp.constant.foxo_active_hours_per_day
    assert cmp.difference["mtorc1_mean"] == pytest.approx(cmp.pulsatile.mtorc1_mean - cmp.constant.mtorc1_mean)


def test_foxo_reenters_the_nucleus_when_akt_falls() -> None:
    y0 = sg.steady_state([0.3])
    traj = sg.trajectory(np.zeros((1, 120)), y0)[0]
    nuclear_max = sg.steady_state([0.0])[0, INDEX["foxo_nuclear"]]
    assert y0[0, INDEX["foxo_nuclear"]] < 0.4 * nuclear_max
    assert traj[60, INDEX["foxo_nuclear"]] > 0.8 * nuclear_max


def test_s6k_feedback_restrains_akt() -> None:
    with_loop = sg.steady_state([0.1])[0]
    without = sg.steady_state([0.1], overrides={"k_irs_ser": 0.0})[0]
    assert _akt(without) > 1.05 * _akt(with_loop)
    assert without[INDEX["irs1_pser"]] == 0.0 < with_loop[INDEX["irs1_pser"]]


def test_equal_means_and_conversion() -> None:
    assert total_ng_ml_to_free_nM(150.0) == pytest.approx(150 * FREE_IGF1_FRACTION.value / 7.649, rel=1e-9)
    c, p = constant(150.0, days=2), square_pulses(150.0, days=2, period_min=90, width_min=20)
    assert p.free_igf1_nM.mean() == pytest.approx(c.free_igf1_nM.mean(), rel=1e-12)
    assert c.n_minutes == 2 * MINUTES_PER_DAY


@pytest.mark.parametrize(
    ("values", "field"),
    [(np.full((1, 1440), -1.0), "free_igf1_nM"), (np.ones((1, 1000)), "free_igf1_nM")],
)
def test_bad_exposure_is_an_input_error(values: np.ndarray, field: str) -> None:
    with pytest.raises(InputError) as err:
        Exposure(values)
    assert err.value.problems[0].field == field


def test_bad_pattern_arguments() -> None:
    with pytest.raises(InputError):
        square_pulses(150.0, days=1, period_min=30, width_min=40)
    with pytest.raises(InputError):
        constant(-5.0, days=1)


def test_local_igf1_follows_gh_drive_slowly() -> None:
    from igfaxis.physiology.exposure import local_igf1_from_gh

    gh = np.concatenate([np.full(1440, 1.0), np.full(1440, 5.0)])[None, :]
    local = local_igf1_from_gh(gh, ec50_ug_l=2.0, scale_nM=0.1)
    assert local[0, 1439] == pytest.approx(0.1 * 1 / 3, rel=1e-6)  # steady at the first day's drive
    after_6h = local[0, 1440 + 360]
    target = 0.1 * 5 / 7
    assert after_6h == pytest.approx(target + (0.1 / 3 - target) * np.exp(-1), rel=1e-3)  # tau 6 h
    both = Exposure(np.full((1, 2880), 0.05), local)
    assert both.ligand_nM()[0, -1] == pytest.approx(0.05 + local[0, -1])
