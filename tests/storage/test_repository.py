"""Repositories round-trip domain objects, enforce ownership and keep an audit trail (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest

from igfaxis.errors import InputError, StorageError
from igfaxis.labs.models import Person, Reading, Sex
from igfaxis.storage import Actor, Database, Forbidden, NotFound, ProtocolPeriod, Repository, load_person
from igfaxis.storage.users import authenticate, create_user


def _reading(day: int, value: float) -> Reading:
    return Reading(date=dt.date(2026, 1, 1) + dt.timedelta(days=day), value_ng_ml=value, value=value, unit="ng/mL",
                   assay="IDS-iSYS")


def test_migrated_to_head(db: Database) -> None:
    from igfaxis.storage.migrate import head

    assert db.current_revision() == head() == "0001_initial"


def test_person_and_readings_round_trip(db: Database) -> None:
    person = Person(sex=Sex.female, birth_date=dt.date(1970, 5, 17), weight_kg=64.5, name="Ada")
    with db.session() as s:
        repo = Repository(s, Actor.local())
        pid = repo.add_person(person).id
        assert repo.add_readings(pid, [_reading(30, 150.0), _reading(0, 120.5)], source="labs.csv") == 2
        repo.add_protocol_period(pid, ProtocolPeriod(name="tesamorelin 1 mg", start_date=dt.date(2026, 1, 10)))
        repo.save_plan(pid, {"candidates": [1, 2]})
    record = load_person(pid, database=db)
    assert record.person == person
    assert [r.reading.value_ng_ml for r in record.readings] == [120.5, 150.0]  # by date
    assert record.readings[0].reading == _reading(0, 120.5)
    assert record.protocol_periods[0].name == "tesamorelin 1 mg" and record.protocol_periods[0].end_date is None
    assert record.latest_plan is not None and record.latest_plan.plan == {"candidates": [1, 2]}
    with db.session() as s:
        people = Repository(s, Actor.local()).list_people()
    assert [(p.id, p.n_readings, p.label) for p in people] == [(pid, 2, "Ada")]


def test_failed_transaction_keeps_nothing(db: Database) -> None:
    with db.session() as s:
        pid = Repository(s, Actor.local()).add_person(Person(sex=Sex.male, age_years=40)).id
    with pytest.raises(RuntimeError), db.session() as s:
        Repository(s, Actor.local()).add_readings(pid, [_reading(i, 100 + i) for i in range(50)])
        raise RuntimeError("import failed half-way")
    assert load_person(pid, database=db).readings == ()


def test_foreign_keys_enforced(db: Database) -> None:
    from igfaxis.storage.models import ReadingRow

    with pytest.raises(StorageError), db.session() as s:
        s.add(ReadingRow(person_id=999, date=dt.date(2026, 1, 1), value_ng_ml=1.0, value=1.0, unit="ng/mL"))


def test_clinician_sees_only_own_patients(db: Database) -> None:
    with db.session() as s:
        alice = create_user(s, username="alice", password="alice-password-1")
        bob = create_user(s, username="bob", password="bob-password-12")
        admin = create_user(s, username="root", password="root-password-1", role="admin")
    a, b = Actor("clinician", alice.id, "alice"), Actor("clinician", bob.id, "bob")
    with db.session() as s:
        pid = Repository(s, a).add_person(Person(sex=Sex.male, age_years=50, name="A's patient")).id
    with db.session() as s:
        repo = Repository(s, b)
        assert repo.list_people() == []
        for call in (lambda: repo.get_person(pid), lambda: repo.readings(pid),
                     lambda: repo.add_readings(pid, [_reading(0, 100)]), lambda: repo.delete_person(pid)):
            with pytest.raises(NotFound):
                call()
        with pytest.raises(Forbidden):
            repo.audit_entries()
    with db.session() as s:
        assert [p.id for p in Repository(s, a).list_people()] == [pid]
        entries = Repository(s, Actor("admin", admin.id, "root")).audit_entries(person_id=pid)
    assert {(e.username, e.action) for e in entries} >= {("alice", "create")}


def test_users_argon2(db: Database) -> None:
    with db.session() as s:
        user = create_user(s, username="carol", password="correct horse battery")
        from igfaxis.storage.models import UserRow

        assert s.get(UserRow, user.id).password_hash.startswith("$argon2id$")  # type: ignore[union-attr]
    with db.session() as s:
        assert authenticate(s, username="carol", password="correct horse battery") == user
        assert authenticate(s, username="carol", password="wrong password!") is None
        assert authenticate(s, username="nobody", password="whatever-else") is None
        with pytest.raises(InputError) as err:
            create_user(s, username="carol", password="short", role="god")
    assert len(err.value.problems) == 3


def test_sqlite_wal_and_foreign_keys(tmp_path: object) -> None:
    from sqlalchemy import text

    db = Database(f"sqlite:///{tmp_path}/nested/dir/w.sqlite3")  # parent directories are created
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()


def test_unsupported_url() -> None:
    with pytest.raises(StorageError, match="unsupported database URL"):
        Database("mysql://u@h/db")


def test_deleting_a_protocol_period_is_audited_and_confined_to_its_person(db: Database) -> None:
    with db.session() as s:
        repo = Repository(s, Actor.local())
        pid = repo.add_person(Person(sex=Sex.male, birth_date=dt.date(1971, 5, 2))).id
        other = repo.add_person(Person(sex=Sex.female, age_years=50)).id
        ended = repo.add_protocol_period(pid, ProtocolPeriod(name="tesamorelin 1 mg", start_date=dt.date(2025, 1, 10),
                                                             end_date=dt.date(2025, 3, 1)))
        ongoing = repo.add_protocol_period(pid, ProtocolPeriod(name="sermorelin", start_date=dt.date(2025, 6, 1),
                                                               protocol_toml='name = "x"'))
        assert ended.id is not None and ongoing.id is not None
        assert repo.protocol_period(pid, ended.id) == ended  # one period, looked up by its owner
        with pytest.raises(NotFound):  # another person's id does not reach this period
            repo.protocol_period(other, ended.id)
        with pytest.raises(NotFound):
            repo.delete_protocol_period(other, ended.id)
        with pytest.raises(NotFound):
            repo.delete_protocol_period(pid, ongoing.id + 100)
        held = repo._person_row(pid)  # a row kept in the session with its periods loaded, as a request may hold it
        assert len(held.protocol_periods) == 2
        repo.delete_protocol_period(pid, ended.id)
        assert [p.id for p in repo.protocol_periods(pid)] == [ongoing.id]  # the same transaction sees it gone
        repo.delete_protocol_period(pid, ongoing.id)
        deletes = [e for e in repo.audit_entries(person_id=pid) if e.action == "delete"]
        assert [(e.entity, e.entity_id, e.detail) for e in deletes] == [
            ("protocol_period", ongoing.id, "protocol period 'sermorelin' from 2025-06-01 (ongoing) with its protocol "
                                            "file"),
            ("protocol_period", ended.id, "protocol period 'tesamorelin 1 mg' from 2025-01-10 to 2025-03-01"),
        ]
        assert any(e.action == "read" and e.entity == "protocol_periods" for e in repo.audit_entries(person_id=pid))
    assert load_person(pid, database=db).protocol_periods == ()


def test_clinician_cannot_delete_another_clinicians_protocol_period(db: Database) -> None:
    with db.session() as s:
        alice = create_user(s, username="alice", password="alice-password-1")
        bob = create_user(s, username="bob", password="bob-password-12")
    with db.session() as s:
        repo = Repository(s, Actor("clinician", alice.id, "alice"))
        pid = repo.add_person(Person(sex=Sex.male, age_years=50)).id
        period = repo.add_protocol_period(pid, ProtocolPeriod(name="tesamorelin", start_date=dt.date(2025, 1, 10)))
    assert period.id is not None
    with pytest.raises(NotFound), db.session() as s:
        Repository(s, Actor("clinician", bob.id, "bob")).delete_protocol_period(pid, period.id)
    assert len(load_person(pid, database=db).protocol_periods) == 1


def test_a_deleted_reading_is_gone_within_its_transaction(db: Database) -> None:
    with db.session() as s:
        repo = Repository(s, Actor.local())
        pid = repo.add_person(Person(sex=Sex.male, birth_date=dt.date(1971, 5, 2))).id
        repo.add_readings(pid, [_reading(0, 120.0), _reading(30, 150.0)])
        first, second = repo.readings(pid)
        assert repo.reading(pid, second.id) == second  # one reading, looked up by its owner
        held = repo._person_row(pid)  # a row kept in the session with its readings loaded, as a request may hold it
        assert len(held.readings) == 2
        repo.delete_reading(pid, first.id)
        assert repo.get_person(pid).n_readings == 1  # counted from the person's readings: the same transaction
        assert [r.id for r in held.readings] == [second.id]
        assert [r.id for r in repo.load(pid).readings] == [second.id]
        with pytest.raises(NotFound, match=f"no reading {first.id} for person {pid}"):
            repo.reading(pid, first.id)
    assert [r.id for r in load_person(pid, database=db).readings] == [second.id]


def test_added_readings_and_periods_are_seen_within_their_transaction(db: Database) -> None:
    from igfaxis.storage.repository import replace_readings

    with db.session() as s:
        repo = Repository(s, Actor.local())
        pid = repo.add_person(Person(sex=Sex.male, birth_date=dt.date(1971, 5, 2))).id
        held = repo._person_row(pid)  # loaded before the writes, as a request may hold it
        assert (held.readings, held.protocol_periods) == ([], [])
        repo.add_readings(pid, [_reading(0, 120.0)], source="labs.csv")
        assert repo.get_person(pid).n_readings == 1
        replace_readings(repo, pid, [_reading(0, 120.0), _reading(30, 150.0)], source="labs.csv")
        assert repo.get_person(pid).n_readings == 2 and len(held.readings) == 2
        period = repo.add_protocol_period(pid, ProtocolPeriod(name="sermorelin", start_date=dt.date(2025, 6, 1)))
        assert [p.id for p in repo.protocol_periods(pid)] == [period.id]
        assert [p.id for p in repo.load(pid).protocol_periods] == [period.id]
