"""ORM models (SQLAlchemy 2, typed). Alembic owns the schema: change a model, add a revision under ``migrations``.

Units: ``readings.value_ng_ml`` is IGF-1 in ng/mL (canonical); ``value``/``unit`` keep what the lab reported.
``people.weight_kg`` in kg; ``people.age_years`` in years. Timestamps are UTC.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from igfaxis.labs.models import MAX_ASSAY_LENGTH, MAX_LAB_LENGTH

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON}


class UserRow(Base):
    """A login for clinic mode. ``role`` is ``clinician`` or ``admin``; ``password_hash`` is argon2id."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="clinician")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PersonRow(Base):
    """A person (patient). ``owner_id`` is the clinician who owns the record; NULL in single-user local mode."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    sex: Mapped[str] = mapped_column(String(10))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    age_years: Mapped[float | None] = mapped_column(Float)
    weight_kg: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    readings: Mapped[list[ReadingRow]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True, order_by="ReadingRow.date"
    )
    protocol_periods: Mapped[list[ProtocolPeriodRow]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ProtocolPeriodRow.start_date",
    )


class ReadingRow(Base):
    """One IGF-1 result of a person."""

    __tablename__ = "readings"
    __table_args__ = (Index("ix_readings_person_date", "person_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    value_ng_ml: Mapped[float] = mapped_column(Float)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    analyte: Mapped[str] = mapped_column(String(40), default="IGF-1")
    assay: Mapped[str | None] = mapped_column(String(MAX_ASSAY_LENGTH))  # the importers refuse longer ones
    lab: Mapped[str | None] = mapped_column(String(MAX_LAB_LENGTH))
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    person: Mapped[PersonRow] = relationship(back_populates="readings")


class ProtocolPeriodRow(Base):
    """Which protocol a person followed from ``start_date`` to ``end_date`` (NULL: still ongoing)."""

    __tablename__ = "protocol_periods"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    protocol_toml: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    person: Mapped[PersonRow] = relationship(back_populates="protocol_periods")


class SimulationRow(Base):
    """A stored simulation run: its protocol, settings and summarised result (JSON)."""

    __tablename__ = "simulations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    protocol_toml: Mapped[str | None] = mapped_column(Text)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)


class PlanRow(Base):
    """A stored start-test-adjust plan for a person (JSON as produced by ``igfaxis.planning``)."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    plan: Mapped[dict[str, Any]] = mapped_column(default=dict)


class AuditRow(Base):
    """Who read or wrote which patient data, when. Rows are only ever appended."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    username: Mapped[str | None] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    person_id: Mapped[int | None] = mapped_column(Integer, index=True)
    detail: Mapped[str | None] = mapped_column(Text)
    ip: Mapped[str | None] = mapped_column(String(64))


def _text_length(row: type[Base], column: str) -> int:
    """The most characters ``row``'s String ``column`` keeps."""
    kind = row.__table__.c[column].type
    assert isinstance(kind, String) and kind.length is not None, f"{row.__name__}.{column} has no length"
    return kind.length


#: The most characters these columns keep (PostgreSQL refuses more; SQLite would keep them): the checks of user
#: input above storage read the limits here, from the columns, instead of repeating them.
MAX_PERSON_NAME_LENGTH = _text_length(PersonRow, "name")
MAX_PERIOD_NAME_LENGTH = _text_length(ProtocolPeriodRow, "name")
