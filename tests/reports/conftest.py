"""Fixtures for the report tests: a hand-built ReportData (no labs layer needed) and PDF rasterising."""

from __future__ import annotations

import datetime as dt

import pytest

from igfaxis.labs.models import Person, Sex
from igfaxis.provenance import Sourced
from igfaxis.reports.data import ProtocolPeriod, ReadingRow, ReferenceCurves, ReportData

VALUES = [(dt.date(2024, 1, 10), 98.0), (dt.date(2024, 7, 2), 104.0), (dt.date(2025, 1, 15), 142.0),
          (dt.date(2025, 6, 20), 171.0), (dt.date(2025, 12, 1), 151.0), (dt.date(2026, 6, 5), 138.0)]


def make_report(**changes: object) -> ReportData:
    person = Person(sex=Sex.male, birth_date=dt.date(1972, 3, 4), name="Jan Example")
    rows = tuple(
        ReadingRow(date=d, value_ng_ml=v, reported=f"{v:g} ng/mL", age_years=person.age_on(d), low_ng_ml=v * 0.79,
                   high_ng_ml=v * 1.27, assay="IDS-iSYS", lab="Lab A", sds=0.1 * i, percentile=50.0 + 3 * i,
                   zone="optimal", mortality_hr=1.01, p_in_optimal=0.55)
        for i, (d, v) in enumerate(VALUES)
    )
    dates = tuple(dt.date(2023, 12, 1) + dt.timedelta(days=30 * i) for i in range(33))
    reference = ReferenceCurves(dates, tuple(60.0 for _ in dates), tuple(118.0 for _ in dates),
                                tuple(200.0 for _ in dates), source="Test LMS source", label="test reference")
    fields: dict[str, object] = dict(
        person=person, person_label="Jan Example", age_years=54.7, rows=rows,
        interpretation=("The latest IGF-1 result is 138 ng/mL.", "Second sentence."),
        cv_analytical=Sourced("cv_analytical", 0.054, "1", "Test CVa source"),
        cv_biological=Sourced("cv_within_person", 0.11, "1", "Test CVi source"),
        reference=reference, trend={"direction": "rising"}, trend_summary=(("Direction", "rising"),),
        protocols=(ProtocolPeriod("Tesamorelin 1 mg nightly", dt.date(2024, 9, 1), dt.date(2025, 9, 1)),),
        assay="IDS-iSYS", sources=("Source one 2014", "Source two 2022"), version="9.9.9",
        generated_at=dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC),
    )
    fields.update(changes)
    return ReportData(**fields)  # type: ignore[arg-type]


@pytest.fixture
def report_data() -> ReportData:
    return make_report()


def ink_fraction(png: bytes) -> float:
    """Fraction of pixels in a PNG that are not (near) white."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    hist = image.histogram()
    total = sum(hist)
    return 1.0 - sum(hist[245:]) / total


def pdf_page_png(pdf: bytes, page: int = 0, *, scale: float = 1.0) -> bytes:
    """Rasterise one PDF page to PNG with PDFium (pypdfium2)."""
    import io

    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        image = doc[page].render(scale=scale).to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        return buf.getvalue()
    finally:
        doc.close()


def pdf_page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()
