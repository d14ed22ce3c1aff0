"""Chunk plans, per-chunk seeds and the serial runner."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from igfaxis.errors import InputError, SimulationError
from igfaxis.scale import Chunk, Progress, chunk_seed, plan_chunks, run_chunks

from .standin import always_fail, toy_chunk


def test_plan_covers_population_exactly() -> None:
    chunks = plan_chunks(10, chunk_size=3, seed=7)
    assert [(c.start, c.stop) for c in chunks] == [(0, 3), (3, 6), (6, 9), (9, 10)]
    assert [c.index for c in chunks] == [0, 1, 2, 3]
    assert sum(c.size for c in chunks) == 10


def test_chunk_seed_depends_only_on_master_and_index() -> None:
    assert chunk_seed(42, 3) == chunk_seed(42, 3)
    seeds = {chunk_seed(42, i) for i in range(100)}
    assert len(seeds) == 100
    assert chunk_seed(42, 0) != chunk_seed(43, 0)
    assert plan_chunks(10, chunk_size=4, seed=42)[1].seed == plan_chunks(100, chunk_size=4, seed=42)[1].seed


@pytest.mark.parametrize(("n", "size", "seed"), [(0, 1, 0), (5, 0, 0), (5, 1, -1)])
def test_bad_plan_is_input_error(n: int, size: int, seed: int) -> None:
    with pytest.raises(InputError):
        plan_chunks(n, chunk_size=size, seed=seed)


def test_serial_run_ordered_with_progress() -> None:
    chunks = plan_chunks(25, chunk_size=10, seed=1)
    seen: list[Progress] = []
    out = run_chunks(toy_chunk, chunks, progress=seen.append)
    assert [len(r) for r in out] == [10, 10, 5]
    assert [p.chunks_done for p in seen] == [1, 2, 3]
    assert seen[-1].patients_done == 25 and seen[-1].fraction == 1.0
    again = run_chunks(toy_chunk, chunks)
    assert all(np.array_equal(a, b) for a, b in zip(out, again, strict=True))


def test_serial_failure_names_chunk() -> None:
    with pytest.raises(SimulationError, match="chunk 0"):
        run_chunks(always_fail, plan_chunks(3, chunk_size=2, seed=0))


def test_grouped_serial_run_equals_one_chunk_per_call() -> None:
    """``SerialBackend(many=..., per_call=k)`` hands k chunks to one call; results and progress stay per chunk."""
    from igfaxis.scale import SerialBackend

    chunks = plan_chunks(25, chunk_size=4, seed=1)
    calls: list[int] = []

    def many(group: Sequence[Chunk]) -> list[np.ndarray]:
        calls.append(len(group))
        return [toy_chunk(c) for c in group]

    seen: list[Progress] = []
    out = run_chunks(toy_chunk, chunks, backend=SerialBackend(many=many, per_call=3), progress=seen.append)
    assert calls == [3, 3]  # 7 chunks: two groups of 3, the last chunk alone through ``fn``
    assert [p.chunks_done for p in seen] == list(range(1, 8)) and seen[-1].patients_done == 25
    assert all(np.array_equal(a, b) for a, b in zip(out, run_chunks(toy_chunk, chunks), strict=True))


def test_grouped_failure_names_the_chunks() -> None:
    from igfaxis.scale import SerialBackend

    def many(group: Sequence[Chunk]) -> list[np.ndarray]:
        raise RuntimeError("boom")

    with pytest.raises(SimulationError, match="chunks 0-1 failed: boom"):
        run_chunks(toy_chunk, plan_chunks(6, chunk_size=2, seed=0), backend=SerialBackend(many=many, per_call=2))
    with pytest.raises(ValueError, match="per_call"):
        SerialBackend(many=many, per_call=0)

    def short(group: Sequence[Chunk]) -> list[np.ndarray]:
        return [toy_chunk(group[0])]

    with pytest.raises(SimulationError, match="chunks 0-1 failed: 1 results for 2 chunks"):
        run_chunks(toy_chunk, plan_chunks(4, chunk_size=2, seed=0), backend=SerialBackend(many=short, per_call=2))
