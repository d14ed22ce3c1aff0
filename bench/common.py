"""Shared helpers: machine description, timing, peak memory, JSON output under ``bench/out/``."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"


def machine() -> dict[str, Any]:
    """CPU model and core count (lscpu), memory, Python and library versions, and the JAX device."""
    info: dict[str, Any] = {"python": platform.python_version(), "platform": platform.platform()}
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in lscpu.splitlines():
            key, _, value = line.partition(":")
            if key.strip() in {"Model name", "CPU(s)", "Thread(s) per core", "CPU max MHz"}:
                info[key.strip()] = value.strip()
    except OSError:
        pass
    info["cores_visible"] = os.cpu_count()
    info["load_average_1_5_15"] = [round(x, 2) for x in os.getloadavg()]  # other work sharing the cores
    try:
        with open("/proc/meminfo") as fh:
            info["mem_total_gib"] = round(int(fh.readline().split()[1]) / 2**20, 1)
    except OSError:
        pass
    versions: dict[str, str] = {}
    for mod in ("numpy", "scipy", "jax", "roadrunner", "libsbml", "diffrax"):
        try:
            m = __import__(mod)
            versions[mod] = str(getattr(m, "__version__", None) or m.getLibSBMLDottedVersion())
        except Exception:
            continue
    info["versions"] = versions
    if "jax" in sys.modules:
        import jax

        info["jax_devices"] = [str(d) for d in jax.devices()]
    return info


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far (MiB; ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


@dataclass
class Measured:
    seconds: float = 0.0
    python_peak_mib: float = 0.0  # tracemalloc: Python-heap allocations (NumPy buffers included)
    rss_peak_mib: float = 0.0  # process peak RSS after the block (monotone over the process)
    extra: dict[str, Any] = field(default_factory=dict)


@contextmanager
def measure(trace_memory: bool = True) -> Iterator[Measured]:
    """Time a block (perf_counter) and record peak traced Python memory and process peak RSS."""
    m = Measured()
    if trace_memory:
        tracemalloc.start()
    t0 = time.perf_counter()
    try:
        yield m
    finally:
        m.seconds = time.perf_counter() - t0
        if trace_memory:
            m.python_peak_mib = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        m.rss_peak_mib = peak_rss_mib()


def best_of(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Minimum wall time over ``repeats`` calls (seconds) and the last result."""
    best = float("inf")
    out: Any = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def write_json(name: str, payload: dict[str, Any]) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{name}.json"
    payload = {"machine": machine(), "when_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **payload}
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    return path


def fmt_rate(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x:.3g}"
