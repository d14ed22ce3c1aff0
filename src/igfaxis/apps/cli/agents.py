"""``igfaxis agents``: the agents igfaxis can simulate, with class, routes, dose ranges, status and evidence."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def agents(
        as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    ) -> None:
        """List agents: class, route(s), published human dose range, regulatory status, evidence, assumptions."""
        from igfaxis.apps.cli._output import console, print_json
        from igfaxis.physiology.agents import AGENTS

        if as_json:
            print_json({"agents": [a.summary() for a in AGENTS.values()]})
            return
        from rich.table import Table

        table = Table(title="Agents (doses: published human range per administration)", show_lines=True)
        for col in ("agent", "class", "route", "dose range", "regulatory status", "evidence"):
            table.add_column(col, overflow="fold")
        for a in AGENTS.values():
            routes = "\n".join(
                f"{r.upper()}{'' if s.studied else ' (not studied: assumed)'}" for r, s in a.routes.items()
            )
            doses = "\n".join(
                f"{s.dose_range.describe()}{' (borrowed)' if s.dose_range.assumption else ''}"
                for s in a.routes.values()
            )
            table.add_row(a.id, a.drug_class, routes, doses, a.regulatory_status.text, a.evidence_level)
        out = console()
        out.print(table)
        for a in AGENTS.values():
            for flag in a.flags():
                out.print(f"[yellow]assumption[/] {flag}")
