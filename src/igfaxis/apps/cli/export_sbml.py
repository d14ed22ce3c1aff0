"""``igfaxis export-sbml --model signaling OUT.xml``: write a model as validated SBML Level 3."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("export-sbml")
    def export_sbml(
        out: Path = typer.Argument(..., help="Output file (.xml)."),
        model: str = typer.Option("signaling", "--model", help="axis | signaling | combined."),
    ) -> None:
        """Export a model as SBML Level 3 (units, sources as notes, MIRIAM annotations), checked by libsbml."""
        from igfaxis.apps.cli._output import console
        from igfaxis.physiology.sbml import to_string

        text = to_string(model)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        console().print(f"wrote {model} model to {out} (SBML Level 3, libsbml consistency checks passed)")
