"""The outcome block: JSON shape, goals without trial evidence, input errors, and the sourcing contract."""

from __future__ import annotations

import json

import numpy as np
import pytest

from igfaxis.errors import InputError
from igfaxis.labs.models import Sex
from igfaxis.outcomes import AgentCourse, OutcomePerson, body_composition, forecast_outcomes, glucose, registry, vat
from igfaxis.outcomes.findings import FINDINGS

from .helpers import fake_hazard, trajectory

KEYS = {"value", "ci90", "unit", "source", "extrapolated"}


def test_as_dict_has_the_interface_keys_and_is_json(hiv_man: OutcomePerson) -> None:
    igf = trajectory(130.0, 0.8, 120)
    courses = [AgentCourse("tesamorelin", 2.0), AgentCourse("mk-677", 25.0)]
    d = forecast_outcomes(igf, courses=courses, person=hiv_man, hazard_fn=fake_hazard).as_dict()
    json.dumps(d)
    assert set(d["models"]) == {"vat", "fat_free_mass", "body_weight", "fasting_glucose", "mortality_hazard"}
    for name, entry in d["models"].items():
        assert set(entry) >= KEYS, name
        lo, hi = entry["ci90"]
        assert lo <= entry["value"] <= hi, name
        assert isinstance(entry["extrapolated"], bool)
    assert d["not_supported"] == ["longevity"]


@pytest.mark.parametrize(("agents", "expected"), [
    (("tesamorelin",), ["recovery_sleep", "longevity"]),
    (("mk-677",), ["fat_loss", "longevity"]),
    (("ipamorelin",), ["fat_loss", "lean_mass", "recovery_sleep", "longevity"]),
    (("cjc-1295", "ipamorelin"), ["fat_loss", "lean_mass", "recovery_sleep", "longevity"]),
    (("sermorelin",), ["fat_loss", "lean_mass", "recovery_sleep", "longevity"]),
])
def test_not_supported_goals(agents: tuple[str, ...], expected: list[str], hiv_man: OutcomePerson) -> None:
    block = forecast_outcomes(np.full(20, 120.0), courses=[AgentCourse(a) for a in agents], person=hiv_man,
                              hazard_fn=fake_hazard)
    assert list(block.not_supported) == expected
    assert set(block.as_dict()["models"]) <= {"vat", "fat_free_mass", "body_weight", "fasting_glucose",
                                              "mortality_hazard"}


def test_mk677_block_carries_sleep_and_bone_findings(older_woman: OutcomePerson) -> None:
    block = forecast_outcomes(trajectory(95, 0.5, 30), courses=[AgentCourse("mk-677", 25.0)], person=older_woman,
                              hazard_fn=fake_hazard)
    keys = {f.key for f in block.findings}
    assert {"sleep_young", "sleep_older", "bone_markers_elderly"} <= keys
    assert block.goals["recovery_sleep"]["support"] == "finding"
    assert all(f["kind"] == "reported_finding" for f in block.as_dict()["findings"])


def test_bad_inputs_name_the_field(hiv_man: OutcomePerson) -> None:
    with pytest.raises(InputError) as err:
        forecast_outcomes([120.0, -3.0, 130.0], courses=[], person=hiv_man)
    assert err.value.problems[0].field == "igf1_ng_ml" and err.value.problems[0].row == 1
    with pytest.raises(InputError, match="unknown agent"):
        AgentCourse("hgh")
    with pytest.raises(InputError) as err2:
        OutcomePerson(age_years=50, sex=Sex.male, fasting_glucose_mmol_l=110.0)
    assert err2.value.problems[0].field == "fasting_glucose_mmol_l"


def test_every_parameter_and_target_is_sourced() -> None:
    for table in (vat.PARAMS, body_composition.PARAMS, glucose.PARAMS, glucose.THRESHOLDS):
        for p in table.values():
            assert p.unit and p.source.strip(), p.name
            assert np.isfinite(p.value), p.name
            if p.assumption:
                assert p.note, p.name
    for t in vat.TARGETS + body_composition.FFM_TARGETS + glucose.MK677_TARGETS + glucose.TESAMORELIN_TARGETS:
        assert t.source and t.se > 0 and t.se_note, t.name
    for f in FINDINGS:
        assert f.source and f.statement


def test_registry_lists_every_model() -> None:
    assert set(registry()) == {"vat", "fat_free_mass", "body_weight", "fasting_glucose", "mortality_hazard"}


def test_explicit_baseline_sets_the_reference(hiv_man: OutcomePerson) -> None:
    igf = trajectory(130.0, 0.86, 120)[1:]  # day 0 already dosed: pass the untreated value explicitly
    with_base = forecast_outcomes(igf, courses=[AgentCourse("tesamorelin", 2.0)], person=hiv_man, models=["vat"],
                                  baseline_ng_ml=130.0)
    assert with_base.as_dict()["baseline_igf1_ng_ml"] == 130.0
    without = forecast_outcomes(igf, courses=[AgentCourse("tesamorelin", 2.0)], person=hiv_man, models=["vat"])
    assert with_base.result("vat").value < without.result("vat").value
    with pytest.raises(InputError):
        forecast_outcomes(igf, courses=[], person=hiv_man, baseline_ng_ml=0.0)
