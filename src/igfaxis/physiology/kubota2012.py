"""Kubota et al. 2012 (Mol Cell 46:820), BioModels MODEL1204060000, as a production–loss :class:`FlowModel`.

The published insulin → AKT → {mTOR → S6K, GSK3B, FoxO1 → G6Pase} model with its own fitted parameters (as
transcribed in biomass-dev/biomass ``models/insulin_signaling``), written in the form igfaxis's splitting solver
takes, so the solver can be checked on the published model and the published behaviours reproduced with it
(``tests/physiology/test_signaling_kubota.py``). Time in minutes, insulin ``L`` in nmol/L, species in the paper's
arbitrary concentration units. Reaction numbers v1–v24 follow the source.
"""

from __future__ import annotations

from igfaxis.physiology.signaling_model import Flow, FlowModel
from igfaxis.provenance import ParameterTable, Sourced

SOURCE = "Kubota H et al. Mol Cell 2012;46:820 (MODEL1204060000; biomass insulin_signaling set_model.py)"

_VALUES: dict[str, tuple[float, str]] = {
    "k1_synthesis": (0.04780, "1/min"), "k1_InsIRcom": (7.78161, "1/(nM*min)"), "k2_InsIRcom": (1.61148, "1/min"),
    "k1_p1IRcomDeg": (0.00792, "1/min"), "k1_p1IRcomPhos": (0.00004, "1/(au*min)"),
    "k1_p1p2IRcomdePhos": (0.28443, "1/min"), "k1_IRcomPhos": (9.93311, "1/(au*min)"),
    "k1_p2IRcomdePhos": (0.00001, "1/min"), "k1_p2IRcomDeg": (0.00001, "1/min"),
    "k1_Insp2IRcom": (0.36303, "1/(nM*min)"), "k2_Insp2IRcom": (0.40813, "1/min"),
    "k1_p1p2IRcomDeg": (0.09490, "1/min"), "k1_AKTPhos": (0.00920, "1/(au*min)"),
    "k1_pAKTdePhos": (7.70619, "1/min"), "k1_mTORPhos": (0.41968, "1/(au*min)"),
    "k1_pmTORdePhos": (0.12433, "1/min"), "k1_S6KPhos": (0.00752, "1/(au*min)"),
    "k1_pS6KdePhos": (1.95498, "1/(au*min)"), "k1_XPhos": (0.00105, "1/(au*min)"), "k1_pXdePhos": (0.00146, "1/min"),
    "k1_GSK3BPhos": (2.97538, "1/(au*min)"), "k1_pGSK3BdePhos": (0.92460, "1/min"),
    "k1_FoxO1Phos": (4.59698, "1/(au*min)"), "k1_pFoxO1dePhos": (0.15172, "1/min"),
    "k1_G6PaseSynthesis": (4.86146, "1/min"), "k1_G6PaseDeg": (0.05496, "1/min"),
    # conserved totals (initial values of the source)
    "pro_IRcom": (46.22225, "au"), "AKT_tot": (4.33812, "au"), "mTOR_tot": (0.09592, "au"),
    "X_tot": (14.99133, "au"), "S6K_tot": (2.77699, "au"), "GSK3B_tot": (10.56415, "au"),
    "FoxO1_tot": (0.43571, "au"),
}

KUBOTA_PARAMS = ParameterTable.of(
    "Kubota 2012 AKT pathway", *(Sourced(k, v, u, SOURCE) for k, (v, u) in _VALUES.items())
)

KUBOTA_MODEL = FlowModel("kubota2012", (
    Flow("IRcom", "k1_synthesis * pro_IRcom + k2_InsIRcom * p1IRcom + k1_p2IRcomdePhos * p2IRcom",
         "k1_synthesis + k1_InsIRcom * L + k1_IRcomPhos * pmTOR", "free receptor complex (v1, v2, v6, v7)"),
    Flow("p1IRcom", "k1_InsIRcom * L * IRcom + k1_p1p2IRcomdePhos * p1p2IRcom",
         "k2_InsIRcom + k1_p1IRcomDeg + k1_p1IRcomPhos * pmTOR", "insulin-bound receptor (v2–v5)"),
    Flow("p2IRcom", "k1_IRcomPhos * pmTOR * IRcom + k2_Insp2IRcom * p1p2IRcom",
         "k1_p2IRcomdePhos + k1_p2IRcomDeg + k1_Insp2IRcom * L", "mTOR-phosphorylated receptor (v6–v9)"),
    Flow("p1p2IRcom", "k1_p1IRcomPhos * pmTOR * p1IRcom + k1_Insp2IRcom * L * p2IRcom",
         "k1_p1p2IRcomdePhos + k2_Insp2IRcom + k1_p1p2IRcomDeg", "bound and mTOR-phosphorylated (v4, v5, v9, v10)"),
    Flow("pAKT", "k1_AKTPhos * AKT_tot * p1IRcom", "k1_AKTPhos * p1IRcom + k1_pAKTdePhos", "pAKT (v11, v12)"),
    Flow("pmTOR", "k1_mTORPhos * mTOR_tot * pAKT", "k1_mTORPhos * pAKT + k1_pmTORdePhos", "pmTOR (v13, v14)"),
    Flow("pX", "k1_XPhos * X_tot * pmTOR", "k1_XPhos * pmTOR + k1_pXdePhos", "pX (v17, v18)"),
    Flow("pS6K", "k1_S6KPhos * S6K_tot * pmTOR", "k1_S6KPhos * pmTOR + k1_pS6KdePhos * pX", "pS6K (v15, v16)"),
    Flow("pGSK3B", "k1_GSK3BPhos * GSK3B_tot * pAKT", "k1_GSK3BPhos * pAKT + k1_pGSK3BdePhos", "pGSK3B (v19, v20)"),
    Flow("pFoxO1", "k1_FoxO1Phos * FoxO1_tot * pAKT", "k1_FoxO1Phos * pAKT + k1_pFoxO1dePhos", "pFoxO1 (v21, v22)"),
    Flow("G6Pase", "k1_G6PaseSynthesis * (FoxO1_tot - pFoxO1)", "k1_G6PaseDeg", "G6Pase (v23, v24)"),
))

#: The source's initial state (before its 2,400-min pre-equilibration at 0.01 nM insulin).
KUBOTA_Y0: dict[str, float] = {"IRcom": 46.22225, "G6Pase": 38.54029}
