"""SBML export: libsbml consistency, and libRoadRunner (CVODE) trajectories match igfaxis's own engine.

Stated tolerance, over a day of square pulses of free IGF-1 (set between segments in roadrunner): daily means of every
state within 1 %, pulse peaks of Akt, mTORC1 and S6K within 5 %.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from igfaxis.apps.cli.main import main
from igfaxis.physiology import sbml
from igfaxis.physiology import signaling as sg
from igfaxis.physiology.exposure import square_pulses
from igfaxis.physiology.signaling_model import INDEX, STATE_NAMES
from igfaxis.physiology.signaling_params import SIGNALING_PARAMS

roadrunner = pytest.importorskip("roadrunner")


def test_signaling_sbml_is_valid_and_annotated() -> None:
    import libsbml

    doc = sbml.signaling_document()
    sbml.validate(doc)  # raises on any error
    model = doc.getModel()
    assert model.getNumRules() == len(STATE_NAMES) + 2  # rate rules + ligand + Akt assignment
    assert model.getTimeUnits() == "minute"
    for name in SIGNALING_PARAMS:
        p = model.getParameter(name)
        assert p is not None and p.isSetUnits() and SIGNALING_PARAMS[name].source.split()[0] in p.getNotesString()
    assert model.getNumCVTerms() >= 2
    text = libsbml.writeSBMLToString(doc)
    assert "MODEL1204060000" in text


def test_roadrunner_matches_the_engine() -> None:
    lig = square_pulses(150.0, days=1).free_igf1_nM[0]
    y0 = sg.steady_state([lig.mean()])[0]
    doc = sbml.signaling_document(igf1_free_nM=float(lig[0]), initial=dict(zip(STATE_NAMES, y0.tolist(), strict=True)))
    rr = roadrunner.RoadRunner(sbml.to_string_document(doc))
    rr.integrator.relative_tolerance = 1e-9
    rr.integrator.absolute_tolerance = 1e-12
    rr.timeCourseSelections = ["time", *STATE_NAMES]
    edges = [0, *(np.flatnonzero(np.diff(lig)) + 1).tolist(), lig.size]
    rows = []
    for a, b in itertools.pairwise(edges):
        rr["igf1_free"] = float(lig[a])
        res = rr.simulate(float(a), float(b), int(b - a) + 1)
        rows.append(np.asarray(res)[1:, 1:])
    ref = np.concatenate(rows)  # state at the end of each minute
    got = sg.trajectory(lig[None, :], y0[None, :])[0]
    rel_mean = np.abs(got.mean(axis=0) - ref.mean(axis=0)) / np.maximum(ref.mean(axis=0), 1e-3)
    assert rel_mean.max() < 0.01, STATE_NAMES[int(rel_mean.argmax())]
    akt_ref = ref[:, INDEX["akt_t308"]] * ref[:, INDEX["akt_s473"]]
    akt_got = got[:, INDEX["akt_t308"]] * got[:, INDEX["akt_s473"]]
    assert akt_got.max() == pytest.approx(akt_ref.max(), rel=0.05)
    for state in ("mtorc1", "s6k", "foxo_nuclear"):
        assert got[:, INDEX[state]].max() == pytest.approx(ref[:, INDEX[state]].max(), rel=0.05)


def test_export_cli_writes_valid_sbml(tmp_path: Path) -> None:
    import libsbml

    out = tmp_path / "signaling.xml"
    assert main(["export-sbml", "--model", "signaling", str(out)]) == 0
    doc = libsbml.readSBMLFromFile(str(out))
    assert doc.getNumErrors(libsbml.LIBSBML_SEV_ERROR) == 0
    assert doc.getModel().getParameter("igf1_free") is not None


def test_export_cli_rejects_unknown_model(tmp_path: Path) -> None:
    assert main(["export-sbml", "--model", "kidney", str(tmp_path / "x.xml")]) == 2
