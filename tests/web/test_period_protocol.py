"""The person page's protocol-period form can store an example protocol file with the period, so the Plan page can
use an ongoing period as the current protocol (plan_view reads ``ProtocolPeriod.protocol_toml``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from igfaxis.labs.models import Person, Sex
from igfaxis.storage import Actor, Repository

from .conftest import LiveServer, csrf_of


def test_period_with_an_example_protocol_is_stored(make_server: Callable[..., LiveServer]) -> None:
    server = make_server()
    client = server.client()
    with server.database.session() as s:
        pid = Repository(s, Actor.local()).add_person(Person(sex=Sex.male, birth_date=dt.date(1968, 4, 2))).id
        s.commit()
    page = client.get(f"/people/{pid}").text
    assert 'name="example"' in page and 'value="sermorelin"' in page
    token = csrf_of(client, f"/people/{pid}")
    form = {"csrf_token": token, "name": "sermorelin at bedtime", "start_date": "2025-11-15", "end_date": ""}
    bad = client.post(f"/people/{pid}/protocols", data=form | {"example": "growth-hormone"})
    assert bad.status_code == 400 and "unknown example protocol" in bad.text and "growth-hormone" in bad.text
    worse = client.post(f"/people/{pid}/protocols", data=form | {"example": "growth-hormone", "name": "x" * 201,
                                                                  "start_date": "1960-01-01"})
    assert worse.status_code == 400  # every problem at once, the unknown example among them
    for shown in ("unknown example protocol", "name too long", "201 characters", "at most 200 characters",
                  "starts before the person&#39;s birth date"):
        assert shown in worse.text, shown
    ok = client.post(f"/people/{pid}/protocols", data=form | {"example": "sermorelin"})
    assert ok.status_code == 303
    with server.database.session() as s:
        (period,) = Repository(s, Actor.local()).load(pid).protocol_periods
    assert period.protocol_toml is not None and 'agent = "sermorelin"' in period.protocol_toml
    assert "(protocol file stored)" in client.get(f"/people/{pid}").text
    plan = client.get(f"/people/{pid}/plan").text  # the ongoing period fills the plan form
    assert 'name="current_start" value="2025-11-15"' in plan
