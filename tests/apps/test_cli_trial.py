"""``igfaxis trial``: JSON contract, plot, published comparison, bad input exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from igfaxis.apps.cli.main import main

REPO = Path(__file__).resolve().parents[2]
PROTOCOL = """name = "MK-677 25 mg daily"
[[dose]]
agent = "mk-677"
amount = "25 mg"
route = "oral"
every = "1 day"
"""


def test_trial_json_and_plot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proto = tmp_path / "mk.toml"
    proto.write_text(PROTOCOL)
    png = tmp_path / "trial.png"
    rc = main(["trial", "--protocol", str(proto), "--n", "4", "--days", "6", "--age", "64-81", "--sex", "any",
               "--seed", "5", "--chunk-size", "2", "--json", "--plot", str(png)])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0
    assert out["n"] == 4 and out["days"] == 6 and out["seed"] == 5 and out["backend"] == "serial"
    for key in ("baseline_igf1_ng_ml", "final_igf1_ng_ml", "igf1_change_ng_ml", "igf1_change_pct"):
        assert {"mean", "sd", "p5", "p50", "p95"} <= set(out[key])
    assert out["target_band_ng_ml"] == [120.0, 160.0]
    assert len(out["in_band"]["by_day"]) == 6
    assert out["published_comparison"] == []  # the 2-week Chapman 1996 outcome lies beyond 6 days
    assert [t["day"] for t in out["published_beyond_horizon"]] == [14]
    assert png.stat().st_size > 1000


def test_trial_human_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["trial", "--n", "2", "--days", "2", "--sex", "female", "--seed", "1"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "Virtual trial" in out and "change (ng/mL)" in out and "120-160" in out


def test_a_longer_step_carries_its_measured_accuracy(capsys: pytest.CaptureFixture[str]) -> None:
    """``--dt-min 3``: the JSON says what the step costs against 1 minute (bench/RESULTS.md) and the table warns."""
    assert main(["trial", "--n", "2", "--days", "2", "--seed", "1", "--dt-min", "3", "--json"]) == 0
    acc = json.loads(capsys.readouterr().out)["step_accuracy"]
    assert acc["against_dt_min"] == 1.0 and 0.0 < acc["patients_beyond_0_5pct"] < 1.0
    assert "GPU runs 4-5" in str(acc["source"])
    assert main(["trial", "--n", "2", "--days", "2", "--seed", "1", "--dt-min", "3"]) == 0
    assert "for summaries, not single patients" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize(
    ("args", "field"),
    [(["--age", "forty"], "age"), (["--sex", "other"], "sex"), (["--n", "0"], "n"), (["--chunk-size", "0"], "chunk"),
     (["--dose-scale", "x"], "dose_scale"), (["--dose-scale", "0.5,2"], "protocol")],
)
def test_trial_bad_input_exits_2(args: list[str], field: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trial", "--days", "2", *args]) == 2
    assert field in capsys.readouterr().err


def test_trial_bad_protocol_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[[dose]]\nagent = "nope"\namount = "1 mg"\n')
    assert main(["trial", "--protocol", str(bad), "--n", "2", "--days", "2"]) == 2
    assert "bad.toml" in capsys.readouterr().err


def test_trial_dose_sweep_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proto = tmp_path / "mk.toml"
    proto.write_text(PROTOCOL)
    rc = main(["trial", "--protocol", str(proto), "--n", "2", "--days", "3", "--seed", "2", "--chunk-size", "2",
               "--dose-scale", "0.5,1", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0
    assert out["dose_scale"] == 1.0
    assert [p["dose_scale"] for p in out["sweep"]] == [0.5, 1.0]
    assert out["sweep"][1]["igf1_change_ng_ml"]["mean"] == pytest.approx(out["igf1_change_ng_ml"]["mean"])


def test_a_sweep_point_outside_the_published_range_needs_allow_off_label(capsys: pytest.CaptureFixture[str]) -> None:
    proto = str(REPO / "examples" / "protocols" / "tesamorelin.toml")  # 2 mg: x10 is 20 mg per dose
    assert main(["trial", "--protocol", proto, "--dose-scale", "1,10", "--n", "2", "--days", "2"]) == 2
    err = capsys.readouterr().err
    assert "dose_scale" in err and "outside the published human range" in err
    rc = main(["trial", "--protocol", proto, "--dose-scale", "1,10", "--n", "2", "--days", "2", "--chunk-size", "2",
               "--allow-off-label", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0
    assert [bool(p["off_label"]) for p in out["sweep"]] == [False, True]
    assert any(f.startswith("OFF-LABEL: dose x10") for f in out["protocol"]["flags"])


def test_published_comparison_says_when_the_population_differs() -> None:
    from igfaxis.apps.cli.trial import _population_note
    from igfaxis.scale.published import PUBLISHED

    chapman = next(t for t in PUBLISHED if t.agent == "mk-677" and t.day == 14)  # 64-81 y, both sexes
    note = _population_note(chapman, (40, 70), "any")
    assert note is not None and "ages 40-70 vs the trial's 64-81" in note and "--age 64-81" in note
    assert _population_note(chapman, (64, 81), "any") is None
    stanley = next(t for t in PUBLISHED if t.agent == "tesamorelin" and t.day == 14)  # men 45 +/- 3 y
    assert "--sex male" in (_population_note(stanley, (42, 48), "any") or "")
