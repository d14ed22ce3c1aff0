"""``igfaxis trial``: a virtual trial of a protocol over a sampled population, in chunks, locally or on Dask."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer

from igfaxis.errors import InputError, Problem


def _age_range(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{1,3})\s*(?:-\s*(\d{1,3}))?\s*", text)
    if not m:
        raise InputError(Problem("bad age range", field="age", received=text, expected="LOW-HIGH in years, e.g. 40-70"))
    low = int(m.group(1))
    return low, int(m.group(2)) if m.group(2) else low


def _factors(text: str, *, has_protocol: bool) -> list[float]:
    try:
        values = [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        values = []
    if not values or any(not (v > 0 and v < 1e3) for v in values):
        raise InputError(Problem("bad dose scale", field="dose_scale", received=text,
                                 expected="positive factors separated by commas, e.g. 0.5,1,2"))
    if values != [1.0] and not has_protocol:
        raise InputError(Problem("a dose sweep needs a protocol", field="dose_scale", received=text,
                                 expected="--protocol FILE.toml"))
    return values


def register(app: typer.Typer) -> None:
    @app.command()
    def trial(
        protocol: Path | None = typer.Option(None, "--protocol", help="Protocol TOML (omit: untreated)."),
        n: int = typer.Option(10_000, "--n", help="Number of virtual patients."),
        age: str = typer.Option("40-70", "--age", help="Age range in years, uniform over whole years."),
        sex: str = typer.Option("any", "--sex", help="male, female or any (half each)."),
        days: int = typer.Option(182, "--days", help="Trial length in days."),
        seed: int = typer.Option(0, "--seed", help="Master seed (same seed and chunk size, same result)."),
        weight_kg: float | None = typer.Option(None, "--weight-kg", help="Body weight for everyone (model default)."),
        chunk_size: int = typer.Option(1_000, "--chunk-size", help="Patients per chunk (each with its own seed; "
                                        "bounds memory). On a GPU several chunks share one engine call."),
        workers: int | None = typer.Option(None, "--workers", help="Run on a Dask LocalCluster of N processes."),
        scheduler: str | None = typer.Option(None, "--scheduler", help="Dask scheduler address tcp://HOST:PORT."),
        float32: bool = typer.Option(False, "--float32", help="Single precision (faster; fine for summaries)."),
        dt_min: float = typer.Option(1.0, "--dt-min", help="Engine step in minutes: 1, 2 or 3 (1.7-2.2x faster on a "
                                     "GPU; the population's mean IGF-1 within 1.5e-4 of the 1-minute step, but "
                                     "over 26 weeks 6 % (2) or 23 % (3) of patients drift >0.5 % as their pulse "
                                     "timing shifts: for summaries; bench/RESULTS.md)."),
        dose_scale: str = typer.Option("1", "--dose-scale",
                                       help="Dose sweep: factors on every dose, e.g. 0.5,1,2 (same patients)."),
        allow_off_label: bool = typer.Option(False, "--allow-off-label", help="Simulate doses outside labels."),
        as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
        plot: Path | None = typer.Option(None, "--plot", help="Write a PNG: band fraction and mean IGF-1 by day."),
    ) -> None:
        """Virtual trial: IGF-1 change (mean, SD, percentiles), time in the 120-160 ng/mL band, published match."""
        from igfaxis.apps.cli._output import console, print_json

        low, high = _age_range(age)
        if n < 1:
            raise InputError(Problem("population size must be at least 1", field="n", received=str(n)))
        payload = _run(protocol=protocol, n=n, ages=(low, high), sex=sex, days=days, seed=seed, weight_kg=weight_kg,
                       chunk_size=chunk_size, workers=workers, scheduler=scheduler, float32=float32, dt_min=dt_min,
                       allow_off_label=allow_off_label, show_progress=not as_json,
                       factors=_factors(dose_scale, has_protocol=protocol is not None))
        if plot is not None:
            _plot(payload, plot)
            payload["plot"] = str(plot)
        if as_json:
            print_json(payload)
        else:
            _print(console(), payload)


def _run(*, protocol: Path | None, n: int, ages: tuple[int, int], sex: str, days: int, seed: int,
         weight_kg: float | None, chunk_size: int, workers: int | None, scheduler: str | None, float32: bool,
         dt_min: float, allow_off_label: bool, show_progress: bool, factors: list[float]) -> dict[str, Any]:
    from contextlib import ExitStack

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from igfaxis.apps.cli._output import error_console
    from igfaxis.physiology.parameters import AXIS
    from igfaxis.physiology.protocol import load_protocol, prepare
    from igfaxis.scale.published import resembling
    from igfaxis.scale.trial import BAND_HIGH, BAND_LOW, STEP_ACCURACY, TrialSpec, run_dose_sweep
    from igfaxis.scale.trial_report import summarise, sweep_point

    weight = float(AXIS.value("weight_default_kg")) if weight_kg is None else weight_kg
    proto = load_protocol(protocol, allow_off_label=allow_off_label) if protocol is not None else None
    # every sweep point is checked like a protocol file (range per dose, at this weight) before anything runs
    regimens = {f: prepare(proto.scaled(f), weight_kg=weight, days=days) for f in factors} if proto else {}
    if proto is None:
        drugs: tuple[Any, ...] = ()
    else:  # the unscaled doses the sweep multiplies (already prepared when 1 is a sweep point)
        drugs = (regimens[1.0] if 1.0 in regimens else prepare(proto, weight_kg=weight, days=days)).drug_inputs
    flags: list[str] = []
    for reg in regimens.values():
        flags += [fl for fl in reg.flags if fl not in flags]
    matches = resembling(proto) if proto is not None else []
    spec = TrialSpec(age_low=ages[0], age_high=ages[1], sex=sex, days=days, drugs=drugs, weight_kg=weight,
                     checkpoints=tuple(sorted({t.day for t in matches})), float32=float32, dt_min=dt_min)
    with ExitStack() as stack:
        backend = None
        if workers is not None or scheduler is not None:
            from igfaxis.scale.dask_backend import DaskBackend

            backend = stack.enter_context(DaskBackend(scheduler=scheduler, workers=workers or 2))
        callback = None
        if show_progress:
            bar = stack.enter_context(Progress(TextColumn("simulating"), BarColumn(), MofNCompleteColumn(),
                                               TextColumn("patients"), TimeElapsedColumn(),
                                               console=error_console(), transient=True))
            task = bar.add_task("trial", total=n * len(factors))
            state = {"base": 0, "last": 0}  # patients of finished sweep points; patients_done last reported

            def callback(p: Any) -> None:
                if p.chunks_done == 1 and state["last"] == n:  # a new sweep point started
                    state["base"] += n
                state["last"] = p.patients_done
                bar.update(task, completed=state["base"] + p.patients_done)

        results = run_dose_sweep(spec, factors=factors, n=n, seed=seed, chunk_size=chunk_size, backend=backend,
                                 progress=callback)
    main_f, result = next(((f, r) for f, r in results if f == 1.0), results[0])
    payload = summarise(result, matches if main_f == 1.0 else [])  # published trials used the protocol's dose
    payload["protocol"] = {"name": proto.name if proto else "untreated", "file": str(protocol) if protocol else None,
                           "flags": flags}
    for c, t in zip(payload["published_comparison"], [t for t in matches if t.day < days], strict=False):
        c["population_differs"] = _population_note(t, ages, sex)
    payload["population"] = {"age_years": list(ages), "sex": sex, "weight_kg": weight,
                             "weight_note": "same body weight for every patient (weight variability not sampled)"}
    payload["target_band_ng_ml"] = [BAND_LOW, BAND_HIGH]
    dask = scheduler or f"LocalCluster({workers or 2})"
    payload["backend"] = f"dask:{dask}" if (workers or scheduler) else "serial"
    if not (workers or scheduler):
        from igfaxis.physiology.engine import use_fused
        from igfaxis.physiology.simulate import AXIS_MODEL
        from igfaxis.scale.trial import chunks_per_call

        payload["engine"] = "fused GPU kernel" if use_fused(AXIS_MODEL) else "XLA scan"
        payload["chunks_per_call"] = chunks_per_call(chunk_size)
    payload["float32"] = float32
    payload["dt_min"] = dt_min
    payload["step_accuracy"] = dict(STEP_ACCURACY[dt_min])
    payload["dose_scale"] = main_f
    payload["published_beyond_horizon"] = [{"regimen": t.regimen, "day": t.day, "source": t.result.source}
                                           for t in matches if t.day >= days]
    if len(results) > 1:
        payload["sweep"] = [sweep_point(f, r) | {"off_label": [fl for fl in regimens[f].flags
                                                                if fl.startswith("OFF-LABEL")]}
                            for f, r in results]
    return payload


def _population_note(trial: Any, ages: tuple[int, int], sex: str) -> str | None:
    """Why the virtual population is not the trial's (ages, sexes), with the options that would match; None if it
    is, or if the trial report gives no range to compare."""
    parts, fix = [], []
    if trial.ages is not None and (ages[0] > trial.ages[1] or ages[1] < trial.ages[0]
                                   or abs(ages[0] - trial.ages[0]) > 5 or abs(ages[1] - trial.ages[1]) > 5):
        lo, hi = round(trial.ages[0]), round(trial.ages[1])
        parts.append(f"ages {ages[0]}-{ages[1]} vs the trial's {lo}-{hi}")
        fix.append(f"--age {lo}-{hi}")
    if trial.sex != "any" and sex != trial.sex:
        parts.append(f"sex {sex} vs the trial's {trial.sex}")
        fix.append(f"--sex {trial.sex}")
    if not parts:
        return None
    return f"this virtual population differs from the trial's ({'; '.join(parts)}); run {' '.join(fix)} to compare"


def _print(con: Any, payload: dict[str, Any]) -> None:
    from rich.table import Table

    from igfaxis.apps.cli._output import say

    con.print(f"[bold]Virtual trial[/]: {payload['protocol']['name']}, n = {payload['n']} "
              f"({payload['n_failed']} failed), ages {payload['population']['age_years'][0]}-"
              f"{payload['population']['age_years'][1]}, sex {payload['population']['sex']}, {payload['days']} days, "
              f"seed {payload['seed']}")
    t = Table("IGF-1", "mean", "SD", "p5", "p25", "median", "p75", "p95")
    for key, label in (("baseline_igf1_ng_ml", "baseline (ng/mL)"), ("final_igf1_ng_ml", "final (ng/mL)"),
                       ("igf1_change_ng_ml", "change (ng/mL)"), ("igf1_change_pct", "change (%)")):
        d = payload[key]
        t.add_row(label, *(f"{d[k]:.1f}" for k in ("mean", "sd", "p5", "p25", "p50", "p75", "p95")))
    con.print(t)
    band = payload["in_band"]
    lo, hi = payload["target_band_ng_ml"]
    con.print(f"In the {lo:g}-{hi:g} ng/mL band: baseline {100 * band['baseline']:.1f} %, "
              + ", ".join(f"day {d} {100 * f:.1f} %" for d, f in band["at_days"].items()))
    for c in payload["published_comparison"]:
        con.print(f"Published: {c['regimen']}, {c['population']} (day {c['day']}): {c['published']:g} {c['unit']}"
                  f"{' vs placebo' if c['vs_placebo'] else ''}; model {c['model']:.1f} {c['unit']} "
                  f"[{c['source']}]")
        if c.get("population_differs"):
            con.print(f"  [yellow]note:[/] {c['population_differs']}")
    for t in payload["published_beyond_horizon"]:
        con.print(f"Published {t['regimen']} reports day {t['day']}; this trial simulates days 0-{payload['days'] - 1} "
                  f"(run --days {t['day'] + 1} or more to compare) [{t['source']}]")
    if not payload["published_comparison"] and not payload["published_beyond_horizon"] and payload["protocol"]["file"]:
        con.print("No published trial matches this protocol's agent, route, schedule and dose.")
    for pt in payload.get("sweep", []):
        con.print(f"dose x{pt['dose_scale']:g}: IGF-1 change {pt['igf1_change_ng_ml']['mean']:+.1f} ng/mL "
                  f"({pt['igf1_change_pct']['mean']:+.1f} %), in band at the end {100 * pt['in_band_final']:.1f} %"
                  + (" [yellow]OFF-LABEL[/]" if pt["off_label"] else ""))
    for f in payload["protocol"]["flags"]:
        con.print(f"[yellow]{f}[/]")
    acc = payload["step_accuracy"]
    if payload["dt_min"] != 1.0:
        con.print(f"[yellow]Engine step {payload['dt_min']:g} min[/]: population mean IGF-1 within "
                  f"{acc['population_mean_igf1_rel_diff']:.1e} of the {acc['against_dt_min']:g}-min step, but "
                  f"{100 * acc['patients_beyond_0_5pct']:.1f} % of patients differ by > 0.5 % on some day over 26 "
                  "weeks (pulse timing): use it for summaries, not single patients.")
    if "plot" in payload:
        say(f"Plot written to {payload['plot']}", con)


def _plot(payload: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    days = list(range(payload["days"]))
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 3.6), constrained_layout=True)
    a1.plot(days, [100 * f for f in payload["in_band"]["by_day"]], color="tab:green")
    a1.set(xlabel="day", ylabel="% of patients in band", ylim=(0, 100),
           title=f"IGF-1 {payload['target_band_ng_ml'][0]:g}-{payload['target_band_ng_ml'][1]:g} ng/mL")
    means = payload["mean_igf1_ng_ml_by_day"]
    lo, hi = payload["target_band_ng_ml"]
    a2.plot(days, means, color="tab:blue")
    a2.axhspan(lo, hi, color="tab:green", alpha=0.15, label=f"target {lo:g}-{hi:g} ng/mL")
    finite = [m for m in means if m == m] or [lo]
    a2.set_ylim(min(lo, *finite) - 20.0, max(hi, *finite) + 20.0)
    a2.legend(loc="lower right", frameon=False)
    a2.set(xlabel="day", ylabel="mean IGF-1 (ng/mL)", title=f"{payload['protocol']['name']}, n = {payload['n']}")
    fig.savefig(path, dpi=120)
    plt.close(fig)
