"""Dose streams: what the engine integrates beside the axis as extra PK/PD states.

A protocol expands into :class:`DrugInput` s, one per dose stream (agent x route x schedule). The engine gives each
stream three states per patient:

* ``depot`` (µg): first-order absorption ``ka_per_h`` (SC / oral doses land here, times ``bioavailability``);
* ``central`` (µg): IV doses land here directly; elimination ``ke_per_h``; plasma concentration
  ``C = central / volume_l`` in µg/L = ng/mL;
* ``tolerance`` T (dimensionless, 0..tol_max): ``dT/dt = tol_kon_per_h * E/emax * (tol_max - T) - tol_koff_per_h * T``.

The receptor drive is ``E = emax * C^hill / (ec50^hill + C^hill) * (1 - T)``, in the axis model's receptor units
(``docs/model.md``, "Drug inputs"):

* ``receptor="ghrh"``: GHRH-equivalent concentration at the pituitary, pg/mL, added to endogenous portal GHRH
  (which swings between ~0 and ``ghrh_max`` = 450 pg/mL, ~900 in slow-wave sleep). GH release rises with
  total GHRH as a Hill curve, half-maximal at ``t_ghrh`` = 680 pg/mL, n = 5; ``emax`` of ~300–1000 pg/mL
  amplifies spontaneous pulses 2–4-fold; release stays gated by somatostatin.
* ``receptor="ghs"``: ghrelin-receptor agonist concentration in the model's GHS units (endogenous tone
  ``ghs_basal`` = 20). Direct release half-saturates at ``tg0 = 200``; the somatostatin opposition at the
  pituitary at ``tg1 = 390``; GHRH-neuron disinhibition at ``tg2 = 1000`` (axis 1.2.3; Farhy 10 000).
* ``receptor="ghrh_block"``: GHRH-receptor antagonist occupancy (``emax`` = 1, ``hill`` = 1, ``ec50`` = the
  antagonist's apparent Kd): endogenous and exogenous GHRH act at the pituitary as if multiplied by
  ``1 - occupancy`` (competitive antagonism). Research tool compounds only (``igfaxis.physiology.tool_compounds``).
* ``receptor="gh"``: exogenous GH, ng/mL in plasma, added to the endogenous plasma GH where GH acts (the liver's
  IGF-1 drive and the GH -> somatostatin feedback). A linear stream: ``emax`` = ``ec50`` far above any
  concentration reached, so ``E`` is the stream's concentration. Research tool compounds only.

Doses are impulses at ``dose_times_h`` (hours from simulation day 0, 00:00), rounded by the engine to its step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from igfaxis.errors import InputError, Problem

RECEPTORS: tuple[str, ...] = ("ghrh", "ghs", "ghrh_block", "gh")


@dataclass(frozen=True)
class DrugInput:
    """One dose stream. Units are in the field names; ``emax`` is in receptor units (see module docstring)."""

    name: str
    receptor: str
    ka_per_h: float
    ke_per_h: float
    bioavailability: float
    volume_l: float
    ec50_ng_ml: float
    emax: float
    hill: float
    tol_kon_per_h: float = 0.0
    tol_koff_per_h: float = 0.0
    tol_max: float = 0.0
    iv: bool = False
    dose_times_h: tuple[float, ...] = ()
    dose_amounts_ug: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        problems: list[Problem] = []

        def bad(field: str, received: object, expected: str) -> None:
            problems.append(
                Problem(f"invalid dose stream {self.name!r}", field=field, received=str(received), expected=expected)
            )

        if self.receptor not in RECEPTORS:
            bad("receptor", self.receptor, ", ".join(f"'{r}'" for r in RECEPTORS[:-1]) + f" or '{RECEPTORS[-1]}'")
        positive = {
            "ke_per_h": self.ke_per_h,
            "volume_l": self.volume_l,
            "ec50_ng_ml": self.ec50_ng_ml,
            "hill": self.hill,
        }
        if not self.iv:
            positive["ka_per_h"] = self.ka_per_h
        for field, value in positive.items():
            if not (math.isfinite(value) and value > 0):
                bad(field, value, "a finite number > 0")
        nonneg = {
            "emax": self.emax,
            "tol_kon_per_h": self.tol_kon_per_h,
            "tol_koff_per_h": self.tol_koff_per_h,
        }
        for field, value in nonneg.items():
            if not (math.isfinite(value) and value >= 0):
                bad(field, value, "a finite number >= 0")
        if not (0 < self.bioavailability <= 1):
            bad("bioavailability", self.bioavailability, "a fraction in (0, 1]")
        if not (0 <= self.tol_max < 1):
            bad("tol_max", self.tol_max, "a fraction in [0, 1)")
        if len(self.dose_times_h) != len(self.dose_amounts_ug):
            bad("dose_amounts_ug", len(self.dose_amounts_ug), f"{len(self.dose_times_h)} amounts, one per dose time")
        if any(not (math.isfinite(t) and t >= 0) for t in self.dose_times_h):
            bad("dose_times_h", self.dose_times_h, "finite times >= 0 h")
        if any(not (math.isfinite(a) and a >= 0) for a in self.dose_amounts_ug):
            bad("dose_amounts_ug", self.dose_amounts_ug, "finite amounts >= 0 µg")
        if problems:
            raise InputError(*problems)

    @property
    def n_doses(self) -> int:
        return len(self.dose_times_h)
