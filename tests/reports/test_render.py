"""HTML and PDF rendering: every part of the report is there, the HTML is self-contained, the PDF draws."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from igfaxis.errors import InputError
from igfaxis.reports.data import DISCLAIMER, ForecastSeries
from igfaxis.reports.plan import forecasts_from_plan, plan_summary
from igfaxis.reports.render import render_html, render_pdf, report_format, write_report

from .conftest import ink_fraction, make_report, pdf_page_count, pdf_page_png

DATA = Path(__file__).parent / "data"


def test_html_has_every_part(report_data) -> None:  # type: ignore[no-untyped-def]
    html = render_html(report_data)
    assert html.startswith("<!DOCTYPE html>")
    # header: person, sex, age, assay, generation date, version
    for text in ("Jan Example", "Male", "1972-03-04", "54.7 years", "IDS-iSYS", "2026-11-26 12:00", "igfaxis 9.9.9"):
        assert text in html
    # readings table: one body row per reading, latest highlighted
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<tr") == len(report_data.rows)
    assert 'class="latest"' in body
    for row in report_data.rows:
        assert row.date.isoformat() in body
    # the chart, inline
    assert "<svg" in html and 'aria-label="IGF-1 history chart"' in html
    # interpretation, trend, protocols, sources, disclaimer
    assert "The latest IGF-1 result is 138 ng/mL." in html
    assert "rising" in html
    assert "Tesamorelin 1 mg nightly" in html
    assert "Source one 2014" in html and "Source two 2022" in html
    assert DISCLAIMER in html
    assert "No plan on record" in html


def test_html_is_self_contained(report_data) -> None:  # type: ignore[no-untyped-def]
    html = render_html(report_data)
    assert "<style>" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "<link" not in html and "<script" not in html


def test_html_escapes_names() -> None:
    html = render_html(make_report(person_label="<script>alert(1)</script>"))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_plan_section_simple_mapping() -> None:
    plan = {"goal": "IGF-1 within 120–160 ng/mL", "recommended": "Tesamorelin 1 mg", "retest_date": "2027-01-15",
            "candidates": [{"name": "Tesamorelin 1 mg", "forecast_igf1_ng_ml": 145.0, "p_in_optimal": 0.61},
                           {"name": "No change", "forecast_igf1_ng_ml": 101.0, "p_in_optimal": 0.08}]}
    html = render_html(make_report(plan=plan, plan_summary=plan_summary(plan)))
    assert "2027-01-15" in html and "No change" in html and "61\u00a0%" in html and "No plan on record" not in html
    assert "Forecast IGF-1 by candidate" not in html  # no forecast dates given: nothing to draw
    forecast = ForecastSeries("Tesamorelin 1 mg", (dt.date(2026, 7, 1), dt.date(2026, 9, 1)), (140.0, 150.0),
                              (120.0, 125.0), (165.0, 180.0), recommended=True)
    html = render_html(make_report(plan=plan, plan_summary=plan_summary(plan), forecasts=(forecast,)))
    assert 'aria-label="Forecast IGF-1 by candidate"' in html and html.count("<svg") == 2


def test_plan_section_from_planning_output() -> None:
    """The mapping ``planning.plan.Plan.as_dict()`` gives (a stored copy of real ``igfaxis plan --json`` output)."""
    plan = json.loads((DATA / "plan_as_dict.json").read_text(encoding="utf-8"))
    html = render_html(make_report(plan=plan, plan_summary=plan_summary(plan), forecasts=forecasts_from_plan(plan)))
    body = html.split('<section class="plan">')[1].split("</section>")[0]
    for c in plan["candidates"]:
        assert c["name"] in body
        assert f"{c['forecast']['igf1_median_ng_ml']:.0f}" in body
    assert plan["recommendation"] in body and "recommended</span>" in body
    assert plan["retest"]["date"] in body and plan["disclaimer"] in body
    assert "90 % interval of the measured retest value" in body
    assert "Forecast IGF-1 by candidate" in body and body.count("<svg") == 1
    assert plan["warnings"][0][:40] in body


def test_empty_report_renders() -> None:
    html = render_html(make_report(rows=(), interpretation=(), reference=None, trend=None, trend_summary=()))
    assert "No IGF-1 results to interpret." in html
    assert "<svg" not in html


def test_pdf_renders_and_page_one_is_not_blank(report_data) -> None:  # type: ignore[no-untyped-def]
    pdf = render_pdf(report_data)
    assert pdf.startswith(b"%PDF-")
    assert pdf_page_count(pdf) >= 1
    png = pdf_page_png(pdf, 0, scale=0.6)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    ink = ink_fraction(png)
    assert 0.03 < ink < 0.6, ink  # text, table and chart drawn; not an all-black page either


def test_write_report_by_suffix(report_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    html = write_report(report_data, tmp_path / "r.html")
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(InputError, match=r"\.html or \.pdf"):
        write_report(report_data, tmp_path / "r.docx")
    with pytest.raises(InputError, match="folder does not exist"):
        write_report(report_data, tmp_path / "missing" / "r.html")
    assert report_format(Path("X.PDF")) == "pdf"
