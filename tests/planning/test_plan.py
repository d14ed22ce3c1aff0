"""End to end: readings -> plan; the CLI contract; safety in the recommendation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from igfaxis.apps.cli.main import main
from igfaxis.labs.io_csv import read_readings_csv
from igfaxis.planning.candidates import OFFERS
from igfaxis.planning.history import load_current_protocol
from igfaxis.planning.plan import DISCLAIMER, PlanRequest, make_plan
from igfaxis.planning.safety import dose_problem

PLAN_DATE = dt.date(2026, 9, 10)


def _plan(files: dict[str, Path], csv: str, toml: str | None, goal: str = "lean_mass", **kw: object) -> object:
    cur, start = load_current_protocol(files[toml]) if toml else (None, None)
    return make_plan(PlanRequest(readings=read_readings_csv(files[csv]), age_years=52.0, sex="male",
                                 goal=goal, weight_kg=82.0, current=cur, current_start=start,  # type: ignore[arg-type]
                                 plan_date=PLAN_DATE, **kw))  # type: ignore[arg-type]


def _cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["plan", *args, "--json", "--plan-date", "2026-11-26"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_cli_json_contract(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    d = _cli_json(capsys, "--readings", str(files["readings.csv"]), "--age", "52", "--sex", "male", "--weight-kg",
                  "82", "--goal", "lean_mass", "--current-protocol", str(files["tes.toml"]))
    for key in ("status", "blocked_reasons", "candidates", "recommendation", "retest", "disclaimer"):
        assert key in d
    assert d["status"] == "ok" and d["disclaimer"] == DISCLAIMER
    cands = d["candidates"]
    assert isinstance(cands, list)
    names = [c["name"] for c in cands]
    assert d["recommendation"] in names
    for c in cands:
        for key in ("name", "protocol", "forecast", "p_in_target", "p_above_175", "mortality_hr", "warnings"):
            assert key in c
        f = c["forecast"]
        lo, hi = f["igf1_90ci_ng_ml"]
        assert lo < f["igf1_median_ng_ml"] < hi and f["day"] >= 0
        assert 0.0 <= c["p_in_target"] <= 1.0 and c["mortality_hr"] > 0
    kinds = {c["kind"] for c in cands}
    assert {"continue", "pause", "switch"} <= kinds
    retest = d["retest"]
    assert isinstance(retest, dict) and dt.date.fromisoformat(retest["date"]) > PLAN_DATE and retest["reason"]
    for c in cands:
        if c["protocol"] is not None and c["kind"] in ("start", "switch"):
            assert c["regulatory_status"]


def test_naive_person_gets_no_stimulation_and_goal_offers(files: dict[str, Path],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    csv = files["readings.csv"].with_name("naive.csv")
    csv.write_text("date,value,unit\n2026-01-10,95,ng/mL\n2026-03-02,101,ng/mL\n2026-05-02,98,ng/mL\n"
                   "2026-07-02,104,ng/mL\n2026-08-30,99,ng/mL\n")
    d = _cli_json(capsys, "--readings", str(csv), "--age", "60", "--sex", "female", "--goal", "fat_loss",
                  "--target", "110-150")
    cands = d["candidates"]
    assert isinstance(cands, list)
    assert cands[0]["name"] == "no stimulation"
    assert {c["protocol"]["doses"][0]["agent"] for c in cands[1:]} == {"tesamorelin"}
    assert d["target_ng_ml"] == [110.0, 150.0]
    assert all(c["forecast"]["igf1_median_ng_ml"] < 130 for c in cands if c["protocol"] is None)


def test_above_175_on_protocol_is_never_recommended_more(files: dict[str, Path]) -> None:
    plan = _plan(files, "high.csv", "mk.toml", goal="lean_mass")
    d = plan.as_dict()  # type: ignore[attr-defined]
    assert any(s["rule"] == "igf1_high_on_treatment" for s in d["safety"])
    by = {c["name"]: c for c in d["candidates"]}
    rec = by[d["recommendation"]]
    assert rec["kind"] in ("reduce_dose", "reduce_frequency", "pause")
    assert rec["forecast"]["igf1_median_ng_ml"] < by["continue"]["forecast"]["igf1_median_ng_ml"]
    assert not by["continue"]["allowed"]
    assert all(not c["allowed"] for c in d["candidates"] if c["kind"] == "switch")


def test_contraindication_blocks_stimulation(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    d = _cli_json(capsys, "--readings", str(files["readings.csv"]), "--age", "52", "--sex", "male", "--goal",
                  "lean_mass", "--current-protocol", str(files["tes.toml"]), "--condition", "active_cancer")
    assert d["status"] == "blocked" and d["blocked_reasons"]
    assert d["recommendation"] == "pause"
    for c in d["candidates"]:  # type: ignore[union-attr]
        assert c["allowed"] == (c["protocol"] is None)


def test_recommended_doses_stay_in_published_range(files: dict[str, Path]) -> None:
    plan = _plan(files, "readings.csv", None, goal="recovery_sleep")
    for f in plan.forecasts:  # type: ignore[attr-defined]
        if f.candidate.protocol is not None:
            assert dose_problem(f.candidate.protocol, weight_kg=82.0) is None
    assert set(OFFERS)


@pytest.mark.parametrize("args,field", [
    (["--goal", "bulk"], "goal"), (["--condition", "flu"], "condition"), (["--target", "160-120"], "--target"),
    (["--sex", "x"], "--sex"), (["--age", "12"], "--age"), (["--protocol-start", "soon"], "--protocol-start"),
    # a US user's mg/dL number, a negative value, an HbA1c in mmol/mol: refused, not silently used
    (["--fasting-glucose", "100"], "--fasting-glucose"), (["--fasting-glucose", "-3"], "--fasting-glucose"),
    (["--hba1c", "60"], "--hba1c"),
    (["--condition", "pregnancy"], "pregnancy given for a man"),
])
def test_bad_input_exits_2(files: dict[str, Path], capsys: pytest.CaptureFixture[str], args: list[str],
                           field: str) -> None:
    base = {"--readings": str(files["readings.csv"]), "--age": "52", "--sex": "male", "--goal": "lean_mass",
            "--current-protocol": str(files["tes.toml"])}
    for i in range(0, len(args), 2):
        base[args[i]] = args[i + 1]
    argv = ["plan"] + [x for kv in base.items() for x in kv]
    assert main(argv) == 2
    assert field in capsys.readouterr().err


def test_human_output(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--readings", str(files["readings.csv"]), "--age", "52", "--sex", "male", "--goal",
                 "fat_loss", "--current-protocol", str(files["tes.toml"]), "--plan-date", "2026-09-10"]) == 0
    out = capsys.readouterr().out
    assert "Recommendation" in out and "Retest" in out and "licensed clinician" in out


def test_retest_day_follows_kinetics_and_the_agent(files: dict[str, Path]) -> None:
    from igfaxis.planning.forecast import min_retest_days

    plan = _plan(files, "readings.csv", "tes.toml", goal="lean_mass")
    fc = {f.candidate.name: f for f in plan.forecasts}  # type: ignore[attr-defined]
    d = plan.timeline.plan_day  # type: ignore[attr-defined]
    assert min_retest_days() == 4  # ln(10)/0.0262 h = 88 h
    assert all(f.day - d >= 4 for f in fc.values())
    cjc = fc["switch: CJC-1295 (DAC) 30 ug/kg SC weekly"]
    assert (cjc.day - d) % 7 == 6 and "dosing cycle" in cjc.retest_reason  # trough before the next weekly dose
    assert cjc.day >= fc["pause"].day


def test_fhir_readings(examples_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = _cli_json(capsys, "--readings", str(examples_dir / "patient-igf1.fhir.json"), "--age", "58", "--sex",
                  "female", "--goal", "longevity")
    assert d["status"] == "ok" and d["candidates"]


def test_glucose_with_its_unit(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--readings", str(files["readings.csv"]), "--age", "52", "--sex", "male", "--goal", "lean_mass"]
    assert main(["plan", *args, "--fasting-glucose", "100 mg/dL", "--json", "--plan-date", "2026-11-26"]) == 0
    mg = json.loads(capsys.readouterr().out)
    assert main(["plan", *args, "--fasting-glucose", "5.55", "--json", "--plan-date", "2026-11-26"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == mg["status"]  # 100 mg/dL = 5.55 mmol/L


def test_readme_example_reads_its_notes(examples_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # README's plan example: the sermorelin file stops after 12 weeks, the notes say treatment went on
    assert main(["plan", "--readings", str(examples_dir / "patient-igf1.csv"), "--age", "55", "--sex", "male",
                 "--goal", "longevity", "--current-protocol", str(examples_dir / "protocols" / "sermorelin.toml"),
                 "--protocol-start", "2025-05-01", "--plan-date", "2026-11-26", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    hi = out["individual"]["untreated_igf1_ng_ml"][2]
    assert hi < 125  # the three untreated readings are 93-104 ng/mL; the later "on protocol" ones are left out
    assert len(out["timeline"]["readings_excluded"]) == 4
    flagged = [c for c in out["candidates"] if c["p_above_175"] > 0.5]
    assert all(c["warnings"] or c["refused_because"] for c in flagged)
    per_kg = next(c for c in out["candidates"] if "Sermorelin 10 ug/kg" in c["name"])  # what is injected at 75 kg
    assert per_kg["dose_at_weight"] == [{"agent": "sermorelin", "route": "sc", "amount_ug": 750.0, "weight_kg": 75.0}]


def test_a_start_forecast_likely_above_175_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # untreated 150-158 ng/mL at 45 y: every stimulating option would likely take IGF-1 above 175 ng/mL
    csv = tmp_path / "upper.csv"
    csv.write_text("date,value,unit,note\n2026-01-10,150,ng/mL,untreated\n2026-04-12,158,ng/mL,untreated\n")
    assert main(["plan", "--readings", str(csv), "--age", "45", "--sex", "male", "--goal", "lean_mass",
                 "--plan-date", "2026-05-01", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    likely_high = [c for c in out["candidates"] if c["kind"] == "start" and c["p_above_175"] > 0.5]
    assert likely_high
    assert all(any("forecast likely above 175" in r for r in c["refused_because"]) for c in likely_high)
    assert out["recommendation"] == "no stimulation"


def test_a_high_reading_the_fit_leaves_out_still_forbids_stimulation(examples_dir: Path, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    # 210 ng/mL "on tesamorelin" after the sermorelin file's stop: left out of the fit, but it is the latest level
    csv = tmp_path / "high.csv"
    csv.write_text("date,value,unit,note\n2024-10-14,98,ng/mL,untreated\n2025-01-20,104,ng/mL,untreated\n"
                   "2025-06-16,151,ng/mL,on protocol\n2026-08-31,210,ng/mL,on tesamorelin\n")
    assert main(["plan", "--readings", str(csv), "--age", "55", "--sex", "male", "--goal", "lean_mass",
                 "--current-protocol", str(examples_dir / "protocols" / "sermorelin.toml"), "--protocol-start",
                 "2025-05-01", "--plan-date", "2026-09-05", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    stimulating = [c for c in out["candidates"] if c["kind"] in ("start", "switch", "continue")]
    assert stimulating and not any(c["allowed"] for c in stimulating)
    assert out["recommendation"] == "no stimulation"
    likely_high = [c for c in stimulating if c["p_above_175"] > 0.5]
    assert all(any("forecast likely above 175" in r for r in c["refused_because"]) for c in likely_high)


def _cjc_weekly(top: str = "", dose: str = "") -> str:
    """CJC-1295 30 ug/kg weekly at 08:00, with extra top-level and dose lines."""
    return (f'name = "CJC-1295 weekly"\n{top}[[dose]]\nagent = "cjc-1295"\namount = "30 ug/kg"\nroute = "sc"\n'
            f'every = "7 days"\nat = "08:00"\n{dose}')


def _plan_on_cjc(tmp_path: Path, capsys: pytest.CaptureFixture[str], protocol: str, readings: str,
                 *args: str) -> dict[str, object]:
    """``igfaxis plan --json`` for a man on ``protocol`` (TOML) with ``readings`` (CSV rows after the header)."""
    proto, csv = tmp_path / "cjc.toml", tmp_path / "r.csv"
    proto.write_text(protocol)
    csv.write_text("date,value,unit,note\n" + readings)
    assert main(["plan", "--readings", str(csv), "--sex", "male", "--current-protocol", str(proto), *args,
                 "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_weekly_agent_retests_at_its_trough_even_without_an_expected_change(tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = _plan_on_cjc(tmp_path, capsys, _cjc_weekly(top="start_date = 2026-06-01\n"),
                       "2026-03-02,118,ng/mL,untreated\n2026-05-04,121,ng/mL,untreated\n"
                       "2026-08-03,150,ng/mL,on protocol\n2026-09-01,152,ng/mL,on protocol\n",
                       "--age", "35", "--goal", "recovery_sleep", "--plan-date", "2026-09-05")
    cont = next(c for c in out["candidates"] if c["kind"] == "continue")  # type: ignore[attr-defined]
    day = (dt.date.fromisoformat(cont["forecast"]["date"]) - dt.date(2026, 6, 1)).days
    assert day % 7 == 6 and "trough" in cont["retest_reason"]  # the day before the next dose


def test_a_course_that_ended_months_ago_no_longer_raises_the_forecast(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    # CJC-1295 x3 weekly, last dose 2026-04-29; the axis model keeps IGF-1 up for ~2 months after a saturating
    # long-acting dose. The washout used to be simulated for 57 days and its last day held for good (+23 % four
    # months later); now it runs until it is over, so no stimulation forecasts the untreated level.
    out = _plan_on_cjc(tmp_path, capsys, _cjc_weekly(dose="count = 3\n"),
                       "2026-03-01,95,ng/mL,untreated\n2026-04-01,98,ng/mL,untreated\n",
                       "--age", "40", "--goal", "longevity", "--protocol-start", "2026-04-15",
                       "--plan-date", "2026-09-01")
    untreated = out["individual"]["untreated_igf1_ng_ml"][1]  # type: ignore[index]
    none = next(c for c in out["candidates"] if c["kind"] == "none")  # type: ignore[attr-defined]
    assert none["forecast"]["level_median_ng_ml"] == pytest.approx(untreated, rel=0.02)
