"""``igfaxis report PERSON_OR_FILE --out report.html|report.pdf``: a clinical IGF-1 report.

PERSON_OR_FILE is a readings CSV, a FHIR JSON file, or a person in the database (id or name). Files carry no
person (CSV) or may lack sex/birth date (FHIR): ``--sex`` and ``--birth-date``/``--age`` supply them. Heavy
imports (matplotlib, WeasyPrint, SQLAlchemy) happen inside the command body.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from igfaxis.errors import InputError, Problem

if TYPE_CHECKING:
    from igfaxis.labs.models import Person, Reading
    from igfaxis.reports.data import ProtocolPeriod

FILE_SUFFIXES = (".csv", ".json")
#: How to unblock a stored person whose reading the reference cannot place (appended to each problem).
STORED_FIX = "correct the person's birth date, or delete that reading on the person's page in the web app"


def _load_file(path: Path, *, sex: str | None, birth_date: str | None, age: float | None,
               name: str | None) -> tuple[Person, list[Reading], str]:
    """Person and readings from a file, with exactly the checks ``igfaxis interpret`` makes (shared code)."""
    from igfaxis.apps.cli.interpret import parse_date, person_and_readings
    from igfaxis.labs.models import Sex

    the_sex = Sex.parse(sex, field="--sex") if sex is not None else None
    born = parse_date(birth_date, "--birth-date") if birth_date is not None else None
    person, readings = person_and_readings(path, age=age, sex=the_sex, birth=born, name=name)
    return person, readings, name or person.name or path.stem


def _check_stored_ages(person: Person, readings: list[Reading], label: str) -> None:
    """:class:`InputError` naming each stored reading the reference cannot place (dated before the birth date,
    or at an age outside 18-94 years), with how to fix it, instead of a bare age error from deep inside."""
    from igfaxis.labs.validate import check_ages

    problems = check_ages([(r, None) for r in sorted(readings, key=lambda r: r.date)], person,
                          file=f"stored person '{label}'")
    if problems:
        raise InputError(*[replace(p, expected=f"{p.expected}; {STORED_FIX}") for p in problems])


def _load_person(ident: str) -> tuple[Person, list[Reading], str, tuple[ProtocolPeriod, ...], dict[str, Any] | None]:
    """A stored person by id or name, with readings, protocol periods and latest plan."""
    from igfaxis.config import Settings
    from igfaxis.errors import StorageError
    from igfaxis.reports.data import ProtocolPeriod

    try:
        from igfaxis.storage import Actor, Database, NotFound, Repository
    except ImportError:  # pragma: no cover - storage layer not installed
        raise InputError(Problem("person not found: the database is not available", received=ident)) from None

    settings = Settings()
    url = settings.resolved_database_url()
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        raise InputError(Problem(
            "person not found: the database is not initialised", received=ident,
            expected="a readings .csv / FHIR .json file, or run 'igfaxis db upgrade' and add the person first"))
    db = Database(url)
    try:
        if db.current_revision() is None:
            raise InputError(Problem("person not found: the database is not initialised", received=ident,
                                     expected="run 'igfaxis db upgrade' first"))
        with db.session() as session:
            repo = Repository(session, Actor.local())
            if ident.strip().isdigit():
                person_id = int(ident)
            else:
                matches = [p for p in repo.list_people() if (p.person.name or "").casefold() == ident.casefold()]
                if len(matches) != 1:
                    why = "person not found" if not matches else f"{len(matches)} people have that name"
                    raise InputError(Problem(why, field="PERSON_OR_FILE", received=ident,
                                             expected="a person id, a unique name, or a readings file"))
                person_id = matches[0].id
            try:
                record = repo.load(person_id)
            except NotFound:
                raise InputError(Problem("person not found", field="PERSON_OR_FILE", received=ident,
                                         expected="the id or name of a stored person")) from None
    except (InputError, NotFound):
        raise
    except Exception as exc:  # driver errors (connection refused, bad schema) arrive unwrapped; exit 1, no trace
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StorageError(f"could not read the database at {db.display_url()}: {first_line}") from exc
    finally:
        db.dispose()
    periods = tuple(ProtocolPeriod(p.name, p.start_date, p.end_date) for p in record.protocol_periods)
    plan: dict[str, Any] | None = None
    if record.latest_plan is not None:
        plan = {"created": record.latest_plan.created_at.date().isoformat(), "status": record.latest_plan.status,
                **record.latest_plan.plan}
    readings = [r.reading for r in record.readings]
    _check_stored_ages(record.person, readings, record.stored.label)
    return record.person, readings, record.stored.label, periods, plan


def register(app: typer.Typer) -> None:
    @app.command()
    def report(
        source: str = typer.Argument(..., metavar="PERSON_OR_FILE",
                                     help="A readings CSV, a FHIR JSON file, or a stored person's id or name."),
        out: Path | None = typer.Option(None, "--out", "-o", help="Where to write: report.html or report.pdf."),
        sex: str | None = typer.Option(None, "--sex", help="male or female (files without a Patient)."),
        birth_date: str | None = typer.Option(None, "--birth-date", help="YYYY-MM-DD (files without a Patient)."),
        age: float | None = typer.Option(None, "--age", help="Age in years, if the birth date is unknown."),
        name: str | None = typer.Option(None, "--name", help="Name shown in the report header (files only)."),
        as_json: bool = typer.Option(False, "--json", help="Print the report data as JSON."),
    ) -> None:
        """Write a clinical IGF-1 report (HTML or PDF): results, chart, interpretation, plan, sources."""
        from igfaxis.reports.render import report_format, write_report

        if out is None and not as_json:
            raise InputError(Problem("nowhere to write the report", field="--out",
                                     expected="--out report.html or --out report.pdf (or --json)"))
        if out is not None:
            report_format(out)
        path = Path(source)
        protocols: tuple[ProtocolPeriod, ...] = ()
        plan: dict[str, Any] | None = None
        if path.suffix.lower() in FILE_SUFFIXES or path.exists():
            person, readings, label = _load_file(path, sex=sex, birth_date=birth_date, age=age, name=name)
        else:
            given = [opt for opt, v in (("--sex", sex), ("--birth-date", birth_date), ("--age", age),
                                        ("--name", name)) if v is not None]
            if given:  # a stored person's own details are used; silently ignoring these would mislead
                raise InputError(Problem(f"{', '.join(given)} {'applies' if len(given) == 1 else 'apply'} only to a "
                                         "readings file", field=given[0],
                                         received=f"{source!r}, a stored person",
                                         expected="the stored person's details (edit them on the person's page in "
                                                  "igfaxis serve), or a CSV/FHIR file"))
            person, readings, label, protocols, plan = _load_person(source)

        from igfaxis.reports.assemble import assemble_report

        data = assemble_report(person, readings, person_label=label, protocols=protocols, plan=plan)
        if out is not None:
            write_report(data, out)
        if as_json:
            from igfaxis.apps.cli._output import print_json

            print_json({"out": str(out) if out is not None else None, **data.as_dict()})
            return
        from igfaxis.apps.cli._output import console

        latest = data.current
        summary = f", latest {latest.value_ng_ml:.0f} ng/mL on {latest.date.isoformat()}" if latest else ""
        console().print(f"wrote {out} ({len(data.rows)} results{summary})", soft_wrap=True)
