"""Adding readings skips copies of stored ones (same date, analyte and ng/mL to 0.1) and counts them."""

from __future__ import annotations

import datetime as dt

from igfaxis.labs.models import Person, Reading, Sex
from igfaxis.storage import Actor, Database, Repository
from igfaxis.storage.records import ReadingsAdded
from igfaxis.storage.repository import replace_readings


def _r(day: int, ng_ml: float, *, value: float | None = None, unit: str = "ng/mL", note: str | None = None) -> Reading:
    return Reading(date=dt.date(2025, 1, 1) + dt.timedelta(days=day), value_ng_ml=ng_ml,
                   value=ng_ml if value is None else value, unit=unit, note=note)


def _person(repo: Repository) -> int:
    return repo.add_person(Person(sex=Sex.male, birth_date=dt.date(1971, 5, 2))).id


def test_second_import_of_the_same_readings_adds_nothing(db: Database) -> None:
    first = [_r(0, 98.0), _r(90, 92.565, value=12.1, unit="nmol/L"), _r(180, 151.0)]
    with db.session() as s:
        repo = Repository(s, Actor.local())
        pid = _person(repo)
        assert repo.store_readings(pid, first, source="labs.csv") == ReadingsAdded(added=3, skipped_duplicates=0)
    with db.session() as s:
        repo = Repository(s, Actor.local())
        # the same results from another file (FHIR): nmol/L converted to a float a hair off, other note
        again = [_r(0, 98.04, note="from FHIR"), _r(90, 92.5650001, value=12.1, unit="nmol/L"), _r(180, 151.0)]
        assert repo.store_readings(pid, again, source="labs.json") == ReadingsAdded(added=0, skipped_duplicates=3)
        assert len(repo.readings(pid)) == 3
        audit = repo.audit_entries(person_id=pid, limit=5)
        assert any(e.detail == "0 readings from labs.json, 3 duplicates of stored readings skipped" for e in audit)


def test_same_date_other_value_is_kept_and_copies_inside_one_batch_are_skipped(db: Database) -> None:
    with db.session() as s:
        repo = Repository(s, Actor.local())
        pid = _person(repo)
        repo.add_readings(pid, [_r(0, 98.0)])
        got = repo.store_readings(pid, [_r(0, 98.2), _r(1, 120.0), _r(1, 120.0)], source="x.csv")
        assert got == ReadingsAdded(added=2, skipped_duplicates=1)
        assert sorted(r.reading.value_ng_ml for r in repo.readings(pid)) == [98.0, 98.2, 120.0]
        assert repo.add_readings(pid, [_r(0, 98.0)]) == 0  # the plain call skips copies too


def test_duplicates_of_another_person_do_not_count(db: Database) -> None:
    with db.session() as s:
        repo = Repository(s, Actor.local())
        a, b = _person(repo), _person(repo)
        repo.add_readings(a, [_r(0, 98.0)])
        assert repo.store_readings(b, [_r(0, 98.0)]) == ReadingsAdded(added=1, skipped_duplicates=0)


def test_replace_readings_reimports_its_own_source(db: Database) -> None:
    with db.session() as s:
        repo = Repository(s, Actor.local())
        pid = _person(repo)
        repo.add_readings(pid, [_r(0, 98.0), _r(1, 99.0)], source="labs.csv")
        assert replace_readings(repo, pid, [_r(0, 98.0), _r(1, 99.0), _r(2, 100.0)], source="labs.csv") == 3
        assert len(repo.readings(pid)) == 3


def test_deleting_a_reading_audits_its_date_and_value(db: Database) -> None:
    with db.session() as s:
        repo = Repository(s, Actor.local())
        pid = _person(repo)
        repo.add_readings(pid, [_r(0, 92.565, value=12.1, unit="nmol/L")], source="labs.csv")
        rid = repo.readings(pid)[0].id
        repo.delete_reading(pid, rid)
        (entry,) = [e for e in repo.audit_entries(person_id=pid) if e.action == "delete"]
        assert (entry.entity, entry.entity_id) == ("reading", rid)
        assert entry.detail == "reading of 2025-01-01: 12.1 nmol/L (92.6 ng/mL) from labs.csv"
