"""Shared fixtures. Tests that need PostgreSQL or Chromium are required in CI (CI=true) and skipped elsewhere."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


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
