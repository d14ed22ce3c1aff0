"""The simulate page's work: read the protocol (example, pasted or uploaded TOML), run one simulation, build the
summary, per-agent notes, the outcomes block and two charts (48-h GH, daily IGF-1 over weeks).

Units: IGF-1 ng/mL, GH µg/L, weight kg, times in hours from day 0 00:00 (the first day of treatment; the simulator
burns in to the untreated state before it). JAX and matplotlib are imported inside the functions.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from igfaxis.errors import InputError, Problem
from igfaxis.evidence.zones import OPTIMAL_BAND_NG_ML
from igfaxis.storage import StoredReading

MAX_TOML_BYTES = 64 * 1024
DAYS_DEFAULT = 56
DAYS_MAX = 365
SLEEP_DEFAULT = "23:00-07:00"
TARGET_BAND = OPTIMAL_BAND_NG_ML  # ng/mL, the sourced lowest-mortality band (evidence.zones)


def examples_dir() -> Path | None:
    """``examples/protocols`` of the source checkout (the app also runs without it: paste or upload then)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "examples" / "protocols"
        if candidate.is_dir():
            return candidate
    return None


def example_protocols() -> dict[str, str]:
    """Example id (file stem) -> the protocol's name, from ``examples/protocols/*.toml``."""
    folder = examples_dir()
    if folder is None:
        return {}
    import tomllib

    out: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            name = tomllib.loads(path.read_text(encoding="utf-8")).get("name", path.stem)
        except (OSError, tomllib.TOMLDecodeError):
            continue
        out[path.stem] = f"{name} ({path.name})" if isinstance(name, str) else path.name
    return out


@dataclass(frozen=True)
class ProtocolSource:
    """The TOML text to simulate and where it came from (shown in problems as the file)."""

    text: str
    label: str


def protocol_source(*, example: str, pasted: str, upload_name: str | None, upload: bytes | None) -> ProtocolSource:
    """Pick the protocol: an uploaded file wins over pasted text, which wins over the example chosen. A file that
    was chosen (it has a name) but is empty is an error, never replaced by the pasted text or the example."""
    if upload_name and not (upload or b"").strip():
        raise InputError(Problem("the uploaded file is empty", file=Path(upload_name).name, field="protocol_file",
                                 received=f"{len(upload or b'')} bytes",
                                 expected="a protocol TOML file with a name and at least one [[dose]]; or clear "
                                          "the file input to use the pasted text or the example"))
    if upload:
        name = Path(upload_name or "upload.toml").name
        if len(upload) > MAX_TOML_BYTES:
            raise InputError(Problem("file too large", file=name, field="protocol_file",
                                     received=f"{len(upload)} bytes", expected=f"at most {MAX_TOML_BYTES} bytes"))
        try:
            return ProtocolSource(upload.decode("utf-8-sig"), name)
        except UnicodeDecodeError:
            raise InputError(Problem("not UTF-8 text", file=name, field="protocol_file",
                                     expected="a protocol TOML file")) from None
    if pasted.strip():
        if len(pasted.encode()) > MAX_TOML_BYTES:
            raise InputError(Problem("text too long", field="protocol_text",
                                     expected=f"at most {MAX_TOML_BYTES} bytes"))
        return ProtocolSource(pasted, "pasted protocol")
    examples = example_protocols()
    if example in examples:
        folder = examples_dir()
        assert folder is not None
        return ProtocolSource((folder / f"{example}.toml").read_text(encoding="utf-8"), f"{example}.toml")
    if example:
        raise InputError(Problem("unknown example protocol", field="example", received=example,
                                 expected=" | ".join(examples) or "paste or upload a protocol"))
    raise InputError(Problem("no protocol given", field="protocol",
                             expected="choose an example, paste protocol TOML or upload a .toml file"))


OFF_LABEL_CHECKBOX = "Allow off-label doses (flagged)"
_CLI_OFF_LABEL = "use --allow-off-label"


def web_problems(problems: Sequence[Problem]) -> list[Problem]:
    """The physiology layer's problems as the page must word them: its command-line hint (``--allow-off-label``)
    becomes the page's own checkbox."""
    hint = f"tick “{OFF_LABEL_CHECKBOX}” under Person and run"
    return [replace(p, message=p.message.replace(_CLI_OFF_LABEL, hint),
                    expected=p.expected.replace(_CLI_OFF_LABEL, hint) if p.expected else p.expected)
            if _CLI_OFF_LABEL in p.message or _CLI_OFF_LABEL in (p.expected or "") else p for p in problems]


