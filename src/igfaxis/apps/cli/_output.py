"""Shared CLI output helpers: consoles, JSON printing, exit on bad input."""

from __future__ import annotations

import json
import math
import sys
from functools import lru_cache
from typing import Any

from rich.console import Console


@lru_cache(maxsize=1)
def console() -> Console:
    return Console(highlight=False)


@lru_cache(maxsize=1)
def error_console() -> Console:
    return Console(stderr=True, highlight=False)


def _clean(obj: Any) -> Any:
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    if hasattr(obj, "tolist"):
        return _clean(obj.tolist())
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    return obj


def print_json(payload: Any) -> None:
    """Write ``payload`` as JSON to stdout (NaN/inf become null; dates ISO 8601; arrays lists)."""
    sys.stdout.write(json.dumps(_clean(payload), indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()
