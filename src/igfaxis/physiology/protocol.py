"""Protocol files (TOML): parse, check against the agents' published human use, expand into dose events.

Format (``docs/protocols.md``, after ``../shared/design.md``)::

    name = "CJC-1295 single dose"
    [[dose]]
    agent = "cjc-1295"   # tesamorelin | sermorelin | cjc-1295 | cjc-1295-nodac | ipamorelin | mk-677
    amount = "60 ug/kg"  # a mass ("2 mg") or a mass per kg of body weight
    route = "sc"         # sc | oral | iv
    every = "1 day"      # omit for a single dose; "7 days" weekly; "12 h"
    at = "22:00"         # clock time of each dose; default 22:00
    start_day = 0        # default 0
    stop_day = 182       # no dose on or after this day; or count = N

Problems are reported as :class:`~igfaxis.errors.ProtocolError` with file, row (the 1-based ``[[dose]]`` index),
field, the value received and what was expected. A dose outside the published human range of its agent and route
is an error unless ``allow_off_label``; then it is kept and flagged in :attr:`Protocol.flags` (every output built
from the protocol carries these flags). Dose ranges are per administration; amounts within 1 % of a bound count as
inside (rounded doses such as "3 ug/kg" for 2.997 ug/kg). Doses of one agent closer together than its published
dosing interval (``DoseRange.min_interval``: once daily for tesamorelin, weekly for CJC-1295 ...) are off-label in
the same way, within a stream (``every``) and across streams of the same agent, so a per-dose range cannot be
circumvented by dosing more often. Docs: ``docs/protocols.md``.
"""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from igfaxis.errors import InputError, Problem, ProtocolError
from igfaxis.physiology.agents import AGENTS, ROUTES, Agent, Route, get_agent
from igfaxis.physiology.agents.base import DoseRange, plasma_peak_ng_ml, tmax_h
from igfaxis.physiology.dosing import DrugInput
from igfaxis.units import parse_quantity

DEFAULT_AT = "22:00"
#: Adult body weights used to judge a mass dose against a per-kg range (and vice versa) before the person is known.
WEIGHT_BRACKET_KG = (40.0, 150.0)
RANGE_TOLERANCE = 0.01
_TOP_KEYS = {"name", "dose", "description"}
_DOSE_KEYS = {"agent", "amount", "route", "every", "at", "start_day", "stop_day", "count"}


@dataclass(frozen=True)
class Amount:
    """A dose amount: ``value`` µg, or µg per kg of body weight when ``per_kg``."""

    value: float
    per_kg: bool
    text: str

    def ug(self, weight_kg: float) -> float:
        return self.value * weight_kg if self.per_kg else self.value

    def describe(self) -> str:
        return f"{self.value:g} ug/kg" if self.per_kg else f"{self.value:g} ug"


@dataclass(frozen=True)
class DoseStream:
    """One ``[[dose]]`` table: an agent, an amount, a route and a schedule (times in hours and days)."""

    row: int
    agent: str
    amount: Amount
    route: Route
    every_h: float | None
    at_h: float
    start_day: int
    stop_day: float | None
    count: int | None

    def times_h(self, days: float) -> list[float]:
        """Dose times in hours from day 0, 00:00, before ``days`` (and before ``stop_day``)."""
        end_h = days * 24.0
        if self.stop_day is not None:
            end_h = min(end_h, self.stop_day * 24.0)
        first = self.start_day * 24.0 + self.at_h
        n_max = 1 if self.every_h is None else (self.count if self.count is not None else None)
        out: list[float] = []
        t = first
        while t < end_h - 1e-9 and (n_max is None or len(out) < n_max):
            out.append(t)
            if self.every_h is None:
                break
            t = first + len(out) * self.every_h
        return out


