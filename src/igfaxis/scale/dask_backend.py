"""Dask backend: chunks go to workers, results stream back as they finish, failed chunks are retried.

``DaskBackend(scheduler="tcp://host:8786")`` joins an existing cluster; without ``scheduler`` it starts a
``LocalCluster`` of ``workers`` processes with one thread each (JAX and NumPy already use the cores inside a process).
A chunk that raises is resubmitted up to ``retries`` times by the scheduler (Dask ``retries=``); a chunk whose worker
dies is rescheduled by Dask itself. At most ``max_in_flight`` chunks are submitted at once so that finished results
do not pile up on the workers.
"""

from __future__ import annotations

import importlib
import uuid
import warnings
from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import Any, TypeVar

from igfaxis.errors import InputError, Problem, SimulationError
from igfaxis.scale.chunks import Chunk

R = TypeVar("R")


def _distributed() -> Any:
    """``distributed`` imported lazily (it is heavy) and untyped for mypy (it ships partial annotations)."""
    return importlib.import_module("distributed")


class DaskBackend:
    """Run chunks on a Dask cluster; use as a context manager (it owns the LocalCluster it starts)."""

    def __init__(
        self,
        *,
        scheduler: str | None = None,
        workers: int = 2,
        threads_per_worker: int = 1,
        retries: int = 2,
        max_in_flight: int | None = None,
        connect_timeout_s: float = 20.0,
    ) -> None:
        if workers < 1:
            raise InputError(
                Problem("need at least one worker", field="workers", received=str(workers), expected=">= 1")
            )
        self.scheduler = scheduler
        self.workers = workers
        self.threads_per_worker = threads_per_worker
        self.retries = retries
        self.max_in_flight = max_in_flight
        self.connect_timeout_s = connect_timeout_s
        self._cluster: Any = None
        self._client: Any = None

    def __enter__(self) -> DaskBackend:
        dist = _distributed()
        Client, LocalCluster = dist.Client, dist.LocalCluster

        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout=f"{self.connect_timeout_s}s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise InputError(
                    Problem(
                        f"cannot reach the Dask scheduler: {exc}",
                        field="scheduler",
                        received=self.scheduler,
                        expected="the address of a running scheduler, e.g. tcp://10.0.0.5:8786",
                    )
                ) from exc
        else:
            with warnings.catch_warnings():  # benign start-up notices on a loaded or offline machine
                warnings.filterwarnings("ignore", message=".*scratch directories.*", category=UserWarning)
                warnings.filterwarnings("ignore", message=".*suitable IP address.*", category=RuntimeWarning)
                warnings.filterwarnings("ignore", message=".*already in use.*", category=UserWarning)
                self._cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=self.threads_per_worker,
                    processes=True,
                    host="127.0.0.1",  # a local cluster listens on loopback only
                    # the scheduler's HTTP server starts even without a dashboard, on :8787 unless told: a random
                    # loopback port avoids clashing with another cluster on this machine
                    dashboard_address="127.0.0.1:0",
                    silence_logs=40,  # logging.ERROR
                )
            self._client = Client(self._cluster)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    @property
    def client(self) -> Any:
        if self._client is None:
            raise RuntimeError("DaskBackend must be entered (with DaskBackend(...) as backend:) before use")
        return self._client

    def _window(self) -> int:
        if self.max_in_flight is not None:
            return max(1, self.max_in_flight)
        n_workers = len(self.client.scheduler_info().get("workers", {})) or self.workers
        return max(2, 2 * n_workers * self.threads_per_worker)

    def run(self, fn: Callable[[Chunk], R], chunks: Sequence[Chunk]) -> Iterator[tuple[Chunk, R]]:
        as_completed = _distributed().as_completed

        client = self.client
        token = uuid.uuid4().hex[:12]
        pending = list(chunks)
        by_key: dict[str, Chunk] = {}

        def submit(chunk: Chunk) -> Any:
            key = f"igfaxis-chunk-{token}-{chunk.index}"
            by_key[key] = chunk
            return client.submit(fn, chunk, key=key, retries=self.retries, pure=False)

        window = self._window()
        first = [submit(pending.pop(0)) for _ in range(min(window, len(pending)))]
        stream = as_completed(first)
        for future in stream:
            chunk = by_key.pop(future.key)
            try:
                result = future.result()
            except Exception as exc:
                raise SimulationError(f"{chunk.label} failed after {self.retries} retries: {exc}") from exc
            finally:
                future.release()
            if pending:
                stream.add(submit(pending.pop(0)))
            yield chunk, result
