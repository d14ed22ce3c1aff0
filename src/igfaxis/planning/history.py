"""A person's treatment timeline: readings, the current protocol and when it started.

Timeline days count from ``day0`` (the earlier of the first reading and the protocol start). The current protocol's
start comes from, in order: ``--protocol-start``; a ``start_date`` key in the protocol TOML (igfaxis reads and
removes it before the physiology layer's parser sees the file); or, failing both, the readings' notes: the first
reading whose note says treatment (``on protocol``, an agent's name, ...) and not ``untreated``/``baseline``.
That reading is taken as on-protocol for 4 weeks (IGF-1 near its new plateau), or since the day after the
previous reading if that was later: ``start = max(previous reading + 1 day, first treated reading - 28 days)``.
Readings that say treatment but fall before the start belong to an earlier protocol igfaxis was not given, and
readings that say treatment after the protocol's planned stop (``stop_day``/``count``) to a continuation or another
protocol it was not given: both are left out of the fit, with a warning (never read as untreated).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from igfaxis.errors import InputError, Problem, ProtocolError
from igfaxis.labs.models import Reading
from igfaxis.physiology.agents import AGENTS
from igfaxis.physiology.protocol import Protocol, protocol_from_dict

INFERRED_ON_TREATMENT_DAYS = 28
_UNTREATED = re.compile(r"\b(untreated|baseline|before|off[- ]protocol|no treatment|pre-?treatment)\b", re.I)
_TREATED = re.compile(r"\b(on\s+\w+|protocol|treatment|treated|dose|injection|weeks? on)\b", re.I)


def load_current_protocol(path: str | Path) -> tuple[Protocol, dt.date | None]:
    """Read the current protocol TOML (doses outside the published range are kept and flagged: it is history) and
    its optional ``start_date`` (TOML date or ``YYYY-MM-DD`` text)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProtocolError(Problem(f"cannot read protocol file: {exc.strerror}", file=str(p))) from None
    return parse_current_protocol(text, file=str(p))


def parse_current_protocol(text: str, *, file: str, field: str | None = None) -> tuple[Protocol, dt.date | None]:
    """:func:`load_current_protocol` for TOML ``text`` (``file`` names it in problems, ``field`` the form field a
    TOML syntax error is reported on). Every problem, the ``start_date`` one included, in one ProtocolError."""
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProtocolError(Problem(f"not valid TOML: {exc}", file=file, field=field)) from None
    raw = data.pop("start_date", None)
    start: dt.date | None = None
    problems: list[Problem] = []
    if isinstance(raw, dt.datetime):
        start = raw.date()
    elif isinstance(raw, dt.date):
        start = raw
    elif raw is not None:
        try:
            start = dt.date.fromisoformat(str(raw))
        except ValueError:
            problems.append(Problem("unreadable start_date", file=file, field="start_date", received=str(raw),
                                    expected="a date YYYY-MM-DD"))
    try:
        protocol = protocol_from_dict(data, file=file, allow_off_label=True)
    except InputError as exc:
        raise ProtocolError(*problems, *exc.problems) from None
    if problems:
        raise ProtocolError(*problems)
    return protocol, start


def says_treated(note: str | None, agents: Sequence[str] = ()) -> bool | None:
    """True/False when a reading's note says on/off treatment, None when it says neither."""
    if not note:
        return None
    if _UNTREATED.search(note):
        return False
    names = [a.lower() for a in agents] + [a.name.lower() for a in AGENTS.values() if a.id in agents]
    if _TREATED.search(note) or any(n in note.lower() for n in names):
        return True
    return None


@dataclass(frozen=True)
class Timeline:
    """Readings placed on timeline days; the current protocol's course; the plan (decision) day."""

    day0: dt.date
    plan_day: int
    readings: tuple[Reading, ...]
    reading_days: tuple[int, ...]
    current: Protocol | None
    current_start_day: int | None
    current_stop_day: float | None
    start_source: str
    excluded: tuple[Reading, ...]
    warnings: tuple[str, ...]

    def date_of(self, day: int) -> dt.date:
        return self.day0 + dt.timedelta(days=int(day))

    @property
    def current_active(self) -> bool:
        """The current protocol is still being taken on the plan day (no planned stop before it)."""
        return self.current is not None and (self.current_stop_day is None or self.current_stop_day > self.plan_day)

    def on_protocol(self, day: int) -> bool:
        return self.current_start_day is not None and day >= self.current_start_day


