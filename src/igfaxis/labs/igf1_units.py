"""IGF-1 units accepted on import and on the command line, converted without pint (fast start).

ng/mL = µg/L = ug/L = mcg/L; nmol/L converts through the molar mass 7649 g/mol (``igfaxis.units``).
"""

from __future__ import annotations

import re

from igfaxis.errors import Problem, UnitError
from igfaxis.units import IGF1_MOLAR_MASS

#: Canonical spelling -> factor to ng/mL.
IGF1_UNIT_FACTORS: dict[str, float] = {
    "ng/mL": 1.0,
    "µg/L": 1.0,
    "ug/L": 1.0,
    "mcg/L": 1.0,
    "nmol/L": IGF1_MOLAR_MASS.value / 1000.0,
}
ACCEPTED_UNITS = ", ".join(IGF1_UNIT_FACTORS)
_LOOKUP = {k.lower().replace("µ", "u"): k for k in IGF1_UNIT_FACTORS}
_LOOKUP.update({"μg/l": "µg/L", "ng/ml": "ng/mL", "ug/ml": "", "ng/l": ""})  # μ (Greek mu) spelling


def canonical_unit(unit: str) -> str | None:
    """The canonical spelling of an accepted IGF-1 unit, or None if it is not one."""
    key = unit.strip().replace(" ", "").lower()
    key = key.replace("μ", "u").replace("µ", "u")
    found = _LOOKUP.get(key)
    return found or None


def to_ng_ml(value: float, unit: str) -> float:
    """IGF-1 ``value`` in ``unit`` -> ng/mL; :class:`UnitError` for any other unit."""
    canon = canonical_unit(unit)
    if canon is None:
        raise UnitError(Problem("unknown IGF-1 unit", field="unit", received=unit, expected=ACCEPTED_UNITS))
    return value * IGF1_UNIT_FACTORS[canon]


_QTY = re.compile(r"\s*([-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*")


def parse_igf1(text: str, *, field: str = "--igf1") -> tuple[float, str, float]:
    """Parse ``"150ng/mL"`` or ``"19.6 nmol/L"`` -> (value, canonical unit, value in ng/mL)."""
    m = _QTY.fullmatch(text)
    if m is None:
        raise UnitError(Problem("cannot read an IGF-1 concentration", field=field, received=text,
                                expected=f"a number followed by a unit, e.g. '150ng/mL' ({ACCEPTED_UNITS})"))
    value = float(m.group(1).replace(",", "."))
    unit = m.group(2)
    canon = canonical_unit(unit) if unit else None
    if canon is None:
        raise UnitError(Problem("missing or unknown IGF-1 unit" if unit else "IGF-1 value has no unit",
                                field=field, received=text, expected=f"one of {ACCEPTED_UNITS}, e.g. '150ng/mL'"))
    return value, canon, value * IGF1_UNIT_FACTORS[canon]
