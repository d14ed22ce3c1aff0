"""``igfaxis agents``, ``igfaxis validate`` (argument handling) and the protocol fields of ``igfaxis simulate``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from igfaxis.apps.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "protocols"


def test_agents_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agents", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    by_id = {a["id"]: a for a in out["agents"]}
    assert set(by_id) == {"tesamorelin", "sermorelin", "cjc-1295", "cjc-1295-nodac", "ipamorelin", "mk-677"}
    assert by_id["tesamorelin"]["routes"]["sc"]["dose_range"] == "1–2 mg"
    assert by_id["mk-677"]["routes"]["oral"]["dose_range"] == "2–50 mg"
    assert by_id["ipamorelin"]["routes"]["sc"]["studied_in_humans"] is False
    for a in by_id.values():
        assert a["class"] and a["regulatory_status"] and a["evidence_level"]
        assert all(p["unit"] and p["source"] for p in a["pd"])  # PD parameters as sourced data
    ec50 = {p["name"]: p for p in by_id["mk-677"]["pd"]}["ec50"]
    assert ec50["unit"] == "ng/mL" and "calibration interval" in ec50["note"]


def test_agents_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agents"]) == 0
    text = capsys.readouterr().out
    assert "tesamorelin" in text and "assumption" in text


def test_validate_rejects_unknown_role(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--role", "both"]) == 2
    assert "--role" in capsys.readouterr().err


def test_simulate_with_protocol_reports_doses_peaks_and_assumptions(capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["simulate", "--age", "45", "--sex", "male", "--weight-kg", "75", "--days", "3", "--json",
               "--protocol", str(EXAMPLES / "ipamorelin-cjc-1295.toml")])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    assert [d["agent"] for d in out["doses"]][:2] == ["ipamorelin", "cjc-1295"]
    assert out["doses"][0]["clock"] == "22:00" and out["doses"][0]["amount_ug"] == pytest.approx(225.0)
    assert out["agents"]["ipamorelin"]["plasma_peak"]["value"] > 0
    assert any("not studied" in a for a in out["agents"]["ipamorelin"]["assumptions"])
    assert out["protocol"]["flags"]
    assert out["igf1_ng_ml"][-1] > out["igf1_ng_ml"][0]


def test_simulate_off_label_exits_2_unless_allowed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proto = tmp_path / "hi.toml"
    proto.write_text('name = "too much"\n[[dose]]\nagent = "mk-677"\namount = "100 mg"\nroute = "oral"\n')
    base = ["simulate", "--age", "60", "--sex", "female", "--days", "1", "--json", "--protocol", str(proto)]
    assert main(base) == 2
    err = capsys.readouterr().err
    assert "hi.toml" in err and "row 1" in err and "amount" in err
    assert main([*base, "--allow-off-label"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert any(f.startswith("OFF-LABEL") for f in out["protocol"]["flags"])
    assert out["agents"]["mk-677"]["off_label"]


def test_simulate_route_not_studied_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proto = tmp_path / "oral.toml"
    proto.write_text('[[dose]]\nagent = "tesamorelin"\namount = "2 mg"\nroute = "oral"\n')
    assert main(["simulate", "--age", "40", "--sex", "male", "--days", "1", "--protocol", str(proto)]) == 2
    assert "route not studied for tesamorelin" in capsys.readouterr().err
