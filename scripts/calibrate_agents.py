"""Fit the agents' PD parameters to the calibration cases and write them into the agent modules.

    .venv/bin/python scripts/calibrate_agents.py [--dry-run] [--agent ID ...] [--workers N]

For each agent: a grid over its non-EC50 parameters (emax; MK-677's tolerance rate and emax); for each grid point one
batched simulation evaluates a log-spaced set of EC50 values at once (doses scaled by 1/f: every effect depends on
C/EC50 only); the point with the least sum of squared (simulated - published)/tolerance over the agent's *calibration*
cases wins, then a finer EC50 pass around it. The EC50 values of that pass whose loss is within :data:`EC50_RANGE_DLOSS`
of its least are the EC50 range the cases cannot tell apart (where tolerances are 2 SE, the 68 % interval of EC50 with
the other values held at the fit: conditional, not profiled). Validation cases are never read. The fitted values, that
range and the case ids they came from replace the ``# BEGIN CALIBRATED`` blocks of the agent modules; the grids are
fixed, so re-running reproduces them. Deterministic: typical subjects, or a virtual cohort drawn with fixed seeds
(Chapman 1996). The grid points run on a process pool (``--workers``, default one per CPU); the fits do not depend on
it.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing as mp
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from igfaxis.physiology.agents.base import EC50_FINE_PASS, EC50_RANGE_DLOSS, EC50Range
from igfaxis.physiology.calibration import CASES, agent_loss

ROOT = Path(__file__).resolve().parents[1]
AGENT_DIR = ROOT / "src" / "igfaxis" / "physiology" / "agents"
COARSE = np.geomspace(1e-3, 1e3, 13)
#: The finer EC50 pass, as factors of the coarse best (11 points, x1.26 apart; defined beside the note that quotes it).
FINE = np.geomspace(*EC50_FINE_PASS)


@dataclass(frozen=True)
class Spec:
    agent: str
    module: str
    grid_name: str | None  # the non-EC50 parameter gridded (None: EC50 only)
    grid: tuple[float, ...]
    ec50_ref: float = 1.0  # ng/mL: the EC50 grid is ec50_ref x COARSE (absolute, so re-runs reproduce)
    fit_ec50: bool = True
    grid2_name: str | None = None  # an optional second gridded parameter (every pair of the two grids is tried)
    grid2: tuple[float, ...] = ()

    def points(self) -> list[dict[str, float]]:
        """The non-EC50 values of each grid point."""
        if not self.grid_name:
            return [{}]
        if not self.grid2_name:
            return [{self.grid_name: g} for g in self.grid]
        return [{self.grid_name: g, self.grid2_name: h} for g in self.grid for h in self.grid2]


SPECS: tuple[Spec, ...] = (
    Spec("sermorelin", "sermorelin", "emax", (400.0, 1000.0, 3000.0, 10000.0), ec50_ref=1.0),
    Spec("ipamorelin", "ipamorelin", "emax", (100.0, 200.0, 300.0, 400.0, 600.0, 800.0, 1600.0, 3200.0, 6400.0),
         ec50_ref=152.3),  # Gobburu's SC50 for GH production, 214 nmol/L, in ng/mL
    Spec("mk-677", "mk_677", "tol_kon", (0.005, 0.01, 0.02, 0.05, 0.15, 0.5, 1.5), ec50_ref=1000.0,
         grid2_name="emax", grid2=(400.0, 800.0, 1600.0, 3200.0, 6400.0)),
    Spec("tesamorelin", "tesamorelin", "emax", (400.0, 1000.0, 3000.0, 10000.0), ec50_ref=1.0),
    Spec("cjc-1295", "cjc_1295", "emax", (300.0, 600.0, 1000.0, 2000.0, 4000.0, 10000.0, 20000.0), ec50_ref=100.0),
)


#: XLA flags for one thread per process, so processes on a pool do not contend for the CPUs (also the axis scan's).
ONE_THREAD_XLA_FLAGS = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
Task = tuple[str, dict[str, dict[str, float]], list[float]]  # agent, PD overrides, EC50 factors
Mapper = Callable[[list[Task]], list[np.ndarray]]  # agent_loss of each task, in task order


def _serial(tasks: list[Task]) -> list[np.ndarray]:
    return [agent_loss(*t) for t in tasks]


@contextlib.contextmanager
def _mapper(workers: int | None) -> Iterator[Mapper]:
    """A map of :func:`agent_loss` (package-level, so spawned processes can import it) over tasks: in this process
    (``workers`` 1, or inside a pool worker, which may not start processes), else a pool of ``workers`` (default:
    one per CPU) fresh processes, one XLA thread each. Results come back in task order and are the same numbers
    either way (same code, same batch shapes)."""
    n = workers if workers is not None else (os.cpu_count() or 1)
    if n <= 1 or mp.current_process().daemon:
        yield _serial
        return
    saved = {k: os.environ.get(k) for k in ("XLA_FLAGS", "JAX_PLATFORMS")}
    os.environ["XLA_FLAGS"] = ONE_THREAD_XLA_FLAGS
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    try:
        with mp.get_context("spawn").Pool(n) as pool:  # children read the environment above when they start
            yield lambda tasks: pool.starmap(agent_loss, tasks, chunksize=1)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _with(shared: dict[str, dict[str, float]], spec: Spec, g: dict[str, float]) -> dict[str, dict[str, float]]:
    """``shared`` overrides plus this agent's grid values and reference EC50 (merged per agent, not replaced)."""
    pd = {k: dict(v) for k, v in shared.items()}
    mine = pd.setdefault(spec.agent, {})
    mine.update(g)
    if spec.fit_ec50:
        mine["ec50"] = spec.ec50_ref
    return pd


