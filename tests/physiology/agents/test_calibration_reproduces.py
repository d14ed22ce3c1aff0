"""Re-running ``scripts/calibrate_agents.py`` reproduces the fitted values committed in the agent modules.

The script's grids are fixed and the simulation deterministic, so a fresh fit must give exactly the CALIBRATED
blocks (values, the case ids they came from and the EC50 interval), and nothing else: a block may hold only
values the script fits, so no parameter is labelled fitted that was not. A mismatch means the model changed under
the fit: re-run the script and commit what it writes.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from conftest import load_script


@pytest.mark.slow
def test_refit_reproduces_committed_values(capsys: pytest.CaptureFixture[str]) -> None:
    script = load_script("calibrate_agents")
    fitted = script.fit_all()

    assert set(fitted) == {s.agent for s in script.SPECS}
    for agent, (module, values, rows, span) in fitted.items():
        committed = importlib.import_module(f"igfaxis.physiology.agents.{module}")
        assert values == committed.CALIBRATED, agent
        assert rows == committed.CALIBRATED_FROM, agent
        assert span == committed.CALIBRATED_EC50_RANGE, agent
        low, high = span  # the fitted EC50 lies inside its own interval
        assert (low is None or low <= values["ec50"]) and (high is None or values["ec50"] <= high), agent
    assert "AT GRID EDGE" in capsys.readouterr().out  # saturated fits are reported, not hidden


def test_ec50_range_is_the_run_around_the_best_and_open_at_the_scan_ends() -> None:
    script = load_script("calibrate_agents")
    f = script.FINE
    # a parabola in log EC50 with its least at the centre: the run within 0.25 of it, in ng/mL (ref 10)
    loss = 4.0 * np.log(f) ** 2
    low, high = script.ec50_range(f, loss, 5, 10.0)
    inside = f[loss <= 0.25]
    assert (low, high) == (float(f"{10 * inside[0]:.4g}"), float(f"{10 * inside[-1]:.4g}"))
    # flat (saturated) loss: both ends open
    assert script.ec50_range(f, np.zeros(11), 5, 10.0) == (None, None)
    # a second, separate dip is not part of the run around the best
    loss2 = np.full(11, 9.0)
    loss2[[0, 4, 5]] = [0.0, 0.1, 0.0]
    assert script.ec50_range(f, loss2, 5, 1.0) == (float(f"{f[4]:.4g}"), float(f"{f[5]:.4g}"))