def check(source: ProtocolSource, *, sleep: str, allow_off_label: bool) -> list[Problem]:
    """Every problem of the protocol text and the sleep window at once (the page lists all bad fields together),
    worded for the page."""
    from igfaxis.physiology.population import parse_sleep
    from igfaxis.physiology.protocol import parse_protocol

    problems: list[Problem] = []
    try:
        parse_sleep(sleep)
    except InputError as exc:
        problems += exc.problems
    try:
        parse_protocol(source.text, file=source.label, allow_off_label=allow_off_label)
    except InputError as exc:
        problems += exc.problems
    return web_problems(problems)


def parse_number(text: str, field_name: str, *, low: float, high: float, expected: str,
                 problems: list[Problem]) -> float | None:
    """A number from a form field (None when empty), checked to lie in [low, high]."""
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append(Problem("not a number", field=field_name, received=text, expected=expected))
        return None
    if not (math.isfinite(value) and low <= value <= high):
        problems.append(Problem("out of range", field=field_name, received=text, expected=expected))
        return None
    return value


@dataclass(frozen=True)
class SimInputs:
    age_years: float
    sex: str
    weight_kg: float
    days: int
    baseline_igf1: float | None
    sleep: str
    allow_off_label: bool
    start_date: dt.date


@dataclass
class SimResult:
    """What the page shows: the summary, per-agent notes, flags, outcomes and the two charts (SVG data URIs)."""

    inputs: SimInputs
    protocol_name: str
    source_label: str
    summary: list[tuple[str, str]]
    agents: list[dict[str, Any]]
    flags: list[str]
    doses: list[dict[str, Any]]
    outcomes: dict[str, Any] | None
    outcomes_error: str | None
    gh_chart: str
    igf1_chart: str
    payload: dict[str, Any] = field(default_factory=dict)


