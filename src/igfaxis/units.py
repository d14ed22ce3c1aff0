"""Units at the edge, plain floats inside.

Built on pint. Canonical units: IGF-1 in ng/mL (= µg/L), GH in µg/L, time in hours inside models, doses in µg.
IGF-1 converts to nmol/L through its molar mass (7649 g/mol; see :data:`IGF1_MOLAR_MASS`).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from igfaxis.errors import UnitError
from igfaxis.provenance import Sourced

IGF1_MOLAR_MASS = Sourced(
    "igf1_molar_mass",
    7649.0,
    "g/mol",
    "LabCorp / Mayo test catalogues (IGF-1 molecular weight); ng/mL x 0.1307 = nmol/L",
)

#: Spellings people and labs use, mapped to what pint understands.
_ALIASES = {
    "µg/l": "ug/L",
    "μg/l": "ug/L",
    "mcg/l": "ug/L",
    "mcg": "ug",
    "µg": "ug",
    "μg": "ug",
    "ng/ml": "ng/mL",
    "nmol/l": "nmol/L",
    "ug/l": "ug/L",
    "ng/dl": "ng/dL",
}


@lru_cache(maxsize=1)
def registry() -> Any:
    """The shared pint registry (created once; pint caches its parsed definitions on disk)."""
    import pint

    try:
        return pint.UnitRegistry(cache_folder=":auto:")
    except Exception:  # pragma: no cover - read-only home: fall back to no cache
        return pint.UnitRegistry()


def _normalise_unit(unit: str) -> str:
    text = unit.strip()
    return _ALIASES.get(text.lower(), text).replace("µ", "u").replace("μ", "u")


def parse_quantity(text: str, *, field: str = "value") -> Any:
    """Parse ``"150ng/mL"``, ``"19.6 nmol/L"``, ``"2 mg"``, ``"60 ug/kg"``, ``"7 days"`` into a pint Quantity."""
    m = re.fullmatch(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*", text)
    if m is None:
        raise UnitError(f"cannot read {field} {text!r}: expected a number followed by a unit, e.g. '150 ng/mL'")
    number, unit = float(m.group(1)), m.group(2)
    if not unit:
        raise UnitError(f"{field} {text!r} has no unit: expected a number followed by a unit, e.g. '150 ng/mL'")
    return number * as_unit(unit, field=field)


def as_unit(unit: str, *, field: str = "unit") -> Any:
    """A pint Unit from a user's spelling, or :class:`UnitError`."""
    ureg = registry()
    try:
        return ureg.Unit(_normalise_unit(unit))
    except Exception as exc:
        raise UnitError(f"unknown {field} {unit!r}") from exc


IGF1_UNITS = ("ng/mL", "ug/L", "nmol/L")


def igf1_to_ng_ml(value: float, unit: str) -> float:
    """Convert an IGF-1 concentration to ng/mL. Accepts any mass or molar concentration unit."""
    ureg = registry()
    u = as_unit(unit)
    q = value * u
    try:
        if q.check("[substance]/[length]**3"):
            mass = q * ureg.Quantity(IGF1_MOLAR_MASS.value, "g/mol")
            return float(mass.to("ng/mL").magnitude)
        return float(q.to("ng/mL").magnitude)
    except Exception as exc:
        raise UnitError(
            f"unit {unit!r} is not a concentration: expected one of {', '.join(IGF1_UNITS)}"
        ) from exc


def igf1_ng_ml_to_nmol_l(value_ng_ml: float) -> float:
    """ng/mL -> nmol/L (molar mass 7649 g/mol). Plain arithmetic: no pint needed on the hot path."""
    return value_ng_ml / IGF1_MOLAR_MASS.value * 1000.0


def igf1_nmol_l_to_ng_ml(value_nmol_l: float) -> float:
    return value_nmol_l * IGF1_MOLAR_MASS.value / 1000.0


def to_float(q: Any, unit: str, *, field: str = "value") -> float:
    """Magnitude of quantity ``q`` in ``unit``; :class:`UnitError` if the dimensions differ."""
    try:
        value = float(q.to(_normalise_unit(unit)).magnitude)
    except Exception as exc:
        raise UnitError(f"{field} {q} cannot be expressed in {unit}") from exc
    if not math.isfinite(value):
        raise UnitError(f"{field} {q} is not finite")
    return value