@dataclass(frozen=True)
class Protocol:
    """A parsed, checked protocol. ``off_label`` lists the out-of-range doses accepted with ``allow_off_label``."""

    name: str
    doses: tuple[DoseStream, ...]
    file: str | None = None
    allow_off_label: bool = False
    off_label: tuple[str, ...] = ()

    @property
    def agents(self) -> tuple[Agent, ...]:
        seen: dict[str, Agent] = {}
        for d in self.doses:
            seen.setdefault(d.agent, AGENTS[d.agent])
        return tuple(seen.values())

    def scaled(self, factor: float) -> Protocol:
        """The same protocol with every dose multiplied by ``factor`` (a dose-sweep point), checked against the
        published ranges as a protocol file would be: out of range is a :class:`ProtocolError` naming the factor
        unless ``allow_off_label``, then an ``OFF-LABEL`` flag."""
        if factor == 1.0:
            return self
        doses, problems, off = [], [], list(self.off_label)
        for d in self.doses:
            amount = Amount(d.amount.value * factor, d.amount.per_kg, f"{factor:g} x {d.amount.text}")
            doses.append(dataclasses.replace(d, amount=amount))
            agent = AGENTS[d.agent]
            msg = _range_problem(agent, d.route, amount, None)
            if msg is None:
                continue
            if self.allow_off_label:
                off.append(f"dose x{factor:g}, {self.file + ', ' if self.file else ''}row {d.row}: {msg}")
            else:
                problems.append(Problem(msg + " (use --allow-off-label to simulate it anyway)", file=self.file,
                                        row=d.row, field="dose_scale", received=f"{factor:g}",
                                        expected=f"a factor keeping {d.amount.text} within "
                                                 f"{agent.routes[d.route].dose_range.describe()} per dose"))
        if problems:
            raise ProtocolError(*problems)
        return dataclasses.replace(self, doses=tuple(doses), off_label=tuple(off))

    @property
    def flags(self) -> list[str]:
        """Assumption and off-label flags every output of this protocol must carry."""
        out = [f"OFF-LABEL: {m}" for m in self.off_label]
        for d in self.doses:
            for f in AGENTS[d.agent].flags(d.route):
                if f"ASSUMPTION: {f}" not in out:
                    out.append(f"ASSUMPTION: {f}")
        return out


@dataclass(frozen=True)
class DoseEvent:
    """One administration: hours from day 0 00:00, µg given."""

    time_h: float
    agent: str
    route: Route
    amount_ug: float
    row: int

    def as_dict(self) -> dict[str, object]:
        day, rem = divmod(self.time_h, 24.0)
        hh, mm = divmod(round(rem * 60.0), 60)
        return {
            "time_h": round(self.time_h, 6),
            "day": int(day),
            "clock": f"{int(hh):02d}:{int(mm):02d}",
            "agent": self.agent,
            "route": self.route,
            "amount_ug": self.amount_ug,
            "row": self.row,
        }


# ---------------------------------------------------------------------------------------------------------- parsing


def load_protocol(path: str | Path, *, allow_off_label: bool = False) -> Protocol:
    """Read and check a protocol TOML file; :class:`ProtocolError` naming file, row and field otherwise."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProtocolError(Problem(f"cannot read protocol file: {exc.strerror}", file=str(p))) from None
    return parse_protocol(text, file=str(p), allow_off_label=allow_off_label)


def parse_protocol(text: str, *, file: str | None = None, allow_off_label: bool = False) -> Protocol:
    """Parse protocol TOML text (see the module docstring)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProtocolError(Problem(f"not valid TOML: {exc}", file=file)) from None
    return protocol_from_dict(data, file=file, allow_off_label=allow_off_label)


