"""Peak memory of a block: RSS sampled by a background thread (catches XLA/C++ buffers that tracemalloc cannot see)
plus tracemalloc's peak of Python-heap allocations."""

from __future__ import annotations

import threading
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psutil


@dataclass
class Peak:
    seconds: float = 0.0
    rss_before_mib: float = 0.0
    rss_peak_mib: float = 0.0
    traced_peak_mib: float | None = None  # None: tracemalloc was not running

    @property
    def rss_increase_mib(self) -> float:
        return max(0.0, self.rss_peak_mib - self.rss_before_mib)

    def as_dict(self) -> dict[str, float]:
        return {
            "seconds": round(self.seconds, 4),
            "rss_peak_mib": round(self.rss_peak_mib, 1),
            "rss_increase_mib": round(self.rss_increase_mib, 1),
            "tracemalloc_peak_mib": None if self.traced_peak_mib is None else round(self.traced_peak_mib, 1),
        }


@contextmanager
def peak_memory(*, trace_python: bool = False, interval_s: float = 0.005) -> Iterator[Peak]:
    """Time a block and record its peak RSS; ``trace_python`` also runs tracemalloc (slows Python-heavy code, so
    timings taken with it are not used for throughput)."""
    proc = psutil.Process()
    peak = Peak(rss_before_mib=proc.memory_info().rss / 2**20)
    peak.rss_peak_mib = peak.rss_before_mib
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak.rss_peak_mib = max(peak.rss_peak_mib, proc.memory_info().rss / 2**20)
            time.sleep(interval_s)

    thread = threading.Thread(target=sample, daemon=True)
    if trace_python:
        tracemalloc.start()
    thread.start()
    t0 = time.perf_counter()
    try:
        yield peak
    finally:
        peak.seconds = time.perf_counter() - t0
        stop.set()
        thread.join()
        peak.rss_peak_mib = max(peak.rss_peak_mib, proc.memory_info().rss / 2**20)
        if trace_python:
            peak.traced_peak_mib = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
