"""``igfaxis interpret``: IGF-1 results against age/sex reference, zones, the mortality model and noise.

Heavy or optional imports (numpy via the labs layer, fhir.resources) happen inside the command body so that
``igfaxis --help`` stays instant; JAX is never imported on this path.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from igfaxis.errors import InputError, Problem

if TYPE_CHECKING:
    from igfaxis.labs.interpret import Interpretation, SeriesInterpretation
    from igfaxis.labs.models import Person, Reading, Sex

_ZONE_STYLE = {"red": "bold red", "yellow": "yellow", "green": "bold green"}


def _usage(message: str, field: str, received: str | None = None, expected: str | None = None) -> InputError:
    return InputError(Problem(message, field=field, received=received, expected=expected))


def parse_date(text: str, field: str) -> dt.date:
    """An ISO date from a command-line option, or :class:`InputError` naming the option."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise _usage("not a date", field, text, "an ISO date YYYY-MM-DD") from None


def _age_or_birth(age: float | None, birth: dt.date | None) -> None:
    if age is not None and birth is not None:
        raise _usage("give --age or --birth-date, not both", "--age", f"{age:g}",
                     "--age YEARS when the birth date is unknown, else only --birth-date YYYY-MM-DD")


def register(app: typer.Typer) -> None:
    @app.command()
    def interpret(
        file: Path | None = typer.Argument(
            None,
            help="A file of IGF-1 readings: CSV (header date,value,unit; optional analyte,assay,lab,note) or FHIR R4 "
            "JSON (.json: a Bundle or Observation, LOINC 2484-4; a Patient gives sex and birth date). "
            "Omit it and give --igf1 to interpret one value.",
            show_default=False,
        ),
        igf1: str | None = typer.Option(
            None, "--igf1", help="One IGF-1 result with its unit, e.g. 150ng/mL, '150 µg/L' or 19.6nmol/L "
            "(ng/mL, µg/L, ug/L, mcg/L, nmol/L).", show_default=False),
        age: float | None = typer.Option(
            None, "--age", help="Age in years (18-94: the adult reference) for --igf1; alternatively --birth-date.",
            show_default=False),
        sex: str | None = typer.Option(
            None, "--sex", help="male or female. Required for --igf1 and for a CSV file; a FHIR Patient can supply it.",
            show_default=False),
        birth_date: str | None = typer.Option(
            None, "--birth-date", help="Birth date YYYY-MM-DD: the age at each reading is computed from it. "
            "Required for a CSV file (or --age); a FHIR Patient can supply it.", show_default=False),
        assay: str | None = typer.Option(
            None, "--assay", help="Assay that measured the --igf1 value (e.g. 'IDS-iSYS', 'Roche Elecsys'). The "
            "reference is IDS-iSYS (Bidlingmaier 2014); other assays are interpreted but flagged as mismatched.",
            show_default=False),
        as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON instead of a table."),
    ) -> None:
        """Interpret IGF-1 results: age/sex SDS, percentile and 2.5-97.5 % interval (IDS-iSYS, Bidlingmaier 2014),
        zone, modelled all-cause mortality hazard with 95 % band, and the chance the true level is optimal.

        One value:  igfaxis interpret --igf1 150ng/mL --age 45 --sex male [--assay NAME] [--json]

        A history:  igfaxis interpret FILE (--sex S --birth-date D | from FHIR Patient) [--json]

        Bad input exits with code 2 and names file, row, field, the value received and what was expected.
        """
        from igfaxis.labs.models import Sex

        sex_ = Sex.parse(sex, field="--sex") if sex is not None else None
        birth = parse_date(birth_date, "--birth-date") if birth_date is not None else None
        if (file is None) == (igf1 is None):
            raise _usage("give either a FILE of readings or --igf1 VALUE (not both, not neither)", "FILE/--igf1",
                         expected="igfaxis interpret --igf1 150ng/mL --age 45 --sex male, or igfaxis interpret FILE")
        if igf1 is not None:
            _one_value(igf1, age=age, sex=sex_, birth=birth, assay=assay, as_json=as_json)
        else:
            assert file is not None
            if assay is not None:
                raise _usage("--assay applies to --igf1 only; give a file's assay in its 'assay' column", "--assay",
                             assay)
            _series(file, age=age, sex=sex_, birth=birth, as_json=as_json)


