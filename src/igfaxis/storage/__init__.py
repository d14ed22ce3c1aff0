"""Storage: the only package that imports SQLAlchemy; Alembic owns the schema.

Typical use::

    from igfaxis.storage import Actor, Database, Repository

    db = Database.from_settings(Settings())      # or Database("postgresql+psycopg://...")
    db.upgrade()                                 # Alembic migrations to head
    with db.session() as session:                # one transaction: whole or nothing
        record = Repository(session, Actor.local()).load(person_id)

:func:`load_person` does the last two lines for callers such as the reports.
"""

from __future__ import annotations

from igfaxis.config import Settings
from igfaxis.storage.db import Database
from igfaxis.storage.models import MAX_PERIOD_NAME_LENGTH, MAX_PERSON_NAME_LENGTH
from igfaxis.storage.records import (
    Actor,
    AuditEntry,
    PersonRecord,
    ProtocolPeriod,
    StoredPerson,
    StoredPlan,
    StoredReading,
    UserRecord,
)
from igfaxis.storage.repository import Forbidden, NotFound, Repository


def load_person(person_id: int, *, database: Database | None = None, settings: Settings | None = None,
                actor: Actor | None = None) -> PersonRecord:
    """Everything stored about one person (readings by date, protocol periods, latest plan).

    Uses ``database`` if given, else the one ``settings`` (default: environment) points to; raises
    :class:`NotFound` when there is no such person (or ``actor`` may not see them).
    """
    db = database or Database.from_settings(settings or Settings())
    try:
        with db.session() as session:
            return Repository(session, actor or Actor.local()).load(person_id)
    finally:
        if database is None:
            db.dispose()


__all__ = [
    "MAX_PERIOD_NAME_LENGTH",
    "MAX_PERSON_NAME_LENGTH",
    "Actor",
    "AuditEntry",
    "Database",
    "Forbidden",
    "NotFound",
    "PersonRecord",
    "ProtocolPeriod",
    "Repository",
    "StoredPerson",
    "StoredPlan",
    "StoredReading",
    "UserRecord",
    "load_person",
]
