"""Run a chunk function over a population plan, in this process or on a cluster, with progress.

``fn(chunk) -> result`` does all the work for one :class:`~igfaxis.scale.chunks.Chunk` (sample its patients from
``chunk.seed``, simulate, reduce to a small summary). Backends decide where it runs; :func:`run_chunks` returns the
results in chunk order whatever order they finished in, so a reduction over them is deterministic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar, cast

from igfaxis.errors import SimulationError
from igfaxis.scale.chunks import Chunk

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Progress:
    """Reported after each finished chunk."""

    chunks_done: int
    chunks_total: int
    patients_done: int
    patients_total: int
    chunk: Chunk

    @property
    def fraction(self) -> float:
        return self.patients_done / self.patients_total if self.patients_total else 1.0


ProgressCallback = Callable[[Progress], None]


class Backend(Protocol):
    """Where chunks run. ``run`` yields ``(chunk, result)`` pairs in completion order."""

    def run(self, fn: Callable[[Chunk], R], chunks: Sequence[Chunk]) -> Iterator[tuple[Chunk, R]]: ...


class SerialBackend:
    """Run chunks one after another in this process (memory: one call's working set at a time).

    With ``many`` (``many(chunks) -> results``, one per chunk, equal to ``fn`` on each) and ``per_call`` > 1, runs
    ``per_call`` chunks per call: fewer, larger engine calls for a GPU.
    """

    def __init__(self, *, many: Callable[[Sequence[Chunk]], Sequence[object]] | None = None,
                 per_call: int = 1) -> None:
        if per_call < 1:
            raise ValueError(f"per_call must be >= 1; got {per_call}")
        self.many = many
        self.per_call = per_call if many is not None else 1

    def run(self, fn: Callable[[Chunk], R], chunks: Sequence[Chunk]) -> Iterator[tuple[Chunk, R]]:
        for i in range(0, len(chunks), self.per_call):
            group = chunks[i:i + self.per_call]
            label = group[0].label if len(group) == 1 else f"chunks {group[0].index}-{group[-1].index}"
            try:
                results = [fn(group[0])] if self.many is None or len(group) == 1 else list(self.many(group))
                if len(results) != len(group):
                    raise ValueError(f"{len(results)} results for {len(group)} chunks")
            except SimulationError:
                raise
            except Exception as exc:  # a chunk failure names the chunk
                raise SimulationError(f"{label} failed: {exc}") from exc
            for chunk, result in zip(group, results, strict=True):
                yield chunk, cast(R, result)


def run_chunks(
    fn: Callable[[Chunk], R],
    chunks: Sequence[Chunk],
    *,
    backend: Backend | None = None,
    progress: ProgressCallback | None = None,
) -> list[R]:
    """Run ``fn`` on every chunk and return the results ordered by chunk index.

    ``progress`` is called in this process after each chunk finishes (in completion order).
    """
    runner = backend if backend is not None else SerialBackend()
    total_patients = sum(c.size for c in chunks)
    results: dict[int, R] = {}
    patients_done = 0
    for chunk, result in runner.run(fn, chunks):
        results[chunk.index] = result
        patients_done += chunk.size
        if progress is not None:
            progress(
                Progress(
                    chunks_done=len(results),
                    chunks_total=len(chunks),
                    patients_done=patients_done,
                    patients_total=total_patients,
                    chunk=chunk,
                )
            )
    missing = [c.index for c in chunks if c.index not in results]
    if missing:
        raise SimulationError(f"backend returned no result for chunks {missing}")
    return [results[c.index] for c in chunks]
