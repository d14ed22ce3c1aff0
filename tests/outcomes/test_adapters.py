"""Protocol -> AgentCourse adapter."""

from __future__ import annotations

from igfaxis.outcomes import AgentCourse, courses_from_protocol
from igfaxis.physiology.protocol import parse_protocol

TEXT = """
name = "combo"
[[dose]]
agent = "tesamorelin"
amount = "2 mg"
route = "sc"
every = "1 day"
stop_day = 182
[[dose]]
agent = "mk-677"
amount = "12.5 mg"
route = "oral"
every = "12 h"
[[dose]]
agent = "cjc-1295"
amount = "60 ug/kg"
route = "sc"
"""


def test_streams_become_courses() -> None:
    # MK-677 twice daily is more often than published (once daily): accepted off-label for the adapter's arithmetic
    proto = parse_protocol(TEXT, allow_off_label=True)
    courses = {c.agent: c for c in courses_from_protocol(proto, weight_kg=80.0, days=365)}
    assert courses["tesamorelin"] == AgentCourse("tesamorelin", 2.0, 1.0, 0, 182, "sc")
    assert courses["mk-677"].daily_dose_mg == 25.0
    assert courses["mk-677"].stop_day is None
    cjc = courses["cjc-1295"]
    assert cjc.dose_mg == 4.8 and cjc.every_days is None and cjc.stop_day == 1


def test_per_kg_dose_without_weight_is_unknown() -> None:
    proto = parse_protocol(TEXT, allow_off_label=True)
    courses = {c.agent: c for c in courses_from_protocol(proto, weight_kg=None, days=30)}
    assert courses["cjc-1295"].dose_mg is None
