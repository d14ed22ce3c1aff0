"""Read the bundled evidence CSVs (``igfaxis/evidence/data``) as lists of string dicts."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``data/<name>`` as dicts keyed by the header (values are stripped strings)."""
    text = resources.files("igfaxis.evidence").joinpath("data", name).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    return tuple({k.strip(): (v or "").strip() for k, v in row.items()} for row in reader)
