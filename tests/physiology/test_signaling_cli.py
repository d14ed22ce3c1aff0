"""``igfaxis pathway``: JSON contract keys, comparison mode, plots, protocol mode, bad input exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from igfaxis.apps.cli.main import main
from igfaxis.apps.cli.pathway import CONTRACT_KEYS

REPO = Path(__file__).resolve().parents[2]


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict[str, object]:
    assert main(argv) == 0
    return dict(json.loads(capsys.readouterr().out))


def test_pattern_json_has_the_contract_keys(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plot = tmp_path / "p.png"
    out = _json(capsys, ["pathway", "--pattern", "pulsatile", "--mean-igf1", "150", "--days", "1", "--json",
                         "--plot", str(plot)])
    for key in CONTRACT_KEYS:
        value = out[key]
        assert isinstance(value, float)
        assert 0.0 <= value <= (24.0 if key == "foxo_active_hours_per_day" else 1.0)
    assert plot.stat().st_size > 10_000


def test_compare_reports_the_difference(capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(capsys, ["pathway", "--pattern", "compare", "--mean-igf1", "150", "--days", "1", "--json"])
    const, pulse, diff = out["constant"], out["pulsatile"], out["difference"]
    assert isinstance(const, dict) and isinstance(pulse, dict) and isinstance(diff, dict)
    for key in CONTRACT_KEYS:
        assert diff[key] == pytest.approx(pulse[key] - const[key])


def test_protocol_mode_carries_the_agents_assumption_flags(capsys: pytest.CaptureFixture[str]) -> None:
    proto = REPO / "examples" / "protocols" / "cjc-1295-nodac.toml"
    out = _json(capsys, ["pathway", "--protocol", str(proto), "--age", "45", "--sex", "male", "--days", "1",
                         "--json"])
    flags = out["flags"]
    assert isinstance(flags, list) and any("ASSUMPTION" in f and "cjc-1295-nodac" in f for f in flags)


def test_protocol_mode_runs_the_axis(capsys: pytest.CaptureFixture[str]) -> None:
    proto = REPO / "examples" / "protocols" / "tesamorelin.toml"
    out = _json(capsys, ["pathway", "--protocol", str(proto), "--age", "50", "--sex", "male", "--days", "1",
                         "--json"])
    assert set(CONTRACT_KEYS) <= set(out)
    assert "untreated" in out and "difference_vs_untreated" in out
    assert out["flags"] and all(f.startswith("ASSUMPTION") for f in out["flags"])  # its model-limit flag
    daily = out["daily"]
    assert isinstance(daily, dict) and len(daily["mtorc1_mean"]) == 1
    with_local = _json(capsys, ["pathway", "--protocol", str(proto), "--age", "50", "--sex", "male", "--days", "1",
                                "--local-fraction", "0.5", "--json"])
    assert float(with_local["akt_mean"]) > float(out["akt_mean"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "argv",
    [
        ["pathway", "--mean-igf1", "150"],
        ["pathway", "--pattern", "wavy", "--mean-igf1", "150"],
        ["pathway", "--pattern", "constant"],
        ["pathway", "--pattern", "constant", "--mean-igf1", "-3"],
        ["pathway", "--pattern", "pulsatile", "--mean-igf1", "150", "--pulse-width", "200"],
        ["pathway", "--protocol", "x.toml", "--age", "50"],
        ["pathway", "--pattern", "constant", "--mean-igf1", "150", "--days", "0"],
        ["pathway", "--protocol", "x.toml", "--age", "50", "--sex", "male", "--local-fraction", "-1"],
        # options of the other mode are refused, not silently ignored
        ["pathway", "--pattern", "constant", "--mean-igf1", "150", "--age", "50"],
        ["pathway", "--pattern", "compare", "--mean-igf1", "150", "--local-fraction", "0.5"],
        ["pathway", "--protocol", "x.toml", "--age", "50", "--sex", "male", "--mean-igf1", "150"],
    ],
)
def test_bad_input_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "error" in capsys.readouterr().err