def _near_best(loss: np.ndarray) -> np.ndarray:
    """Indices whose loss is within 1 % (+0.01) of the minimum: equally good fits."""
    lo = float(np.min(loss))
    return np.flatnonzero(loss <= lo * 1.01 + 0.01)


def ec50_range(factors: np.ndarray, loss: np.ndarray, best: int, ec50_ref: float) -> EC50Range:
    """The contiguous run of ``factors`` around ``best`` whose ``loss`` is within :data:`EC50_RANGE_DLOSS` of the
    least, as EC50 values (``ec50_ref`` x factor, 4 significant digits); an end that reaches the scan's is None."""
    ok = loss <= float(np.min(loss)) + EC50_RANGE_DLOSS
    lo = hi = best
    while lo > 0 and ok[lo - 1]:
        lo -= 1
    while hi < len(loss) - 1 and ok[hi + 1]:
        hi += 1
    low = None if lo == 0 else float(f"{ec50_ref * factors[lo]:.4g}")
    high = None if hi == len(loss) - 1 else float(f"{ec50_ref * factors[hi]:.4g}")
    return low, high


def fit(spec: Spec, shared: dict[str, dict[str, float]],
        map_: Mapper = _serial) -> tuple[dict[str, float], float, tuple[str, ...], EC50Range]:
    """Grid x batched-EC50 search (the grid points through ``map_``, e.g. a process pool). Ties (a saturated, flat
    loss) go to the least extreme values: the largest EC50 and the smallest grid values (the first grid's first) that
    fit as well as the best, so a saturated fit does not run to a bound. Also returns the EC50 interval
    (:func:`ec50_range`; ``(None, None)`` where EC50 is not fitted)."""
    rows = tuple(c.id for c in CASES if c.agent == spec.agent and c.role == "calibration")
    per_grid: list[tuple[float, dict[str, float], float]] = []  # loss, grid values, ec50 factor
    factors = COARSE if spec.fit_ec50 else np.array([1.0])
    points = spec.points()
    grid_losses = map_([(spec.agent, _with(shared, spec, g), factors.tolist()) for g in points])
    for g, loss in zip(points, grid_losses, strict=True):
        k = int(_near_best(loss)[-1])
        at = " ".join(f"{n}={v:g}" for n, v in g.items())
        print(f"  {spec.agent} {at}: ec50 x{factors[k]:.3g} loss {loss[k]:.3g}", flush=True)
        per_grid.append((float(loss[k]), g, float(factors[k])))
    losses = np.array([b[0] for b in per_grid])
    best = per_grid[int(_near_best(losses)[0])]
    _, g, f = best
    pd = _with(shared, spec, g)
    span: EC50Range = (None, None)
    if spec.fit_ec50:
        fine = f * FINE
        loss = agent_loss(spec.agent, pd, fine.tolist())
        k = int(_near_best(loss)[-1])
        f = float(fine[k])
        best = (float(loss[k]), g, f)
        span = ec50_range(fine, loss, k, spec.ec50_ref)
    values = dict(g)
    if spec.fit_ec50:
        values["ec50"] = float(f"{spec.ec50_ref * f:.4g}")
    edges = at_grid_edge(spec, g, f)
    note = f"  AT GRID EDGE ({', '.join(edges)}): saturated fit, not a potency estimate" if edges else ""
    print(f"  => {spec.agent}: {values} (loss {best[0]:.3g}; EC50 interval {span}){note}", flush=True)
    return values, best[0], rows, span


