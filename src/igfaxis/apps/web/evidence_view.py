"""The agents page's data: each agent's catalogue entry beside the published trial outcomes the model is checked
against (``igfaxis validate``), with the chart of every case's miss in tolerances.

Running every case takes ~10 s of simulation, so the results are computed once per process (the model and the
cases are fixed for a release) and reused by every request. ``igfaxis serve`` computes them in a child process
(:func:`warm_up`): the ~50 executables XLA compiles for the cases take ~1.2 GB that the server would otherwise keep
for its lifetime (freed executables are not returned to the operating system).
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from .sim_view import svg_data_uri

_LOCK = threading.Lock()
_CACHE: dict[str, Any] = {}


@dataclass(frozen=True)
class Evidence:
    agents: list[dict[str, Any]]  # ``Agent.summary()`` plus ``cases`` (this agent's validation rows; every case
    # names a catalogued agent: tests/physiology/agents/test_calibration.py)
    passed: int
    total: int
    chart: str  # SVG data URI


def evidence() -> Evidence:
    """Every agent and every case (computed on first use, then cached for the process)."""
    with _LOCK:
        if "evidence" not in _CACHE:
            _CACHE["evidence"] = _compute()
        result: Evidence = _CACHE["evidence"]
        return result


@dataclass(frozen=True)
class WarmUp:
    """The background computation started by :func:`warm_up`: a child process and the thread that stores its result."""

    thread: threading.Thread
    process: Any  # multiprocessing's spawn-context Process

    def stop(self) -> None:
        """End the child if it still runs (server shutdown) and wait for the thread (it then stores nothing)."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=10)
        self.thread.join(timeout=10)


def warm_up() -> WarmUp:
    """Compute :func:`evidence` in a child process (``igfaxis serve`` starts it, so the agents page opens at once,
    and the compiled cases' memory goes away with the child); a thread holds the lock while waiting, so a request
    arriving meanwhile waits instead of computing twice. If the child fails, nothing is stored and the page request
    computes in the server process, where an error can be shown."""
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(send,), name="igfaxis-evidence-warm-up", daemon=True)
    ready = threading.Event()

    def run() -> None:
        with _LOCK:
            ready.set()
            try:
                result = receive.recv()
            except (EOFError, OSError):  # the child died or was stopped
                return
            finally:
                receive.close()
            if isinstance(result, Evidence) and "evidence" not in _CACHE:
                _CACHE["evidence"] = result

    thread = threading.Thread(target=run, name="igfaxis-evidence-wait", daemon=True)
    thread.start()
    ready.wait()  # the lock is held before the first request can take it
    # Ctrl-C reaches the whole process group: the child starts with SIGINT ignored (the disposition survives exec),
    # so an interrupt during its start-up prints no traceback; the server ends it (WarmUp.stop)
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        process.start()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    send.close()  # only the child writes; its exit then ends the parent's recv
    return WarmUp(thread, process)


def _child(send: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the server stops us
    try:
        send.send(_compute())
    except Exception as exc:  # reported as "not computed": the page recomputes and shows it
        send.send(repr(exc))
    finally:
        send.close()


def _compute() -> Evidence:
    from igfaxis.outcomes import validation
    from igfaxis.physiology.agents import AGENTS
    from igfaxis.reports.plots import figure_to_svg, validation_figure

    rows = validation.as_rows(validation.run())
    agents = [a.summary() | {"cases": [r for r in rows if r["agent"] == a.id]} for a in AGENTS.values()]
    passed = sum(bool(r["pass"]) for r in rows)
    return Evidence(agents, passed, len(rows), svg_data_uri(figure_to_svg(validation_figure(rows))))
