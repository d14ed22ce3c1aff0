"""Screen: GHRH-receptor desensitisation as sermorelin's own tolerance state (no refit). Reference only.

Reproduces the desensitisation table of docs/model.md ("Tried for refractoriness to GHRH and not adopted", after
attempt 7). Each row overrides sermorelin's PD (the per-stream tolerance ``dT/dt = kon * occ * (Tmax - T) - koff * T``
that every DrugInput has, with a larger Emax and EC50 so a supramaximal bolus keeps its first peak) and prints the
groups that read sermorelin: Losa's boluses every 2 h and infusion arms, the 1 ug/kg bolus peaks, Sartorio's paired
boluses and Vance's 14-day infusion (``igfaxis.physiology.calibration.run_group``). Nothing imports this file.

    PYTHONPATH=src python docs/attempts/screen_ghrh_desensitisation.py
"""

from __future__ import annotations

ROWS = ((20.0, 0.05, 0.99), (20.0, 0.5, 0.99), (5.0, 1.0, 0.99), (5.0, 0.05, 0.9))  # kon /h, koff /h, Tmax
GROUPS = ("losa", "losa_infusion", "ser", "repeat", "vance")


def main() -> None:
    from igfaxis.physiology.calibration import run_group

    rows: list[dict[str, float] | None] = [None, *({"ec50": 1.4265, "emax": 10000.0, "tol_kon": kon,
                                                     "tol_koff": koff, "tol_max": tmax} for kon, koff, tmax in ROWS)]
    for pd in rows:
        print("main" if pd is None else " ".join(f"{k}={v:g}" for k, v in pd.items()), flush=True)
        for g in GROUPS:
            obs = run_group(g, {} if pd is None else {"sermorelin": pd})
            print(f"  {g:14s}", " ".join(f"{k}={v[0]:.3g}" for k, v in obs.items()), flush=True)


if __name__ == "__main__":
    main()
