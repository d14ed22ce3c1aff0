"""``igfaxis export-sbml --model axis|signaling|combined OUT.xml``: write a model as validated SBML Level 3.

``axis`` and ``combined`` are written for one typical person (``--age``, ``--sex``, burnt in to the untreated state);
``--protocol`` adds its dose streams (PK/PD states, doses as events) over ``--days`` days.
"""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("export-sbml")
    def export_sbml(
        out: Path = typer.Argument(..., help="Output file (.xml), in an existing folder."),
        model: str = typer.Option("signaling", "--model", help="axis | signaling | combined."),
        protocol: Path | None = typer.Option(None, "--protocol", help="Protocol TOML: dose inputs (axis, combined)."),
        age: float = typer.Option(50.0, "--age", help="Age in years of the typical person (axis, combined)."),
        sex: str = typer.Option("male", "--sex", help="male or female (axis, combined)."),
        days: int = typer.Option(14, "--days", help="Days of doses written as events."),
    ) -> None:
        """Export a model as SBML Level 3 (units, sources as notes, MIRIAM annotations), checked by libsbml."""
        from igfaxis.apps.cli._output import say
        from igfaxis.errors import InputError, Problem
        from igfaxis.physiology.sbml import MODELS, to_string

        if model not in MODELS:
            raise InputError(Problem("unknown model", field="--model", received=model, expected=" | ".join(MODELS)))
        if not 1 <= days <= 366:
            raise InputError(Problem("days out of range", field="--days", received=str(days), expected="1 to 366"))
        drugs = []
        if protocol is not None:
            if model == "signaling":
                raise InputError(Problem("the signalling model has no dose inputs", field="--protocol",
                                         received=str(protocol), expected="--model axis or combined"))
            from igfaxis.physiology.parameters import AXIS
            from igfaxis.physiology.protocol import load_protocol, to_drug_inputs

            drugs = to_drug_inputs(load_protocol(protocol), weight_kg=float(AXIS.value("weight_default_kg")),
                                   days=days)
        text = to_string(model, age_years=age, sex=sex, drugs=drugs, days=days)
        out.write_text(text, encoding="utf-8")
        say(f"wrote the {model} model to {out} (SBML Level 3; libsbml consistency checks passed)")
