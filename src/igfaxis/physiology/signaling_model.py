"""The IGF-1R signalling equations, written once and used by the JAX engine, the SciPy reference and the SBML export.

Every state ``x`` is a fraction (0–1) of its protein's total and obeys ``dx/dt = production - loss * x`` (per
minute), where ``production >= 0`` and ``loss > 0`` never contain ``x`` itself. That form is what makes the
exponential splitting step of :mod:`igfaxis.physiology.signaling` exact per state, positive and unconditionally
stable. Formulas are plain infix text valid both as Python and as SBML Level 3 infix (libsbml ``parseL3Formula``).

``L`` is the ligand at the receptor: free plus local IGF-1, nmol/L.

Topology (Kubota 2012 core, Dalle Pezze 2012 feedback and Akt sites, Smith & Shanley 2013 FOXO transport)::

    L ─► IGF-1R* ─► IRS-1 pY ─► PIP3 ─► Akt pT308 × pS473 (mTORC2) ─► mTORC1 ─► S6K pT389 ─┐
          │ internalised        ▲ ⊣ IRS-1 pSer ◄───────────────────────────────────────────────┘
                                                       │              └─► X (slow) ⊣ S6K   (incoherent FFL)
                                                       │              └─► 4E-BP1 p
                                                       └─► FOXO p (exported) ⊣ nuclear FOXO ─► target (slow)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Flow:
    """One state: ``d state/dt = production - loss * state``; ``description`` says what the state is."""

    state: str
    production: str
    loss: str
    description: str


#: The ODE system, in Gauss–Seidel order (upstream first). Read-outs refer to these names.
FLOWS: tuple[Flow, ...] = (
    Flow("igf1r_active", "k_r_on * L * (1 - igf1r_internal)", "k_r_on * L + k_r_off + k_r_int",
         "ligand-bound, autophosphorylated IGF-1R (fraction of receptors)"),
    Flow("igf1r_internal", "k_r_int * igf1r_active", "k_r_rec",
         "internalised / down-regulated receptor (fraction of receptors)"),
    Flow("irs1_py", "k_irs_py * igf1r_active * (1 - irs1_pser)", "k_irs_py * igf1r_active + k_irs_dp",
         "IRS-1 tyrosine-phosphorylated (active scaffold)"),
    Flow("irs1_pser", "k_irs_ser * s6k * (1 - irs1_py)", "k_irs_ser * s6k + k_irs_ser_rec",
         "IRS-1 serine-phosphorylated by S6K (inhibited; the S6K ⊣ IRS-1 loop)"),
    Flow("pip3", "k_pi3k * irs1_py", "k_pi3k * irs1_py + k_pten", "PIP3 / class-I PI3K activity"),
    Flow("akt_t308", "k_t308 * pip3", "k_t308 * pip3 + k_t308_dp", "Akt phosphorylated on T308 (by PDK1)"),
    Flow("akt_s473", "k_s473 * pip3", "k_s473 * pip3 + k_s473_dp", "Akt phosphorylated on S473 (by mTORC2)"),
    Flow("mtorc1", "k_mtorc1 * akt", "k_mtorc1 * akt + k_mtorc1_dp", "active mTORC1"),
    Flow("s6k", "k_s6k * mtorc1", "k_s6k * mtorc1 + k_s6k_dp * s6k_x + k_s6k_dp0", "S6K pT389"),
    Flow("s6k_x", "k_x * mtorc1", "k_x * mtorc1 + k_x_dp",
         "slow mTORC1-made activator of the S6K phosphatase (Kubota's X)"),
    Flow("eif4ebp1_p", "k_4ebp1 * mtorc1", "k_4ebp1 * mtorc1 + k_4ebp1_dp", "4E-BP1 phosphorylated (eIF4E free)"),
    Flow("foxo_p", "k_foxo_p * akt", "k_foxo_p * akt + k_foxo_dp",
         "FOXO phosphorylated by Akt (14-3-3-bound, cytoplasmic)"),
    Flow("foxo_nuclear", "k_foxo_in * (1 - foxo_p)", "k_foxo_in + k_foxo_out + k_foxo_p * akt",
         "unphosphorylated nuclear FOXO (transcriptionally active)"),
    Flow("foxo_target", "k_target * foxo_nuclear * (k_foxo_in + k_foxo_out) / k_foxo_in", "k_target",
         "FOXO target expression, fraction of its maximum (no Akt)"),
)

#: Derived quantities (SBML assignment rules), evaluated after every state update.
ASSIGNMENTS: dict[str, str] = {
    "akt": "akt_t308 * akt_s473",  # fully active Akt: both sites phosphorylated (sites taken as independent)
}

STATE_NAMES: tuple[str, ...] = tuple(f.state for f in FLOWS)
N_STATES = len(FLOWS)
INDEX: dict[str, int] = {name: i for i, name in enumerate(STATE_NAMES)}

@dataclass(frozen=True)
class FlowModel:
    """A production–loss ODE system: ``flows`` in Gauss–Seidel order, ``assignments`` (name, expr) re-evaluated after
    every state update, and the name of the (per-minute held) input, ``L`` by default."""

    name: str
    flows: tuple[Flow, ...]
    assignments: tuple[tuple[str, str], ...] = ()
    input_name: str = "L"

    @property
    def state_names(self) -> tuple[str, ...]:
        return tuple(f.state for f in self.flows)


SIGNALING_MODEL = FlowModel("igfaxis-signaling", FLOWS, tuple(ASSIGNMENTS.items()))

#: Read-outs: name -> state or assignment (all fractions, 0–1).
READOUT_STATES: dict[str, str] = {
    "akt": "akt",
    "mtorc1": "mtorc1",
    "s6k": "s6k",
    "eif4ebp1": "eif4ebp1_p",
    "foxo_nuclear": "foxo_nuclear",
    "foxo_target": "foxo_target",
}