def protocol_from_dict(
    data: Mapping[str, Any], *, file: str | None = None, allow_off_label: bool = False
) -> Protocol:
    problems: list[Problem] = []
    for key in sorted(set(data) - _TOP_KEYS):
        problems.append(Problem("unknown key", file=file, field=key, received=key,
                                expected=f"one of {sorted(_TOP_KEYS)}"))
    name = data.get("name", Path(file).stem if file else "protocol")
    if not isinstance(name, str) or not name.strip():
        problems.append(Problem("bad protocol name", file=file, field="name", received=repr(name),
                                expected="a non-empty string"))
        name = "protocol"
    raw = data.get("dose")
    if not isinstance(raw, list) or not raw or not all(isinstance(d, dict) for d in raw):
        problems.append(Problem("no dose streams", file=file, field="dose", received=repr(raw)[:60],
                                expected="one or more [[dose]] tables"))
        raise ProtocolError(*problems)
    streams: list[DoseStream] = []
    off_label: list[str] = []
    for i, d in enumerate(cast(list[dict[str, Any]], raw), start=1):
        stream, errs, flags = _parse_dose(d, row=i, file=file, allow_off_label=allow_off_label)
        problems += errs
        off_label += flags
        if stream is not None:
            streams.append(stream)
    if problems:
        raise ProtocolError(*problems)
    return Protocol(name.strip(), tuple(streams), file, allow_off_label, tuple(off_label))


def _parse_dose(
    d: Mapping[str, Any], *, row: int, file: str | None, allow_off_label: bool
) -> tuple[DoseStream | None, list[Problem], list[str]]:
    errs: list[Problem] = []

    def bad(field: str, message: str, received: object, expected: str) -> None:
        errs.append(Problem(message, file=file, row=row, field=field, received=str(received), expected=expected))

    for key in sorted(set(d) - _DOSE_KEYS):
        bad(key, "unknown key in [[dose]]", key, f"one of {sorted(_DOSE_KEYS)}")
    for key in ("agent", "amount", "route"):
        if key not in d:
            bad(key, "missing field", "nothing", f"'{key}' in every [[dose]]")
    agent: Agent | None = None
    if "agent" in d:
        try:
            agent = get_agent(str(d["agent"]))
        except KeyError:
            bad("agent", "unknown agent", d["agent"], " | ".join(AGENTS))
    route: Route | None = None
    if "route" in d:
        r = str(d["route"]).strip().lower()
        if r not in ROUTES:
            bad("route", "unknown route", d["route"], " | ".join(ROUTES))
        elif agent is not None and r not in agent.routes:
            bad("route", f"route not studied for {agent.id}", d["route"], " | ".join(agent.routes))
        else:
            route = next(x for x in ROUTES if x == r)
    amount = _amount(d["amount"], bad) if "amount" in d else None
    every_h = _every(d["every"], bad) if "every" in d else None
    at_h = _clock(d.get("at", DEFAULT_AT), bad)
    start_day = _int(d.get("start_day", 0), "start_day", bad, minimum=0)
    stop_day = _number(d["stop_day"], "stop_day", bad) if "stop_day" in d else None
    count = _int(d["count"], "count", bad, minimum=1) if "count" in d else None
    if stop_day is not None and count is not None:
        bad("count", "give stop_day or count, not both", f"stop_day={stop_day}, count={count}", "one of them")
    if stop_day is not None and start_day is not None and stop_day <= start_day:
        bad("stop_day", "stop_day must come after start_day", stop_day, f"a day > {start_day}")
    if "every" not in d and count is not None and count > 1:  # (an unreadable every is reported by itself)
        bad("count", "several doses need an interval", count, "'every' (e.g. \"1 day\") or count = 1")
    flags: list[str] = []
    if agent is not None and route is not None and amount is not None:
        msg = _range_problem(agent, route, amount, None)
        if msg is not None:
            where = f"{file + ', ' if file else ''}row {row}"
            if allow_off_label:
                flags.append(f"{where}: {msg}")
            else:
                bad("amount", msg + " (use --allow-off-label to simulate it anyway)", d["amount"],
                    f"{agent.routes[route].dose_range.describe()} per dose {route.upper()}")
    if agent is not None and route is not None and every_h is not None and count != 1:  # count 1: one dose
        rng = agent.routes[route].dose_range
        if every_h < rng.min_interval.value * (1 - RANGE_TOLERANCE):
            msg = (f"every {d['every']} is more often than the published human use of {agent.id} "
                   f"{route.upper()} ({rng.describe_interval()})")
            if allow_off_label:
                flags.append(f"{file + ', ' if file else ''}row {row}: {msg}")
            else:
                bad("every", msg + " (use --allow-off-label to simulate it anyway)", d["every"],
                    f"an interval of at least {rng.min_interval.value:g} h")
    if errs or agent is None or route is None or amount is None or at_h is None or start_day is None:
        return None, errs, flags
    return DoseStream(row, agent.id, amount, route, every_h, at_h, start_day, stop_day, count), errs, flags