def _one_value(text: str, *, age: float | None, sex: Sex | None, birth: dt.date | None, assay: str | None,
               as_json: bool) -> None:
    from igfaxis.labs.igf1_units import parse_igf1
    from igfaxis.labs.interpret import interpret_value
    from igfaxis.labs.validate import check_value

    _, _, ng_ml = parse_igf1(text)
    problems = check_value(ng_ml, ng_ml, raw=text, file=None, row=None, field="--igf1")
    if problems:
        raise InputError(*problems)
    if sex is None:
        raise _usage("--sex is required with --igf1", "--sex", expected="'male' or 'female'")
    if age is None and birth is None:
        raise _usage("--age (or --birth-date) is required with --igf1", "--age", expected="age in years, 18 to 94")
    _age_or_birth(age, birth)
    years = age if age is not None else (dt.date.today() - birth).days / 365.2425  # type: ignore[operator]
    result = interpret_value(ng_ml, age_years=years, sex=sex, assay=assay)
    if as_json:
        from igfaxis.apps.cli._output import print_json

        print_json(result.as_dict())
    else:
        _print_table([(None, result)])
        _print_footer([result])


def _person(path: Path, *, age: float | None, sex: Sex | None, birth: dt.date | None,
            fhir_sex: Sex | None, fhir_birth: dt.date | None, name: str | None = None) -> Person:
    from igfaxis.labs.models import Person

    if sex is not None and fhir_sex is not None and sex != fhir_sex:
        raise _usage("--sex contradicts the FHIR Patient", "--sex", sex.value, f"{fhir_sex.value} (from {path})")
    if birth is not None and fhir_birth is not None and birth != fhir_birth:
        raise _usage("--birth-date contradicts the FHIR Patient", "--birth-date", birth.isoformat(),
                     f"{fhir_birth.isoformat()} (from {path})")
    _age_or_birth(age, birth)
    if age is not None and fhir_birth is not None:
        raise _usage("--age conflicts with the FHIR Patient's birth date", "--age", f"{age:g}",
                     f"no --age: the birth date {fhir_birth.isoformat()} (from {path}) gives the age at each reading")
    sex, birth = sex or fhir_sex, birth or fhir_birth
    if sex is None:
        raise _usage("the sex of the person is needed", "--sex", expected="--sex male|female (or a FHIR Patient)")
    if birth is None and age is None:
        raise _usage("the birth date of the person is needed", "--birth-date",
                     expected="--birth-date YYYY-MM-DD (or --age, or a FHIR Patient)")
    return Person(sex=sex, birth_date=birth, age_years=None if birth is not None else age, name=name)


