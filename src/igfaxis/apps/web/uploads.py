"""Turn an uploaded lab file (CSV or FHIR JSON) or a one-reading form into readings, via the labs layer.

Every problem comes back as :class:`ImportRejected` (file, row, field, received, expected); nothing is partial.
Given the stored person, a reading dated before their birth or at an age outside the adult reference is such a
problem too, so nothing lands that would later break their interpretation or report.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
from pathlib import PurePath

from igfaxis.errors import ImportRejected, Problem
from igfaxis.labs.io_csv import parse_readings_csv
from igfaxis.labs.models import Person, Reading

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _safe_name(filename: str | None) -> str:
    name = PurePath(filename or "upload").name.strip() or "upload"
    return "".join(c if c.isalnum() or c in "._- " else "_" for c in name)[:100]


def fhir_available() -> bool:
    try:
        importlib.import_module("igfaxis.labs.io_fhir")
    except ImportError:
        return False
    return True


def parse_upload(filename: str | None, data: bytes, *, person: Person | None = None) -> list[Reading]:
    """Readings in an uploaded file for ``person``: ``.json`` goes to the FHIR reader, anything else to the CSV
    reader."""
    name = _safe_name(filename)
    if not data:
        raise ImportRejected(Problem("the file is empty", file=name, expected="a CSV or FHIR JSON file"))
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRejected(Problem("file too large", file=name, received=f"{len(data)} bytes",
                                     expected=f"at most {MAX_UPLOAD_BYTES} bytes"))
    is_json = name.lower().endswith(".json") or data.lstrip()[:1] in (b"{", b"[")
    if is_json:
        return _parse_fhir(name, data, person)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected(Problem("the file is not UTF-8 text", file=name, expected="a UTF-8 CSV file")) from None
    return parse_readings_csv(text, file=name, person=person)


def _parse_fhir(name: str, data: bytes, person: Person | None) -> list[Reading]:
    try:
        io_fhir = importlib.import_module("igfaxis.labs.io_fhir")
    except ImportError:
        raise ImportRejected(Problem("FHIR import is not available in this version", file=name,
                                     expected="a CSV file with columns date,value,unit")) from None
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRejected(Problem(f"not readable JSON: {exc}", file=name,
                                     expected="FHIR R4 JSON (a Bundle or an Observation)")) from None
    result = io_fhir.parse_fhir(parsed, file=name, person=person)
    readings: list[Reading] = list(result.readings)
    return readings


def reading_from_form(*, date: str, value: str, unit: str, assay: str = "", lab: str = "",
                      note: str = "", person: Person | None = None) -> Reading:
    """One reading from form fields for ``person``, checked exactly like a CSV row (problems name the field, not a
    row)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["date", "value", "unit", "assay", "lab", "note"])
    writer.writerow([date, value, unit, assay, lab, note])
    try:
        readings = parse_readings_csv(buf.getvalue(), file="form", person=person)
    except ImportRejected as exc:
        raise ImportRejected(*[Problem(p.message, field=p.field, received=p.received, expected=p.expected)
                               for p in exc.problems]) from None
    return readings[0]
