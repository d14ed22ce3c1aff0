"""Checks shared by the CSV and FHIR importers. Each returns :class:`Problem` s instead of raising, so an import
can collect every problem and reject the file as a whole."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable

from igfaxis.errors import ImportRejected, Problem
from igfaxis.evidence.noise import NOISE
from igfaxis.labs.models import DAYS_PER_YEAR, Person, Reading

RANGE_LOW = NOISE["measuring_range_low"]
RANGE_HIGH = NOISE["measuring_range_high"]
#: Two results on one date are "the same value" within 0.5 % (a result reported in ng/mL and in nmol/L, rounded).
SAME_VALUE_REL_TOL = 0.005
_IGF1_NAMES = {"igf1", "igfi", "insulinlikegrowthfactor1", "insulinlikegrowthfactori", "somatomedinc", "24844"}


def is_igf1_analyte(text: str) -> bool:
    """True for the usual spellings of IGF-1 (IGF-1, IGF1, IGF-I, insulin-like growth factor 1, somatomedin C)."""
    return re.sub(r"[^a-z0-9]", "", text.lower()) in _IGF1_NAMES


def check_value(
    value: float, value_ng_ml: float, *, raw: str, file: str | None, row: int | None, field: str
) -> list[Problem]:
    """Problems with a parsed concentration: non-finite, non-positive, outside the assay's measuring range."""
    if not math.isfinite(value) or value <= 0:
        return [Problem("IGF-1 must be a positive number", file=file, row=row, field=field, received=raw,
                        expected="a positive number")]
    if not (RANGE_LOW.value <= value_ng_ml <= RANGE_HIGH.value):
        return [Problem(
            f"value ({value_ng_ml:.4g} ng/mL) is outside the IDS-iSYS measuring range",
            file=file, row=row, field=field, received=raw,
            expected=f"{RANGE_LOW.value:g} to {RANGE_HIGH.value:g} ng/mL ({RANGE_LOW.source})",
        )]
    return []


def check_length(
    text: str | None, limit: int, *, what: str, file: str | None, row: int | None, field: str
) -> list[Problem]:
    """A problem for a ``text`` longer than ``limit`` characters (what the database keeps of it); it names the
    length received, not the text."""
    if text is None or len(text) <= limit:
        return []
    return [Problem(f"{what} too long", file=file, row=row, field=field, received=f"{len(text)} characters",
                    expected=f"at most {limit} characters")]


def check_date(
    date: dt.date, *, raw: str, today: dt.date, file: str, row: int | None, field: str
) -> list[Problem]:
    if date > today:
        return [Problem("date lies in the future", file=file, row=row, field=field, received=raw,
                        expected=f"a date on or before {today.isoformat()}")]
    return []


def adult_reference_ages() -> tuple[float, float]:
    """The youngest and oldest age (years) the IGF-1 reference covers (Bidlingmaier 2014: 18 to 94)."""
    from igfaxis.evidence.lms import MAX_AGE, MIN_AGE  # the LMS table loads on import: only when needed

    return MIN_AGE.value, MAX_AGE.value


def check_ages(
    items: Iterable[tuple[Reading, int | None]], person: Person, *, file: str | None, field: str = "date"
) -> list[Problem]:
    """Problems for readings the interpretation cannot place (``items`` = (reading, row)): dated before the
    person's birth, or on a date when their age lies outside the adult reference (18-94 years). For a person
    known only by age, that age is checked once (field ``age``)."""
    low, high = adult_reference_ages()
    span = "the span of the IDS-iSYS reference of Bidlingmaier 2014, not extrapolated"
    born = person.birth_date
    if born is None:
        age = person.age_on(dt.date.today())  # the stated age, whatever the date
        if low <= age <= high:
            return []
        return [Problem("no adult IGF-1 reference for the person's age", file=file, field="age", received=f"{age:g}",
                        expected=f"{low:g} to {high:g} years, {span}")]
    first = born + dt.timedelta(days=math.ceil(low * DAYS_PER_YEAR))
    last = born + dt.timedelta(days=math.floor(high * DAYS_PER_YEAR))
    problems = []
    for reading, row in items:
        when = reading.date
        if when < born:
            problems.append(Problem("reading dated before the person's birth", file=file, row=row, field=field,
                                    received=when.isoformat(),
                                    expected=f"a date on or after the birth date {born.isoformat()}"))
            continue
        age = person.age_on(when)
        if not (low <= age <= high):
            problems.append(Problem(
                f"the person was {age:.1f} years old on this date, outside the adult IGF-1 reference",
                file=file, row=row, field=field, received=when.isoformat(),
                expected=f"a date from {first.isoformat()} to {last.isoformat()}, when a person born on "
                         f"{born.isoformat()} is {low:g} to {high:g} years old: {span}",
            ))
    return problems


def check_duplicates(items: list[tuple[Reading, int]], *, file: str, field: str = "date") -> list[Problem]:
    """Problems for readings on the same date with different values (``items`` = (reading, row))."""
    first: dict[dt.date, tuple[Reading, int]] = {}
    problems = []
    for reading, row in items:
        if reading.date in first:
            prev, prev_row = first[reading.date]
            if not math.isclose(prev.value_ng_ml, reading.value_ng_ml, rel_tol=SAME_VALUE_REL_TOL):
                problems.append(Problem(
                    "duplicate date with a different value", file=file, row=row, field=field,
                    received=f"{reading.date.isoformat()} = {reading.value:g} {reading.unit}",
                    expected=f"one value per date (row {prev_row} has {prev.value:g} {prev.unit} on that date)",
                ))
        else:
            first[reading.date] = (reading, row)
    return problems


def finish(items: list[tuple[Reading, int]], problems: list[Problem], *, file: str, person: Person | None = None,
           date_field: str = "date") -> list[Reading]:
    """Reject the import if there is any problem; else the readings, identical duplicates dropped, by date.

    With ``person``, a reading dated before their birth or at an age outside the reference is a problem too."""
    problems = problems + check_duplicates(items, file=file)
    if person is not None:
        problems += check_ages(items, person, file=file, field=date_field)
    if not items and not problems:
        problems.append(Problem("no IGF-1 readings found", file=file, expected="at least one IGF-1 reading"))
    if problems:
        raise ImportRejected(*_ordered(problems))
    unique: dict[dt.date, Reading] = {}
    for reading, _ in items:
        unique.setdefault(reading.date, reading)
    return sorted(unique.values(), key=lambda r: r.date)


def _ordered(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.row if p.row is not None else -1))