Bad = Any  # the local ``bad`` reporter: (field, message, received, expected) -> None


def _amount(value: object, bad: Bad) -> Amount | None:
    text = str(value)
    try:
        q = parse_quantity(text, field="amount")
    except InputError:
        bad("amount", "unreadable dose amount", value, "a mass ('2 mg', '300 ug') or a mass per kg ('60 ug/kg')")
        return None
    per_kg = q.check("[]") and not q.check("[mass]")
    try:
        mag = float(q.to("ug/kg").magnitude) if per_kg else float(q.to("ug").magnitude)
    except Exception:
        bad("amount", "dose amount has the wrong unit", value, "a mass ('2 mg') or a mass per kg ('60 ug/kg')")
        return None
    if not (math.isfinite(mag) and mag > 0):
        bad("amount", "dose amount must be positive", value, "a number > 0")
        return None
    return Amount(mag, per_kg, text)


def _every(value: object, bad: Bad) -> float | None:
    try:
        q = parse_quantity(str(value), field="every")
        hours = float(q.to("hour").magnitude)
    except Exception:
        bad("every", "unreadable dose interval", value, "a duration such as '1 day', '7 days' or '12 h'")
        return None
    if not (math.isfinite(hours) and hours >= 1.0):
        bad("every", "dose interval too short", value, "at least 1 h")
        return None
    return hours


def _clock(value: object, bad: Bad) -> float | None:
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", str(value))
    if m is None or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        bad("at", "unreadable clock time", value, "HH:MM between 00:00 and 23:59")
        return None
    return int(m.group(1)) + int(m.group(2)) / 60.0


