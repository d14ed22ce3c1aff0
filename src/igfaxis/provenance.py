"""Sourced values: every parameter, reference value and threshold carries its unit and source as data.

``Sourced`` is the one record type for that, ``PublishedMean`` the one for a published group mean with its SE;
``ParameterTable`` is a named, ordered collection that a contract test walks to prove nothing is unsourced.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Sourced:
    """A number with its unit and where it comes from.

    ``assumption`` is true when no primary human source gives the value and igfaxis had to choose one; the
    ``note`` then says why that value.
    """

    name: str
    value: float
    unit: str
    source: str
    note: str = ""
    assumption: bool = False
    bounds: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        if not self.source.strip():
            raise ValueError(f"parameter {self.name!r} has no source")
        if self.bounds is not None and not (self.bounds[0] <= self.value <= self.bounds[1]):
            raise ValueError(f"parameter {self.name!r} = {self.value} lies outside its bounds {self.bounds}")

    def __float__(self) -> float:
        return float(self.value)

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "source": self.source,
            "note": self.note,
            "assumption": self.assumption,
        }


@dataclass(frozen=True, slots=True)
class PublishedMean:
    """A published group mean with its standard error, unit, group size and source: what a held-out ratio of two
    published means is built from (its tolerance comes from both SEs)."""

    mean: float
    se: float
    unit: str
    source: str
    n: int | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if not self.source.strip():
            raise ValueError(f"published mean {self.mean} {self.unit} has no source")
        if not self.unit.strip():
            raise ValueError(f"published mean {self.mean} ({self.source}) has no unit")
        if self.se < 0.0 or (self.n is not None and self.n < 1):
            raise ValueError(f"published mean {self.mean} {self.unit}: SE {self.se} and n {self.n} must be >= 0 "
                             "and >= 1")

    def as_dict(self) -> dict[str, object]:
        return {"mean": self.mean, "se": self.se, "unit": self.unit, "n": self.n, "source": self.source,
                "note": self.note}


@dataclass(frozen=True)
class ParameterTable(Mapping[str, Sourced]):
    """An immutable, ordered mapping name -> :class:`Sourced`."""

    title: str
    _items: tuple[Sourced, ...] = field(default=())

    @classmethod
    def of(cls, title: str, *items: Sourced) -> ParameterTable:
        names = [p.name for p in items]
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            raise ValueError(f"duplicate parameters in {title!r}: {sorted(dupes)}")
        return cls(title, tuple(items))

    def __getitem__(self, key: str) -> Sourced:
        for p in self._items:
            if p.name == key:
                return p
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (p.name for p in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def value(self, key: str) -> float:
        return self[key].value

    def replace(self, **values: float) -> ParameterTable:
        """A copy with some values changed (same units and sources)."""
        unknown = set(values) - set(self)
        if unknown:
            raise KeyError(f"unknown parameters for {self.title!r}: {sorted(unknown)}")
        items = tuple(
            Sourced(p.name, float(values[p.name]), p.unit, p.source, p.note, p.assumption, None)
            if p.name in values
            else p
            for p in self._items
        )
        return ParameterTable(self.title, items)

    def sources(self) -> list[str]:
        seen: dict[str, None] = {}
        for p in self._items:
            seen.setdefault(p.source, None)
        return list(seen)
