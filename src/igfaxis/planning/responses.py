"""The reduced model planning uses, derived from the mechanistic axis simulator by a few batched simulations.

The only module of :mod:`igfaxis.planning` that runs the physiology simulator (the adapter: if the simulator's API
changes, this is the one place to change). Reduction (``docs/planning.md``):

1. **Production scale.** The untreated steady state is linear in the hepatic production scale ``hep`` (``I0 =
   hep·(Kin + Emax·<drive>)/kout``), and the IGF-1 feedback is normalised to the person's own set-point, so a
   regimen's *relative* trajectory ``r(t) = I(t)/I0`` does not depend on ``hep``. One simulation of the typical
   person of this age, sex and weight therefore serves every production scale.
2. **Regimen step response.** Each regimen (dose streams running without a stop from day 0) is simulated once for
   :data:`HORIZON_DAYS` days; ``rise(t) = r(t) - 1`` is kept per day (daily-mean total IGF-1). Past the horizon it
   is extended periodically over the last :data:`PERIOD_DAYS` days (a multiple of every interval used: 1, 2, 7,
   14 days), i.e. the periodic steady state.
3. **Courses by superposition.** A regimen taken on days ``[a, b)`` contributes ``rise(t-a) - rise(t-b)``
   (stopping = the same regimen started again with the opposite sign). Exact for the linear parts (drug PK, the
   hepatic IGF-1 turnover at kout), approximate for the non-linear receptor and pituitary terms; the error is
   measured against full simulations in ``tests/planning/test_responses.py``.
4. **Individual response.** A person's rise is the typical rise times their response multiplier ``m_a`` for each
   agent; a combination's rise is split between its agents by their single-agent steady-state rises (``shares``).
   So ``IGF1(t) = I0 · (1 + Σ_a m_a · X_a(t))`` with ``X`` from this module: linear in ``m`` and cheap.

Simulations use ``dt`` = :data:`DT_MIN` min (RK4): daily-mean IGF-1 ratios within 0.15 % of ``dt`` = 1 min for the
seed agents (checked in the tests), at a third of the cost.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from igfaxis.physiology.dosing import DrugInput
from igfaxis.physiology.protocol import Protocol
from igfaxis.provenance import Sourced

HORIZON_DAYS = 56
PERIOD_DAYS = 14
DT_MIN = 2.0

#: A stopped protocol's simulated washout is complete when its relative rise stays within this of zero over the last
#: :data:`PERIOD_DAYS` simulated days; until then a scenario with a stop is simulated :data:`HORIZON_DAYS` longer, up
#: to :data:`MAX_SCENARIO_DAYS` (a saturated long-acting agent, CJC-1295, keeps IGF-1 up for ~2 months after its
#: last dose in the axis model; holding the last simulated day beyond a shorter window kept it up for good). 1 %, not
#: less: after a long perturbation the deterministic pulse generator can settle on a neighbouring periodic orbit whose
#: daily IGF-1 differs from the untreated one by a fraction of a percent for good (CJC-1295 weekly stopped after 4
#: doses: -0.64 % at axis 1.2.5), which a 0.5 % criterion (until axis 1.2.5) never reached.
WASHOUT_DONE = 0.01
MAX_SCENARIO_DAYS = 281

#: A stopped protocol with an agent of at least this half-life (h; CJC-1295's is ~7 days) starts with a scenario
#: :data:`HORIZON_DAYS` longer, since its washout outlasts the default window.
LONG_ACTING_H = 48.0

REDUCTION = Sourced(
    "reduction", float(HORIZON_DAYS), "day",
    "igfaxis planning reduction of the axis simulator (docs/planning.md; verified in tests/planning)",
    f"typical-person regimen responses simulated {HORIZON_DAYS} days at dt {DT_MIN:g} min, periodic beyond; "
    "courses superposed; individual response = multiplier on the typical rise; a stop simulated until its washout "
    f"is within {WASHOUT_DONE:.1%} of zero over {PERIOD_DAYS} days (at most {MAX_SCENARIO_DAYS} days after the plan "
    f"day; {HORIZON_DAYS} more from the start for an agent with a half-life of {LONG_ACTING_H:g} h or more)",
    assumption=True)


def configure_jax() -> None:
    """Enable float64 and JAX's persistent compile cache (set up by the engine) for every program planning
    compiles, small ones included, so a second ``igfaxis plan`` reuses the sampler and the simulator."""
    from collections.abc import Callable

    import jax

    from igfaxis.physiology import engine  # noqa: F401  (configures x64 and the cache directory)

    update: Callable[[str, object], None] = jax.config.update
    update("jax_persistent_cache_min_compile_time_secs", 0.0)


def regimen_key(protocol: Protocol) -> str:
    """A canonical text for a regimen's dose streams (schedules without stop), used to share simulations."""
    parts = [f"{d.agent}|{d.route}|{d.amount.value:.6g}{'/kg' if d.amount.per_kg else ''}|{d.every_h}|"
             f"{d.at_h:.4g}|{d.start_day}" for d in protocol.doses]
    return ";".join(sorted(parts))


