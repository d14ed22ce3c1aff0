"""Re-running ``scripts/calibrate_agents.py`` reproduces the fitted values committed in the agent modules.

The script's grids are fixed and the simulation deterministic, so a fresh fit must give exactly the CALIBRATED
blocks (values and the case ids they came from), and nothing else: a block may hold only values the script
fits, so no parameter is labelled fitted that was not. A mismatch means the model changed under the fit: re-run
the script and commit what it writes.
"""

from __future__ import annotations

import importlib

import pytest

from conftest import load_script

pytestmark = pytest.mark.slow


def test_refit_reproduces_committed_values(capsys: pytest.CaptureFixture[str]) -> None:
    script = load_script("calibrate_agents")
    fitted = script.fit_all()

    assert set(fitted) == {s.agent for s in script.SPECS}
    for agent, (module, values, rows) in fitted.items():
        committed = importlib.import_module(f"igfaxis.physiology.agents.{module}")
        assert values == committed.CALIBRATED, agent
        assert rows == committed.CALIBRATED_FROM, agent
    assert "AT GRID EDGE" in capsys.readouterr().out  # saturated fits are reported, not hidden