def svg_data_uri(svg: str) -> str:
    """An SVG as a ``data:`` URI for ``<img>`` (the page's CSP allows data: images, not inline styles)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def run(source: ProtocolSource, inputs: SimInputs, *, readings: Sequence[StoredReading] = ()) -> SimResult:
    """Parse, prepare and simulate one protocol for one typical person; raises InputError (ProtocolError) with
    located problems for bad TOML, unknown agents, off-label doses, bad weight/days or sleep window."""
    from igfaxis.errors import SimulationError
    from igfaxis.physiology.agents import AGENTS
    from igfaxis.physiology.population import parse_sleep
    from igfaxis.physiology.protocol import parse_protocol, prepare
    from igfaxis.physiology.pulses import detect
    from igfaxis.physiology.simulate import person, simulate, tonic_state_warning

    sleep = parse_sleep(inputs.sleep)
    protocol = parse_protocol(source.text, file=source.label, allow_off_label=inputs.allow_off_label)
    regimen = prepare(protocol, weight_kg=inputs.weight_kg, days=inputs.days)
    patients = person(age_years=inputs.age_years, sex=inputs.sex, weight_kg=inputs.weight_kg,
                      baseline_igf1=inputs.baseline_igf1, sleep=sleep)
    shown = sorted({0, min(1, inputs.days - 1)})
    last = inputs.days - 1
    tr = simulate(patients, days=inputs.days, drugs=list(regimen.drug_inputs), minute_days=[*shown, last])
    if tr.status[0] != 0:
        raise SimulationError("the simulation became non-finite (solver failure)")
    igf = [float(v) for v in tr.igf1_ng_ml[:, 0]]
    baseline = float(tr.baseline_igf1_ng_ml[0])
    pulses = [detect(tr.minute_gh_ug_l[d][:, 0], dt_min=tr.dt_min) for d in shown]
    warning = tonic_state_warning(pulses[0].count, detect(tr.minute_gh_ug_l[last][:, 0], dt_min=tr.dt_min).count,
                                  last) if regimen.drug_inputs else None
    flags = [*regimen.flags, *([warning] if warning else [])]
    imax = max(range(len(igf)), key=igf.__getitem__)
    doses = [e.as_dict() for e in regimen.events]
    summary = [
        ("Untreated baseline IGF-1", f"{baseline:.0f} ng/mL"),
        (f"IGF-1 on day {inputs.days - 1} (final)", f"{igf[-1]:.0f} ng/mL ({(igf[-1] / baseline - 1):+.0%})"),
        ("Maximum IGF-1", f"{igf[imax]:.0f} ng/mL on day {imax}"),
        ("GH pulses per day", " · ".join(f"day {d}: {p.count}" for d, p in zip(shown, pulses, strict=True))),
        ("24-h integrated GH", " · ".join(f"day {d}: {p.integrated:.0f} µg/L·min"
                                          for d, p in zip(shown, pulses, strict=True))),
        ("Doses simulated", f"{len(doses)} over {inputs.days} days"),
    ]
    lo, hi = TARGET_BAND
    in_band = sum(lo <= v <= hi for v in igf)
    summary.append((f"Days in {lo:g}–{hi:g} ng/mL", f"{in_band} of {len(igf)}"))
    agents_json = regimen.agents_json()
    agents: list[dict[str, Any]] = []
    for agent in protocol.agents:
        info = agents_json.get(agent.id, {})
        peak = info.get("plasma_peak", {})
        agents.append({
            "id": agent.id, "name": agent.name, "class": agent.drug_class, "mechanism": agent.mechanism,
            "regulatory_status": agent.regulatory_status.text, "regulatory_source": agent.regulatory_status.source,
            "evidence_level": agent.evidence_level, "routes": info.get("routes", []),
            "plasma_peak_ng_ml": peak.get("value") if isinstance(peak, dict) else None,
            "assumptions": info.get("assumptions", []), "off_label": info.get("off_label", []),
            "adverse_effects": [a.text for a in AGENTS[agent.id].adverse_effects],
        })
    outcomes, outcomes_error = _outcomes(protocol, igf, baseline, inputs)
    payload = {
        "days": list(range(inputs.days)), "igf1_ng_ml": [round(v, 3) for v in igf],
        "gh_ug_l": [round(float(v), 4) for v in tr.gh_ug_l[:, 0]],
        "summary": {"baseline_igf1_ng_ml": round(baseline, 3), "final_igf1_ng_ml": round(igf[-1], 3),
                    "max_igf1_ng_ml": round(igf[imax], 3), "day_of_max": imax,
                    "gh_pulses_per_day": pulses[0].count, "gh_24h_integrated_ug_l_min": round(pulses[0].integrated, 1)},
        "protocol": {"name": protocol.name, "source": source.label, "flags": list(regimen.flags)},
        "warnings": [warning] if warning else [],
        "doses": doses, "agents": agents_json, "outcomes": outcomes,
        "model": {"name": tr.model_name, "version": tr.model_version},
    }
    gh_svg = gh_figure_svg(tr, shown, doses, sleep=sleep, title=protocol.name)
    igf_svg = igf1_figure_svg(igf, baseline, start=inputs.start_date, readings=readings)
    return SimResult(inputs=inputs, protocol_name=protocol.name, source_label=source.label, summary=summary,
                     agents=agents, flags=flags, doses=doses, outcomes=outcomes,
                     outcomes_error=outcomes_error, gh_chart=svg_data_uri(gh_svg), igf1_chart=svg_data_uri(igf_svg),
                     payload=payload)


def _outcomes(protocol: Any, igf: list[float], baseline: float,
              inputs: SimInputs) -> tuple[dict[str, Any] | None, str | None]:
    """The outcomes layer's block (trial-fitted forecasts, findings, unsupported goals), or why it is missing."""
    try:
        from igfaxis.labs.models import Sex
        from igfaxis.outcomes import courses_from_protocol, forecast_outcomes
        from igfaxis.outcomes.base import OutcomePerson
    except ImportError as exc:  # pragma: no cover - the outcomes layer ships with igfaxis
        return None, f"outcomes layer not available: {exc}"
    try:
        courses = courses_from_protocol(protocol, weight_kg=inputs.weight_kg, days=len(igf))
        person = OutcomePerson(age_years=inputs.age_years, sex=Sex.parse(inputs.sex), weight_kg=inputs.weight_kg)
        block = forecast_outcomes(igf, courses=courses, person=person, baseline_ng_ml=baseline)
    except (InputError, ValueError) as exc:
        return None, str(exc)
    return block.as_dict(), None


# ---------------------------------------------------------------------------------------------------------- charts


