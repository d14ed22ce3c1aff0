"""Shared fixtures. Tests that need PostgreSQL or Chromium are required in CI (CI=true) and skipped elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

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
