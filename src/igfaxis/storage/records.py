"""Value objects the repositories return: domain objects (``labs.models``) plus their database ids."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from igfaxis.labs.models import Person, Reading

ROLES = ("clinician", "admin")


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting. ``role`` is ``local`` (single-user mode, sees everything), ``clinician`` (sees own
    patients only) or ``admin`` (sees every patient and the audit log)."""

    role: str
    user_id: int | None = None
    username: str | None = None
    ip: str | None = None

    @classmethod
    def local(cls, *, ip: str | None = None) -> Actor:
        return cls(role="local", username="local", ip=ip)

    @property
    def sees_all(self) -> bool:
        return self.role in ("local", "admin")


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: int
    username: str
    role: str


@dataclass(frozen=True, slots=True)
class StoredPerson:
    id: int
    person: Person
    owner_id: int | None = None
    created_at: dt.datetime | None = None
    n_readings: int = 0
    latest_date: dt.date | None = None
    latest_ng_ml: float | None = None

    @property
    def label(self) -> str:
        return self.person.name or f"Person {self.id}"


@dataclass(frozen=True, slots=True)
class StoredReading:
    id: int
    person_id: int
    reading: Reading
    source: str | None = None


@dataclass(frozen=True, slots=True)
class ReadingsAdded:
    """What adding readings did: how many were stored, and how many were skipped as copies of stored ones."""

    added: int
    skipped_duplicates: int = 0


@dataclass(frozen=True, slots=True)
class ProtocolPeriod:
    """A protocol followed from ``start_date`` to ``end_date`` (None: ongoing). ``protocol_toml`` is the file text."""

    name: str
    start_date: dt.date
    end_date: dt.date | None = None
    protocol_toml: str | None = None
    note: str | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class StoredPlan:
    id: int
    person_id: int
    created_at: dt.datetime
    status: str
    plan: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """Everything stored about one person, as the reports and pages need it."""

    stored: StoredPerson
    readings: tuple[StoredReading, ...]
    protocol_periods: tuple[ProtocolPeriod, ...]
    latest_plan: StoredPlan | None = None

    @property
    def person(self) -> Person:
        return self.stored.person

    @property
    def reading_values(self) -> list[Reading]:
        return [r.reading for r in self.readings]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: dt.datetime
    username: str | None
    action: str
    entity: str
    entity_id: int | None
    person_id: int | None
    detail: str | None
    ip: str | None
