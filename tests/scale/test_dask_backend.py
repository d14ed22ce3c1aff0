"""The Dask backend on a real LocalCluster of worker processes: same result as one process, retries."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import cloudpickle
import numpy as np
import pytest

from igfaxis.errors import InputError, SimulationError
from igfaxis.scale import plan_chunks, run_chunks
from igfaxis.scale.dask_backend import DaskBackend

from . import standin

cloudpickle.register_pickle_by_value(standin)


@pytest.fixture(scope="module")
def backend() -> Iterator[DaskBackend]:
    with DaskBackend(workers=2, retries=2) as b:
        yield b


def test_cluster_result_equals_single_process(backend: DaskBackend) -> None:
    chunks = plan_chunks(53, chunk_size=7, seed=2026)
    progress: list[int] = []
    on_cluster = run_chunks(
        standin.toy_chunk, chunks, backend=backend, progress=lambda p: progress.append(p.chunks_done)
    )
    local = run_chunks(standin.toy_chunk, chunks)
    assert len(on_cluster) == len(chunks) == 8
    for a, b in zip(on_cluster, local, strict=True):
        np.testing.assert_array_equal(a, b)
    assert progress == list(range(1, 9))
    pids = backend.client.run(lambda: __import__("os").getpid())
    assert len(set(pids.values())) == 2  # really separate worker processes


def test_failed_chunk_is_retried(backend: DaskBackend, tmp_path: Path) -> None:
    chunks = plan_chunks(20, chunk_size=5, seed=3)
    fn = functools.partial(standin.fail_once, marker_dir=str(tmp_path), fail_index=2)
    out = run_chunks(fn, chunks, backend=backend)
    assert (tmp_path / "chunk-2.failed").exists()  # it did fail once
    for a, b in zip(out, run_chunks(standin.toy_chunk, chunks), strict=True):
        np.testing.assert_array_equal(a, b)


def test_chunk_failing_every_time_raises(backend: DaskBackend) -> None:
    with pytest.raises(SimulationError, match="chunk 0"):
        run_chunks(standin.always_fail, plan_chunks(2, chunk_size=2, seed=0), backend=backend)


def test_unreachable_scheduler_is_input_error() -> None:
    with pytest.raises(InputError, match="scheduler"), DaskBackend(scheduler="tcp://127.0.0.1:9", connect_timeout_s=1):
        pass


def test_chunk_of_a_dead_worker_is_rerun(backend: DaskBackend, tmp_path: Path) -> None:
    chunks = plan_chunks(12, chunk_size=4, seed=9)
    fn = functools.partial(standin.die_once, marker_dir=str(tmp_path), fail_index=1)
    out = run_chunks(fn, chunks, backend=backend)
    assert (tmp_path / "chunk-1.died").exists()  # a worker process really died
    for a, b in zip(out, run_chunks(standin.toy_chunk, chunks), strict=True):
        np.testing.assert_array_equal(a, b)
