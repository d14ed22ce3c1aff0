"""``--outcomes`` support for ``igfaxis simulate``: option parsing and the human-readable outcome table."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from igfaxis.errors import InputError, Problem

_GLUCOSE = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(mmol/l|mg/dl)?\s*", re.IGNORECASE)


def parse_glucose(text: str | None, *, bare_is_mmol: bool = False) -> float | None:
    """``"5.4 mmol/L"`` or ``"97 mg/dL"`` -> mmol/L (None passes through). A bare number is mmol/L only where
    ``bare_is_mmol`` (``plan``'s option took mmol/L numbers before it took units); otherwise the unit is required."""
    if text is None:
        return None
    m = _GLUCOSE.fullmatch(text)
    if m is None or (m.group(2) is None and not bare_is_mmol):
        raise InputError(Problem("cannot read fasting glucose", field="--fasting-glucose", received=text,
                                 expected="a number with mmol/L or mg/dL, e.g. '5.4 mmol/L' or '97 mg/dL'"))
    from igfaxis.outcomes import glucose_mg_dl_to_mmol_l

    value = float(m.group(1))
    return value if (m.group(2) or "mmol/l").lower() == "mmol/l" else glucose_mg_dl_to_mmol_l(value)


def check_metabolic(fasting_glucose_mmol_l: float | None, hba1c_percent: float | None) -> None:
    """The outcome models' plausible ranges (``OutcomePerson``), reported under the CLI's option names, so a
    mg/dL number given as mmol/L or an HbA1c in mmol/mol is refused rather than silently used."""
    from igfaxis.labs.models import Sex
    from igfaxis.outcomes import OutcomePerson

    try:
        OutcomePerson(40.0, Sex.male, None, fasting_glucose_mmol_l, hba1c_percent)
    except InputError as err:
        p = err.problems[0]
        option = {"fasting_glucose_mmol_l": "--fasting-glucose", "hba1c_percent": "--hba1c"}.get(p.field or "", p.field)
        hint = " (mmol/L; give '97 mg/dL' with its unit)" if option == "--fasting-glucose" else \
            " (% DCCT; 48 mmol/mol IFCC is 6.5 %)"
        raise InputError(Problem(p.message + hint, field=option, received=p.received, expected=p.expected)) from None


def outcomes_block(payload: dict[str, Any], tr: Any, *, protocol: Path | None, allow_off_label: bool,
                   fasting_glucose: str | None, hba1c: float | None, hiv_lipodystrophy: bool) -> Any:
    """The :class:`igfaxis.outcomes.OutcomesBlock` for a ``simulate`` payload and its trajectory
    (``.as_dict()`` is the ``outcomes`` JSON)."""
    from igfaxis.outcomes.simulation import outcomes_for_simulation

    person = payload["person"]
    return outcomes_for_simulation(
        tr.igf1_ng_ml[:, 0], baseline_ng_ml=float(tr.baseline_igf1_ng_ml[0]), protocol=protocol,
        allow_off_label=allow_off_label, age_years=float(person["age_years"]), sex=str(person["sex"]),
        weight_kg=person.get("weight_kg"), fasting_glucose_mmol_l=parse_glucose(fasting_glucose),
        hba1c_percent=hba1c, hiv_lipodystrophy=hiv_lipodystrophy)


def write_outcomes_plot(path: Path, block: Any, igf1_ng_ml: Any) -> None:
    """One PNG: IGF-1 over its zones, then each outcome over time with its 90 % band, stacked top to bottom."""
    import io

    from PIL import Image

    from igfaxis.reports.outcome_plots import outcome_figures
    from igfaxis.reports.plots import figure_to_png

    panels = [Image.open(io.BytesIO(figure_to_png(f, dpi=110))).convert("RGB")
              for f in outcome_figures(block, igf1_ng_ml)]
    sheet = Image.new("RGB", (max(p.width for p in panels), sum(p.height for p in panels)), "white")
    top = 0
    for panel in panels:
        sheet.paste(panel, (0, top))
        top += panel.height
    sheet.save(path, format="PNG")


def print_outcomes(con: Any, outcomes: dict[str, Any]) -> None:
    """A short table: each model's change, 90 % interval and whether it is extrapolated; warnings; unsupported."""
    from rich.table import Table

    t = Table(title="Outcomes (change from baseline on the last day; docs/outcomes.md)", title_justify="left")
    for col in ("outcome", "change", "90 % interval", "unit", "trial population?"):
        t.add_column(col)
    for m in outcomes["models"].values():
        lo, hi = m["ci90"]
        t.add_row(m["label"], f"{m['value']:+.2f}", f"{lo:+.2f} to {hi:+.2f}", m["unit"],
                  "no (extrapolated)" if m["extrapolated"] else "yes")
    con.print(t)
    for m in outcomes["models"].values():
        for w in m.get("warnings", []):
            con.print(f"[yellow]{m['label']}: {w}[/]")
    if outcomes["not_supported"]:
        con.print("No trial evidence for: " + ", ".join(outcomes["not_supported"]))
    for name, why in outcomes.get("unavailable", {}).items():
        con.print(f"[dim]{name} unavailable: {why}[/]")
