"""Repositories: rows <-> domain objects, with access control and an audit trail.

A :class:`Repository` works inside one session (one transaction, see :meth:`Database.session`) on behalf of an
:class:`Actor`. A clinician only ever sees their own patients: asking for anyone else's gives :class:`NotFound`,
exactly as for a person that does not exist, so ids leak nothing. Every read and write of patient data appends an
audit row in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from igfaxis.errors import StorageError
from igfaxis.labs.models import Person, Reading, Sex
from igfaxis.storage.models import AuditRow, PersonRow, PlanRow, ProtocolPeriodRow, ReadingRow, SimulationRow
from igfaxis.storage.records import (
    Actor,
    AuditEntry,
    PersonRecord,
    ProtocolPeriod,
    ReadingsAdded,
    StoredPerson,
    StoredPlan,
    StoredReading,
)

_Q = TypeVar("_Q", bound=Select[Any])
_Owned = TypeVar("_Owned", ReadingRow, ProtocolPeriodRow)


class NotFound(StorageError):
    """No such record, or not one this actor may see."""


class Forbidden(StorageError):
    """The actor may not do this (e.g. a clinician reading the audit log)."""


def person_from_row(row: PersonRow) -> Person:
    return Person(sex=Sex(row.sex), birth_date=row.birth_date, age_years=row.age_years, weight_kg=row.weight_kg,
                  name=row.name)


def reading_from_row(row: ReadingRow) -> StoredReading:
    reading = Reading(date=row.date, value_ng_ml=row.value_ng_ml, value=row.value, unit=row.unit,
                      analyte=row.analyte, assay=row.assay, lab=row.lab, note=row.note)
    return StoredReading(id=row.id, person_id=row.person_id, reading=reading, source=row.source)


def _period_from_row(row: ProtocolPeriodRow) -> ProtocolPeriod:
    return ProtocolPeriod(id=row.id, name=row.name, start_date=row.start_date, end_date=row.end_date,
                          protocol_toml=row.protocol_toml, note=row.note)


class Repository:
    """Patient data on behalf of ``actor`` inside ``session``."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor

    # -- audit -------------------------------------------------------------------------------------------------
    def audit(self, action: str, entity: str, *, entity_id: int | None = None, person_id: int | None = None,
              detail: str | None = None) -> None:
        self.session.add(AuditRow(user_id=self.actor.user_id, username=self.actor.username, action=action,
                                  entity=entity, entity_id=entity_id, person_id=person_id, detail=detail,
                                  ip=self.actor.ip))

    def audit_entries(self, *, limit: int = 200, person_id: int | None = None) -> list[AuditEntry]:
        """The newest audit rows (admin and local mode only)."""
        if not self.actor.sees_all:
            raise Forbidden("only an admin can read the audit log")
        query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        if person_id is not None:
            query = query.where(AuditRow.person_id == person_id)
        return [AuditEntry(id=r.id, at=r.at, username=r.username, action=r.action, entity=r.entity,
                           entity_id=r.entity_id, person_id=r.person_id, detail=r.detail, ip=r.ip)
                for r in self.session.scalars(query)]

    # -- people ------------------------------------------------------------------------------------------------
    def _visible(self, query: _Q) -> _Q:
        if self.actor.sees_all:
            return query
        return query.where(PersonRow.owner_id == self.actor.user_id)

    def _person_row(self, person_id: int) -> PersonRow:
        row = self.session.scalars(self._visible(select(PersonRow).where(PersonRow.id == person_id))).first()
        if row is None:
            raise NotFound(f"no person with id {person_id}")
        return row

    def _owned_row(self, model: type[_Owned], person_id: int, row_id: int, what: str) -> _Owned:
        """The person's ``model`` row ``row_id`` (a reading or protocol period); :class:`NotFound` when it does not
        exist or belongs to someone else, so an id never reaches another person's data."""
        row = self.session.get(model, row_id)
        if row is None or row.person_id != person_id:
            raise NotFound(f"no {what} {row_id} for person {person_id}")
        return row

    def _stored(self, row: PersonRow, n_readings: int = 0) -> StoredPerson:
        return StoredPerson(id=row.id, person=person_from_row(row), owner_id=row.owner_id,
                            created_at=row.created_at, n_readings=n_readings)

    def list_people(self) -> list[StoredPerson]:
        counts = (select(ReadingRow.person_id, func.count(ReadingRow.id).label("n"))
                  .group_by(ReadingRow.person_id).subquery())
        query = (self._visible(select(PersonRow)).add_columns(func.coalesce(counts.c.n, 0))
                 .outerjoin(counts, counts.c.person_id == PersonRow.id).order_by(PersonRow.id))
        rows = self.session.execute(query).all()
        latest = self._latest_readings([row.id for row, _ in rows])
        self.audit("list", "person", detail=f"{len(rows)} people")
        out = []
        for row, n in rows:
            stored = self._stored(row, int(n))
            if row.id in latest:
                date, value = latest[row.id]
                stored = StoredPerson(id=stored.id, person=stored.person, owner_id=stored.owner_id,
                                      created_at=stored.created_at, n_readings=stored.n_readings,
                                      latest_date=date, latest_ng_ml=value)
            out.append(stored)
        return out

    def _latest_readings(self, person_ids: list[int]) -> dict[int, tuple[dt.date, float]]:
        """Date and value (ng/mL) of each person's newest reading."""
        if not person_ids:
            return {}
        newest = (select(ReadingRow.person_id, func.max(ReadingRow.date).label("d"))
                  .where(ReadingRow.person_id.in_(person_ids)).group_by(ReadingRow.person_id).subquery())
        query = (select(ReadingRow.person_id, ReadingRow.date, ReadingRow.value_ng_ml)
                 .join(newest, (newest.c.person_id == ReadingRow.person_id) & (newest.c.d == ReadingRow.date))
                 .order_by(ReadingRow.id))
        return {pid: (date, value) for pid, date, value in self.session.execute(query)}

    def add_person(self, person: Person, *, owner_id: int | None = None) -> StoredPerson:
        """Store ``person``. A clinician always owns what they create; admin/local may name an owner."""
        owner = self.actor.user_id if self.actor.role == "clinician" else owner_id
        row = PersonRow(owner_id=owner, name=person.name, sex=person.sex.value, birth_date=person.birth_date,
                        age_years=person.age_years, weight_kg=person.weight_kg)
        self.session.add(row)
        self.session.flush()
        self.audit("create", "person", entity_id=row.id, person_id=row.id)
        return self._stored(row)

    def get_person(self, person_id: int) -> StoredPerson:
        row = self._person_row(person_id)
        self.audit("read", "person", entity_id=row.id, person_id=row.id)
        return self._stored(row, len(row.readings))

    def update_person(self, person_id: int, person: Person) -> StoredPerson:
        row = self._person_row(person_id)
        row.name, row.sex, row.birth_date = person.name, person.sex.value, person.birth_date
        row.age_years, row.weight_kg = person.age_years, person.weight_kg
        self.audit("update", "person", entity_id=row.id, person_id=row.id)
        return self._stored(row)

    def delete_person(self, person_id: int) -> None:
        row = self._person_row(person_id)
        self.session.delete(row)
        self.audit("delete", "person", entity_id=person_id, person_id=person_id)

    # -- readings ----------------------------------------------------------------------------------------------
    def readings(self, person_id: int) -> list[StoredReading]:
        self._person_row(person_id)
        rows = self.session.scalars(select(ReadingRow).where(ReadingRow.person_id == person_id)
                                    .order_by(ReadingRow.date, ReadingRow.id))
        out = [reading_from_row(r) for r in rows]
        self.audit("read", "readings", person_id=person_id, detail=f"{len(out)} readings")
        return out

    def reading(self, person_id: int, reading_id: int) -> StoredReading:
        """One of the person's readings; :class:`NotFound` when it does not exist or is someone else's."""
        self._person_row(person_id)
        out = reading_from_row(self._owned_row(ReadingRow, person_id, reading_id, "reading"))
        self.audit("read", "reading", entity_id=reading_id, person_id=person_id)
        return out

    def add_readings(self, person_id: int, readings: Iterable[Reading], *, source: str | None = None,
                     batch_size: int = 1000) -> int:
        """Add readings to a person inside the current transaction (all or none land); a copy of a stored reading is
        skipped (see :meth:`store_readings`). Returns how many were added."""
        return self.store_readings(person_id, readings, source=source, batch_size=batch_size).added

    def store_readings(self, person_id: int, readings: Iterable[Reading], *, source: str | None = None,
                       batch_size: int = 1000) -> ReadingsAdded:
        """Add readings to a person inside the current transaction (all or none land), skipping any reading
        identical to one already stored for them or earlier in ``readings``: same date, analyte and value in ng/mL
        after rounding to 0.1 (importing the same results twice, or as CSV and as FHIR, must not count them twice).
        The same date with another value is kept. Returns how many were added and skipped."""
        person = self._person_row(person_id)
        seen = {duplicate_key(r.date, r.analyte, r.value_ng_ml) for r in self.session.execute(
            select(ReadingRow.date, ReadingRow.analyte, ReadingRow.value_ng_ml)
            .where(ReadingRow.person_id == person_id))}
        n = skipped = 0
        for reading in readings:
            key = duplicate_key(reading.date, reading.analyte, reading.value_ng_ml)
            if key in seen:
                skipped += 1
                continue
            seen.add(key)
            self.session.add(ReadingRow(person_id=person_id, date=reading.date, value_ng_ml=reading.value_ng_ml,
                                        value=reading.value, unit=reading.unit, analyte=reading.analyte,
                                        assay=reading.assay, lab=reading.lab, note=reading.note, source=source))
            n += 1
            if n % batch_size == 0:
                self.session.flush()
        self.session.flush()
        self.session.expire(person, ["readings"])  # a later read in this transaction counts the new ones
        self.audit("import" if source else "create", "readings", person_id=person_id,
                   detail=f"{n} readings" + (f" from {source}" if source else "")
                   + (f", {skipped} duplicates of stored readings skipped" if skipped else ""))
        return ReadingsAdded(added=n, skipped_duplicates=skipped)

    def delete_reading(self, person_id: int, reading_id: int) -> None:
        person = self._person_row(person_id)
        row = self._owned_row(ReadingRow, person_id, reading_id, "reading")
        what = (f"reading of {row.date.isoformat()}: {row.value:g} {row.unit}"
                + (f" ({row.value_ng_ml:.1f} ng/mL)" if row.unit != "ng/mL" else "")
                + (f" from {row.source}" if row.source else ""))
        self.session.delete(row)
        self.session.flush()
        self.session.expire(person, ["readings"])  # a later read in this transaction no longer counts it
        self.audit("delete", "reading", entity_id=reading_id, person_id=person_id, detail=what)

    # -- protocol periods --------------------------------------------------------------------------------------
    def add_protocol_period(self, person_id: int, period: ProtocolPeriod) -> ProtocolPeriod:
        person = self._person_row(person_id)
        if period.end_date is not None and period.end_date < period.start_date:
            raise StorageError(f"protocol period {period.name!r} ends ({period.end_date}) before it starts "
                               f"({period.start_date})")
        row = ProtocolPeriodRow(person_id=person_id, name=period.name, start_date=period.start_date,
                                end_date=period.end_date, protocol_toml=period.protocol_toml, note=period.note)
        self.session.add(row)
        self.session.flush()
        self.session.expire(person, ["protocol_periods"])  # a later read in this transaction lists it
        self.audit("create", "protocol_period", entity_id=row.id, person_id=person_id)
        return _period_from_row(row)

    def end_protocol_period(self, person_id: int, period_id: int, end_date: dt.date) -> None:
        self._person_row(person_id)
        row = self._owned_row(ProtocolPeriodRow, person_id, period_id, "protocol period")
        row.end_date = end_date
        self.audit("update", "protocol_period", entity_id=period_id, person_id=person_id)

    def delete_protocol_period(self, person_id: int, period_id: int) -> None:
        """Delete one of the person's protocol periods; the audit row names it (name, dates), as for a reading."""
        person = self._person_row(person_id)
        row = self._owned_row(ProtocolPeriodRow, person_id, period_id, "protocol period")
        what = (f"protocol period {row.name!r} from {row.start_date.isoformat()} "
                + (f"to {row.end_date.isoformat()}" if row.end_date else "(ongoing)")
                + (" with its protocol file" if row.protocol_toml else ""))
        self.session.delete(row)
        self.session.flush()
        self.session.expire(person, ["protocol_periods"])  # a later read in this transaction no longer lists it
        self.audit("delete", "protocol_period", entity_id=period_id, person_id=person_id, detail=what)

    def protocol_period(self, person_id: int, period_id: int) -> ProtocolPeriod:
        """One of the person's protocol periods; :class:`NotFound` when it does not exist or is someone else's."""
        self._person_row(person_id)
        out = _period_from_row(self._owned_row(ProtocolPeriodRow, person_id, period_id, "protocol period"))
        self.audit("read", "protocol_period", entity_id=period_id, person_id=person_id)
        return out

    def protocol_periods(self, person_id: int) -> list[ProtocolPeriod]:
        row = self._person_row(person_id)
        out = [_period_from_row(p) for p in row.protocol_periods]
        self.audit("read", "protocol_periods", person_id=person_id, detail=f"{len(out)} protocol periods")
        return out

    # -- simulations and plans ---------------------------------------------------------------------------------
    def save_simulation(self, *, person_id: int | None, protocol_toml: str | None, settings: dict[str, Any],
                        result: dict[str, Any]) -> int:
        if person_id is not None:
            self._person_row(person_id)
        row = SimulationRow(person_id=person_id, protocol_toml=protocol_toml, settings=settings, result=result)
        self.session.add(row)
        self.session.flush()
        self.audit("create", "simulation", entity_id=row.id, person_id=person_id)
        return row.id

    def save_plan(self, person_id: int, plan: dict[str, Any], *, status: str = "draft") -> StoredPlan:
        self._person_row(person_id)
        row = PlanRow(person_id=person_id, plan=plan, status=status)
        self.session.add(row)
        self.session.flush()
        self.audit("create", "plan", entity_id=row.id, person_id=person_id)
        return StoredPlan(id=row.id, person_id=person_id, created_at=row.created_at, status=row.status,
                          plan=row.plan)

    def latest_plan(self, person_id: int) -> StoredPlan | None:
        self._person_row(person_id)
        row = self.session.scalars(select(PlanRow).where(PlanRow.person_id == person_id)
                                   .order_by(PlanRow.created_at.desc(), PlanRow.id.desc())).first()
        if row is None:
            return None
        return StoredPlan(id=row.id, person_id=person_id, created_at=row.created_at, status=row.status,
                          plan=row.plan)

    # -- everything about one person ---------------------------------------------------------------------------
    def load(self, person_id: int) -> PersonRecord:
        """The person, readings (by date), protocol periods and latest plan, read in one go."""
        stored = self.get_person(person_id)
        readings = self.readings(person_id)
        return PersonRecord(stored=StoredPerson(id=stored.id, person=stored.person, owner_id=stored.owner_id,
                                                created_at=stored.created_at, n_readings=len(readings)),
                            readings=tuple(readings), protocol_periods=tuple(self.protocol_periods(person_id)),
                            latest_plan=self.latest_plan(person_id))


def duplicate_key(date: dt.date, analyte: str, value_ng_ml: float) -> tuple[dt.date, str, int]:
    """Two readings with the same key are one result stored twice: date, analyte (case-insensitive), ng/mL to 0.1."""
    return date, analyte.strip().casefold(), round(value_ng_ml * 10)


def replace_readings(repo: Repository, person_id: int, readings: Sequence[Reading], *, source: str) -> int:
    """Drop readings earlier imported from ``source`` and add ``readings`` in the same transaction."""
    rows = repo.session.scalars(select(ReadingRow).where(ReadingRow.person_id == person_id,
                                                         ReadingRow.source == source))
    for row in rows:
        repo.session.delete(row)
    return repo.add_readings(person_id, readings, source=source)
