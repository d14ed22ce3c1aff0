"""``igfaxis simulate``: one person's GH/IGF-1 axis, untreated or under a protocol, day by day.

JSON keys (other tools depend on them): ``days``, ``igf1_ng_ml`` (daily mean total IGF-1), ``gh_ug_l`` (daily
mean GH), ``summary`` {``baseline_igf1_ng_ml``, ``final_igf1_ng_ml``, ``max_igf1_ng_ml``, ``day_of_max``,
``gh_pulses_per_day``, ``gh_24h_integrated_ug_l_min``} (pulses and integrated GH of day 0), ``model`` {``name``,
``version``, ``seed``}; plus ``person``, ``protocol`` and ``summary`` extras for the last day.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import typer

from igfaxis.errors import InputError, Problem


def _drugs(protocol: Path | None, *, weight_kg: float, days: int, allow_off_label: bool) -> tuple[list[Any], dict[
        str, Any]]:
    """DrugInputs and a JSON description for ``--protocol`` (via ``igfaxis.physiology.protocol``)."""
    if protocol is None:
        return [], {"name": "untreated", "file": None, "flags": []}
    try:
        from igfaxis.physiology.protocol import load_protocol, prepare
    except ImportError:  # pragma: no cover - the agents layer provides it
        raise InputError(Problem("protocols are not yet supported", file=str(protocol), field="protocol")) from None
    regimen = prepare(load_protocol(protocol, allow_off_label=allow_off_label), weight_kg=weight_kg, days=days)
    return list(regimen.drug_inputs), {"name": regimen.protocol.name, "file": str(protocol),
                                       "flags": list(regimen.flags),
                                       "doses": [e.as_dict() for e in regimen.events],
                                       "agents": regimen.agents_json()}


def run_simulation(*, age: float, sex: str, weight_kg: float | None, baseline_igf1: float | None,
                   protocol: Path | None, days: int, seed: int | None, sleep: str,
                   allow_off_label: bool = False) -> tuple[dict[str, Any], Any]:
    """Simulate and build the JSON payload; returns ``(payload, trajectory)``."""
    from igfaxis.labs.models import Sex
    from igfaxis.physiology.parameters import AXIS
    from igfaxis.physiology.population import parse_sleep
    from igfaxis.physiology.pulses import detect
    from igfaxis.physiology.simulate import person, sample_population, simulate, tonic_state_warning

    if days < 1 or days > 3650:
        raise InputError(Problem("days out of range", field="days", received=str(days), expected="1 to 3650"))
    sx = Sex.parse(sex).value
    window = parse_sleep(sleep)
    weight = float(AXIS.value("weight_default_kg")) if weight_kg is None else weight_kg
    drugs, proto = _drugs(protocol, weight_kg=weight, days=days, allow_off_label=allow_off_label)
    if seed is None:
        patients = person(age_years=age, sex=sx, weight_kg=weight_kg, baseline_igf1=baseline_igf1, sleep=window)
    else:  # one plausible individual: GH dynamics drawn with the seed, IGF-1 anchored as without it
        patients = sample_population(1, age_years=age, sex=sx, seed=seed, weight_kg=weight_kg, anchor=True,
                                     baseline_igf1=baseline_igf1, sleep=window)
    minute_days = sorted({0, min(1, days - 1), days - 1})
    tr = simulate(patients, days=days, drugs=drugs, seed=seed, minute_days=minute_days)
    if tr.status[0] != 0:
        from igfaxis.errors import SimulationError

        raise SimulationError("the simulation became non-finite (solver failure)")
    igf = tr.igf1_ng_ml[:, 0]
    first, last = detect(tr.minute_gh_ug_l[0][:, 0]), detect(tr.minute_gh_ug_l[days - 1][:, 0])
    imax = int(igf.argmax())
    warning = tonic_state_warning(first.count, last.count, days - 1) if drugs else None
    payload: dict[str, Any] = {
        "days": list(range(days)),
        "igf1_ng_ml": [round(float(v), 3) for v in igf],
        "gh_ug_l": [round(float(v), 4) for v in tr.gh_ug_l[:, 0]],
        "igf1_free_ng_ml": [round(float(v), 4) for v in tr.igf1_free_ng_ml[:, 0]],
        "summary": {
            "baseline_igf1_ng_ml": round(float(tr.baseline_igf1_ng_ml[0]), 3),
            "final_igf1_ng_ml": round(float(igf[-1]), 3),
            "max_igf1_ng_ml": round(float(igf[imax]), 3),
            "day_of_max": imax,
            "gh_pulses_per_day": first.count,
            "gh_24h_integrated_ug_l_min": round(first.integrated, 1),
            "gh_pulses_last_day": last.count,
            "gh_24h_integrated_last_day_ug_l_min": round(last.integrated, 1),
            "gh_half_life_min": None if first.half_life_min != first.half_life_min else round(first.half_life_min, 1),
        },
        "person": {"age_years": age, "sex": sx, "weight_kg": weight, "baseline_igf1_input_ng_ml": baseline_igf1,
                   "sleep": sleep},
        "protocol": {k: v for k, v in proto.items() if k not in ("doses", "agents")},
        "doses": proto.get("doses", []),
        "agents": proto.get("agents", {}),
        "model": {"name": tr.model_name, "version": tr.model_version, "seed": seed},
        "warnings": [warning] if warning else [],
    }
    return payload, tr


def write_minute_csv(path: Path, tr: Any) -> None:
    """Minute GH (µg/L) of the first and last simulated day: columns day, minute, time_h, gh_ug_l."""
    days = sorted({0, int(tr.days[-1])})
    times = tr.minute_times_h()
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["day", "minute", "time_h", "gh_ug_l"])
        for d in days:
            gh = tr.minute_gh_ug_l[d][:, 0]
            for k, (t, v) in enumerate(zip(times, gh, strict=True)):
                w.writerow([d, round((k + 1) * tr.dt_min), f"{t:.4f}", f"{v:.5f}"])


def plot(path: Path, tr: Any, payload: dict[str, Any], *, sleep: tuple[float, float]) -> None:
    """48-h GH profile (pulses and sleep marked) and daily mean IGF-1, PNG via the Agg backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.ticker import MaxNLocator

    from igfaxis.evidence.zones import OPTIMAL_BAND_NG_ML
    from igfaxis.physiology.pulses import detect

    shown = [d for d in (0, 1) if d in tr.minute_gh_ug_l]
    gh = np.concatenate([tr.minute_gh_ug_l[d][:, 0] for d in shown])
    t = np.concatenate([d * 24.0 + tr.minute_times_h() for d in shown])
    st = detect(gh, dt_min=tr.dt_min)
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 6.5), gridspec_kw={"height_ratios": [3, 2]})
    on, length = sleep
    for day in range(-1, len(shown) + 1):
        a, b = day * 24.0 + on, day * 24.0 + on + length
        if b > 0 and a < 24.0 * len(shown):
            ax1.axvspan(max(a, 0.0), min(b, 24.0 * len(shown)), color="#9db4d9", alpha=0.35, lw=0,
                        label="sleep" if day == -1 or (a >= 0 and day == 0 and on + length <= 24) else None)
    ax1.plot(t, gh, color="#1f3b73", lw=1.2, label="GH (µg/L)")
    ax1.plot(t[st.peaks_idx], gh[st.peaks_idx], "v", color="#d1495b", ms=7,
             label=f"detected pulses ({st.count} in {len(shown) * 24} h)")
    ax1.set_xlim(0, 24.0 * len(shown))
    ax1.set_xticks(np.arange(0, 24.0 * len(shown) + 1, 6))
    ax1.set_xlabel("hours from day 0, 00:00")
    ax1.set_ylabel("GH (µg/L)")
    person = payload["person"]
    ax1.set_title(f"GH profile: {person['sex']}, {person['age_years']:g} y — {payload['protocol']['name']}")
    for i, ev in enumerate(e for e in payload.get("doses", []) if e["time_h"] < 24.0 * len(shown)):
        ax1.axvline(ev["time_h"], color="#8e24aa", ls=":", lw=1.2, label="dose" if i == 0 else None)
    handles, labels = ax1.get_legend_handles_labels()
    uniq = dict(zip(labels, handles, strict=True))
    ax1.legend(uniq.values(), uniq.keys(), loc="upper right", fontsize=8)
    days = np.asarray(payload["days"])
    ax2.plot(days, payload["igf1_ng_ml"], "o-", color="#2e7d32", ms=4, label="daily mean total IGF-1")
    ax2.axhline(payload["summary"]["baseline_igf1_ng_ml"], color="grey", ls="--", lw=1, label="untreated baseline")
    band_lo, band_hi = OPTIMAL_BAND_NG_ML
    ax2.axhspan(band_lo, band_hi, color="#a5d6a7", alpha=0.3, lw=0, label=f"target band {band_lo:g}–{band_hi:g} ng/mL")
    for i, ev in enumerate(payload.get("doses", [])):
        ax2.axvline(ev["time_h"] / 24.0, color="#8e24aa", alpha=0.3, lw=0.8, label="dose" if i == 0 else None)
    ax2.set_xlabel("day")
    ax2.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax2.set_ylabel("IGF-1 (ng/mL)")
    ax2.set_xlim(-0.5, max(days[-1], 1) + 0.5)
    lo, hi = min(min(payload["igf1_ng_ml"]), band_lo), max(max(payload["igf1_ng_ml"]), band_hi)
    pad = max(0.1 * (hi - lo), 0.05 * hi)
    ax2.set_ylim(lo - pad, hi + pad)
    ax2.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def register(app: typer.Typer) -> None:
    @app.command()
    def simulate(
        age: float = typer.Option(..., "--age", help="Age in years (18-100)."),
        sex: str = typer.Option(..., "--sex", help="male or female."),
        days: int = typer.Option(..., "--days", help="Days to simulate after the untreated baseline."),
        weight_kg: float | None = typer.Option(None, "--weight-kg", help="Body weight, kg (default 75)."),
        baseline_igf1: float | None = typer.Option(None, "--baseline-igf1",
                                                   help="Measured untreated IGF-1, ng/mL (default: age/sex median)."),
        protocol: Path | None = typer.Option(None, "--protocol", help="Protocol TOML file (default: untreated)."),
        seed: int | None = typer.Option(None, "--seed", help="Draw one plausible individual's GH dynamics."),
        sleep: str = typer.Option("23:00-07:00", "--sleep", help="Sleep window HH:MM-HH:MM."),
        allow_off_label: bool = typer.Option(False, "--allow-off-label", help="Simulate off-label doses, flagged."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
        plot_file: Path | None = typer.Option(None, "--plot", help="Write a PNG: 48-h GH and daily IGF-1."),
        minute_gh: Path | None = typer.Option(None, "--minute-gh", help="Write minute GH of first and last day."),
        outcomes: bool = typer.Option(False, "--outcomes", help="Add trial-based outcome forecasts (see docs)."),
        fasting_glucose: str | None = typer.Option(None, "--fasting-glucose",
                                                   help="Baseline fasting glucose for --outcomes, e.g. '5.4 mmol/L'."),
        hba1c: float | None = typer.Option(None, "--hba1c", help="Baseline HbA1c, % (for --outcomes warnings)."),
        hiv_lipodystrophy: bool = typer.Option(False, "--hiv-lipodystrophy",
                                               help="HIV-associated abdominal fat (tesamorelin trial population)."),
        outcomes_plot: Path | None = typer.Option(
            None, "--outcomes-plot",
            help="Write a PNG of IGF-1 over its zones and each outcome over time (implies --outcomes)."),
    ) -> None:
        """Simulate a person's GH/IGF-1 axis minute by minute (untreated, or under --protocol)."""
        from igfaxis.apps.cli._output import console, print_json
        from igfaxis.physiology.population import parse_sleep

        if fasting_glucose is not None:  # read before the simulation, not after it
            from igfaxis.apps.cli._outcomes import parse_glucose

            parse_glucose(fasting_glucose)
        unused = [opt for opt, v in (("--fasting-glucose", fasting_glucose), ("--hba1c", hba1c),
                                     ("--hiv-lipodystrophy", hiv_lipodystrophy or None)) if v is not None]
        if unused and not (outcomes or outcomes_plot is not None):  # they only feed the outcome forecasts
            raise InputError(Problem(f"{unused[0]} is read only by the outcome forecasts", field=unused[0],
                                     received=f"{', '.join(unused)} without --outcomes",
                                     expected="--outcomes (or --outcomes-plot) as well, or leave it out"))
        if (outcomes or outcomes_plot is not None) and days < 2:  # a forecast needs a change over days
            raise InputError(Problem("outcome forecasts need at least two simulated days",
                                     field="--outcomes" if outcomes else "--outcomes-plot", received=f"--days {days}",
                                     expected="--days 2 or more"))
        # --plot, --minute-gh and --outcomes-plot were checked when the command line was parsed (main.OUTPUT_OPTIONS)
        payload, tr = run_simulation(age=age, sex=sex, weight_kg=weight_kg, baseline_igf1=baseline_igf1,
                                     protocol=protocol, days=days, seed=seed, sleep=sleep,
                                     allow_off_label=allow_off_label)
        if minute_gh is not None:
            write_minute_csv(minute_gh, tr)
        if plot_file is not None:
            plot(plot_file, tr, payload, sleep=parse_sleep(sleep))
        if outcomes or outcomes_plot is not None:
            from igfaxis.apps.cli._outcomes import outcomes_block, write_outcomes_plot

            block = outcomes_block(payload, tr, protocol=protocol, allow_off_label=allow_off_label,
                                   fasting_glucose=fasting_glucose, hba1c=hba1c, hiv_lipodystrophy=hiv_lipodystrophy)
            payload["outcomes"] = block.as_dict()
            if outcomes_plot is not None:
                write_outcomes_plot(outcomes_plot, block, tr.igf1_ng_ml[:, 0])
        if as_json:
            print_json(payload)
            return
        _print(console(), payload, plot_file, minute_gh)


def _print(con: Any, payload: dict[str, Any], plot_file: Path | None, minute_gh: Path | None) -> None:
    from rich.markup import escape
    from rich.table import Table

    from igfaxis.apps.cli._output import say

    s, p = payload["summary"], payload["person"]  # protocol names, flags and paths are user text: never markup
    con.print(f"[bold]GH/IGF-1 axis[/] {p['sex']}, {p['age_years']:g} y, {p['weight_kg']:g} kg — "
              f"{escape(payload['protocol']['name'])}, {len(payload['days'])} days (model "
              f"{payload['model']['name']} {payload['model']['version']})")
    for flag in [*payload["protocol"]["flags"], *payload["warnings"]]:
        con.print(f"[yellow]{escape(flag)}[/]")
    t = Table(show_header=False, box=None)
    t.add_row("IGF-1 baseline (untreated)", f"{s['baseline_igf1_ng_ml']:.0f} ng/mL")
    t.add_row("IGF-1 final day", f"{s['final_igf1_ng_ml']:.0f} ng/mL")
    t.add_row("IGF-1 maximum", f"{s['max_igf1_ng_ml']:.0f} ng/mL on day {s['day_of_max']}")
    t.add_row("GH pulses, day 0", f"{s['gh_pulses_per_day']} per 24 h")
    t.add_row("24-h integrated GH, day 0", f"{s['gh_24h_integrated_ug_l_min']:.0f} µg/L·min")
    con.print(t)
    for f, what in ((plot_file, "plot"), (minute_gh, "minute GH")):
        if f is not None:
            say(f"{what} written to {f}", con)
    if "outcomes" in payload:
        from igfaxis.apps.cli._outcomes import print_outcomes

        print_outcomes(con, payload["outcomes"])
    con.print("[dim]A model, not a prescription: for review by a licensed clinician.[/]")
