"""Scale: virtual populations in memory-bounded chunks, locally or on a Dask cluster.

- :mod:`igfaxis.scale.chunks`: :func:`plan_chunks` and per-chunk seeds derived from the master seed.
- :mod:`igfaxis.scale.runner`: :func:`run_chunks` with a progress callback; :class:`SerialBackend`.
- :mod:`igfaxis.scale.dask_backend`: :class:`DaskBackend` (LocalCluster or ``tcp://`` scheduler, retries).
- :mod:`igfaxis.scale.trial`: virtual trials of a protocol (sample, simulate, summarise).
"""

from igfaxis.scale.chunks import DEFAULT_CHUNK_SIZE, Chunk, chunk_seed, plan_chunks
from igfaxis.scale.runner import Backend, Progress, SerialBackend, run_chunks

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "Backend",
    "Chunk",
    "Progress",
    "SerialBackend",
    "chunk_seed",
    "plan_chunks",
    "run_chunks",
]
