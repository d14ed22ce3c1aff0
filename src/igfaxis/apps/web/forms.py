"""Form fields -> domain objects, with located problems (field, received, expected) for the page."""

from __future__ import annotations

import datetime as dt

from igfaxis.errors import InputError, Problem
from igfaxis.labs.models import DAYS_PER_YEAR, MAX_AGE_YEARS, Person, Sex
from igfaxis.storage import MAX_PERIOD_NAME_LENGTH, MAX_PERSON_NAME_LENGTH, ProtocolPeriod


def _date(text: str, field: str, problems: list[Problem], *, required: bool) -> dt.date | None:
    text = text.strip()
    if not text:
        if required:
            problems.append(Problem("required", field=field, expected="a date YYYY-MM-DD"))
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(Problem("not a date", field=field, received=text, expected="a date YYYY-MM-DD"))
        return None


def _float(text: str, field: str, problems: list[Problem], expected: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        problems.append(Problem("not a number", field=field, received=text, expected=expected))
        return None


def _too_long(text: str, field: str, limit: int, problems: list[Problem]) -> None:
    """A problem naming the length of a ``text`` longer than the ``limit`` characters its column keeps (PostgreSQL
    would refuse it with a database error; SQLite would keep it)."""
    if len(text) > limit:
        problems.append(Problem(f"{field} too long", field=field, received=f"{len(text)} characters",
                                expected=f"at most {limit} characters"))


def person_from_form(*, name: str, sex: str, birth_date: str, age_years: str, weight_kg: str) -> Person:
    """A Person from the add-person form (or the JSON API); raises InputError listing every problem (a name longer
    than the database keeps among them)."""
    problems: list[Problem] = []
    _too_long(name.strip(), "name", MAX_PERSON_NAME_LENGTH, problems)
    parsed_sex: Sex | None = None
    try:
        parsed_sex = Sex.parse(sex)
    except InputError as exc:
        problems += exc.problems
    born = _date(birth_date, "birth_date", problems, required=False)
    today = dt.date.today()
    if born is not None and born > today:
        problems.append(Problem("birth date in the future", field="birth_date", received=birth_date,
                                expected="a past date"))
    elif born is not None and (today - born).days / DAYS_PER_YEAR > MAX_AGE_YEARS:
        problems.append(Problem("birth date too far in the past", field="birth_date", received=birth_date,
                                expected=f"a birth date less than {MAX_AGE_YEARS} years ago"))
    age = _float(age_years, "age_years", problems, "an age in years, e.g. 52")
    weight = _float(weight_kg, "weight_kg", problems, "a weight in kg, e.g. 70")
    if born is None and age is None and not any(p.field in ("birth_date", "age_years") for p in problems):
        problems.append(Problem("give a birth date or an age", field="birth_date", expected="YYYY-MM-DD or years"))
    if problems or parsed_sex is None:
        raise InputError(*problems) if problems else InputError("bad person")
    return Person(sex=parsed_sex, birth_date=born, age_years=None if born else age, weight_kg=weight,
                  name=name.strip() or None)


def _example_protocol(example: str, problems: list[Problem]) -> tuple[str | None, str]:
    """The TOML text and file name of the example protocol ``example`` (a file stem in ``examples/protocols``)."""
    from .sim_view import example_protocols, examples_dir

    known, folder = example_protocols(), examples_dir()
    if folder is None or example not in known:
        problems.append(Problem("unknown example protocol", field="example", received=example,
                                expected=" | ".join(known) or "no examples in this installation"))
        return None, "protocol"
    file = f"{example}.toml"
    return (folder / file).read_text(encoding="utf-8"), file


def period_from_form(*, name: str, start_date: str, end_date: str, note: str = "", person: Person | None = None,
                     today: dt.date | None = None, protocol_toml: str | None = None,
                     protocol_file: str = "protocol", example: str = "") -> ProtocolPeriod:
    """A protocol period from the form (or the JSON API); raises InputError listing every problem: no name or one
    longer than the database keeps, a start before the person's birth date or more than a day after ``today`` (a
    record of what was taken, not a plan), an end before the start, an unknown ``example`` protocol or one given
    beside ``protocol_toml``, a protocol text the protocol parser refuses (it is stored so the planner can use the
    period as the current protocol; off-label doses are accepted here and flagged wherever the protocol is used)."""
    today = today or dt.date.today()
    problems: list[Problem] = []
    if not name.strip():
        problems.append(Problem("required", field="name", expected="the protocol's name, e.g. tesamorelin 1 mg/day"))
    else:
        _too_long(name.strip(), "name", MAX_PERIOD_NAME_LENGTH, problems)
    start = _date(start_date, "start_date", problems, required=True)
    end = _date(end_date, "end_date", problems, required=False)
    born = person.birth_date if person is not None else None
    if start and born and start < born:
        problems.append(Problem("starts before the person's birth date", field="start_date", received=start_date,
                                expected=f"on or after the birth date {born.isoformat()}"))
    latest = today + dt.timedelta(days=1)
    if start and start > latest:
        problems.append(Problem("starts in the future", field="start_date", received=start_date,
                                expected=f"a start on or before {latest.isoformat()}: record a protocol once it "
                                         "has begun"))
    if start and end and end < start:
        problems.append(Problem("ends before it starts", field="end_date", received=end_date,
                                expected=f"on or after {start.isoformat()}"))
    toml = (protocol_toml or "").strip() or None
    example = example.strip()
    if example and toml is not None:
        problems.append(Problem("both an example protocol and a protocol text", field="example", received=example,
                                expected="either an example protocol or the protocol text (protocol_toml), not both"))
        toml = None
    elif example:
        text, protocol_file = _example_protocol(example, problems)
        toml = (text or "").strip() or None
    if toml is not None:
        from igfaxis.physiology.protocol import parse_protocol

        try:
            parse_protocol(toml, file=protocol_file, allow_off_label=True)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems or start is None:
        raise InputError(*problems)
    return ProtocolPeriod(name=name.strip(), start_date=start, end_date=end, note=note.strip() or None,
                          protocol_toml=toml)
