"""Chunk plans: a population of ``n`` virtual patients cut into memory-bounded pieces, each with its own seed.

A chunk's seed depends only on the master seed and the chunk's index (NumPy ``SeedSequence`` spawn keys), never on
which worker runs it or when, so a run on a Dask cluster gives the same numbers as the same run in one process.
The chunk size is part of the reproducibility key: same ``(seed, n, chunk_size)``, same patients.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from igfaxis.errors import InputError, Problem

#: Default number of virtual patients per chunk. On the 2-core CPU the engine's throughput per patient peaks at
#: ~500 (float64) to ~2,000 (float32) patients per batch and falls beyond (its RK4 temporaries leave the caches;
#: bench/RESULTS.md), so 1,000 keeps chunks cache-friendly while per-chunk sampling overhead stays small.
DEFAULT_CHUNK_SIZE = 1_000


@dataclass(frozen=True, slots=True)
class Chunk:
    """One piece of a population run: patients ``start`` (inclusive) to ``stop`` (exclusive)."""

    index: int
    start: int
    stop: int
    seed: int  # 32-bit, derived from the master seed and ``index`` only
    master_seed: int

    @property
    def size(self) -> int:
        return self.stop - self.start

    @property
    def label(self) -> str:
        """Human name for messages: ``chunk 3 (patients 6000-7999)``."""
        return f"chunk {self.index} (patients {self.start}-{self.stop - 1})"


def chunk_seed(master_seed: int, index: int) -> int:
    """A 32-bit seed for chunk ``index`` of a run with ``master_seed`` (independent streams per chunk)."""
    ss = np.random.SeedSequence(entropy=int(master_seed), spawn_key=(int(index),))
    return int(ss.generate_state(1, dtype=np.uint32)[0])


def plan_chunks(n: int, *, chunk_size: int = DEFAULT_CHUNK_SIZE, seed: int = 0) -> tuple[Chunk, ...]:
    """Cut ``n`` patients into chunks of at most ``chunk_size``; raise :class:`InputError` on bad sizes."""
    if n < 1:
        raise InputError(Problem("population size must be at least 1", field="n", received=str(n), expected=">= 1"))
    if chunk_size < 1:
        raise InputError(
            Problem("chunk size must be at least 1", field="chunk_size", received=str(chunk_size), expected=">= 1")
        )
    if seed < 0:
        raise InputError(Problem("seed must be non-negative", field="seed", received=str(seed), expected=">= 0"))
    chunks = []
    for index, start in enumerate(range(0, n, chunk_size)):
        stop = min(start + chunk_size, n)
        chunks.append(Chunk(index=index, start=start, stop=stop, seed=chunk_seed(seed, index), master_seed=seed))
    return tuple(chunks)
