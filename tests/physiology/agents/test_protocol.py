"""Protocol TOML parsing: examples, every bad-protocol case, expansion, and a Hypothesis round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from igfaxis.errors import InputError, ProtocolError
from igfaxis.physiology.protocol import load_protocol, parse_protocol, prepare, to_drug_inputs

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "protocols"


def _one(**fields: object) -> str:
    body = "\n".join(f"{k} = {v!r}".replace("'", '"') for k, v in fields.items())
    return f'name = "t"\n[[dose]]\n{body}\n'


BASE = {"agent": "tesamorelin", "amount": "2 mg", "route": "sc", "every": "1 day"}


def _problem(text: str, **kw: object) -> ProtocolError:
    with pytest.raises(ProtocolError) as err:
        parse_protocol(text, file="p.toml", **kw)  # type: ignore[arg-type]
    return err.value


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_examples_load_and_expand(path: Path) -> None:
    proto = load_protocol(path)
    reg = prepare(proto, weight_kg=75.0, days=28)
    assert reg.events and all(v > 0 for v in reg.plasma_peak_ng_ml.values())
    assert [e.time_h for e in reg.events] == sorted(e.time_h for e in reg.events)
    assert len(reg.drug_inputs) == len(proto.doses)


def test_every_agent_has_an_example_and_the_combination_exists() -> None:
    agents = {d.agent for p in EXAMPLES.glob("*.toml") for d in load_protocol(p).doses}
    assert agents == {"tesamorelin", "sermorelin", "cjc-1295", "cjc-1295-nodac", "ipamorelin", "mk-677"}
    combo = load_protocol(EXAMPLES / "ipamorelin-cjc-1295.toml")
    assert {d.agent for d in combo.doses} == {"ipamorelin", "cjc-1295"}


@pytest.mark.parametrize(
    ("fields", "field", "received"),
    [
        (BASE | {"agent": "bpc-157"}, "agent", "bpc-157"),
        (BASE | {"amount": "2 mL"}, "amount", "2 mL"),
        (BASE | {"amount": "two mg"}, "amount", "two mg"),
        (BASE | {"amount": "2 mg/L"}, "amount", "2 mg/L"),
        (BASE | {"route": "oral"}, "route", "oral"),
        (BASE | {"route": "nasal"}, "route", "nasal"),
        (BASE | {"amount": "5 mg"}, "amount", "5 mg"),
        (BASE | {"every": "1 kg"}, "every", "1 kg"),
        (BASE | {"every": "10 min"}, "every", "10 min"),
        (BASE | {"at": "25:00"}, "at", "25:00"),
        (BASE | {"start_day": -1}, "start_day", "-1"),
        (BASE | {"stop_day": 10, "count": 3}, "count", None),
        (BASE | {"dose_time": "22:00"}, "dose_time", "dose_time"),
        ({"agent": "mk-677", "amount": "25 mg", "route": "oral", "count": 3}, "count", "3"),
        ({"agent": "mk-677", "amount": "25 mg"}, "route", "nothing"),
    ],
)
def test_bad_protocols_name_file_row_field_value(fields: dict[str, object], field: str, received: str | None) -> None:
    err = _problem(_one(**fields))
    p = next(p for p in err.problems if p.field == field)
    assert p.file == "p.toml" and p.row == 1 and p.expected
    if received is not None:
        assert p.received == received
    assert isinstance(err, InputError)


def test_structural_errors() -> None:
    assert _problem("name = 'x'\n").problems[0].field == "dose"
    assert "TOML" in str(_problem("name = \n"))
    assert _problem('name = "x"\nextra = 1\n[[dose]]\nagent="mk-677"\namount="25 mg"\nroute="oral"\n') \
        .problems[0].field == "extra"
    with pytest.raises(ProtocolError, match="cannot read"):
        load_protocol("/nonexistent/p.toml")


def test_second_stream_error_names_row_2() -> None:
    text = _one(**BASE) + '[[dose]]\nagent = "ipamorelin"\namount = "3 ug/kg"\nroute = "oral"\n'
    err = _problem(text)
    assert [(p.row, p.field) for p in err.problems] == [(2, "route")]


def test_off_label_needs_the_flag_and_is_carried() -> None:
    text = _one(**(BASE | {"amount": "5 mg"}))
    proto = parse_protocol(text, file="p.toml", allow_off_label=True)
    assert proto.off_label and any(f.startswith("OFF-LABEL") for f in proto.flags)
    reg = prepare(proto, weight_kg=70, days=7)
    assert any(f.startswith("OFF-LABEL") for f in reg.flags)
    assert reg.agents_json()["tesamorelin"]["off_label"]


def test_per_kg_range_is_checked_at_the_persons_weight() -> None:
    # 2 mg sermorelin SC: inside 10-30 ug/kg for 67-200 kg, outside at 45 kg (44 ug/kg)
    proto = parse_protocol(_one(agent="sermorelin", amount="2 mg", route="sc"))
    prepare(proto, weight_kg=80, days=2)
    with pytest.raises(ProtocolError, match="outside the published human range"):
        prepare(proto, weight_kg=45, days=2)
    flagged = parse_protocol(_one(agent="sermorelin", amount="2 mg", route="sc"), allow_off_label=True)
    assert any("OFF-LABEL" in f for f in prepare(flagged, weight_kg=45, days=2).flags)


def test_expansion_schedule() -> None:
    daily = parse_protocol(_one(**(BASE | {"at": "08:30", "start_day": 2, "stop_day": 5})))
    assert [e.time_h for e in prepare(daily, weight_kg=70, days=10).events] == [56.5, 80.5, 104.5]
    weekly = parse_protocol(_one(agent="cjc-1295", amount="30 ug/kg", route="sc", every="7 days", count=2))
    ev = prepare(weekly, weight_kg=80, days=30).events
    assert [e.time_h for e in ev] == [22.0, 190.0] and ev[0].amount_ug == pytest.approx(2400.0)
    twice = parse_protocol(_one(agent="ipamorelin", amount="30 ug/kg", route="iv", every="12 h", count=4))
    assert [e.time_h for e in prepare(twice, weight_kg=70, days=10).events] == [22.0, 34.0, 46.0, 58.0]
    single = parse_protocol(_one(agent="ipamorelin", amount="30 ug/kg", route="iv"))
    (di,) = to_drug_inputs(single, weight_kg=70, days=3)
    assert di.iv and di.dose_times_h == (22.0,) and di.dose_amounts_ug == (2100.0,)
    assert prepare(single, weight_kg=70, days=3).events[0].as_dict()["clock"] == "22:00"


def test_horizon_cuts_doses() -> None:
    proto = parse_protocol(_one(**BASE))
    assert len(prepare(proto, weight_kg=70, days=3).events) == 3
    with pytest.raises(InputError):
        prepare(proto, weight_kg=5, days=3)


AGENT_DOSES = {
    ("tesamorelin", "sc"): ("mg", 1.0, 2.0),
    ("sermorelin", "sc"): ("ug/kg", 10.0, 30.0),
    ("cjc-1295", "sc"): ("ug/kg", 30.0, 90.0),
    ("ipamorelin", "iv"): ("ug/kg", 3.0, 99.0),
    ("mk-677", "oral"): ("mg", 2.0, 50.0),
}


#: published dosing intervals (DoseRange.min_interval) in the generator's "every" choices
EVERY = {"tesamorelin": ["1 day", "2 days"], "sermorelin": ["1 day", "2 days"], "cjc-1295": ["7 days", "14 days"],
         "ipamorelin": ["12 h", "1 day", "7 days"], "mk-677": ["1 day", "2 days"]}


@st.composite
def streams(draw: st.DrawFn) -> dict[str, object]:
    (agent, route), (unit, lo, hi) = draw(st.sampled_from(sorted(AGENT_DOSES.items())))
    amount = round(draw(st.floats(lo, hi)), 3)
    d: dict[str, object] = {"agent": agent, "amount": f"{amount} {unit}", "route": route,
                            "at": f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}",
                            "start_day": draw(st.integers(0, 30))}
    if draw(st.booleans()):
        d["every"] = draw(st.sampled_from(EVERY[agent]))
        if draw(st.booleans()):
            d["count"] = draw(st.integers(1, 20))
        else:
            d["stop_day"] = int(d["start_day"]) + draw(st.integers(1, 60))  # type: ignore[call-overload]
    return d


@settings(max_examples=60, deadline=None)
@given(st.lists(streams(), min_size=1, max_size=3, unique_by=lambda d: d["agent"]))
def test_round_trip_of_valid_protocols(doses: list[dict[str, object]]) -> None:
    text = 'name = "generated"\n' + "".join(
        "[[dose]]\n" + "".join(f'{k} = "{v}"\n' if isinstance(v, str) else f"{k} = {v}\n" for k, v in d.items())
        for d in doses
    )
    proto = parse_protocol(text)
    assert proto.name == "generated" and len(proto.doses) == len(doses)
    for d, s in zip(doses, proto.doses, strict=True):
        assert s.agent == d["agent"] and s.route == d["route"] and s.start_day == d["start_day"]
        assert s.amount.text == d["amount"]
        hh, mm = str(d["at"]).split(":")
        assert s.at_h == pytest.approx(int(hh) + int(mm) / 60)
        assert s.count == d.get("count")
    times = [e.time_h for e in prepare(proto, weight_kg=70, days=120).events]
    assert times == sorted(times)


def test_dosing_more_often_than_published_is_off_label() -> None:
    # the per-dose range cannot be circumvented by dosing hourly: 2 mg tesamorelin every hour is 48 mg a day
    err = _problem(_one(**(BASE | {"every": "1 h"})))
    (p,) = err.problems
    assert (p.file, p.row, p.field, p.received) == ("p.toml", 1, "every", "1 h")
    assert "doses at least 24 h apart" in p.message and "--allow-off-label" in p.message
    flagged = parse_protocol(_one(**(BASE | {"every": "1 h"})), allow_off_label=True)
    assert any(f.startswith("OFF-LABEL") and "more often" in f for f in prepare(flagged, weight_kg=70, days=2).flags)
    parse_protocol(_one(**(BASE | {"every": "1 h", "count": 1})))  # a single dose: no interval to judge
    # weekly CJC-1295 is published; daily is not
    parse_protocol(_one(agent="cjc-1295", amount="30 ug/kg", route="sc", every="7 days"))
    assert _problem(_one(agent="cjc-1295", amount="30 ug/kg", route="sc", every="1 day")).problems[0].field == "every"


def test_two_streams_of_one_agent_are_checked_together() -> None:
    text = ('name = "t"\n[[dose]]\nagent = "mk-677"\namount = "25 mg"\nroute = "oral"\nevery = "1 day"\nat = "08:00"\n'
            '[[dose]]\nagent = "mk-677"\namount = "25 mg"\nroute = "oral"\nevery = "1 day"\nat = "20:00"\n')
    proto = parse_protocol(text, file="p.toml")  # each stream alone is once daily
    with pytest.raises(ProtocolError) as err:
        prepare(proto, weight_kg=70, days=3)
    (p,) = err.value.problems
    assert (p.file, p.row, p.field, p.received) == ("p.toml", 2, "every", "12 h between doses")
    assert "rows 1 (day 0 08:00) and 2 (day 0 20:00)" in p.message
    flagged = prepare(parse_protocol(text, allow_off_label=True), weight_kg=70, days=3).flags
    assert sum(f.startswith("OFF-LABEL") for f in flagged) == 1
    # different agents may share a clock time (the ipamorelin + CJC-1295 combination)
    combo = parse_protocol(Path("examples/protocols/ipamorelin-cjc-1295.toml").read_text())
    assert not [f for f in prepare(combo, weight_kg=80, days=15).flags if f.startswith("OFF-LABEL")]


def test_a_dose_sweep_point_is_checked_like_a_protocol_file() -> None:
    proto = parse_protocol(_one(**BASE), file="p.toml")
    assert proto.scaled(1.0) is proto and proto.scaled(0.5).doses[0].amount.ug(70) == 1000.0
    with pytest.raises(ProtocolError) as err:
        proto.scaled(10.0)
    (p,) = err.value.problems
    assert (p.row, p.field, p.received) == (1, "dose_scale", "10")
    loose = parse_protocol(_one(**BASE), file="p.toml", allow_off_label=True).scaled(10.0)
    assert any(f.startswith("OFF-LABEL: dose x10") for f in loose.flags)
