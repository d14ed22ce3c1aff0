"""Child process for test_kill: commits a person with 10 readings, then starts a huge import in one transaction
and keeps going until the parent SIGKILLs it. Usage: python _killable_import.py URL CONNECT_ARGS_JSON MODE, where MODE
is ``import`` (readings of one person) or ``save`` (new people, plans and simulations)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator

from igfaxis.labs.models import Person, Reading, Sex
from igfaxis.storage import Actor, Database, Repository


def _reading(i: int) -> Reading:
    return Reading(date=dt.date(2000, 1, 1) + dt.timedelta(days=i % 9000), value_ng_ml=100.0 + i % 97,
                   value=100.0 + i % 97, unit="ng/mL")


def main() -> None:
    db = Database(sys.argv[1], connect_args=json.loads(sys.argv[2]))
    with db.session() as s:
        repo = Repository(s, Actor.local())
        pid = repo.add_person(Person(sex=Sex.female, age_years=45, name="committed")).id
        repo.add_readings(pid, [_reading(i) for i in range(10)], source="first.csv")
    print(f"COMMITTED {pid}", flush=True)

    def endless() -> Iterator[Reading]:
        for i in range(50_000_000):
            if i == 5_000:
                print("IMPORTING", flush=True)
            yield _reading(i)

    with db.session() as s:
        repo = Repository(s, Actor.local())
        if sys.argv[3] == "import":
            repo.add_person(Person(sex=Sex.male, age_years=30, name="never committed"))
            repo.add_readings(pid, endless(), source="huge.csv", batch_size=500)
        else:
            for i in range(10_000_000):
                other = repo.add_person(Person(sex=Sex.male, age_years=30, name=f"never committed {i}")).id
                repo.save_plan(other, {"candidates": list(range(100))})
                repo.save_simulation(person_id=other, protocol_toml="x = 1", settings={}, result={"igf1": [1.0] * 500})
                if i == 200:
                    print("IMPORTING", flush=True)
    print("FINISHED", flush=True)  # never reached: the parent kills us first


if __name__ == "__main__":
    main()
