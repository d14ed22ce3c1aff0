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
