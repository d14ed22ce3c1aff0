"""``igfaxis pathway``: IGF-1R → Akt → mTORC1 / FOXO read-outs for a protocol or a synthetic exposure pattern.

``--pattern constant|pulsatile|compare --mean-igf1 150`` runs square pulses and/or sustained free IGF-1 at the same
mean total IGF-1 (ng/mL); ``--protocol FILE.toml --age A --sex S`` drives the pathway with the axis model's
minute-resolution free IGF-1 for that person and protocol, next to the same person untreated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from igfaxis.errors import InputError, Problem

CONTRACT_KEYS: tuple[str, ...] = (
    "mtorc1_mean", "foxo_nuclear_mean", "foxo_active_hours_per_day", "foxo_target_mean", "s6k_mean", "akt_mean",
)
PATTERNS: tuple[str, ...] = ("constant", "pulsatile", "compare")


def register(app: typer.Typer) -> None:
    @app.command()
    def pathway(
        protocol: Path | None = typer.Option(None, "--protocol", help="Protocol TOML, simulated by the axis model."),
        age: float | None = typer.Option(None, "--age", help="Age in years (with --protocol)."),
        sex: str | None = typer.Option(None, "--sex", help="male or female (with --protocol)."),
        pattern: str | None = typer.Option(None, "--pattern", help="constant | pulsatile | compare."),
        mean_igf1: float | None = typer.Option(None, "--mean-igf1", help="Mean total IGF-1, ng/mL (with --pattern)."),
        days: int = typer.Option(3, "--days", help="Days simulated (after warm-up)."),
        pulse_period: float | None = typer.Option(None, "--pulse-period", help="Minutes between pulses."),
        pulse_width: float | None = typer.Option(None, "--pulse-width", help="Pulse duration, minutes."),
        local_fraction: float = typer.Option(
            0.0, "--local-fraction",
            help="With --protocol: local GH-driven IGF-1 at the untreated baseline, as a fraction of free IGF-1 "
                 "(0 = off; an assumption, see docs/signaling.md)."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
        plot: Path | None = typer.Option(None, "--plot", help="Write a PNG of the read-outs over time."),
    ) -> None:
        """Cell-signalling read-outs (fractions of maximal activity, 0–1; FOXO hours per day)."""
        payload, runs = _run(protocol=protocol, age=age, sex=sex, pattern=pattern, mean_igf1=mean_igf1, days=days,
                             pulse_period=pulse_period, pulse_width=pulse_width, local_fraction=local_fraction)
        if plot is not None:
            plot_runs(runs, plot, title=str(payload.get("exposure", {}).get("label", "")))
            payload["plot"] = str(plot)
        if as_json:
            from igfaxis.apps.cli._output import print_json

            print_json(payload)
        else:
            _print_human(payload)


def _bad(message: str, field: str, received: object, expected: str) -> InputError:
    return InputError(Problem(message, field=field, received=str(received), expected=expected))


def _run(*, protocol: Path | None, age: float | None, sex: str | None, pattern: str | None, mean_igf1: float | None,
         days: int, pulse_period: float | None, pulse_width: float | None,
         local_fraction: float = 0.0) -> tuple[dict[str, Any], list[Any]]:
    if (protocol is None) == (pattern is None):
        raise _bad("give either --protocol (with --age and --sex) or --pattern (with --mean-igf1)", "--protocol",
                   f"protocol={protocol}, pattern={pattern}", "exactly one of --protocol / --pattern")
    if not 1 <= days <= 60:
        raise _bad("days out of range", "--days", days, "1 to 60")
    if not 0.0 <= local_fraction <= 10.0:
        raise _bad("local fraction out of range", "--local-fraction", local_fraction, "0 to 10")
    if pattern is not None:
        if pattern not in PATTERNS:
            raise _bad("unknown pattern", "--pattern", pattern, " | ".join(PATTERNS))
        if mean_igf1 is None:
            raise _bad("--pattern needs --mean-igf1", "--mean-igf1", None, "total IGF-1 in ng/mL, e.g. 150")
        unused = [opt for opt, v in (("--age", age), ("--sex", sex), ("--local-fraction", local_fraction or None))
                  if v is not None]
        if unused:  # they describe a person simulated by the axis model, which --pattern does not run
            raise _bad(f"{unused[0]} applies only with --protocol", unused[0], ", ".join(unused),
                       "--protocol FILE.toml, or leave it out with --pattern")
        return _run_pattern(pattern, mean_igf1, days, pulse_period, pulse_width)
    assert protocol is not None
    for opt, v in (("--mean-igf1", mean_igf1), ("--pulse-period", pulse_period), ("--pulse-width", pulse_width)):
        if v is not None:  # the axis model sets IGF-1 and its timing under a protocol
            raise _bad(f"{opt} applies only with --pattern", opt, v, "--pattern, or leave it out with --protocol")
    if age is None or sex is None:
        raise _bad("--protocol needs --age and --sex", "--age" if age is None else "--sex", None, "both given")
    return _run_protocol(protocol, age, sex, days, local_fraction)


def _pulse_kwargs(period: float | None, width: float | None) -> dict[str, float]:
    kw: dict[str, float] = {}
    if period is not None:
        kw["period_min"] = period
    if width is not None:
        kw["width_min"] = width
    return kw


def _run_pattern(pattern: str, mean_igf1: float, days: int, period: float | None,
                 width: float | None) -> tuple[dict[str, Any], list[Any]]:
    from igfaxis.physiology import exposure as ex
    from igfaxis.physiology import signaling as sg

    kw = _pulse_kwargs(period, width)
    meta = {"label": f"{pattern}, mean total IGF-1 {mean_igf1:g} ng/mL", "mean_igf1_ng_ml": mean_igf1,
            "free_igf1_mean_nM": float(ex.total_ng_ml_to_free_nM(mean_igf1)), "days": days,
            "pulse_period_min": kw.get("period_min", ex.PULSE_PERIOD.value),
            "pulse_width_min": kw.get("width_min", ex.PULSE_WIDTH.value),
            "pulse_trough_fraction": ex.PULSE_TROUGH.value}
    if pattern == "compare":
        cmp = sg.compare_patterns(mean_igf1, days=days, pulse=kw)
        return {**cmp.as_dict(), "exposure": meta, **_thresholds()}, [(cmp.run, 0, "sustained"),
                                                                        (cmp.run, 1, "pulsatile")]
    exposure = ex.constant(mean_igf1, days=days) if pattern == "constant" else ex.square_pulses(
        mean_igf1, days=days, **kw)
    run = sg.simulate(exposure)
    return {**run.readout(0).as_dict(), "exposure": meta, **_thresholds()}, [(run, 0, pattern)]


def _run_protocol(path: Path, age: float, sex: str, days: int,
                  local_fraction: float) -> tuple[dict[str, Any], list[Any]]:
    import numpy as np

    from igfaxis.physiology import signaling as sg
    from igfaxis.physiology.exposure import LOCAL_IGF1_TAU, Exposure, local_igf1_from_gh
    from igfaxis.physiology.parameters import AXIS
    from igfaxis.physiology.protocol import load_protocol, prepare
    from igfaxis.physiology.simulate import person
    from igfaxis.physiology.simulate import simulate as simulate_axis
    from igfaxis.units import IGF1_MOLAR_MASS

    proto = load_protocol(path)
    weight = float(AXIS.value("weight_default_kg"))
    regimen = prepare(proto, weight_kg=weight, days=days)
    drugs = list(regimen.drug_inputs)
    who = person(age_years=age, sex=sex)
    series, gh = [], []
    for d in (drugs, ()):
        traj = simulate_axis(who, days=days, drugs=d, minute_days=tuple(range(days)))
        free = np.concatenate([traj.minute_igf1_free_ng_ml[k][:, 0] for k in range(days)])
        series.append(free * 1e3 / IGF1_MOLAR_MASS.value)  # ng/mL = ug/L -> nmol/L
        gh.append(np.concatenate([traj.minute_gh_ug_l[k][:, 0] for k in range(days)]))
    local = None
    if local_fraction > 0:
        ec50 = float(AXIS.value("igf_ec50"))
        base = local_igf1_from_gh(gh[1][None, :], ec50_ug_l=ec50, scale_nM=1.0)
        scale = local_fraction * series[1].mean() / base.mean()  # local = fraction x free IGF-1 when untreated
        local = local_igf1_from_gh(np.stack(gh), ec50_ug_l=ec50, scale_nM=scale)
    run = sg.simulate(Exposure(np.stack(series), local, label="protocol"))
    treated, untreated = run.readout(0), run.readout(1)
    diff = {k: v - untreated.as_dict()[k] for k, v in treated.as_dict().items()}
    meta = {"label": f"{proto.name}, {sex} {age:g} y", "protocol": proto.name, "file": str(path), "age_years": age,
            "sex": sex, "days": days, "free_igf1_mean_nM": float(series[0].mean()),
            "free_igf1_mean_untreated_nM": float(series[1].mean()), "local_fraction": local_fraction,
            "local_igf1_mean_nM": 0.0 if local is None else float(local[0].mean()),
            "local_igf1_tau_h": LOCAL_IGF1_TAU.value}
    daily = {f"{k}_mean": v[0].tolist() for k, v in run.daily_means.items()}
    daily["foxo_active_hours_per_day"] = run.foxo_active_hours[0].tolist()
    daily["free_igf1_nM"] = series[0].reshape(days, -1).mean(axis=1).tolist()
    payload = {**treated.as_dict(), "untreated": untreated.as_dict(), "difference_vs_untreated": diff,
               "daily": daily, "exposure": meta, "flags": list(regimen.flags), **_thresholds()}
    return payload, [(run, 1, "untreated"), (run, 0, proto.name)]


def _thresholds() -> dict[str, Any]:
    from igfaxis.physiology.signaling_params import FOXO_NUCLEAR_THRESHOLD

    return {"foxo_threshold": FOXO_NUCLEAR_THRESHOLD.as_dict(),
            "units": "fractions of maximal activity (0-1); foxo_active_hours_per_day in hours"}


def plot_runs(runs: list[Any], path: Path, *, title: str = "") -> None:
    """Ligand and read-outs over time for each (run, patient, label); PNG via the Agg backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    panels = [("ligand", "free IGF-1 (nmol/L)"), ("akt", "Akt (pT308·pS473)"), ("mtorc1", "mTORC1"),
              ("s6k", "S6K pT389"), ("foxo_nuclear", "nuclear FOXO"), ("foxo_target", "FOXO target")]
    fig, axes = plt.subplots(len(panels), 1, figsize=(9, 11), sharex=True)
    for run, i, label in runs:
        t_h = np.arange(1, run.ligand_nM.shape[1] + 1) / 60.0
        for ax, (key, _) in zip(axes, panels, strict=True):
            y = run.ligand_nM[i] if key == "ligand" else run.traces[key][i]
            ax.plot(t_h, y, lw=0.9, label=label)
    for ax, (key, name) in zip(axes, panels, strict=True):
        ax.set_ylabel(name, fontsize=8)
        if key != "ligand":
            ax.set_ylim(0, 1.05)
    from igfaxis.physiology.signaling_params import FOXO_NUCLEAR_THRESHOLD

    axes[4].axhline(FOXO_NUCLEAR_THRESHOLD.value, color="grey", ls=":", lw=0.8)
    axes[0].legend(fontsize=8, loc="upper right")
    axes[-1].set_xlabel("time (h)")
    fig.suptitle(title or "IGF-1R signalling", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _print_human(payload: dict[str, Any]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from igfaxis.apps.cli._output import console

    con = console()
    con.print(f"[bold]IGF-1R signalling[/]: {payload['exposure']['label']}")
    if "constant" in payload:
        cols = [("sustained", payload["constant"]), ("pulsatile", payload["pulsatile"]),
                ("pulsatile − sustained", payload["difference"])]
    elif "untreated" in payload:
        cols = [("protocol", payload), ("untreated", payload["untreated"]),
                ("difference", payload["difference_vs_untreated"])]
    else:
        cols = [("value", payload)]
    table = Table()
    table.add_column("read-out")
    for name, _ in cols:
        table.add_column(name, justify="right")
    for key in (*CONTRACT_KEYS, "eif4ebp1_mean", "akt_peak", "s6k_peak", "anabolic_maintenance_balance"):
        table.add_row(key, *(f"{col[key]:.3f}" if key != "foxo_active_hours_per_day" else f"{col[key]:.1f} h"
                             for _, col in cols))
    con.print(table)
    con.print("Fractions of maximal activity (0–1). FOXO 'active' = nuclear FOXO above half its maximum. "
              "A model, not a measurement: see docs/signaling.md for sources and assumptions.")
    for flag in payload.get("flags", []):
        con.print(f"[yellow]{escape(flag)}[/]")
