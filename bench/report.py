"""``python -m bench table``: markdown tables from the JSON in bench/out/ (pasted into bench/RESULTS.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.common import OUT_DIR


def _load(name: str) -> dict[str, Any] | None:
    path = OUT_DIR / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _g(x: float) -> str:
    return f"{x:,.3g}" if x < 1e4 else f"{x:,.0f}"


def throughput_table(d: dict[str, Any]) -> str:
    m = d["machine"]
    lines = [f"Model: {d['model']}. {d['days']} days. Machine: {m.get('Model name')} x {m.get('CPU(s)')} cores, "
             f"load average at the end {m.get('load_average_1_5_15')}. Command: `{d.get('command')}`", "",
             "| engine | max rel. err. daily mean IGF-1 | max rel. err. daily GH peak | meets 0.5 % / 2 % |",
             "|---|---|---|---|"]
    for name, a in d["accuracy"].items():
        lines.append(f"| {name} | {a['igf1_daily_mean_max_rel_err']:.1e} | {a['gh_peak_max_rel_err']:.1e} | "
                     f"{'yes' if a['ok'] else 'NO'} |")
    lines += ["", "| patients | igfaxis engine s | engine patient-days/s | libRoadRunner s | SciPy LSODA s | "
              "engine / libRoadRunner | engine / SciPy | engine peak RSS increase MiB |",
              "|---|---|---|---|---|---|---|---|"]
    for r in d["rows"]:
        rr, sp = r["libroadrunner_cvode_default"], r["scipy_lsoda_default"]
        ext = lambda b: " (extrap.)" if b["extrapolated"] else ""  # noqa: E731
        lines.append(f"| {r['n']:,} | {r['engine_seconds']:.2f} | {_g(r['engine_patient_days_per_s'])} | "
                     f"{rr['seconds']:.1f}{ext(rr)} | {sp['seconds']:.1f}{ext(sp)} | "
                     f"**{rr['speedup_of_engine']:.0f}x** | {sp['speedup_of_engine']:.0f}x | "
                     f"{r['engine_memory']['rss_increase_mib']:.0f} |")
    b = d["baselines"]
    lines.append("")
    lines.append("Baselines measured on " + ", ".join(f"{k}: {v['measured_patients']} patient(s), "
                                                      f"{v['seconds_per_patient']:.2f} s each, peak RSS +"
                                                      f"{v['memory']['rss_increase_mib']:.0f} MiB"
                                                      for k, v in b.items()) + "; larger sizes extrapolated "
                 "linearly per patient (both run one patient at a time).")
    return "\n".join(lines)


def main() -> str:
    parts = []
    for path in sorted(Path(OUT_DIR).glob("throughput*.json")):
        d = _load(path.stem)
        if d:
            parts.append(f"### {path.stem}\n\n" + throughput_table(d))
    e = _load("engine")
    if e:
        rows = "\n".join(f"| {r['n']:,} | {r['seconds']:.3f} | {_g(r['patient_days_per_s'])} | "
                         f"{r['first_call_s']:.1f} |" for r in e["rows"])
        parts.append(f"### engine (real axis, simulate API incl. burn-in)\n\n| patients | s | patient-days/s | "
                     f"first call s |\n|---|---|---|---|\n{rows}\n\naccuracy vs dt/4: {e['accuracy_vs_dt_0.25min']}")
    lat = _load("latency")
    if lat:
        parts.append("### latency\n\n```json\n" + json.dumps({k: v for k, v in lat.items() if k != "machine"},
                                                             indent=1, default=str)[:3000] + "\n```")
    text = "\n\n".join(parts)
    print(text)
    return text