def person_and_readings(path: Path, *, age: float | None, sex: Sex | None, birth: dt.date | None,
                        name: str | None = None) -> tuple[Person, list[Reading]]:
    """The person (options checked against any FHIR Patient in the file) and their readings from a .csv or FHIR
    .json file. The whole file is rejected (:class:`InputError`) on any problem, including a reading dated before
    the person's birth or at an age outside the adult reference. Shared by ``interpret`` and ``report``."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise _usage("unknown file type", "FILE", str(path), "a .csv file or a FHIR .json file")
    if not path.is_file():
        raise InputError(Problem("file not found", file=str(path), expected="an existing readings file"))
    if suffix == ".csv":
        from igfaxis.labs.io_csv import read_readings_csv

        person = _person(path, age=age, sex=sex, birth=birth, fhir_sex=None, fhir_birth=None, name=name)
        return person, read_readings_csv(path, person=person)
    from igfaxis.labs.io_fhir import read_fhir

    def from_patient(fhir_sex: Sex | None, fhir_birth: dt.date | None) -> Person:
        return _person(path, age=age, sex=sex, birth=birth, fhir_sex=fhir_sex, fhir_birth=fhir_birth, name=name)

    imported = read_fhir(path, person=from_patient)
    assert imported.person is not None  # read_fhir returns only once the person is built and every reading fits
    return imported.person, imported.readings


def _series(path: Path, *, age: float | None, sex: Sex | None, birth: dt.date | None, as_json: bool) -> None:
    from igfaxis.labs.interpret import interpret_series

    person, readings = person_and_readings(path, age=age, sex=sex, birth=birth)
    series = interpret_series(readings, person)
    if as_json:
        from igfaxis.apps.cli._output import print_json

        print_json(series.as_dict())
        return
    _print_table(list(zip([r.date for r in series.readings], series.interpretations, strict=True)))
    _print_trend(series)
    _print_footer(list(series.interpretations))


def _print_table(rows: list[tuple[dt.date | None, Interpretation]]) -> None:
    from rich import box
    from rich.table import Table

    from igfaxis.apps.cli._output import console
    from igfaxis.units import igf1_ng_ml_to_nmol_l

    out = console()
    wide = out.width >= 110  # percentile, nmol/L, age and median where they fit (the sentence gives them too)
    title = "IGF-1 vs age/sex reference (IDS-iSYS, Bidlingmaier 2014)"
    table = (Table(title=title, title_justify="left", box=box.HEAVY_HEAD) if wide else
             Table(title=title, title_justify="left", box=None, pad_edge=False, header_style="bold underline"))
    columns = ["date"] if rows[0][0] is not None else []
    columns += ["ng/mL"] + (["nmol/L", "age"] if wide else []) + ["SDS"] + (["pct"] if wide else [])
    columns += ["2.5–97.5 %"] + (["median"] if wide else []) + ["zone", "HR* (95 %)", "P opt"]
    for name in columns:
        table.add_column(name, justify="left" if name in ("date", "zone", "HR* (95 %)") else "right", no_wrap=True)
    for date, r in rows:
        lo, hi = r.reference.interval_ng_ml
        est, hlo, hhi = r.mortality_hr
        style = _ZONE_STYLE.get(r.zone.colour, "")
        cells = [date.isoformat()] if date is not None else []
        cells += [f"{r.igf1_ng_ml:.0f}"]
        cells += [f"{igf1_ng_ml_to_nmol_l(r.igf1_ng_ml):.1f}", f"{r.age_years:.1f}"] if wide else []
        cells += [f"{r.reference.sds:+.2f}"] + ([f"{r.reference.percentile:.0f}"] if wide else [])
        cells += [f"{lo:.0f}–{hi:.0f}"]
        cells += [f"{r.reference.median_ng_ml:.0f}"] if wide else []
        cells += [f"[{style}]{r.zone.label}[/]", f"{est:.2f} ({hlo:.2f}–{hhi:.2f})", f"{r.p_true_in_optimal:.0%}"]
        table.add_row(*cells)
    out.print(table)
    for date, r in rows:
        prefix = f"{date.isoformat()}: " if date is not None else ""
        out.print(f"{prefix}{r.meaning()}", markup=False, soft_wrap=True)


def _print_trend(series: SeriesInterpretation) -> None:
    from igfaxis.apps.cli._output import console

    t = series.trend
    d: dict[str, Any] = t.as_dict()
    out = console()
    out.print()
    if t.slope_ng_ml_per_year is not None and t.slope_ci95 is not None:
        out.print(f"Trend: {t.slope_ng_ml_per_year:+.1f} ng/mL per year (95 % CI {t.slope_ci95[0]:+.1f} to "
                  f"{t.slope_ci95[1]:+.1f}) over {t.span_years:.1f} years.", markup=False, soft_wrap=True)
    rcv = d["reference_change_value_percent"]
    if t.significant_changes:
        for c in t.significant_changes:
            out.print(f"Significant change {c.from_date} → {c.to_date}: {c.from_ng_ml:.0f} → {c.to_ng_ml:.0f} ng/mL "
                      f"({c.change_percent:+.0f} %; beyond the reference change value {rcv['up']:+.0f} % / "
                      f"{rcv['down']:+.0f} %).", markup=False, soft_wrap=True)
    elif t.changes:
        out.print(f"No change between consecutive readings exceeds the reference change value ({rcv['up']:+.0f} % / "
                  f"{rcv['down']:+.0f} %).", markup=False, soft_wrap=True)
    if t.time_in_optimal_fraction is not None:
        out.print(f"Time in the optimal zone (linear interpolation between readings): "
                  f"{t.time_in_optimal_fraction:.0%}.", markup=False, soft_wrap=True)


def _print_footer(results: list[Interpretation]) -> None:
    from igfaxis.apps.cli._output import console
    from igfaxis.evidence.mortality import MODEL_LABEL, REFERENCE_LABEL
    from igfaxis.labs.interpret import DISCLAIMER

    out = console()
    out.print()
    mismatched = sorted({r.assay for r in results if r.assay_mismatch and r.assay})
    if mismatched:
        out.print(f"[yellow]Assay mismatch:[/] {', '.join(mismatched)} results are compared with an IDS-iSYS "
                  "reference; absolute values differ between assays.", soft_wrap=True)
    out.print(f"* Mortality HR: {MODEL_LABEL}; {REFERENCE_LABEL}.", markup=False, soft_wrap=True)
    for note in dict.fromkeys(a for r in results for a in r.zone.assumptions):  # zone cut-offs without a source
        out.print(f"* {note}.", markup=False, soft_wrap=True)
    out.print(DISCLAIMER, markup=False, soft_wrap=True)
