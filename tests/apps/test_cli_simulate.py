"""``igfaxis simulate``: JSON contract, minute CSV, plot, protocol, bad input exits 2."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from igfaxis.apps.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "protocols"


def test_simulate_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["simulate", "--age", "45", "--sex", "male", "--weight-kg", "75", "--baseline-igf1", "150",
               "--days", "3", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0
    assert out["days"] == [0, 1, 2]
    assert len(out["igf1_ng_ml"]) == 3 and len(out["gh_ug_l"]) == 3
    assert {"baseline_igf1_ng_ml", "final_igf1_ng_ml", "max_igf1_ng_ml", "day_of_max", "gh_pulses_per_day",
            "gh_24h_integrated_ug_l_min"} <= set(out["summary"])
    assert out["model"] == {"name": "igfaxis-axis", "version": "1.2.5", "seed": None}
    assert abs(out["summary"]["baseline_igf1_ng_ml"] - 150) / 150 < 0.02
    assert 9 <= out["summary"]["gh_pulses_per_day"] <= 17


def test_simulate_seed_is_reproducible(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["simulate", "--age", "60", "--sex", "female", "--days", "1", "--seed", "9", "--json"]
    assert main(args) == 0
    a = json.loads(capsys.readouterr().out)
    assert main(args) == 0
    b = json.loads(capsys.readouterr().out)
    assert a == b and a["model"]["seed"] == 9


def test_simulate_plot_and_minute_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    png, mcsv = tmp_path / "gh.png", tmp_path / "gh.csv"
    rc = main(["simulate", "--age", "30", "--sex", "female", "--days", "2", "--plot", str(png), "--minute-gh",
               str(mcsv), "--sleep", "22:30-06:30"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "IGF-1 baseline" in out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    with mcsv.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2 * 1440
    assert {r["day"] for r in rows} == {"0", "1"}
    assert all(float(r["gh_ug_l"]) > 0 for r in rows)


@pytest.mark.skipif(not (EXAMPLES / "tesamorelin.toml").exists(), reason="example protocol not present")
def test_simulate_with_protocol_raises_igf1(capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["simulate", "--age", "50", "--sex", "male", "--days", "10", "--json", "--protocol",
               str(EXAMPLES / "tesamorelin.toml")])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0
    assert out["summary"]["final_igf1_ng_ml"] > out["summary"]["baseline_igf1_ng_ml"]
    assert out["protocol"]["name"] != "untreated"


def test_simulate_warns_when_the_pulses_stop_on_treatment(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    # A sustained ghrelin-receptor drive can switch the model's pulse generator to a tonic state (docs/model.md); a
    # forecast whose last day has no GH pulses must say it is that model limit, and one with pulses must not. A
    # typical 72-y woman starting 25 mg MK-677 daily on day 5 lands in it at axis 1.2.5; the check below holds
    # whichever way a later axis goes.
    proto = tmp_path / "mk.toml"
    proto.write_text('name = "MK-677 from day 5"\n[[dose]]\nagent = "mk-677"\namount = "25 mg"\nroute = "oral"\n'
                     'every = "1 day"\nat = "08:00"\nstart_day = 5\n')
    for extra in ([], ["--protocol", str(proto)]):
        rc = main(["simulate", "--age", "72", "--sex", "female", "--days", "35", "--json", *extra])
        out = json.loads(capsys.readouterr().out)
        assert rc == 0
        stopped = out["summary"]["gh_pulses_last_day"] == 0 < out["summary"]["gh_pulses_per_day"]
        assert len(out["warnings"]) == (1 if stopped and extra else 0)
        if out["warnings"]:
            assert "model limit" in out["warnings"][0] and "tonic state" in out["warnings"][0]


def test_tonic_state_warning_only_when_the_pulses_stop() -> None:
    from igfaxis.physiology.simulate import tonic_state_warning

    assert tonic_state_warning(13, 12, 30) is None
    assert tonic_state_warning(0, 0, 30) is None  # no pulses before either: nothing stopped
    text = tonic_state_warning(13, 0, 30)
    assert text is not None and "0 on day 30, 13 on day 0" in text


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--age", "45", "--sex", "robot", "--days", "2"], "sex"),
        (["--age", "45", "--sex", "male", "--days", "0"], "days"),
        (["--age", "10", "--sex", "male", "--days", "2"], "age"),
        (["--age", "45", "--sex", "male", "--days", "2", "--sleep", "late"], "sleep"),
        (["--age", "45", "--sex", "male", "--days", "2", "--baseline-igf1", "-3"], "baseline"),
        (["--age", "45", "--sex", "male", "--days", "2", "--protocol", "/nonexistent/p.toml"], "p.toml"),
    ],
)
def test_simulate_bad_input_exits_2(args: list[str], needle: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", *args]) == 2
    assert needle in capsys.readouterr().err
