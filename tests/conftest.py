"""Shared fixtures. Tests that need PostgreSQL or Chromium are required in CI (CI=true) and skipped elsewhere."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def shared_reference(name: str) -> Path:
    """``shared/reference/NAME`` beside the checkout (``../shared``), or where this workplace keeps it (a clone made
    elsewhere); the first place when neither exists, so a test can skip on ``.exists()``."""
    places = [base / "shared" / "reference" / name for base in (REPO.parent, Path("/work"))]
    return next((p for p in places if p.exists()), places[0])


#: Test files run first: the refit takes minutes, so under pytest-xdist (one file per worker) it starts at once
#: beside the rest instead of last on its own.
RUN_FIRST = ("physiology/agents/test_calibration_reproduces.py",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    first = [i for i in items if any(i.nodeid.startswith(f"tests/{f}") for f in RUN_FIRST)]
    if first:
        items[:] = first + [i for i in items if i not in first]


#: Memory mappings above which the session drops JAX's compiled executables between test modules.
MAPPINGS_HIGH = 20_000


def _mappings() -> int:
    try:
        with open("/proc/self/maps") as fh:
            return sum(1 for _ in fh)
    except OSError:  # not Linux: assume high, release after every module
        return MAPPINGS_HIGH


@pytest.fixture(scope="module", autouse=True)
def _release_compiled_executables() -> Iterator[None]:
    """Drop JAX's compiled executables after a test module once the process holds many. Each keeps ~100-500
    memory mappings (a new day count or patient count compiles a new one), and one pytest process running every
    module reached the kernel's 65 530-mapping limit (vm.max_map_count), after which shared libraries failed to load
    and XLA crashed. Releasing only above MAPPINGS_HIGH keeps the executables modules share."""
    yield
    if "igfaxis.physiology.engine" in sys.modules and _mappings() >= MAPPINGS_HIGH:
        sys.modules["igfaxis.physiology.engine"].release_compiled()


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


def require_or_skip(available: bool, what: str) -> None:
    """Skip when ``what`` is missing locally; fail in CI, where .ci/run provides it."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but not available")
    pytest.skip(f"{what} not available here")


def load_script(name: str) -> ModuleType:
    """``scripts/NAME.py`` as a module (scripts are not a package), registered in ``sys.modules`` as dataclasses
    need; loaded once per test session."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
