"""Value objects for people and their lab readings. Frozen; invariants are checked on construction."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import StrEnum

from igfaxis.errors import InputError, Problem

IGF1_ANALYTE = "IGF-1"
IGF1_LOINC = "2484-4"
#: Mean Gregorian year in days: ages are (date - birth date) in days over this.
DAYS_PER_YEAR = 365.2425
#: The oldest age (years) a person may be given: a plausibility bound on input, not a reference range.
MAX_AGE_YEARS = 130
#: The most characters a reading's assay and lab may have: the importers refuse longer ones, and the database
#: columns (``readings.assay``, ``readings.lab``) are made this long from these.
MAX_ASSAY_LENGTH = 80
MAX_LAB_LENGTH = 120


class Sex(StrEnum):
    male = "male"
    female = "female"

    @classmethod
    def parse(cls, text: str, *, field: str = "sex") -> Sex:
        key = text.strip().lower()
        aliases = {"m": "male", "man": "male", "f": "female", "woman": "female"}
        key = aliases.get(key, key)
        try:
            return cls(key)
        except ValueError:
            raise InputError(
                Problem("unknown sex", field=field, received=text, expected="'male' or 'female'")
            ) from None


@dataclass(frozen=True, slots=True)
class Person:
    """Who the readings belong to. ``age_years`` is used when ``birth_date`` is absent."""

    sex: Sex
    birth_date: dt.date | None = None
    age_years: float | None = None
    weight_kg: float | None = None
    name: str | None = None

    def __post_init__(self) -> None:
        if self.birth_date is None and self.age_years is None:
            raise InputError(Problem("a person needs a birth date or an age", field="birth_date"))
        if self.age_years is not None and not (0 <= self.age_years <= MAX_AGE_YEARS):
            raise InputError(
                Problem("age out of range", field="age", received=str(self.age_years),
                        expected=f"0 to {MAX_AGE_YEARS} years")
            )
        if self.weight_kg is not None and not (20 <= self.weight_kg <= 400):
            raise InputError(
                Problem("weight out of range", field="weight_kg", received=str(self.weight_kg),
                        expected="20 to 400 kg")
            )

    def age_on(self, when: dt.date) -> float:
        """Age in years on ``when`` (birth date if known, else the stated age)."""
        if self.birth_date is not None:
            return (when - self.birth_date).days / DAYS_PER_YEAR
        assert self.age_years is not None
        return self.age_years


@dataclass(frozen=True, slots=True)
class Reading:
    """One IGF-1 result. ``value_ng_ml`` is canonical; ``value`` and ``unit`` keep what the lab reported."""

    date: dt.date
    value_ng_ml: float
    value: float
    unit: str
    analyte: str = IGF1_ANALYTE
    assay: str | None = None
    lab: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if not math.isfinite(self.value_ng_ml) or self.value_ng_ml <= 0:
            raise InputError(
                Problem("IGF-1 must be a positive number", field="value", received=str(self.value),
                        expected="a positive concentration")
            )
