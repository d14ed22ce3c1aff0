"""A tiny stand-in chunk function (NumPy only) for runner tests: samples patients from the chunk seed, integrates a
one-state indirect-response model, and returns per-patient end values."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from igfaxis.scale.chunks import Chunk


def toy_chunk(chunk: Chunk) -> np.ndarray:
    rng = np.random.default_rng(chunk.seed)
    kin = rng.lognormal(mean=0.0, sigma=0.3, size=chunk.size)
    kout = rng.lognormal(mean=np.log(0.5), sigma=0.2, size=chunk.size)
    y = np.zeros(chunk.size)
    for _ in range(200):
        y = y + 0.05 * (kin - kout * y)
    return y


def fail_once(chunk: Chunk, *, marker_dir: str, fail_index: int = 1) -> np.ndarray:
    """Raise the first time chunk ``fail_index`` runs (leaving a marker file), succeed afterwards."""
    marker = Path(marker_dir) / f"chunk-{chunk.index}.failed"
    if chunk.index == fail_index and not marker.exists():
        marker.write_text(str(os.getpid()))
        raise RuntimeError(f"simulated worker failure on chunk {chunk.index}")
    return toy_chunk(chunk)


def always_fail(chunk: Chunk) -> np.ndarray:
    raise RuntimeError("always fails")


def die_once(chunk: Chunk, *, marker_dir: str, fail_index: int = 1) -> np.ndarray:
    """Kill the worker process the first time chunk ``fail_index`` runs (a crashed worker, not an exception)."""
    marker = Path(marker_dir) / f"chunk-{chunk.index}.died"
    if chunk.index == fail_index and not marker.exists():
        marker.write_text(str(os.getpid()))
        os._exit(1)
    return toy_chunk(chunk)
