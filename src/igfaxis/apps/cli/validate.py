"""``igfaxis validate``: run every calibration and validation case against its published value."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def validate(
        as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
        role: str = typer.Option("all", "--role", help="calibration | validation | all"),
        strict: bool = typer.Option(False, "--strict", help="Exit 1 if any case fails."),
    ) -> None:
        """Simulate each published trial outcome the model can express: published vs simulated, tolerance, pass."""
        from igfaxis.apps.cli._output import console, print_json
        from igfaxis.errors import InputError, Problem
        from igfaxis.outcomes import trial_cases
        from igfaxis.physiology.calibration import CASES, NOT_EXPRESSIBLE, run_cases
        from igfaxis.physiology.calibration_cases import KNOWN_MISMATCH as AXIS_MISMATCH

        known = AXIS_MISMATCH | trial_cases.KNOWN_MISMATCH

        if role not in ("all", "calibration", "validation"):
            raise InputError(Problem("unknown role", field="--role", received=role,
                                     expected="calibration | validation | all"))
        cases = sorted((c for c in (*CASES, *trial_cases.CASES) if role in ("all", c.role)), key=lambda c: c.row)
        results = run_cases(cases, groups=trial_cases.GROUPS)
        failed = sum(not r.passed for r in results)
        if as_json:
            print_json({
                "cases": [r.as_dict() | {"known_mismatch": known.get(r.case.id)} for r in results],
                "passed": len(results) - failed,
                "failed": failed,
                "not_expressible": [{"row": k, "reason": v} for k, v in NOT_EXPRESSIBLE.items()],
            })
        else:
            from rich.table import Table

            for kind in ("calibration", "validation"):
                rows = [r for r in results if r.case.role == kind]
                if not rows:
                    continue
                table = Table(title=f"{kind} cases (trials_calibration.csv)")
                for col in ("case", "row", "published", "simulated", "tolerance", "unit", "result"):
                    table.add_column(col)
                for r in rows:
                    c = r.case
                    table.add_row(c.id, str(c.row), f"{c.published:.4g}", f"{r.simulated:.3g}", f"±{c.tolerance:g}",
                                  c.unit, "[green]pass[/]" if r.passed else
                                  "[red]FAIL[/] (known model limit)" if c.id in known else "[red]FAIL[/]")
                console().print(table)
            for k, v in NOT_EXPRESSIBLE.items():
                console().print(f"row {k}: not expressible: {v}")
            console().print(f"{len(results) - failed} passed, {failed} failed "
                            "(reasons: docs/agents.md; KNOWN_MISMATCH in physiology.calibration_cases and "
                            "outcomes.trial_cases)")
        if strict and failed:
            raise typer.Exit(1)