def continuous(protocol: Protocol, *, name: str | None = None) -> Protocol:
    """The protocol's dose streams running without a planned stop (repeated streams lose stop_day and count)."""
    doses = tuple(dataclasses.replace(d, stop_day=None, count=None) if d.every_h is not None else d
                  for d in protocol.doses)
    return dataclasses.replace(protocol, doses=doses, name=name or protocol.name)


def planned_stop_day(protocol: Protocol) -> float | None:
    """Day (from the protocol's start) after which no stream doses any more, or None when it runs on."""
    ends: list[float] = []
    for d in protocol.doses:
        if d.every_h is None:
            ends.append(d.start_day + 1.0)
        elif d.stop_day is not None:
            ends.append(float(d.stop_day))
        elif d.count is not None:
            ends.append(d.start_day + d.count * d.every_h / 24.0)
        else:
            return None
    return max(ends) if ends else None


def agent_subset(protocol: Protocol, agent: str) -> Protocol:
    return dataclasses.replace(protocol, doses=tuple(d for d in protocol.doses if d.agent == agent),
                               name=f"{protocol.name} [{agent}]")


@dataclass(frozen=True)
class Course:
    """A regimen (by key) taken from ``start_day`` until ``stop_day`` (None: continuing), in timeline days."""

    key: str
    start_day: float
    stop_day: float | None = None


@dataclass(frozen=True)
class Responses:
    """Typical relative IGF-1 rise per regimen (``rise[key]``, per day from the regimen's start) and how each
    regimen's rise is shared between its agents. ``baseline_ng_ml``: the typical person's untreated IGF-1."""

    rise: Mapping[str, np.ndarray]
    shares: Mapping[str, Mapping[str, float]]
    baseline_ng_ml: float
    scenarios: Mapping[str, Scenario] = dataclasses.field(default_factory=dict)

    def rise_at(self, key: str, days: np.ndarray) -> np.ndarray:
        """Rise at ``days`` after the regimen's start (0 before it; periodic steady state past the horizon)."""
        curve = self.rise[key]
        h = curve.shape[0]
        d = np.floor(np.asarray(days, dtype=float)).astype(int)
        idx = np.where(d < h, d, h - PERIOD_DAYS + np.mod(d - h, PERIOD_DAYS))
        return np.where(d < 0, 0.0, curve[np.clip(idx, 0, h - 1)])

    def design(self, courses: Sequence[Course], days: np.ndarray, agents: Sequence[str]) -> np.ndarray:
        """``X[day, agent]``: each agent's typical contribution to the relative rise on ``days`` (timeline days)."""
        days = np.asarray(days, dtype=float)
        x = np.zeros((days.shape[0], len(agents)))
        for c in courses:
            contrib = self.rise_at(c.key, days - c.start_day)
            if c.stop_day is not None:
                contrib = contrib - self.rise_at(c.key, days - c.stop_day)
            for agent, w in self.shares[c.key].items():
                x[:, agents.index(agent)] += w * contrib
        return x


