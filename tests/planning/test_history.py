"""Protocol start dates: from the TOML, from --protocol-start, or inferred from reading notes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from igfaxis.errors import InputError, ProtocolError
from igfaxis.planning.history import build_timeline, load_current_protocol, says_treated
from igfaxis.planning.responses import planned_stop_day

from .conftest import reading

D = dt.date.fromisoformat


def test_start_date_in_toml(files: dict[str, Path]) -> None:
    prot, start = load_current_protocol(files["tes.toml"])
    assert start == D("2026-03-09") and prot.doses[0].agent == "tesamorelin"


def test_bad_start_date_names_the_field(tmp_path: Path) -> None:
    p = tmp_path / "p.toml"
    p.write_text('start_date = "soon"\n[[dose]]\nagent = "mk-677"\namount = "10 mg"\nroute = "oral"\n')
    with pytest.raises(ProtocolError) as exc:
        load_current_protocol(p)
    assert exc.value.problems[0].field == "start_date"


def test_off_label_history_is_kept_and_flagged(tmp_path: Path) -> None:
    p = tmp_path / "p.toml"
    p.write_text('[[dose]]\nagent = "tesamorelin"\namount = "4 mg"\nroute = "sc"\nevery = "1 day"\n')
    prot, _ = load_current_protocol(p)
    assert any(f.startswith("OFF-LABEL") for f in prot.flags)


@pytest.mark.parametrize("note,expected", [("untreated", False), ("untreated baseline before protocol", False),
                                           ("on protocol", True), ("8 weeks on MK-677", True),
                                           ("fasting sample", None), (None, None)])
def test_notes(note: str | None, expected: bool | None) -> None:
    assert says_treated(note, ["mk-677"]) is expected


def test_inferred_start_and_excluded_earlier_protocol(files: dict[str, Path]) -> None:
    prot, _ = load_current_protocol(files["tes.toml"])
    rs = [reading("2026-01-10", 105, "untreated"), reading("2026-03-02", 112, "untreated"),
          reading("2026-04-20", 150, "on protocol"), reading("2026-06-15", 162, "on protocol")]
    tl = build_timeline(rs, current=prot, start_date=None, plan_date=D("2026-07-01"), stop_day_of=planned_stop_day)
    assert tl.date_of(tl.current_start_day or 0) == D("2026-03-23")  # 28 days before the first treated reading
    assert "inferred" in tl.start_source and tl.warnings
    tl2 = build_timeline(rs, current=prot, start_date=D("2026-05-01"), plan_date=D("2026-07-01"),
                         stop_day_of=planned_stop_day)
    assert [r.date for r in tl2.excluded] == [D("2026-04-20")]


def test_treated_readings_after_the_planned_stop_are_left_out(tmp_path: Path) -> None:
    # a 12-week protocol, but the notes say treatment went on: those readings are not the untreated baseline
    p = tmp_path / "p.toml"
    p.write_text('start_date = 2025-05-01\n[[dose]]\nagent = "mk-677"\namount = "10 mg"\nroute = "oral"\n'
                 'every = "1 day"\nstop_day = 84\n')
    prot, start = load_current_protocol(p)
    rs = [reading("2025-04-07", 95, "untreated"), reading("2025-06-16", 150, "on protocol"),
          reading("2025-09-22", 168, "on protocol"), reading("2025-12-01", 101),
          reading("2026-01-12", 180, "on MK-677")]
    tl = build_timeline(rs, current=prot, start_date=start, plan_date=D("2026-02-01"), stop_day_of=planned_stop_day)
    assert [r.date for r in tl.excluded] == [D("2025-09-22"), D("2026-01-12")]
    assert [r.date for r in tl.readings] == [D("2025-04-07"), D("2025-06-16"), D("2025-12-01")]  # un-noted: kept
    assert any("after the current protocol's planned stop (2025-07-24" in w for w in tl.warnings)


def test_unknown_start_is_an_input_error(files: dict[str, Path]) -> None:
    prot, _ = load_current_protocol(files["tes.toml"])
    with pytest.raises(InputError) as exc:
        build_timeline([reading("2026-01-10", 105)], current=prot, start_date=None, plan_date=D("2026-02-01"))
    assert "--protocol-start" in str(exc.value)
