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

        table = Table(title="Agents: published human dose per administration, and how often",
                      caption="class shortened; sources and everything else: igfaxis agents --json, docs/agents.md, "
                              "or the dashboard's Agents page", show_lines=True)
        table.add_column("agent", no_wrap=True)
        table.add_column("class", overflow="fold", max_width=14)
        table.add_column("route: dose per administration", overflow="fold", ratio=2)
        table.add_column("regulatory status; evidence", overflow="fold", ratio=3)
        for a in AGENTS.values():
            doses = "\n".join(
                f"{r.upper()}: {s.dose_range.describe()}; {s.dose_range.describe_interval()}"
                + ("" if s.studied else " (route not studied: assumed)")
                + (" (borrowed)" if s.studied and s.dose_range.assumption else "")
                for r, s in a.routes.items()
            )
            status = f"{a.regulatory_status.text}\nevidence {a.evidence_level}"
            table.add_row(a.id, a.drug_class.split(" (")[0], doses, status)
        out = console()
        out.print(table)
        for a in AGENTS.values():
            for flag in a.flags():
                out.print(f"[yellow]assumption[/] {flag}")