def _bucket(n: int, size: int = 4) -> int:
    return size * max(1, -(-n // size))


def _padded(drugs: list[DrugInput], owner: list[int]) -> tuple[list[DrugInput], list[int]]:
    """Streams ordered by receptor and route, each group padded with dose-free streams to a multiple of 4, so the
    engine's compiled program (keyed on the stream layout and batch shape) is shared across plans and, through
    JAX's persistent cache, across runs."""
    out: list[DrugInput] = []
    own: list[int] = []
    groups: dict[tuple[str, bool], list[int]] = {}
    for s, d in enumerate(drugs):
        groups.setdefault((d.receptor, d.iv), []).append(s)
    for receptor, iv in sorted(groups):
        idx = groups[(receptor, iv)]
        out += [drugs[s] for s in idx]
        own += [owner[s] for s in idx]
        pad = _bucket(len(idx)) - len(idx)
        filler = DrugInput(name="pad", receptor=receptor, ka_per_h=1.0, ke_per_h=1.0, bioavailability=1.0,
                           volume_l=1.0, ec50_ng_ml=1.0, emax=0.0, hill=1.0, iv=iv)
        out += [filler] * pad
        own += [-1] * pad
    return out, own


@dataclass(frozen=True)
class ScenarioSpec:
    """A candidate as the typical person lives it around the plan day: the current protocol (continuous) taken for
    ``lead_days`` before the plan day, stopped there when ``stops_current``, and ``new`` started there."""

    name: str
    current: Protocol | None
    lead_days: int
    stops_current: bool
    new: Protocol | None


@dataclass(frozen=True)
class Scenario:
    """Typical relative rise from the plan day (index 0) and each agent's part of it (``parts[agent][t]``, summing
    to 1 where the rise is not zero)."""

    rise: np.ndarray
    parts: Mapping[str, np.ndarray]

    def design(self, days_after: np.ndarray, agents: Sequence[str]) -> np.ndarray:
        d = np.clip(np.floor(np.asarray(days_after, dtype=float)).astype(int), 0, self.rise.shape[0] - 1)
        x = np.zeros((d.shape[0], len(agents)))
        for a, w in self.parts.items():
            x[:, agents.index(a)] = self.rise[d] * w[d]
        return x


def lead_days(days_on: int, protocol: Protocol | None = None) -> int:
    """Days of the current protocol simulated before the plan day: all of them, up to the time its agents and
    IGF-1 take to reach their periodic state (5 drug half-lives + 7 days, at least 14, at most
    :data:`HORIZON_DAYS`), keeping the dosing phase modulo :data:`PERIOD_DAYS`."""
    settle = HORIZON_DAYS
    if protocol is not None:
        t_half_days = _longest_half_life_h(protocol) / 24.0
        settle = min(HORIZON_DAYS, max(PERIOD_DAYS, PERIOD_DAYS * math.ceil((5 * t_half_days + 7) / PERIOD_DAYS)))
    if days_on <= settle:
        return max(days_on, 0)
    return settle + (days_on - settle) % PERIOD_DAYS


def _longest_half_life_h(protocol: Protocol) -> float:
    from igfaxis.physiology.agents import AGENTS

    return max(AGENTS[d.agent].half_life.value for d in protocol.doses)


def _washed_out(tail: np.ndarray) -> bool:
    return bool(np.max(np.abs(tail)) <= WASHOUT_DONE)


_CACHE: dict[tuple[object, ...], Responses] = {}


def simulate_responses(regimens: Sequence[Protocol], *, age_years: float, sex: str, weight_kg: float,
                       scenarios: Sequence[ScenarioSpec] = (), scenario_days: int = 113,
                       days: int = HORIZON_DAYS, dt_min: float = DT_MIN) -> Responses:
    """Simulate each regimen's step response (and each agent of a combination alone) and each scenario once, in one
    batch of copies of the typical person anchored at the age/sex median. Regimens must already be continuous
    (see :func:`continuous`). Results are kept for the process (same inputs: same responses)."""
    key = (tuple(sorted({regimen_key(r) for r in regimens})),
           tuple((sc.name, None if sc.current is None else regimen_key(sc.current), sc.lead_days, sc.stops_current,
                  None if sc.new is None else regimen_key(sc.new)) for sc in scenarios),
           float(age_years), sex, float(weight_kg), days, scenario_days, dt_min)
    if key not in _CACHE:
        _CACHE[key] = _simulate_responses(regimens, scenarios, age_years=age_years, sex=sex, weight_kg=weight_kg,
                                          days=days, scenario_days=scenario_days, dt_min=dt_min)
    return _CACHE[key]


Run = list[tuple[Protocol, int, int | None]]  # (protocol, start day, stop day) per stream set, one patient


def _shift(p: Protocol, start: int, stop: int | None) -> Protocol:
    return dataclasses.replace(p, doses=tuple(dataclasses.replace(d, start_day=d.start_day + start, stop_day=stop,
                                                                  count=None if stop is not None else d.count)
                                              for d in p.doses))


def _run_all(runs: Sequence[Run], *, age_years: float, sex: str, weight_kg: float, days: int,
             dt_min: float) -> tuple[np.ndarray, float]:
    """Relative rise ``[day, run]`` of the typical person for each run (one padded, batched simulation)."""
    from igfaxis.physiology.population import Patients
    from igfaxis.physiology.protocol import to_drug_inputs
    from igfaxis.physiology.simulate import person, simulate

    configure_jax()
    typical = person(age_years=age_years, sex=sex, weight_kg=weight_kg)
    drugs: list[DrugInput] = []
    owner: list[int] = []
    for i, run in enumerate(runs):
        for prot, start, stop in run:
            streams = to_drug_inputs(_shift(prot, start, stop), weight_kg=weight_kg, days=days)
            drugs += streams
            owner += [i] * len(streams)
    drugs, owner = _padded(drugs, owner)
    n_pts = _bucket(len(runs))
    scale = np.zeros((len(drugs), n_pts))
    for s, i in enumerate(owner):
        if i >= 0:
            scale[s, i] = 1.0
    pts = Patients.concat([typical] * n_pts)
    traj = simulate(pts, days=days, drugs=drugs, dose_scale=scale, dt_min=dt_min)
    igf = np.asarray(traj.igf1_ng_ml) / np.asarray(traj.baseline_igf1_ng_ml)[None, :]
    return igf[:, : len(runs)] - 1.0, float(typical.anchor_igf1[0])


def _simulate_responses(regimens: Sequence[Protocol], scenarios: Sequence[ScenarioSpec], *, age_years: float,
                        sex: str, weight_kg: float, days: int, scenario_days: int, dt_min: float) -> Responses:
    unique: dict[str, Protocol] = {}
    for reg in [*regimens, *(sc.new for sc in scenarios if sc.new is not None),
                *(continuous(sc.current) for sc in scenarios if sc.current is not None)]:
        unique.setdefault(regimen_key(reg), reg)
        agents = sorted({d.agent for d in reg.doses})
        if len(agents) > 1:
            for a in agents:
                sub = agent_subset(reg, a)
                unique.setdefault(regimen_key(sub), sub)
    keys = list(unique)
    runs: list[Run] = [[(unique[k], 0, None)] for k in keys]
    washouts: dict[tuple[str, int], int] = {}
    for sc in scenarios:
        run: Run = []
        if sc.current is not None:
            cur = continuous(sc.current)
            run.append((cur, 0, sc.lead_days if sc.stops_current else None))
            if sc.stops_current:
                washouts.setdefault((regimen_key(cur), sc.lead_days), -1)
        if sc.new is not None:
            run.append((sc.new, sc.lead_days, None))
        runs.append(run)
    for k, lead in list(washouts):
        washouts[(k, lead)] = len(runs)
        runs.append([(unique[k], 0, lead)])
    if not runs:
        from igfaxis.physiology.simulate import person

        return Responses({}, {}, float(person(age_years=age_years, sex=sex, weight_kg=weight_kg).anchor_igf1[0]))
    if any(sc.stops_current and sc.current is not None and _longest_half_life_h(sc.current) >= LONG_ACTING_H
           for sc in scenarios):
        scenario_days = min(scenario_days + HORIZON_DAYS, MAX_SCENARIO_DAYS)  # spares the run a washout would redo
    while True:
        n_days = max([days] + [sc.lead_days + scenario_days for sc in scenarios])
        n_days = PERIOD_DAYS * math.ceil(n_days / PERIOD_DAYS)  # few distinct lengths: compiled programs are reused
        rises, base_igf = _run_all(runs, age_years=age_years, sex=sex, weight_kg=weight_kg, days=n_days,
                                   dt_min=dt_min)
        if scenario_days >= MAX_SCENARIO_DAYS or all(
                _washed_out(rises[lead + scenario_days - PERIOD_DAYS: lead + scenario_days, i])
                for (_, lead), i in washouts.items()):
            break
        scenario_days = min(scenario_days + HORIZON_DAYS, MAX_SCENARIO_DAYS)
    rise = {k: rises[:, i] for i, k in enumerate(keys)}
    shares: dict[str, dict[str, float]] = {}
    for k in keys:
        agents = sorted({d.agent for d in unique[k].doses})
        if len(agents) == 1:
            shares[k] = {agents[0]: 1.0}
            continue
        single = {a: max(float(np.mean(rise[regimen_key(agent_subset(unique[k], a))][-PERIOD_DAYS:])), 0.0)
                  for a in agents}
        total = sum(single.values())
        shares[k] = {a: (s / total if total > 0 else 1.0 / len(agents)) for a, s in single.items()}
    out: dict[str, Scenario] = {}
    for j, sc in enumerate(scenarios):
        t = np.arange(scenario_days)
        total_rise = rises[sc.lead_days + t, len(keys) + j]
        contrib: dict[str, np.ndarray] = {}
        if sc.current is not None:
            ck = regimen_key(continuous(sc.current))
            if sc.stops_current:
                part = rises[sc.lead_days + t, washouts[(ck, sc.lead_days)]]
            else:
                part = rise[ck][np.minimum(sc.lead_days + t, rise[ck].shape[0] - 1)]
            for a, w in shares[ck].items():
                contrib[a] = contrib.get(a, 0.0) + w * np.abs(part)
        if sc.new is not None:
            nk = regimen_key(sc.new)
            part = rise[nk][np.minimum(t, rise[nk].shape[0] - 1)]
            for a, w in shares[nk].items():
                contrib[a] = contrib.get(a, 0.0) + w * np.abs(part)
        tot = sum(contrib.values()) if contrib else np.zeros(scenario_days)
        parts = {a: np.where(tot > 1e-9, c / np.where(tot > 1e-9, tot, 1.0), 1.0 / len(contrib))
                 for a, c in contrib.items()}
        out[sc.name] = Scenario(total_rise if contrib else np.zeros(scenario_days), parts)
    return Responses(rise, shares, base_igf, out)
