"""``igfaxis report PERSON_OR_FILE --out report.html|report.pdf``: a clinical IGF-1 report.

PERSON_OR_FILE is a readings CSV, a FHIR JSON file, or a person in the database (id or name). Files carry no
person (CSV) or may lack sex/birth date (FHIR): ``--sex`` and ``--birth-date``/``--age`` supply them. Heavy
imports (matplotlib, WeasyPrint, SQLAlchemy) happen inside the command body.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from igfaxis.errors import InputError, Problem

if TYPE_CHECKING:
    from igfaxis.labs.models import Person, Reading
    from igfaxis.reports.data import ProtocolPeriod

FILE_SUFFIXES = (".csv", ".json")


def _parse_date(text: str, *, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(Problem("not a date", field=field, received=text, expected="YYYY-MM-DD")) from None


def _person_from_options(*, sex: str | None, birth_date: str | None, age: float | None, name: str | None,
                         fallback_sex: Any = None, fallback_birth: dt.date | None = None, file: str) -> Person:
    from igfaxis.labs.models import Person, Sex

    if sex is not None:
        the_sex = Sex.parse(sex, field="--sex")
    elif fallback_sex is not None:
        the_sex = Sex.parse(str(getattr(fallback_sex, "value", fallback_sex)), field="sex")
    else:
        raise InputError(Problem("the file does not say the person's sex", file=file, field="--sex",
                                 expected="--sex male or --sex female"))
    born = _parse_date(birth_date, field="--birth-date") if birth_date is not None else fallback_birth
    if born is None and age is None:
        raise InputError(Problem("the file does not give the person's birth date", file=file, field="--birth-date",
                                 expected="--birth-date YYYY-MM-DD or --age YEARS"))
    return Person(sex=the_sex, birth_date=born, age_years=None if born is not None else age, name=name)


def _load_file(path: Path, *, sex: str | None, birth_date: str | None, age: float | None,
               name: str | None) -> tuple[Person, list[Reading], str]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        from igfaxis.labs.io_csv import read_readings_csv

        readings = list(read_readings_csv(path))
        person = _person_from_options(sex=sex, birth_date=birth_date, age=age, name=name, file=str(path))
    elif suffix == ".json":
        from igfaxis.labs.io_fhir import read_fhir

        imported = read_fhir(path)
        readings = list(imported.readings)
        person = _person_from_options(sex=sex, birth_date=birth_date, age=age, name=name,
                                      fallback_sex=imported.sex, fallback_birth=imported.birth_date,
                                      file=str(path))
    else:
        raise InputError(Problem("unknown file type", file=str(path), received=path.suffix or "(no suffix)",
                                 expected="a readings .csv or a FHIR .json file"))
    return person, readings, name or path.stem


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
            if not path.is_file():
                raise InputError(Problem("file not found", file=str(path), expected="an existing readings file"))
            person, readings, label = _load_file(path, sex=sex, birth_date=birth_date, age=age, name=name)
        else:
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
