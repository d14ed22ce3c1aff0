"""``igfaxis plan``: start-test-adjust from a person's readings, a goal and conditions (``igfaxis.planning``).

JAX, NumPyro and the simulator are imported inside the command body.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import typer

from igfaxis.errors import InputError, Problem
from igfaxis.evidence.zones import OPTIMAL_BAND_NG_ML

_DEFAULT_TARGET = f"{OPTIMAL_BAND_NG_ML[0]:g}-{OPTIMAL_BAND_NG_ML[1]:g}"  # the sourced lowest-mortality band

def _date(text: str | None, field: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(Problem("not a date", field=field, received=text, expected="YYYY-MM-DD")) from None


def _target(text: str) -> tuple[float, float]:
    try:
        lo, hi = (float(x) for x in text.replace("–", "-").split("-"))
    except ValueError:
        raise InputError(Problem("unreadable target band", field="--target", received=text,
                                 expected="LOW-HIGH in ng/mL, e.g. 120-160")) from None
    if not (0 < lo < hi <= 2000):
        raise InputError(Problem("target band out of order or range", field="--target", received=text,
                                 expected="0 < LOW < HIGH <= 2000 ng/mL"))
    return lo, hi


def _read(path: Path) -> list[Any]:
    if path.suffix.lower() == ".json":
        from igfaxis.labs.io_fhir import read_fhir

        return list(read_fhir(path).readings)
    from igfaxis.labs.io_csv import read_readings_csv

    return list(read_readings_csv(path))


def register(app: typer.Typer) -> None:
    @app.command()
    def plan(
        readings: Path = typer.Option(..., "--readings", help="IGF-1 readings: CSV (date,value,unit[,note...]) or "
                                      "FHIR R4 JSON. Notes such as 'untreated' / 'on protocol' place them.",
                                      show_default=False),
        age: float = typer.Option(..., "--age", help="Age in years (18-100).", show_default=False),
        sex: str = typer.Option(..., "--sex", help="male or female.", show_default=False),
        goal: str = typer.Option(..., "--goal", help="fat_loss | lean_mass | recovery_sleep | longevity.",
                                 show_default=False),
        weight_kg: float | None = typer.Option(None, "--weight-kg", help="Body weight (kg); default 75.",
                                               show_default=False),
        current_protocol: Path | None = typer.Option(
            None, "--current-protocol", help="The protocol TOML being taken now (optional start_date = YYYY-MM-DD).",
            show_default=False),
        protocol_start: str | None = typer.Option(
            None, "--protocol-start", help="Start date of the current protocol (overrides start_date in the file).",
            show_default=False),
        condition: list[str] = typer.Option(
            [], "--condition", help="active_cancer | cancer_history | pregnancy | diabetes | heart_failure | "
            "prediabetes (repeatable).", show_default=False),
        target: str = typer.Option(_DEFAULT_TARGET, "--target", help="Target band in ng/mL."),
        fasting_glucose: str | None = typer.Option(
            None, "--fasting-glucose", help="Fasting glucose: '5.4 mmol/L' or '97 mg/dL' (a bare number is mmol/L).",
            show_default=False),
        hba1c: float | None = typer.Option(None, "--hba1c", help="HbA1c, % (DCCT; not mmol/mol).",
                                           show_default=False),
        plan_date: str | None = typer.Option(None, "--plan-date", help="Decision date (default: today).",
                                             show_default=False),
        as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
    ) -> None:
        """Forecast candidate protocols for this person (Bayesian, from their own readings), check safety rules,
        recommend one and a retest date. For review by a licensed clinician; not a prescription."""
        from igfaxis.labs.models import Sex
        from igfaxis.planning.candidates import parse_goal
        from igfaxis.planning.forecast import Target
        from igfaxis.planning.history import load_current_protocol
        from igfaxis.planning.plan import PlanRequest, make_plan
        from igfaxis.planning.safety import parse_conditions

        sex_ = Sex.parse(sex, field="--sex")
        goal_ = parse_goal(goal)
        conds = parse_conditions(condition)
        lo, hi = _target(target)
        if not (18 <= age <= 100):
            raise InputError(Problem("age outside the adult model range", field="--age", received=str(age),
                                     expected="18 to 100 years"))
        if weight_kg is not None and not (30 <= weight_kg <= 300):
            raise InputError(Problem("weight out of range", field="--weight-kg", received=str(weight_kg),
                                     expected="30 to 300 kg"))
        from igfaxis.apps.cli._outcomes import check_metabolic, parse_glucose

        glucose = parse_glucose(fasting_glucose, bare_is_mmol=True)
        check_metabolic(glucose, hba1c)
        current, start = (None, None)
        if current_protocol is not None:
            current, start = load_current_protocol(current_protocol)
        start = _date(protocol_start, "--protocol-start") or start
        req = PlanRequest(readings=_read(readings), age_years=age, sex=sex_.value, goal=goal_, weight_kg=weight_kg,
                          current=current, current_start=start, conditions=conds, target=Target(lo, hi),
                          fasting_glucose_mmol_l=glucose, hba1c_percent=hba1c,
                          plan_date=_date(plan_date, "--plan-date"))
        result = make_plan(req)
        if as_json:
            from igfaxis.apps.cli._output import print_json

            print_json(result.as_dict())
            return
        _human(result.as_dict())


def _human(d: dict[str, Any]) -> None:
    from rich.table import Table

    from igfaxis.apps.cli._output import console

    con = console()
    lo, hi = d["target_ng_ml"]
    status = d["status"]
    con.print(f"[bold]igfaxis plan[/] - goal {d['goal']}, target {lo:g}-{hi:g} ng/mL, status "
              f"[{'bold red' if status == 'blocked' else 'bold green'}]{status}[/]")
    for r in d["blocked_reasons"]:
        con.print(f"  [red]blocked:[/] {r}")
    t = Table(show_lines=False)
    t.add_column("option", ratio=1, overflow="fold")
    for col in ("retest", "median", "90% CI", "P(band)", "P(>175)", "HR", "ok"):  # ok: passes the safety rules
        t.add_column(col, justify="left" if col in ("retest", "ok") else "right", no_wrap=True)
    for c in d["candidates"]:
        f = c["forecast"]
        mark = "[red]no[/]" if not c["allowed"] else "[yellow]caution[/]" if c["warnings"] else "yes"
        label = c["name"]
        if c["protocol"] and any("ug/kg" in str(x.get("amount", "")) for x in c["protocol"].get("doses", [])):
            label += "".join(f" (= {x['amount_ug'] / 1000:.3g} mg at {x['weight_kg']:g} kg)"
                             for x in c["dose_at_weight"])  # a per-kg dose as what is injected
        name = f"[bold]{label}[/]" if c["name"] == d["recommendation"] else label
        t.add_row(name, f["date"], f"{f['igf1_median_ng_ml']:.0f}", f"{f['igf1_90ci_ng_ml'][0]:.0f}-"
                  f"{f['igf1_90ci_ng_ml'][1]:.0f}", f"{c['p_in_target']:.2f}", f"{c['p_above_175']:.2f}",
                  f"{c['mortality_hr']:.2f}", mark)
    con.print(t)
    con.print("IGF-1 in ng/mL; the interval and probabilities are for the measured retest value (model + "
              "measurement noise). Mortality HR: observational model, vs the age-sex median.")
    for c in d["candidates"]:
        if c["refused_because"]:
            con.print(f"  [red]{c['name']}[/]: {'; '.join(c['refused_because'])}")
        elif c["warnings"] and c["name"] != d["recommendation"]:
            con.print(f"  [yellow]{c['name']}[/]: {'; '.join(c['warnings'])}")
    ind = d["individual"]
    lo, mid, hi = ind["untreated_igf1_ng_ml"]
    con.print(f"Your untreated IGF-1 (posterior 5th / 50th / 95th percentile): {lo:.0f} / {mid:.0f} / {hi:.0f} ng/mL")
    rec = d["recommendation"]
    if rec is None:
        con.print("[bold red]No option passes the safety rules.[/]")
    else:
        con.print(f"[bold green]Recommendation:[/] {rec}")
        chosen = next(c for c in d["candidates"] if c["name"] == rec)
        for r in chosen["regulatory_status"]:
            con.print(f"  regulatory: {r}")
        for w in chosen["warnings"]:
            con.print(f"  [yellow]warning:[/] {w}")
    con.print(f"[bold]Retest:[/] {d['retest']['date']} - {d['retest']['reason']}")
    for w in d["warnings"]:
        con.print(f"[yellow]note:[/] {w}")
    con.print(f"[italic]{d['disclaimer']}[/]")