def build_timeline(readings: Sequence[Reading], *, current: Protocol | None, start_date: dt.date | None,
                   plan_date: dt.date, stop_day_of: Any = None) -> Timeline:
    """Place readings and the current protocol on one day axis. ``stop_day_of(protocol)`` gives the protocol's
    planned stop in days from its start (None = continuing)."""
    igf = sorted((r for r in readings if r.analyte.upper().replace("-", "").startswith("IGF")), key=lambda r: r.date)
    if not igf:
        raise InputError(Problem("no IGF-1 readings", field="readings", expected="at least one IGF-1 reading"))
    warnings: list[str] = []
    source = "no current protocol"
    agents = [d.agent for d in current.doses] if current is not None else []
    if current is not None and start_date is None:
        flags = [says_treated(r.note, agents) for r in igf]
        first = next((i for i, f in enumerate(flags) if f), None)
        if first is None:
            raise InputError(Problem(
                "the current protocol's start date is unknown", field="start_date",
                received="no start_date in the protocol file, no --protocol-start, no reading note saying treatment",
                expected="start_date = YYYY-MM-DD in the protocol TOML or --protocol-start YYYY-MM-DD"))
        guess = igf[first].date - dt.timedelta(days=INFERRED_ON_TREATMENT_DAYS)
        if first > 0:
            guess = max(guess, igf[first - 1].date + dt.timedelta(days=1))
        start_date = guess
        source = (f"inferred: first reading noted as on treatment ({igf[first].date}, '{igf[first].note}') "
                  f"assumed {INFERRED_ON_TREATMENT_DAYS} days on protocol or since the previous reading")
        warnings.append(f"protocol start date inferred as {start_date} ({source}); give start_date to be exact")
    elif current is not None:
        source = "given"
    if plan_date < igf[-1].date:
        raise InputError(Problem("plan date is before the last reading", field="plan_date", received=str(plan_date),
                                 expected=f"{igf[-1].date} or later"))
    day0 = min(igf[0].date, start_date) if start_date is not None else igf[0].date
    start_day = (start_date - day0).days if start_date is not None else None
    stop = None
    if current is not None and start_day is not None and stop_day_of is not None:
        rel = stop_day_of(current)
        stop = None if rel is None else start_day + float(rel)
    kept: list[Reading] = []
    excluded: list[Reading] = []
    after_stop: list[Reading] = []
    for r in igf:
        day = (r.date - day0).days
        before_start = start_day is None or day < start_day
        if before_start and says_treated(r.note, agents):
            excluded.append(r)
        elif stop is not None and day >= stop and says_treated(r.note, agents):
            after_stop.append(r)
        else:
            kept.append(r)
    if excluded:
        warnings.append(f"{len(excluded)} reading(s) noted as on treatment before the current protocol started "
                        f"({', '.join(str(r.date) for r in excluded)}): an earlier protocol, left out of the fit")
    if after_stop:
        warnings.append(f"{len(after_stop)} reading(s) noted as on treatment after the current protocol's planned stop "
                        f"({day0 + dt.timedelta(days=int(stop or 0))}; readings "
                        f"{', '.join(str(r.date) for r in after_stop)}): a continuation or another protocol igfaxis "
                        "was not given, left out of the fit (remove stop_day/count if the protocol continued)")
        excluded += after_stop
    if not kept:
        raise InputError(Problem("no reading usable for the fit", field="readings",
                                 expected="an untreated reading or one taken on the current protocol"))
    if stop is not None and stop <= (plan_date - day0).days:
        warnings.append(f"the current protocol's planned stop ({day0 + dt.timedelta(days=int(stop))}) is before the "
                        "plan date: it is treated as finished (remove stop_day/count to plan its continuation)")
    return Timeline(day0, (plan_date - day0).days, tuple(kept), tuple((r.date - day0).days for r in kept), current,
                    start_day, stop, source, tuple(excluded), tuple(warnings))
