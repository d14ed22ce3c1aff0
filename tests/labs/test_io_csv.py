"""CSV import: one test per bad-input case (message names file, row, field, value, expectation; nothing kept),
plus a Hypothesis round trip of random valid readings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from igfaxis.errors import ImportRejected
from igfaxis.labs.io_csv import parse_readings_csv, read_readings_csv
from igfaxis.labs.models import Reading

TODAY = dt.date(2026, 11, 26)
HEADER = "date,value,unit\n"


def _reject(tmp_path: Path, text: str) -> ImportRejected:
    path = tmp_path / "labs.csv"
    path.write_text(text, encoding="utf-8")
    result: list[Reading] | None = None
    with pytest.raises(ImportRejected) as info:
        result = read_readings_csv(path, today=TODAY)
    assert result is None  # nothing partial comes back
    return info.value


def _assert_names(err: ImportRejected, *, row: int, field: str, received: str, expected: str) -> None:
    assert len(err.problems) == 1
    p = err.problems[0]
    assert p.file is not None and p.file.endswith("labs.csv")
    assert (p.row, p.field, p.received) == (row, field, received)
    assert p.expected is not None and expected in p.expected
    text = str(err)
    for part in ("labs.csv", f"row {row}", f"'{field}'", repr(received), expected):
        assert part in text


def test_reads_example(examples_dir: Path) -> None:
    readings = read_readings_csv(examples_dir / "patient-igf1.csv", today=TODAY)
    assert len(readings) >= 5
    assert [r.date for r in readings] == sorted(r.date for r in readings)
    nmol = next(r for r in readings if r.unit == "nmol/L")
    assert nmol.value_ng_ml == pytest.approx(nmol.value * 7.649)
    assert {r.assay for r in readings} >= {"IDS-iSYS"}


def test_missing_column(tmp_path: Path) -> None:
    err = _reject(tmp_path, "date,value\n2025-01-01,150\n")
    _assert_names(err, row=1, field="unit", received="date,value", expected="date,value,unit")


def test_unknown_unit(tmp_path: Path) -> None:
    err = _reject(tmp_path, HEADER + "2025-01-01,150,ng/mL\n2025-02-01,15,mg/dL\n")
    _assert_names(err, row=3, field="unit", received="mg/dL", expected="nmol/L")


def test_non_numeric_value(tmp_path: Path) -> None:
    err = _reject(tmp_path, HEADER + "2025-01-01,<10,ng/mL\n")
    _assert_names(err, row=2, field="value", received="<10", expected="a positive number")


@pytest.mark.parametrize("value", ["0", "-12"])
def test_non_positive_value(tmp_path: Path, value: str) -> None:
    err = _reject(tmp_path, HEADER + f"2025-01-01,{value},ng/mL\n")
    _assert_names(err, row=2, field="value", received=value, expected="a positive number")


@pytest.mark.parametrize(("value", "unit"), [("1500", "ng/mL"), ("5", "ng/mL"), ("200", "nmol/L")])
def test_outside_assay_measuring_range(tmp_path: Path, value: str, unit: str) -> None:
    err = _reject(tmp_path, HEADER + f"2025-01-01,{value},{unit}\n")
    _assert_names(err, row=2, field="value", received=value, expected="10 to 1200 ng/mL")


def test_future_date(tmp_path: Path) -> None:
    err = _reject(tmp_path, HEADER + "2025-01-01,150,ng/mL\n2026-11-27,150,ng/mL\n")
    _assert_names(err, row=3, field="date", received="2026-11-27", expected="on or before 2026-11-26")


def test_bad_date(tmp_path: Path) -> None:
    err = _reject(tmp_path, HEADER + "01/02/2025,150,ng/mL\n")
    _assert_names(err, row=2, field="date", received="01/02/2025", expected="YYYY-MM-DD")


def test_duplicate_date_with_different_value(tmp_path: Path) -> None:
    err = _reject(tmp_path, HEADER + "2025-01-01,150,ng/mL\n2025-03-01,140,ng/mL\n2025-01-01,170,ng/mL\n")
    _assert_names(err, row=4, field="date", received="2025-01-01 = 170 ng/mL", expected="row 2 has 150 ng/mL")


def test_duplicate_date_with_same_value_is_kept_once(tmp_path: Path) -> None:
    path = tmp_path / "labs.csv"
    path.write_text(HEADER + "2025-01-01,150,ng/mL\n2025-01-01,19.61,nmol/L\n2025-01-01,150,ug/L\n")
    readings = read_readings_csv(path, today=TODAY)
    assert len(readings) == 1  # the same result reported in ng/mL, nmol/L (rounded) and µg/L
    assert readings[0].value_ng_ml == 150.0


def test_other_analyte(tmp_path: Path) -> None:
    err = _reject(tmp_path, "date,value,unit,analyte\n2025-01-01,3.5,ng/mL,IGFBP-3\n")
    _assert_names(err, row=2, field="analyte", received="IGFBP-3", expected="IGF-1")


def test_empty_file_and_missing_file(tmp_path: Path) -> None:
    err = _reject(tmp_path, "")
    assert "empty" in str(err)
    err = _reject(tmp_path, HEADER)
    assert "no IGF-1 readings" in str(err)
    with pytest.raises(ImportRejected, match="not found"):
        read_readings_csv(tmp_path / "nope.csv")


def test_every_problem_is_collected(tmp_path: Path) -> None:
    err = _reject(tmp_path, HEADER + "2025-01-01,abc,ng/mL\n2025-02-01,150,g\n2030-01-01,150,ng/mL\n")
    assert [(p.row, p.field) for p in err.problems] == [(2, "value"), (3, "unit"), (4, "date")]


_units = st.sampled_from(["ng/mL", "µg/L", "ug/L", "mcg/L", "nmol/L"])
_reading = st.tuples(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=TODAY),
    st.floats(min_value=10.0, max_value=1200.0, allow_nan=False),
    _units,
    st.sampled_from(["", "IDS-iSYS", "Roche Elecsys"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_reading, min_size=1, max_size=12, unique_by=lambda r: r[0]))
def test_csv_round_trip(rows: list[tuple[dt.date, float, str, str]]) -> None:
    factor = {"nmol/L": 7.649}
    lines = ["date,value,unit,assay"]
    for d, ng_ml, unit, assay in rows:
        value = ng_ml / factor.get(unit, 1.0)
        lines.append(f"{d.isoformat()},{value!r},{unit},{assay}")
    readings = parse_readings_csv("\n".join(lines) + "\n", file="rt.csv", today=TODAY)
    expected = sorted(rows, key=lambda r: r[0])
    assert [r.date for r in readings] == [r[0] for r in expected]
    for got, (_, ng_ml, _unit, assay) in zip(readings, expected, strict=True):
        assert got.value_ng_ml == pytest.approx(ng_ml, rel=1e-12)
        assert got.assay == (assay or None)
        assert got.unit in {"ng/mL", "µg/L", "ug/L", "mcg/L", "nmol/L"}


def test_row_with_more_cells_than_the_header(tmp_path: Path) -> None:
    err = _reject(tmp_path, HEADER + "2024-11-14,98,ng/mL,extra,more,x,y,z\n")
    assert len(err.problems) == 1
    p = err.problems[0]
    assert p.row == 2 and p.field is None
    assert p.received == "8 cells: 2024-11-14,98,ng/mL,extra,more,x,y,z"
    assert p.expected == "3 cells, one per column: date,value,unit"
    assert "labs.csv, row 2" in str(err) and "5 more cells than the header" in str(err)


def test_short_row_names_the_missing_column(tmp_path: Path) -> None:
    err = _reject(tmp_path, HEADER + "2025-01-01,150,ng/mL\n2025-02-01,150\n")
    _assert_names(err, row=3, field="unit", received="2 cells: 2025-02-01,150", expected="3 cells")
    assert "the 'unit' column is missing" in str(err)
    err = _reject(tmp_path, "date,value,unit,assay,lab\n2025-01-01,150,ng/mL,City Lab\n")  # assay or lab?
    _assert_names(err, row=2, field="lab", received="4 cells: 2025-01-01,150,ng/mL,City Lab",
                  expected="5 cells, one per column: date,value,unit,assay,lab")


def test_empty_trailing_cells_and_unnamed_columns_are_harmless(tmp_path: Path) -> None:
    path = tmp_path / "labs.csv"
    path.write_text(HEADER + "2025-01-01,150,ng/mL,,\n", encoding="utf-8")
    assert [r.value_ng_ml for r in read_readings_csv(path, today=TODAY)] == [150.0]
    path.write_text("date,value,unit,,\n2025-01-01,150,ng/mL\n", encoding="utf-8")  # a spreadsheet's export
    assert [r.value_ng_ml for r in read_readings_csv(path, today=TODAY)] == [150.0]


def test_reading_before_birth_or_outside_the_reference_ages(tmp_path: Path) -> None:
    from igfaxis.labs.models import Person, Sex

    person = Person(sex=Sex.male, birth_date=dt.date(1971, 5, 2))
    path = tmp_path / "labs.csv"
    path.write_text(HEADER + "2024-01-01,150,ng/mL\n1960-03-01,150,ng/mL\n1980-01-01,150,ng/mL\n", encoding="utf-8")
    result: list[Reading] | None = None
    with pytest.raises(ImportRejected) as info:
        result = read_readings_csv(path, today=TODAY, person=person)
    assert result is None
    before, child = info.value.problems
    assert (before.row, before.field, before.received) == (3, "date", "1960-03-01")
    assert before.expected == "a date on or after the birth date 1971-05-02"
    assert "before the person's birth" in before.message and str(before).startswith(f"{path}, row 3")
    assert (child.row, child.field, child.received) == (4, "date", "1980-01-01")
    assert "8.7 years old" in child.message
    assert child.expected is not None and "from 1989-05-02 to 2065-04-30" in child.expected
    assert len(read_readings_csv(path, today=TODAY)) == 3  # without a person only the file itself is checked


def test_reference_age_limits_are_those_of_the_interpretation() -> None:
    from igfaxis.labs.interpret import interpret_value
    from igfaxis.labs.models import Person, Sex

    person = Person(sex=Sex.female, birth_date=dt.date(1971, 5, 2))
    first, last = dt.date(1989, 5, 2), dt.date(2065, 4, 30)  # the dates the messages give
    text = "date,value,unit\n" + "".join(f"{d.isoformat()},150,ng/mL\n" for d in (first, last))
    readings = parse_readings_csv(text, today=dt.date(2100, 1, 1), person=person)
    for r in readings:
        interpret_value(r.value_ng_ml, age_years=person.age_on(r.date), sex=person.sex)  # does not raise
    for outside in (first - dt.timedelta(days=1), last + dt.timedelta(days=1)):
        with pytest.raises(ImportRejected, match=outside.isoformat()):
            parse_readings_csv(f"date,value,unit\n{outside.isoformat()},150,ng/mL\n", today=dt.date(2100, 1, 1),
                               person=person)


def test_person_known_by_age_outside_the_reference(tmp_path: Path) -> None:
    from igfaxis.labs.models import Person, Sex

    with pytest.raises(ImportRejected) as info:
        parse_readings_csv(HEADER + "2025-01-01,150,ng/mL\n", file="labs.csv", today=TODAY,
                           person=Person(sex=Sex.male, age_years=12))
    (p,) = info.value.problems
    assert (p.file, p.field, p.received) == ("labs.csv", "age", "12")
    assert p.expected is not None and p.expected.startswith("18 to 94 years")


def test_assay_or_lab_longer_than_the_database_keeps(tmp_path: Path) -> None:
    from igfaxis.labs.models import MAX_ASSAY_LENGTH, MAX_LAB_LENGTH

    assay, lab = "A" * MAX_ASSAY_LENGTH, "L" * MAX_LAB_LENGTH
    fits = f"date,value,unit,assay,lab\n2025-01-01,150,ng/mL,{assay},{lab}\n"
    (r,) = parse_readings_csv(fits, file="labs.csv", today=TODAY)
    assert (r.assay, r.lab) == (assay, lab)
    err = _reject(tmp_path, f"date,value,unit,assay,lab\n2025-01-01,150,ng/mL,{assay}A,{lab}\n"
                            f"2025-02-01,150,ng/mL,IDS-iSYS,{lab}L\n")
    assert [(p.row, p.field, p.message, p.received, p.expected) for p in err.problems] == [
        (2, "assay", "assay too long", f"{MAX_ASSAY_LENGTH + 1} characters", f"at most {MAX_ASSAY_LENGTH} characters"),
        (3, "lab", "lab too long", f"{MAX_LAB_LENGTH + 1} characters", f"at most {MAX_LAB_LENGTH} characters"),
    ]
    assert assay not in str(err)  # the length, not the whole text
