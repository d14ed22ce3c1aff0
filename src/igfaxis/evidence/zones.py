"""IGF-1 zones of the seed framework, as configurable, sourced data.

Zones (ng/mL, total serum IGF-1): ``frailty_risk`` < 80; ``below_optimal`` 80 to < 120; ``optimal`` 120–160
inclusive; ``upper_acceptable`` > 160 to 175; ``elevated`` > 175. The optimal band is the range with the lowest
all-cause mortality in Rahmani 2022; the 80 and 175 cut-points come from the seed text only (no primary source
gives them as thresholds), so they are marked as assumptions. Thresholds are absolute ng/mL and not age-specific;
absolute values from different assays are not interchangeable.
"""

from __future__ import annotations

from dataclasses import dataclass

from igfaxis.provenance import ParameterTable, Sourced

SEED = ("igfaxis framework text (the project's founding description, not a primary source): 'IGF-1 "
        "optimisation', section on monitoring and target ranges")
RAHMANI = (
    "Rahmani J, Montesanto A, Giovannucci E, et al. Association between IGF-1 levels ranges and all-cause "
    "mortality: a meta-analysis. Aging Cell 2022;21(2):e13540, doi:10.1111/acel.13540 (19 cohorts, 30,876 adults)"
)
CHS = (
    "Cardiovascular Health Study IGF-I trajectories, J Gerontol A Biol Sci Med Sci, doi:10.1093/gerona/glx143 "
    "(PMC6001890): baseline IGF-1 <70 vs 170 ng/mL, HR 1.58 (1.28-1.96), 945 adults aged >=65"
)

THRESHOLDS = ParameterTable.of(
    "IGF-1 zone thresholds",
    Sourced("frailty_below", 80.0, "ng/mL", SEED,
            "seed: 'levels dropping below 70-80 ng/mL are associated with an increased risk of frailty'; the upper "
            "end of that range is used. Supported in direction (not as a threshold) by CHS: " + CHS,
            assumption=True),
    Sourced("optimal_low", 120.0, "ng/mL", RAHMANI, "lower end of the range with the lowest all-cause mortality"),
    Sourced("optimal_high", 160.0, "ng/mL", RAHMANI, "upper end of the range with the lowest all-cause mortality"),
    Sourced("elevated_above", 175.0, "ng/mL", SEED,
            "seed: 'maintaining levels below 175 ng/mL is considered important for long-term health'; no primary "
            "source gives 175 ng/mL as a threshold", assumption=True),
)

#: The lowest-mortality band and the elevated threshold, for charts and planning (values and sources: THRESHOLDS).
OPTIMAL_BAND_NG_ML: tuple[float, float] = (THRESHOLDS.value("optimal_low"), THRESHOLDS.value("optimal_high"))
ELEVATED_ABOVE_NG_ML: float = THRESHOLDS.value("elevated_above")


@dataclass(frozen=True, slots=True)
class Zone:
    """A named IGF-1 band. ``low``/``high`` in ng/mL (None = open); inclusivity per bound."""

    name: str
    label: str
    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    colour: str
    meaning: str
    sources: tuple[str, ...]
    #: Plain notes for the zone's cut-offs that are assumptions (no primary source gives them as thresholds);
    #: every output that shows the zone shows these.
    assumptions: tuple[str, ...] = ()

    def contains(self, value_ng_ml: float) -> bool:
        v = value_ng_ml
        if self.low is not None and (v < self.low or (v == self.low and not self.low_inclusive)):
            return False
        return not (self.high is not None and (v > self.high or (v == self.high and not self.high_inclusive)))

    def range_text(self) -> str:
        if self.low is None:
            return f"< {self.high:g} ng/mL"
        if self.high is None:
            return f"> {self.low:g} ng/mL"
        lo = "" if self.low_inclusive else ">"
        hi = "" if self.high_inclusive else "<"
        return f"{lo}{self.low:g}–{hi}{self.high:g} ng/mL"


def default_zones(thresholds: ParameterTable = THRESHOLDS) -> tuple[Zone, ...]:
    """The five zones built from ``thresholds`` (pass a modified table to configure them)."""
    f, lo, hi, el = (thresholds.value(k) for k in ("frailty_below", "optimal_low", "optimal_high", "elevated_above"))
    src = tuple(thresholds.sources())

    def note(key: str) -> tuple[str, ...]:
        t = thresholds[key]
        return (f"{t.value:g} ng/mL zone cut-off: an assumption (no primary source gives it as a threshold)",) \
            if t.assumption else ()

    low_cut, high_cut = note("frailty_below"), note("elevated_above")
    return (
        Zone("frailty_risk", "frailty risk", None, f, False, False, "red",
             "low IGF-1, associated in cohorts with frailty and higher all-cause mortality", (SEED, CHS), low_cut),
        Zone("below_optimal", "below optimal", f, lo, True, False, "yellow",
             "below the range linked to the lowest mortality", src, low_cut),
        Zone("optimal", "optimal", lo, hi, True, True, "green",
             "within the range linked to the lowest all-cause mortality in the meta-analysis", (RAHMANI,)),
        Zone("upper_acceptable", "upper acceptable", hi, el, False, True, "yellow",
             f"above the lowest-mortality range but below the {el:g} ng/mL upper limit", src, high_cut),
        Zone("elevated", "elevated", el, None, False, False, "red",
             "high IGF-1, associated in cohorts with higher all-cause and cancer mortality", (SEED, RAHMANI), high_cut),
    )


ZONES = default_zones()


def classify(value_ng_ml: float, zones: tuple[Zone, ...] = ZONES) -> Zone:
    """The zone that contains ``value_ng_ml`` (exactly one for the default, gap-free zones)."""
    for zone in zones:
        if zone.contains(value_ng_ml):
            return zone
    raise ValueError(f"no zone contains {value_ng_ml} ng/mL")  # pragma: no cover - zones are gap-free


def zone_by_name(name: str, zones: tuple[Zone, ...] = ZONES) -> Zone:
    for zone in zones:
        if zone.name == name:
            return zone
    raise KeyError(name)
