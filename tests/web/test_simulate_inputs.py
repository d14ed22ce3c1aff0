"""Simulate page input handling against a real server: an empty uploaded file is an error (never replaced by the
example), the off-label hint points to the page's checkbox, every bad field is listed at once, and the headline
IGF-1 value is labelled as the typical person's model value."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from igfaxis.apps.web import sim_view
from igfaxis.errors import InputError

from .conftest import LiveServer, csrf_of

DAYS = "14"  # as in test_simulate_page: one shape, so the compiled simulation is reused
HIGH = """name = "Sermorelin too much"
[[dose]]
agent = "sermorelin"
amount = "20 mg"
route = "sc"
every = "1 day"
at = "22:00"
"""


def _post(client: httpx.Client, token: str, file: tuple[str, bytes, str] = ("", b"", "application/octet-stream"),
          **fields: str) -> httpx.Response:
    data = {"csrf_token": token, "days": DAYS, "sleep": "23:00-07:00", "start_date": "2026-09-01",
            "age_years": "50", "sex": "male"} | fields
    return client.post("/simulate", data=data, files={"protocol_file": file})


def _problem_box(html: str) -> str:
    return html.split('id="simulate-form"')[1].split("</form>")[0]


@pytest.mark.parametrize("content", [b"", b"  \n\n"])
def test_empty_upload_is_an_error_not_the_example(make_server: Callable[..., LiveServer], content: bytes) -> None:
    client = make_server().client()
    token = csrf_of(client, "/simulate")
    r = _post(client, token, ("mine.toml", content, "application/toml"), example="tesamorelin")
    assert r.status_code == 400
    box = _problem_box(r.text)
    assert "the uploaded file is empty" in box and "mine.toml" in box and "<code>protocol_file</code>" in box
    assert f"{len(content)} bytes" in box
    assert 'id="result"' not in r.text and "Tesamorelin 2 mg daily</h2>" not in r.text


def test_empty_upload_unit() -> None:
    with pytest.raises(InputError) as caught:
        sim_view.protocol_source(example="tesamorelin", pasted="", upload_name="x.toml", upload=b"")
    assert caught.value.problems[0].file == "x.toml"
    # no file chosen (the browser sends an empty name): the example is used
    assert sim_view.protocol_source(example="tesamorelin", pasted="", upload_name="", upload=b"").label == \
        "tesamorelin.toml"


def test_off_label_points_to_the_checkbox(make_server: Callable[..., LiveServer]) -> None:
    client = make_server().client()
    token = csrf_of(client, "/simulate")
    r = _post(client, token, protocol_text=HIGH)
    assert r.status_code == 400
    box = _problem_box(r.text)
    assert "--allow-off-label" not in r.text
    label = sim_view.OFF_LABEL_CHECKBOX
    assert f"tick “{label}”" in box and label in r.text.split('name="allow_off_label"')[1][:200]


def test_every_bad_field_is_listed_at_once(make_server: Callable[..., LiveServer]) -> None:
    client = make_server().client()
    token = csrf_of(client, "/simulate")
    r = _post(client, token, protocol_text=HIGH, sleep="bedtime", days="0", weight_kg="5", age_years="12")
    assert r.status_code == 400
    box = _problem_box(r.text)
    for field in ("sleep", "amount", "days", "weight_kg", "age_years"):
        assert f"<code>{field}</code>" in box, field
    # an empty upload and a bad sleep window together
    r = _post(client, token, ("e.toml", b"", "application/toml"), sleep="25:00-07:00")
    box = _problem_box(r.text)
    assert "the uploaded file is empty" in box and "<code>sleep</code>" in box


def test_headline_is_labelled_as_the_typical_person(make_server: Callable[..., LiveServer]) -> None:
    client = make_server().client()
    token = csrf_of(client, "/simulate")
    r = _post(client, token, example="tesamorelin", weight_kg="80")
    assert r.status_code == 200, r.text[:2000]
    facts = r.text.split('id="sim-summary"')[1].split("</section>")[0]
    assert "IGF-1 on day 13 (final)" in facts and "typical-person model value, no interval" in facts
    note = r.text.split('id="model-value-note"')[1].split("</p>")[0]
    assert "90 %" in note and "Plan page" in note
