"""``igfaxis simulate --outcomes``: the outcomes block in the JSON, human table, bad glucose exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from igfaxis.apps.cli._outcomes import parse_glucose
from igfaxis.apps.cli.main import main
from igfaxis.errors import InputError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "protocols"


def test_simulate_outcomes_json(capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["simulate", "--age", "70", "--sex", "female", "--days", "5", "--json", "--protocol",
               str(EXAMPLES / "mk-677.toml"), "--outcomes", "--fasting-glucose", "99 mg/dL"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0
    block = out["outcomes"]
    assert {"fat_free_mass", "body_weight", "fasting_glucose", "mortality_hazard"} <= set(block["models"])
    for entry in block["models"].values():
        assert {"value", "ci90", "unit", "source", "extrapolated"} <= set(entry)
    assert block["not_supported"] == ["fat_loss", "longevity"]
    assert block["models"]["fasting_glucose"]["baseline_mmol_l"] == pytest.approx(99 / 18.016, abs=1e-3)
    assert block["models"]["mortality_hazard"]["extrapolated"] is True


def test_simulate_without_outcomes_has_no_block(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--age", "45", "--sex", "male", "--days", "1", "--json"]) == 0
    assert "outcomes" not in json.loads(capsys.readouterr().out)


def test_simulate_outcomes_human_table(capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["simulate", "--age", "47", "--sex", "male", "--days", "3", "--protocol",
               str(EXAMPLES / "tesamorelin.toml"), "--outcomes", "--hiv-lipodystrophy"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "Visceral" in out and "No trial evidence for" in out


def test_bad_glucose_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["simulate", "--age", "45", "--sex", "male", "--days", "1", "--outcomes", "--fasting-glucose", "5.4"])
    assert rc == 2
    assert "--fasting-glucose" in capsys.readouterr().err


def test_parse_glucose_units() -> None:
    assert parse_glucose("5.4 mmol/L") == 5.4
    assert parse_glucose("126 mg/dL") == pytest.approx(7.0, abs=0.01)
    assert parse_glucose(None) is None
    with pytest.raises(InputError):
        parse_glucose("high")


def test_simulate_outcomes_plot_writes_one_png_with_every_panel(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    from PIL import Image

    out = tmp_path / "outcomes.png"
    rc = main(["simulate", "--age", "70", "--sex", "female", "--days", "5", "--json", "--protocol",
               str(EXAMPLES / "mk-677.toml"), "--outcomes-plot", str(out)])
    payload = json.loads(capsys.readouterr().out)
    assert rc == 0 and "outcomes" in payload  # the plot implies --outcomes
    with Image.open(out) as img:
        width, height = img.size
        # IGF-1 over zones plus one panel per model, stacked: taller than it is wide
        assert height > width * (len(payload["outcomes"]["models"]) + 1) * 0.25
        extrema = img.convert("L").getextrema()
        assert extrema[0] < 128 < extrema[1]  # not blank


def test_simulate_outcomes_plot_missing_folder_exits_2(tmp_path: Path) -> None:
    assert main(["simulate", "--age", "45", "--sex", "male", "--days", "1", "--outcomes-plot",
                 str(tmp_path / "nope" / "o.png")]) == 2


def test_outcome_inputs_without_outcomes_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    # --hba1c alone would be silently ignored: say so before simulating
    assert main(["simulate", "--age", "45", "--sex", "male", "--days", "2", "--hba1c", "6.1"]) == 2
    err = capsys.readouterr().err
    assert "--hba1c" in err and "--outcomes" in err
