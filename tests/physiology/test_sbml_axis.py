"""Axis and axis + signalling SBML (with dose events) against igfaxis's own engines in libRoadRunner.

Stated tolerance over 2 days of a typical 50-year-old man on daily tesamorelin 2 mg: daily means of GH, total and free
IGF-1 within 1 %, the daily GH peak within 5 %; for the combined model, daily means of every signalling state within
1 % of the signalling engine driven by the axis engine's minute series of free IGF-1.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from igfaxis.apps.cli.main import main
from igfaxis.physiology import sbml, sbml_axis
from igfaxis.physiology import signaling as sg
from igfaxis.physiology.protocol import load_protocol, to_drug_inputs
from igfaxis.physiology.signaling_model import STATE_NAMES
from igfaxis.physiology.simulate import person, simulate
from igfaxis.units import IGF1_MOLAR_MASS

from ._reference import roadrunner_minutes

pytest.importorskip("roadrunner")
REPO = Path(__file__).resolve().parents[2]
DAYS = 2


@pytest.fixture(scope="module")
def drugs() -> list[object]:
    return list(to_drug_inputs(load_protocol(REPO / "examples/protocols/tesamorelin.toml"), weight_kg=75.0,
                               days=DAYS))


@pytest.fixture(scope="module")
def engine(drugs: list[object]) -> dict[str, np.ndarray]:
    tr = simulate(person(age_years=50, sex="male"), days=DAYS, drugs=drugs,  # type: ignore[arg-type]
                  minute_days=tuple(range(DAYS)))
    return {
        "gh": np.concatenate([tr.minute_gh_ug_l[d][:, 0] for d in range(DAYS)]),
        "igf1_free": np.concatenate([tr.minute_igf1_free_ng_ml[d][:, 0] for d in range(DAYS)]),
        "igf1_total_daily": tr.igf1_ng_ml[:, 0],
    }


def _run(text: str, selections: list[str]) -> np.ndarray:
    return roadrunner_minutes(text, selections, DAYS)


def test_axis_sbml_matches_the_engine(drugs: list[object], engine: dict[str, np.ndarray]) -> None:
    text = sbml.to_string("axis", age_years=50, sex="male", drugs=drugs, days=DAYS)  # type: ignore[arg-type]
    assert "s0_tesamorelin_dose0" in text and "MODEL0912096133" in text
    res = _run(text, ["gh", "igf1_total", "igf1_free"])
    for d in range(DAYS):
        day = slice(d * 1440, (d + 1) * 1440)
        assert res[day, 0].mean() == pytest.approx(engine["gh"][day].mean(), rel=0.01)
        assert res[day, 0].max() == pytest.approx(engine["gh"][day].max(), rel=0.05)
        assert res[day, 1].mean() == pytest.approx(engine["igf1_total_daily"][d], rel=0.01)
        assert res[day, 2].mean() == pytest.approx(engine["igf1_free"][day].mean(), rel=0.01)


def test_combined_sbml_matches_the_two_engines(drugs: list[object], engine: dict[str, np.ndarray]) -> None:
    doc = sbml_axis.axis_document(age_years=50, sex="male", drugs=drugs, days=DAYS,  # type: ignore[arg-type]
                                  signaling=True)
    sbml.validate(doc)
    import libsbml

    res = _run(libsbml.writeSBMLToString(doc), list(STATE_NAMES))
    ligand = engine["igf1_free"] * 1e3 / IGF1_MOLAR_MASS.value
    y0 = sg.steady_state([ligand[0]])
    ours = sg.trajectory(ligand[None, :], y0)[0]
    rel = np.abs(ours.mean(axis=0) - res.mean(axis=0)) / np.maximum(res.mean(axis=0), 1e-3)
    assert rel.max() < 0.01, STATE_NAMES[int(rel.argmax())]


def test_export_cli_axis_with_protocol(tmp_path: Path) -> None:
    out = tmp_path / "axis.xml"
    argv = ["export-sbml", "--model", "axis", "--protocol", str(REPO / "examples/protocols/ipamorelin.toml"),
            "--days", "3", str(out)]
    assert main(argv) == 0
    assert "<event" in out.read_text()
    assert main(["export-sbml", "--model", "signaling", "--protocol", "x.toml", str(out)]) == 2


@pytest.mark.parametrize(("model", "time_unit", "rate_unit"), [("axis", "hour", "per_h"),
                                                               ("signaling", "minute", "per_min")])
def test_rate_units_invert_the_time_unit(model: str, time_unit: str, rate_unit: str, tmp_path: Path) -> None:
    # SBML applies a unit's multiplier before its exponent: 1/h is (3600 s)^-1, not (s/3600)^-1
    libsbml = pytest.importorskip("libsbml")
    out = tmp_path / f"{model}.xml"
    assert main(["export-sbml", "--model", model, str(out)]) == 0
    m = libsbml.readSBMLFromFile(str(out)).getModel()
    product = libsbml.UnitDefinition.combine(m.getUnitDefinition(time_unit), m.getUnitDefinition(rate_unit))
    libsbml.UnitDefinition.simplify(product)
    (unit,) = list(product.getListOfUnits())
    assert unit.getKind() == libsbml.UNIT_KIND_DIMENSIONLESS and unit.getMultiplier() == pytest.approx(1.0)


def test_exported_agent_parameters_carry_their_sources(tmp_path: Path) -> None:
    # MK-677's PK has no primary human source: the SBML says so, as every other output does
    out = tmp_path / "mk.xml"
    assert main(["export-sbml", "--model", "axis", "--protocol", str(REPO / "examples/protocols/mk-677.toml"),
                 "--age", "60", "--sex", "male", str(out)]) == 0
    text = out.read_text()
    assert "dose stream mk-677 (ghs): assumption: no MK-677 PK" in text
    assert "scripts/calibrate_agents.py fit to the calibration cases" in text  # its fitted EC50


def test_axis_export_units_are_consistent(tmp_path: Path) -> None:
    # libsbml's unit checks: only "cannot fully check" (literal numbers carry no units), no mismatched units
    libsbml = pytest.importorskip("libsbml")
    out = tmp_path / "axis.xml"
    assert main(["export-sbml", "--model", "combined", "--protocol",
                 str(REPO / "examples/protocols/ipamorelin-cjc-1295.toml"), "--age", "50", "--sex", "male",
                 str(out)]) == 0
    doc = libsbml.readSBMLFromFile(str(out))
    doc.setConsistencyChecks(libsbml.LIBSBML_CAT_UNITS_CONSISTENCY, True)
    ids = {doc.getError(i).getErrorId() for i in range(doc.checkConsistency())}
    assert ids <= {99505}, ids


def test_axis_sbml_with_exogenous_gh_matches_the_engine() -> None:
    """The exogenous-GH receptor (a research tool's IV boluses) transcribed: IGF-1 and endogenous GH as the engine."""
    from igfaxis.physiology.tool_compounds import somatropin_iv

    gh = [somatropin_iv(weight_kg=75.0, times_h=[7.0, 13.0, 24.0 + 7.0], amounts_ug=[300.0, 300.0, 600.0])]
    tr = simulate(person(age_years=50, sex="male"), days=DAYS, drugs=gh, minute_days=tuple(range(DAYS)))
    res = _run(sbml.to_string("axis", age_years=50, sex="male", drugs=gh, days=DAYS), ["gh", "igf1_total"])
    for d in range(DAYS):
        day = slice(d * 1440, (d + 1) * 1440)
        assert res[day, 0].mean() == pytest.approx(tr.minute_gh_ug_l[d][:, 0].mean(), rel=0.01)
        assert res[day, 1].mean() == pytest.approx(tr.igf1_ng_ml[d, 0], rel=0.01)
