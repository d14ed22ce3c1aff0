"""Rates of the IGF-1R → IRS-1 → PI3K → Akt → mTORC1 / FOXO signalling model, each one sourced as data.

Time is in minutes, ligand in nmol/L, every state a dimensionless fraction (0–1) of its protein's total.
Published kinetic models were fitted to normalised (arbitrary-unit) blots, so only their time constants carry over
directly; where igfaxis had to fix an amplitude (a phosphorylation rate per unit of upstream activity), the entry is
marked ``assumption=True`` and its note says what was kept from the source.

Sources:

* Kubota H et al. Temporal coding of insulin action through multiplexing of the AKT pathway. Mol Cell
  2012;46:820–832 (BioModels MODEL1204060000; fitted values as transcribed in biomass-dev/biomass,
  ``models/insulin_signaling``).
* Dalle Pezze P et al. A dynamic network model of mTOR signaling reveals TSC-independent mTORC2 regulation.
  Sci Signal 2012;5:ra25 (BIOMD0000000581): S6K → IRS-1 pS636 feedback, mTORC2 → Akt pS473.
* Smith GR, Shanley DP. Computational modelling of the regulation of insulin signalling by oxidative stress.
  BMC Syst Biol 2013;7:41 (BIOMD0000000474): FOXO phosphorylation and nucleo-cytoplasmic transport.
* Schachter TN et al. Kinetics of nuclear-cytoplasmic translocation of Foxo1 and Foxo3A in adult skeletal muscle
  fibers. Am J Physiol Cell Physiol 2012;303:C977 (PMC3492827).
* Schwanhäusser B et al. Global quantification of mammalian gene expression control. Nature 2011;473:337.
"""

from __future__ import annotations

import math

from igfaxis.physiology.parameters import AXIS
from igfaxis.provenance import ParameterTable, Sourced

KUBOTA = "Kubota H et al. Mol Cell 2012;46:820 (BioModels MODEL1204060000; biomass insulin_signaling set_model.py)"
DALLE_PEZZE = "Dalle Pezze P et al. Sci Signal 2012;5:ra25 (BIOMD0000000581)"
SMITH_SHANLEY = "Smith GR, Shanley DP. BMC Syst Biol 2013;7:41 (BIOMD0000000474)"
SCHACHTER = "Schachter TN et al. Am J Physiol Cell Physiol 2012;303:C977 (PMC3492827)"
SCHWANHAUSSER = "Schwanhäusser B et al. Nature 2011;473:337 (median mRNA half-life 9 h)"
GROSS_ROTWEIN = "Gross SM, Rotwein P. J Cell Sci 2016;129:2052 (Akt activity latency ~2 min)"
IGFAXIS = "igfaxis modelling choice (see note)"