def _int(value: object, field: str, bad: Bad, *, minimum: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or float(value) != int(value):
        bad(field, "not a whole number", value, f"an integer >= {minimum}")
        return None
    if int(value) < minimum:
        bad(field, "out of range", value, f"an integer >= {minimum}")
        return None
    return int(value)


def _number(value: object, field: str, bad: Bad) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(float(value)):
        bad(field, "not a number", value, "a day number >= 0")
        return None
    if float(value) < 0:
        bad(field, "out of range", value, "a day number >= 0")
        return None
    return float(value)


def _range_problem(agent: Agent, route: Route, amount: Amount, weight_kg: float | None) -> str | None:
    """Why ``amount`` lies outside the published range, or None. Without a weight, the adult bracket decides."""
    rng: DoseRange = agent.routes[route].dose_range
    weights = (weight_kg, weight_kg) if weight_kg is not None else WEIGHT_BRACKET_KG
    lo_tol, hi_tol = 1 - RANGE_TOLERANCE, 1 + RANGE_TOLERANCE
    if amount.per_kg == rng.per_kg:
        inside = rng.low.value * lo_tol <= amount.value <= rng.high.value * hi_tol
    else:
        # mass vs per-kg: inside if some weight in the bracket puts it inside
        if amount.per_kg:  # amount ug/kg, range ug
            lo, hi = amount.value * weights[0], amount.value * weights[1]
        else:  # amount ug, range ug/kg
            lo, hi = amount.value / weights[1], amount.value / weights[0]
        inside = hi >= rng.low.value * lo_tol and lo <= rng.high.value * hi_tol
    if inside:
        return None
    at = f" at {weight_kg:g} kg" if weight_kg is not None and amount.per_kg != rng.per_kg else ""
    assumed = " (range borrowed: no published human dose for this route)" if rng.assumption else ""
    return (f"{amount.text} {agent.id} {route.upper()}{at} is outside the published human range "
            f"{rng.describe()} per dose{assumed}")


# -------------------------------------------------------------------------------------------------------- expansion


@dataclass(frozen=True)
class Regimen:
    """A protocol made concrete for one person over ``days``: events, dose streams for the engine, flags.

    ``plasma_peak_ng_ml`` maps agent id to the highest plasma concentration of its doses (1-compartment
    superposition, so accumulation counts); ``flags`` are the protocol's flags plus weight-dependent off-label ones.
    """

    protocol: Protocol
    weight_kg: float
    days: float
    events: tuple[DoseEvent, ...]
    drug_inputs: tuple[DrugInput, ...]
    plasma_peak_ng_ml: Mapping[str, float]
    flags: tuple[str, ...]

    def agents_json(self) -> dict[str, dict[str, object]]:
        """Per agent: ``plasma_peak`` (ng/mL), ``assumptions`` (flags for its routes) and ``off_label``."""
        out: dict[str, dict[str, object]] = {}
        for agent in self.protocol.agents:
            routes = sorted({d.route for d in self.protocol.doses if d.agent == agent.id})
            assumptions: list[str] = []
            for r in routes:
                assumptions += [f for f in agent.flags(r) if f not in assumptions]
            out[agent.id] = {
                "plasma_peak": {"value": self.plasma_peak_ng_ml.get(agent.id, 0.0), "unit": "ng/mL"},
                "routes": routes,
                "assumptions": assumptions,
                "off_label": [f for f in self.flags if f.startswith("OFF-LABEL") and f" {agent.id} " in f],
            }
        return out


def prepare(protocol: Protocol, *, weight_kg: float, days: float) -> Regimen:
    """Expand ``protocol`` for a person of ``weight_kg`` over ``days`` days; checks per-kg ranges at this weight."""
    if not (math.isfinite(weight_kg) and 20 <= weight_kg <= 400):
        raise InputError(Problem("weight out of range", field="weight_kg", received=str(weight_kg),
                                 expected="20 to 400 kg"))
    if not (math.isfinite(days) and days > 0):
        raise InputError(Problem("days must be positive", field="days", received=str(days), expected="> 0"))
    flags = list(protocol.flags)
    problems: list[Problem] = []
    events: list[DoseEvent] = []
    inputs: list[DrugInput] = []
    for d in protocol.doses:
        agent = AGENTS[d.agent]
        msg = _range_problem(agent, d.route, d.amount, weight_kg)
        if msg is not None:
            if not protocol.allow_off_label:
                problems.append(Problem(msg + " (use --allow-off-label to simulate it anyway)", file=protocol.file,
                                        row=d.row, field="amount", received=d.amount.text,
                                        expected=f"{agent.routes[d.route].dose_range.describe()} per dose"))
            elif not any(msg in f for f in flags):
                flags.insert(0, f"OFF-LABEL: {protocol.file + ', ' if protocol.file else ''}row {d.row}: {msg}")
        times = d.times_h(days)
        ug = d.amount.ug(weight_kg)
        events += [DoseEvent(t, agent.id, d.route, ug, d.row) for t in times]
        inputs.append(drug_input(agent, d.route, weight_kg=weight_kg, times_h=times, amounts_ug=[ug] * len(times)))
    events.sort(key=lambda e: (e.time_h, e.row))
    for msg, row, gap_h, interval_h in _interval_problems(events):
        if not protocol.allow_off_label:
            problems.append(Problem(msg + " (use --allow-off-label to simulate it anyway)", file=protocol.file,
                                    row=row, field="every", received=f"{gap_h:g} h between doses",
                                    expected=f"at least {interval_h:g} h between doses of one agent"))
        elif not any(msg in f for f in flags):
            flags.insert(0, f"OFF-LABEL: {protocol.file + ', ' if protocol.file else ''}row {row}: {msg}")
    if problems:
        raise ProtocolError(*problems)
    peaks: dict[str, float] = {}
    for agent in protocol.agents:
        streams = [(d, i) for d, i in zip(protocol.doses, inputs, strict=True) if d.agent == agent.id]
        peaks[agent.id] = max(_stream_peak(i) for _, i in streams)
    return Regimen(protocol, weight_kg, days, tuple(events), tuple(inputs), peaks, tuple(flags))


def _interval_problems(events: list[DoseEvent]) -> list[tuple[str, int, float, float]]:
    """Doses of one agent from *different* streams closer than the published interval (within a stream, ``every``
    is checked at parse time): per pair of rows, (message, the later dose's row, gap h, published interval h)."""
    out: dict[tuple[str, int, int], tuple[str, int, float, float]] = {}
    last: dict[str, DoseEvent] = {}
    for e in events:
        prev = last.get(e.agent)
        last[e.agent] = e
        if prev is None or prev.row == e.row:
            continue
        rng = AGENTS[e.agent].routes[e.route].dose_range
        gap = e.time_h - prev.time_h
        key = (e.agent, min(prev.row, e.row), max(prev.row, e.row))
        if gap < rng.min_interval.value * (1 - RANGE_TOLERANCE) and key not in out:
            a, b = prev.as_dict(), e.as_dict()
            out[key] = (f"{e.agent} doses of rows {prev.row} (day {a['day']} {a['clock']}) and {e.row} (day "
                        f"{b['day']} {b['clock']}) are {gap:g} h apart, more often than its published human use "
                        f"({rng.describe_interval()})", e.row, gap, rng.min_interval.value)
    return list(out.values())


def to_drug_inputs(protocol: Protocol, *, weight_kg: float, days: float) -> list[DrugInput]:
    """One :class:`DrugInput` per dose stream of ``protocol`` for a person of ``weight_kg`` over ``days``."""
    return list(prepare(protocol, weight_kg=weight_kg, days=days).drug_inputs)


def drug_input(
    agent: Agent, route: str, *, weight_kg: float, times_h: list[float] | tuple[float, ...],
    amounts_ug: list[float] | tuple[float, ...], pd: Mapping[str, float] | None = None,
) -> DrugInput:
    """The engine's dose stream for ``agent`` on ``route``; ``pd`` overrides PD values (used by calibration)."""
    spec = agent.routes[route]
    vals = {n: agent.pd[n].value for n in agent.pd} | dict(pd or {})
    return DrugInput(
        name=agent.id,
        receptor=agent.receptor,
        ka_per_h=spec.ka.value if spec.ka is not None else 0.0,
        ke_per_h=agent.ke_per_h,
        bioavailability=spec.bioavailability.value,
        volume_l=agent.volume_l(weight_kg),
        ec50_ng_ml=vals["ec50"],
        emax=vals["emax"],
        hill=vals["hill"],
        tol_kon_per_h=vals["tol_kon"],
        tol_koff_per_h=vals["tol_koff"],
        tol_max=vals["tol_max"],
        iv=spec.ka is None,
        dose_times_h=tuple(float(t) for t in times_h),
        dose_amounts_ug=tuple(float(a) for a in amounts_ug),
    )


def _stream_peak(di: DrugInput) -> float:
    """Highest plasma concentration (ng/mL) of one stream: superposed 1-compartment doses, checked at each peak."""
    if not di.dose_times_h:
        return 0.0
    ka = None if di.iv else di.ka_per_h
    single = plasma_peak_ng_ml(ka_per_h=ka, ke_per_h=di.ke_per_h, f=di.bioavailability, volume_l=di.volume_l,
                               dose_ug=1.0)
    if len(di.dose_times_h) == 1:
        return single * di.dose_amounts_ug[0]
    import numpy as np

    times = np.asarray(di.dose_times_h)
    amounts = np.asarray(di.dose_amounts_ug)
    lag = 0.0 if ka is None else tmax_h(ka, di.ke_per_h)
    probe = times + lag + 1e-9
    dt = probe[:, None] - times[None, :]
    past = dt >= 0
    dtp = np.where(past, dt, 0.0)
    c0 = di.bioavailability * amounts[None, :] / di.volume_l
    if ka is None:
        conc = c0 * np.exp(-di.ke_per_h * dtp)
    else:
        conc = c0 * ka / (ka - di.ke_per_h) * (np.exp(-di.ke_per_h * dtp) - np.exp(-ka * dtp))
    return float(np.max(np.sum(np.where(past, conc, 0.0), axis=1)))
