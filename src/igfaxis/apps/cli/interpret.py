"""``igfaxis interpret`` (placeholder until the labs layer lands)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def interpret() -> None:
        """Interpret IGF-1 results against age/sex reference intervals."""
        raise typer.Exit(0)