_PARAMS: tuple[Sourced, ...] = (
    # --- receptor ------------------------------------------------------------------------------------------------
    Sourced("k_r_on", 7.78161, "1/(nM*min)", KUBOTA,
            "k1_InsIRcom (insulin binding to the IR complex), applied to IGF-1 at IGF-1R: the receptors are "
            "homologous and bind their own ligand with similar sub-nanomolar affinity (Kd here 0.21 nM; IGF-1R "
            "Kd for IGF-1 is reported 0.1–1 nM)", assumption=True),
    Sourced("k_r_off", 1.61148, "1/min", KUBOTA, "k2_InsIRcom (dissociation / deactivation)", assumption=True),
    Sourced("k_r_int", 0.00792, "1/min", KUBOTA,
            "k1_p1IRcomDeg: ligand-induced internalisation/degradation of the active receptor", assumption=True),
    Sourced("k_r_rec", 0.04780, "1/min", KUBOTA, "k1_synthesis: replenishment of the surface receptor pool",
            assumption=True),
    # --- IRS-1 ----------------------------------------------------------------------------------------------------
    Sourced("k_irs_py", 1.0, "1/min", DALLE_PEZZE,
            "IRS-1 tyrosine phosphorylation per unit active receptor; the source is fitted in arbitrary units, the "
            "amplitude (like every amplitude below) is chosen so that Akt is half-maximal near 0.07 nM free IGF-1, "
            "inside the physiological range (docs/signaling.md, calibration)", assumption=True),
    Sourced("k_irs_dp", 1.0, "1/min", DALLE_PEZZE,
            "IRS-1 pY dephosphorylation (PTP1B); sub-minute to minute time scale as in the source's fast IRS "
            "block; value chosen (τ = 1 min)", assumption=True),
    Sourced("k_irs_ser", 0.02, "1/min", DALLE_PEZZE,
            "S6K (pT389) → IRS-1 pS636/S307 inhibitory phosphorylation per unit S6K (the S6K ⊣ IRS-1 loop); "
            "strength chosen so basal S6K inhibits ~10 % of IRS-1", assumption=True),
    Sourced("k_irs_ser_rec", 0.01, "1/min", DALLE_PEZZE,
            "recovery of serine-inhibited IRS-1 (degradation/resynthesis in the source; IRS1 synthesis 0.1 a.u.); "
            "τ = 100 min chosen", assumption=True),
    # --- PI3K / PIP3 ----------------------------------------------------------------------------------------------
    Sourced("k_pi3k", 2.0, "1/min", DALLE_PEZZE,
            "PIP3 production by IRS-1-bound PI3K per unit IRS-1 pY (IRS1_p_PI3K in the source); amplitude chosen",
            assumption=True),
    Sourced("k_pten", 1.0, "1/min", SMITH_SHANLEY,
            "PIP3 removal by PTEN/SHIP; fast (τ 1 min) as in the source's lipid block; value chosen",
            assumption=True),
    # --- Akt ------------------------------------------------------------------------------------------------------
    Sourced("k_t308", 12.0, "1/min", DALLE_PEZZE,
            "Akt T308 phosphorylation by PDK1 per unit PIP3; amplitude chosen"
            " (see k_irs_py)", assumption=True),
    Sourced("k_t308_dp", 7.70619, "1/min", KUBOTA,
            "k1_pAKTdePhos: Akt dephosphorylation, τ = 0.13 min (the stiff step; Dalle Pezze 2012 fits 4.07)"),
    Sourced("k_s473", 4.0, "1/min", DALLE_PEZZE,
            "Akt S473 phosphorylation by mTORC2 per unit PIP3 (mTORC2 follows the PI3K variant in the source); "
            "amplitude chosen", assumption=True),
    Sourced("k_s473_dp", 1.5, "1/min", DALLE_PEZZE,
            "Akt pS473 dephosphorylation (PHLPP); same order as the source's pT308 dephosphorylation 4.07, value "
            "chosen", assumption=True),
    # --- mTORC1, S6K, 4E-BP1 ----------------------------------------------------------------------------------------
    Sourced("k_mtorc1", 0.3, "1/min", KUBOTA,
            "k1_mTORPhos x AKTtot re-normalised to an Akt fraction; amplitude chosen (see k_irs_py)"
            "", assumption=True),
    Sourced("k_mtorc1_dp", 0.12433, "1/min", KUBOTA, "k1_pmTORdePhos: mTORC1 deactivation, τ = 8.0 min"),
    Sourced("k_s6k", 0.15, "1/min", KUBOTA,
            "S6K T389 phosphorylation per unit mTORC1 (k1_S6KPhos x mTORtot re-normalised); amplitude chosen so "
            "adapted S6K is ~15 % and a step from low input peaks near 50 %", assumption=True),
    Sourced("k_s6k_dp", 1.95498, "1/min", KUBOTA,
            "k1_pS6KdePhos: S6K dephosphorylation per unit of the slow mTORC1-made phosphatase activator X "
            "(incoherent feed-forward loop → S6K adapts)", assumption=True),
    Sourced("k_s6k_dp0", 0.005, "1/min", IGFAXIS,
            "basal S6K phosphatase so S6K returns to zero without mTORC1 (Kubota has none); small so adaptation "
            "stays near perfect", assumption=True),
    Sourced("k_x", 0.00073, "1/min", KUBOTA,
            "k1_XPhos x mTORtot re-normalised: X is made by mTORC1 slowly; X reaches half of its range at full "
            "mTORC1", assumption=True),
    Sourced("k_x_dp", 0.00146, "1/min", KUBOTA, "k1_pXdePhos: X decay, τ = 685 min (the slow arm of the loop)"),
    Sourced("k_4ebp1", 0.4, "1/min", DALLE_PEZZE,
            "4E-BP1 phosphorylation by mTORC1 (same mTORC1 substrate block as S6K in the source, without the "
            "adapting phosphatase); value chosen", assumption=True),
    Sourced("k_4ebp1_dp", 0.2, "1/min", IGFAXIS,
            "4E-BP1 dephosphorylation, τ = 5 min: fast, non-adapting read-out of mTORC1", assumption=True),
    # --- FOXO -----------------------------------------------------------------------------------------------------
    Sourced("k_foxo_p", 0.5, "1/min", KUBOTA,
            "k1_FoxO1Phos per unit active Akt (re-normalised); Akt phosphorylates FOXO in both compartments and "
            "phosphorylated FOXO leaves the nucleus (14-3-3/CRM1, Smith & Shanley 2013)", assumption=True),
    Sourced("k_foxo_dp", 0.15172, "1/min", KUBOTA, "k1_pFoxO1dePhos: FOXO dephosphorylation, τ = 6.6 min"),
    Sourced("k_foxo_in", 0.1, "1/min", SCHACHTER,
            "nuclear import of unphosphorylated Foxo1: fast basal shuttling with influx and efflux near balance "
            "(Foxo1, not the 20x slower Foxo3a); rate chosen for ~10-min re-entry", assumption=True),
    Sourced("k_foxo_out", 0.015, "1/min", SCHACHTER,
            "basal (Akt-independent) nuclear export of unphosphorylated Foxo1; 87 % nuclear without growth "
            "factor", assumption=True),
    Sourced("k_target", math.log(2.0) / (9.0 * 60.0), "1/min", SCHWANHAUSSER,
            "FOXO target expression (e.g. atrogin-1, SOD2, LC3 mRNA) relaxes with the median mammalian mRNA "
            "half-life 9 h: the slow integrator (Kubota's G6Pase arm, slowed to a generic target)",
            assumption=True),
)

SIGNALING_PARAMS: ParameterTable = ParameterTable.of("IGF-1R signalling (Kubota/Dalle Pezze/Smith-Shanley)", *_PARAMS)

#: Read-out thresholds and exposure conversions.
FOXO_NUCLEAR_THRESHOLD = Sourced(
    "foxo_nuclear_threshold", 0.5, "fraction of maximal nuclear FOXO", SCHACHTER,
    "FOXO counts as 'active' while nuclear unphosphorylated FOXO is above half of its maximal (growth-factor-free) "
    "level; reporter studies score translocation by the nuclear/cytoplasmic ratio, half-maximal is our cut",
    assumption=True, bounds=(0.0, 1.0),
)
#: Free/total IGF-1: the axis model's own value, so patterns and protocols see the same conversion.
FREE_IGF1_FRACTION: Sourced = AXIS["free_fraction"]
