"""The IGF-1 history figure: returns a Figure, draws every layer, exports SVG/PNG, writes no files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from igfaxis.reports.data import ProtocolPeriod
from igfaxis.reports.plots import figure_to_png, figure_to_svg, history_figure, igf1_history_figure

from .conftest import ink_fraction


def test_history_figure_has_every_layer(report_data) -> None:  # type: ignore[no-untyped-def]
    fig = history_figure(report_data)
    assert isinstance(fig, Figure)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any("Reference 2.5th–97.5th" in s for s in labels)
    assert any("median" in s for s in labels)
    assert any("120–160" in s for s in labels)
    assert any("measurement range" in s for s in labels)
    ax = fig.axes[0]
    assert "IGF-1 (ng/mL)" in ax.get_ylabel()
    assert any(t.get_text().strip() == "Tesamorelin 1 mg nightly" for t in ax.texts)
    low, high = ax.get_ylim()
    assert low == 0 and high > 200  # room for the 97.5th percentile curve


def test_svg_and_png_exports(report_data, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    fig = history_figure(report_data)
    svg = figure_to_svg(fig)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<text" not in svg  # text drawn as paths: no font needed to view it
    png = figure_to_png(fig, dpi=60)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert 0.03 < ink_fraction(png) < 0.8
    assert list(tmp_path.iterdir()) == []  # figure builders never write files


def test_primitives_minimal_and_single_point() -> None:
    fig = igf1_history_figure([dt.date(2025, 3, 1)], [150.0])
    assert isinstance(fig, Figure)
    fig = igf1_history_figure(
        [dt.date(2025, 3, 1), dt.date(2025, 9, 1)], [90.0, 130.0], low_ng_ml=[70.0, 100.0], high_ng_ml=[115.0, 165.0],
        optimal_band=None, protocols=[ProtocolPeriod("CJC-1295", dt.date(2025, 4, 1))], title="History",
    )
    assert fig.axes[0].get_title(loc="left") == "History"


def test_forecast_figure() -> None:
    from igfaxis.reports.data import ForecastSeries
    from igfaxis.reports.plots import forecast_figure

    days = (dt.date(2026, 7, 1), dt.date(2026, 8, 1), dt.date(2026, 9, 1))
    fig = forecast_figure(
        [ForecastSeries("A", days, (140.0, 145.0, 150.0), (120.0, 122.0, 125.0), (165.0, 170.0, 180.0), True),
         ForecastSeries("B", days, (140.0, 170.0, 190.0))],
        history_dates=[dt.date(2026, 1, 1), dt.date(2026, 6, 1)], history_ng_ml=[100.0, 140.0],
    )
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "A (recommended)" in labels and "B" in labels and "Measured" in labels
    assert 0.02 < ink_fraction(figure_to_png(fig, dpi=50)) < 0.8


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="same length"):
        igf1_history_figure([dt.date(2025, 3, 1)], [150.0, 160.0])
    with pytest.raises(ValueError, match="both"):
        igf1_history_figure([dt.date(2025, 3, 1)], [150.0], low_ng_ml=[120.0])


def test_validation_figure_marks_pass_fail_and_clips_far_misses() -> None:
    from igfaxis.reports.plots import VALIDATION_CLIP, validation_figure

    def case(i: int, role: str, sim: float, ok: bool, known: str | None = None) -> dict[str, object]:
        return {"case": f"c{i}", "row": i, "role": role, "published": 10.0, "simulated": sim, "tolerance": 2.0,
                "unit": "ng/mL", "pass": ok, "known_mismatch": known}

    beyond = case(9, "validation", 12.0, True) | {"case": "c9", "row": None}  # an outcome from beyond the csv
    cases = [beyond, case(2, "validation", 11.0, True), case(1, "calibration", 40.0, False, "limit"),
             case(3, "validation", 3.0, False)]
    fig = validation_figure(cases)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # calibration on top, then validation in row order, outcomes beyond the csv last
    assert labels == ["c9 (val., lit.)", "c3 (val., row 3)", "c2 (val., row 2)", "c1 (cal., row 1)"]
    xs = sorted(float(line.get_xdata()[0]) for line in ax.lines if len(line.get_xdata()) == 1)
    assert xs == pytest.approx([-3.5, 0.5, 1.0, VALIDATION_CLIP])  # (40 - 10) / 2 = 15 drawn at the edge
    assert "2 of 4 within tolerance" in ax.get_title(loc="left")
    texts = [t.get_text() for t in ax.texts]
    assert "10 → 40 ng/mL" in texts  # the true value is printed even when the marker is clipped
