from __future__ import annotations

import pytest

from igfaxis.evidence.zones import THRESHOLDS, ZONES, classify, default_zones


@pytest.mark.parametrize(
    ("value", "zone"),
    [(10, "frailty_risk"), (79.99, "frailty_risk"), (80, "below_optimal"), (119.99, "below_optimal"),
     (120, "optimal"), (160, "optimal"), (160.01, "upper_acceptable"), (175, "upper_acceptable"),
     (175.01, "elevated"), (1200, "elevated")],
)
def test_zone_boundaries(value: float, zone: str) -> None:
    assert classify(value).name == zone


def test_zones_are_sourced_data() -> None:
    for p in THRESHOLDS.values():
        assert p.unit == "ng/mL" and p.source.strip()
        if p.assumption:
            assert p.note
    assert "Rahmani" in THRESHOLDS["optimal_low"].source
    assert not THRESHOLDS["optimal_low"].assumption
    assert [z.name for z in ZONES] == ["frailty_risk", "below_optimal", "optimal", "upper_acceptable", "elevated"]
    assert all(z.sources for z in ZONES)


def test_zones_are_configurable() -> None:
    zones = default_zones(THRESHOLDS.replace(optimal_high=150.0))
    assert classify(155, zones).name == "upper_acceptable"
    assert classify(155).name == "optimal"



def test_zones_bounded_by_an_assumed_cut_off_carry_it() -> None:
    # 80 and 175 ng/mL have no primary source as thresholds: every zone they bound says so, the optimal band does not
    by_name = {z.name: z for z in ZONES}
    assert by_name["optimal"].assumptions == ()
    for name, cut in (("frailty_risk", "80"), ("below_optimal", "80"), ("upper_acceptable", "175"),
                      ("elevated", "175")):
        (note,) = by_name[name].assumptions
        assert note.startswith(f"{cut} ng/mL zone cut-off: an assumption")


def test_report_lists_the_assumptions_behind_its_zones() -> None:
    import datetime as dt

    from igfaxis.labs.models import Person, Reading, Sex
    from igfaxis.reports.assemble import assemble_report

    person = Person(sex=Sex.male, birth_date=dt.date(1971, 5, 2))
    data = assemble_report(person, [Reading(date=dt.date(2025, 1, 20), value_ng_ml=98.0, value=98.0, unit="ng/mL")])
    assert data.as_dict()["assumptions"] == [
        "80 ng/mL zone cut-off: an assumption (no primary source gives it as a threshold)"]