def at_grid_edge(spec: Spec, g: dict[str, float], f: float) -> list[str]:
    """Which fitted values sit at a bound of their search grid (a flat, saturated loss: model stress)."""
    out = []
    for name, grid in ((spec.grid_name, spec.grid), (spec.grid2_name, spec.grid2)):
        if name and len(grid) > 1 and g[name] in (min(grid), max(grid)):
            out.append(f"{name}={g[name]:g}")
    if spec.fit_ec50 and (f <= COARSE[0] * 1.0001 or f >= COARSE[-1] * 0.9999):
        out.append(f"ec50=x{f:.3g} of {spec.ec50_ref:g}")
    return out


def _rows_line(rows: tuple[str, ...]) -> str:
    """``CALIBRATED_FROM = (...)``, one case id per line where one line would pass the 120-character limit."""
    line = f"CALIBRATED_FROM: tuple[str, ...] = {rows!r}"
    if len(line) <= 120:
        return line
    return "CALIBRATED_FROM: tuple[str, ...] = (\n" + "".join(f"    {r!r},\n" for r in rows) + ")"


def write_block(module: str, values: dict[str, float], rows: tuple[str, ...], span: EC50Range) -> None:
    path = AGENT_DIR / f"{module}.py"
    text = path.read_text()
    block = (
        "# BEGIN CALIBRATED (written by scripts/calibrate_agents.py; edit the script, not these lines)\n"
        f"CALIBRATED: dict[str, float] = {values!r}\n"
        f"{_rows_line(rows)}\n"
        f"CALIBRATED_EC50_RANGE: tuple[float | None, float | None] = {span!r}\n"
        "# END CALIBRATED"
    )
    new, n = re.subn(r"# BEGIN CALIBRATED.*?# END CALIBRATED", lambda _: block, text, flags=re.S)
    if n != 1:
        raise SystemExit(f"{path}: no CALIBRATED block")
    path.write_text(new)


def fit_all(agents: Sequence[str] | None = None,
            workers: int | None = None) -> dict[str, tuple[str, dict[str, float], tuple[str, ...], EC50Range]]:
    """Fit each agent in :data:`SPECS` order (or only ``agents``): ``{agent: (module, values, case ids, EC50
    interval)}`` where ``values`` are exactly the values this fit estimates (the whole CALIBRATED block: a parameter
    the script does not fit belongs in the module's table as a sourced value or an assumption, not in the block).
    Each agent's grid points run on ``workers`` processes (default one per CPU; 1: in this process, as a caller that
    patched the package at run time needs); the fits are the same either way."""
    shared: dict[str, dict[str, float]] = {}
    out: dict[str, tuple[str, dict[str, float], tuple[str, ...], EC50Range]] = {}
    with _mapper(workers) as map_:
        for spec in SPECS:
            if agents and spec.agent not in agents:
                continue
            print(f"fitting {spec.agent} ...", flush=True)
            values, _, rows, span = fit(spec, shared, map_)
            out[spec.agent] = (spec.module, values, rows, span)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dry-run", action="store_true", help="fit and print, do not write the modules")
    ap.add_argument("--agent", action="append", help="only these agent ids (others keep their values)")
    ap.add_argument("--workers", type=int, default=None, help="processes for the grid points (default: one per CPU)")
    args = ap.parse_args(argv)
    for module, values, rows, span in fit_all(args.agent, args.workers).values():
        if not args.dry_run:
            write_block(module, values, rows, span)
    return 0


if __name__ == "__main__":
    sys.exit(main())