def gh_figure_svg(tr: Any, shown: Sequence[int], doses: Sequence[dict[str, Any]], *, sleep: tuple[float, float],
                  title: str) -> str:
    """GH (µg/L) minute by minute over the first two days of treatment: sleep shaded, doses marked, pulses."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from igfaxis.physiology.pulses import detect
    from igfaxis.reports.plots import INK, POINT, figure_to_svg, style_axes

    hours = 24.0 * len(shown)
    gh = np.concatenate([tr.minute_gh_ug_l[d][:, 0] for d in shown])
    t = np.concatenate([d * 24.0 + tr.minute_times_h() for d in shown])
    stats = detect(gh, dt_min=tr.dt_min)
    fig = Figure(figsize=(8.4, 3.1), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    on, length = sleep
    first = True
    for day in range(-1, len(shown) + 1):
        a, b = day * 24.0 + on, day * 24.0 + on + length
        if b > 0 and a < hours:
            ax.axvspan(max(a, 0.0), min(b, hours), color="#dfe6f3", lw=0, zorder=0, label="Sleep" if first else None)
            first = False
    ax.plot(t, gh, color=POINT, lw=1.0, zorder=3, label="GH (µg/L)")
    if stats.count:
        ax.plot(t[stats.peaks_idx], gh[stats.peaks_idx], "v", color="#c0392b", ms=5, zorder=4,
                label=f"Detected pulses ({stats.count} in {hours:.0f} h)")
    top = float(gh.max()) * 1.15 if gh.size else 1.0
    first = True
    for ev in doses:
        if ev["time_h"] < hours:
            ax.axvline(ev["time_h"], color="#7d5ba6", ls="--", lw=1.1, zorder=2, label="Dose" if first else None)
            ax.text(ev["time_h"], top * 0.98, f" {ev['agent']} {_amount(float(ev['amount_ug']))}", rotation=90,
                    va="top", ha="left", fontsize=6.5, color="#5b3f86", zorder=5)
            first = False
    ax.set_xlim(0, hours)
    ax.set_ylim(0, top)
    ax.set_xticks(np.arange(0, hours + 1, 6))
    ax.set_xticklabels([f"{int(h % 24):02d}:00" + (f"\nday {int(h // 24)}" if h % 24 == 0 and h < hours else "")
                        for h in np.arange(0, hours + 1, 6)])
    ax.set_ylabel("GH (µg/L)", color=INK, fontsize=9)
    ax.set_title(f"GH over the first {hours:.0f} h of treatment — {title}", fontsize=9.5, color=INK, loc="left")
    style_axes(ax)
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=4, fontsize=7.5, frameon=False)
    return figure_to_svg(fig)


def igf1_figure_svg(igf: Sequence[float], baseline: float, *, start: dt.date,
                    readings: Sequence[StoredReading] = ()) -> str:
    """Daily mean total IGF-1 (ng/mL) over the simulated weeks on calendar dates from ``start``; the untreated
    baseline before it; the 120–160 band; the person's readings near the window with 95 % measurement ranges."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from igfaxis.evidence import noise
    from igfaxis.reports.plots import INK, OPTIMAL_EDGE, OPTIMAL_FILL, POINT, _style_axes, _x, figure_to_svg

    days = len(igf)
    end = start + dt.timedelta(days=days - 1)
    lead = max(7, days // 6)
    window0 = start - dt.timedelta(days=90)
    near = [r for r in readings if window0 <= r.reading.date <= end + dt.timedelta(days=30)]
    x0 = min([start - dt.timedelta(days=lead)] + [r.reading.date for r in near]) - dt.timedelta(days=3)
    x1 = max([end] + [r.reading.date for r in near]) + dt.timedelta(days=3)
    fig = Figure(figsize=(8.4, 3.3), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    lo, hi = TARGET_BAND
    ax.axhspan(lo, hi, color=OPTIMAL_FILL, alpha=0.75, lw=0, zorder=1, label=f"Target band {lo:g}–{hi:g} ng/mL")
    for y in (lo, hi):
        ax.axhline(y, color=OPTIMAL_EDGE, lw=0.6, zorder=1.1)
    ax.axvspan(*_x([start, end]), color="#fbe3c6", alpha=0.45, lw=0, zorder=0, label="On protocol (simulated)")
    ax.plot(_x([x0, start]), [baseline, baseline], color="#6b7a90", ls="--", lw=1.0, zorder=2,
            label=f"Untreated baseline {baseline:.0f} ng/mL")
    dates = [start + dt.timedelta(days=i) for i in range(days)]
    ax.plot(_x(dates), igf, color="#2e7d4f", lw=2.0, zorder=3, label="Simulated daily mean IGF-1")
    top = max([*igf, baseline, hi])
    if near:
        sigma = noise.sigma_log()
        z = 1.959963984540054
        values = [r.reading.value_ng_ml for r in near]
        low = [v - v * math.exp(-z * sigma) for v in values]
        high = [v * math.exp(z * sigma) - v for v in values]
        xr = _x([r.reading.date for r in near])
        ax.errorbar(xr, values, yerr=[low, high], fmt="o", ms=5, color=POINT, mec="white", mew=0.8, ecolor=POINT,
                    elinewidth=1.0, capsize=3, zorder=5, label="Measured IGF-1 (95 % range)")
        top = max(top, *(v + h for v, h in zip(values, high, strict=True)))
    _style_axes(ax, x0, x1, top)
    ax.set_title(f"IGF-1 over {days} days ({days / 7:.0f} weeks) from {start.isoformat()}", fontsize=9.5,
                 color=INK, loc="left")
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=7.5, frameon=False)
    return figure_to_svg(fig)


def _amount(ug: float) -> str:
    return f"{ug / 1000:g} mg" if ug >= 1000 else f"{ug:.3g} µg"
