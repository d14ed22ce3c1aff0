"""Import IGF-1 readings from CSV.

Header ``date,value,unit`` is required; ``analyte`` (default IGF-1), ``assay``, ``lab`` and ``note`` are optional;
other columns are ignored. Every row has one cell per header column: a row that stops early (a missing column) or
carries more non-empty cells than the header has columns (data no column names) is a problem; empty trailing cells
are harmless. Dates are ISO ``YYYY-MM-DD``; units are ng/mL, µg/L, ug/L, mcg/L or nmol/L; an assay or a lab longer
than the database keeps (:data:`~igfaxis.labs.models.MAX_ASSAY_LENGTH`, :data:`~igfaxis.labs.models.MAX_LAB_LENGTH`
characters) is a problem. Given the ``person``, a reading dated before their birth or at an age outside the adult
reference (18-94 years) is a problem. Rows are numbered as lines of the file (the header is row 1). Every problem is
collected; if there is any, the whole file is rejected with :class:`ImportRejected` and nothing is returned.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from igfaxis.errors import ImportRejected, Problem
from igfaxis.labs.igf1_units import ACCEPTED_UNITS, IGF1_UNIT_FACTORS, canonical_unit
from igfaxis.labs.models import IGF1_ANALYTE, MAX_ASSAY_LENGTH, MAX_LAB_LENGTH, Person, Reading
from igfaxis.labs.validate import check_date, check_length, check_value, finish, is_igf1_analyte

REQUIRED = ("date", "value", "unit")
OPTIONAL = ("analyte", "assay", "lab", "note")


def read_readings_csv(path: str | Path, *, today: dt.date | None = None, person: Person | None = None) -> list[Reading]:
    """Readings of the CSV file at ``path``, sorted by date; :class:`ImportRejected` on any problem (with
    ``person``, also on a reading their age on its date puts outside the reference)."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportRejected(Problem("file not found", file=name, expected="an existing CSV file")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportRejected(Problem(f"cannot read file: {exc}", file=name, expected="a UTF-8 CSV file")) from None
    return parse_readings_csv(text, file=name, today=today, person=person)


def parse_readings_csv(
    text: str, *, file: str = "<csv>", today: dt.date | None = None, person: Person | None = None
) -> list[Reading]:
    """Readings from CSV ``text`` (``file`` names it in messages; ``person`` as for :func:`read_readings_csv`)."""
    today = today or dt.date.today()
    reader = csv.reader(io.StringIO(text))
    header_row = next(reader, None)
    if header_row is None or not any(h.strip() for h in header_row):
        raise ImportRejected(Problem("file is empty", file=file, row=1,
                                     expected="a header line 'date,value,unit' and one line per reading"))
    header = [h.strip().lower() for h in header_row]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportRejected(*[
            Problem("missing required column", file=file, row=1, field=c, received=",".join(header_row),
                    expected=f"a header with columns {','.join(REQUIRED)} (optional: {','.join(OPTIONAL)})")
            for c in missing
        ])
    index = {c: header.index(c) for c in (*REQUIRED, *OPTIONAL) if c in header}
    items: list[tuple[Reading, int]] = []
    problems: list[Problem] = []
    for cells in reader:
        row = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        shape = _shape_problem(cells, header_row, file=file, row=row)
        if shape is not None:  # cells would land in the wrong columns: checking them would only mislead
            problems.append(shape)
            continue
        got = {c: (cells[i].strip() if i < len(cells) else "") for c, i in index.items()}
        reading, row_problems = _parse_row(got, file=file, row=row, today=today)
        problems += row_problems
        if reading is not None:
            items.append((reading, row))
    return finish(items, problems, file=file, person=person)


def _shape_problem(cells: list[str], header_row: list[str], *, file: str, row: int) -> Problem | None:
    """A problem if the row stops before a named column, or has non-empty cells beyond the header's last column."""
    columns = ",".join(h.strip() for h in header_row)
    expected = f"{len(header_row)} cells, one per column: {columns}"
    missing = [h.strip() for h in header_row[len(cells):]]
    if any(missing):  # columns without a name (a header ending in a comma) may be left off
        missing = [m for m in missing if m]
        which = f"the '{missing[0]}' column is" if len(missing) == 1 else \
            f"the columns {', '.join(repr(m) for m in missing)} are"
        return Problem(f"row ends early: {which} missing", file=file, row=row, field=missing[0],
                       received=f"{len(cells)} cells: {','.join(cells)}", expected=expected)
    extra = cells[len(header_row):]
    if any(c.strip() for c in extra):
        return Problem(f"row has {len(extra)} more cells than the header has columns", file=file, row=row,
                       received=f"{len(cells)} cells: {','.join(cells)}", expected=expected)
    return None


def _parse_row(got: dict[str, str], *, file: str, row: int, today: dt.date) -> tuple[Reading | None, list[Problem]]:
    problems: list[Problem] = []

    def bad(field: str, message: str, expected: str) -> None:
        problems.append(Problem(message, file=file, row=row, field=field, received=got.get(field, ""),
                                expected=expected))

    analyte = got.get("analyte") or IGF1_ANALYTE
    if not is_igf1_analyte(analyte):
        bad("analyte", "not an IGF-1 reading", "IGF-1 (or empty); other analytes cannot be imported here")
        return None, problems  # the other checks are about IGF-1 and would only add noise
    date: dt.date | None = None
    try:
        date = dt.date.fromisoformat(got["date"])
    except ValueError:
        bad("date", "not a date", "an ISO date YYYY-MM-DD")
    if date is not None:
        problems += check_date(date, raw=got["date"], today=today, file=file, row=row, field="date")
    value: float | None = None
    try:
        value = float(got["value"])
    except ValueError:
        bad("value", "value is not a number", "a positive number, e.g. 142 (the unit goes in the 'unit' column)")
    unit = canonical_unit(got["unit"])
    if unit is None:
        bad("unit", "unknown IGF-1 unit", ACCEPTED_UNITS)
    value_ng_ml = None
    if value is not None:
        value_ng_ml = value * IGF1_UNIT_FACTORS[unit] if unit is not None else value
        checked = check_value(value, value_ng_ml, raw=got["value"], file=file, row=row, field="value")
        if unit is None:  # without a unit only the sign can be checked
            checked = [p for p in checked if "positive" in p.message]
        problems += checked
    for field, limit in (("assay", MAX_ASSAY_LENGTH), ("lab", MAX_LAB_LENGTH)):
        problems += check_length(got.get(field), limit, what=field, file=file, row=row, field=field)
    if problems or date is None or value is None or unit is None or value_ng_ml is None:
        return None, problems
    reading = Reading(date=date, value_ng_ml=value_ng_ml, value=value, unit=unit, analyte=IGF1_ANALYTE,
                      assay=got.get("assay") or None, lab=got.get("lab") or None, note=got.get("note") or None)
    return reading, []
