"""PK against label / paper half-life and Tmax, one test per agent."""

from __future__ import annotations

import math

import pytest

from igfaxis.physiology.agents import AGENTS
from igfaxis.physiology.agents.base import ka_for_tmax, plasma_peak_ng_ml, tmax_h


def _t_half_min(agent_id: str) -> float:
    return math.log(2) / AGENTS[agent_id].ke_per_h * 60.0


def _tmax(agent_id: str, route: str) -> float:
    a = AGENTS[agent_id]
    ka = a.routes[route].ka
    assert ka is not None
    return tmax_h(ka.value, a.ke_per_h)


def test_tesamorelin_label() -> None:  # Egrifta label: t1/2 26 min healthy (38 HIV), Tmax 0.15 h, F < 4 %
    assert _t_half_min("tesamorelin") == pytest.approx(26.0, abs=0.5)
    assert _tmax("tesamorelin", "sc") == pytest.approx(0.15, abs=0.01)
    assert AGENTS["tesamorelin"].routes["sc"].bioavailability.value <= 0.04


def test_sermorelin_label() -> None:  # Geref label: t1/2 11-12 min, SC Tmax 5-20 min, SC F ~6 %
    assert 11.0 <= _t_half_min("sermorelin") <= 12.0
    assert 5.0 / 60 <= _tmax("sermorelin", "sc") <= 20.0 / 60
    assert AGENTS["sermorelin"].volume_l(70) == pytest.approx(24.75, abs=1.1)


def test_cjc1295_teichman() -> None:  # Teichman 2006: t1/2 5.8-8.1 days
    assert 5.8 * 24 <= _t_half_min("cjc-1295") / 60.0 <= 8.1 * 24
    # GH raised >= 6 days after one dose: > 50 % of the peak concentration remains at day 6
    a = AGENTS["cjc-1295"]
    assert math.exp(-a.ke_per_h * 6 * 24) > 0.5


def test_cjc1295_nodac_is_extrapolated() -> None:  # no human PK: assumption, shorter-lived than CJC-1295 DAC
    a = AGENTS["cjc-1295-nodac"]
    assert a.half_life.assumption and not a.routes["sc"].studied
    assert _t_half_min("cjc-1295-nodac") < 120.0
    assert _tmax("cjc-1295-nodac", "sc") == pytest.approx(0.3, abs=0.01)


def test_ipamorelin_gobburu() -> None:  # Gobburu 1999: t1/2 2 h, CL 0.078 L/h/kg, Vss 0.22 L/kg
    assert _t_half_min("ipamorelin") / 60.0 == pytest.approx(2.0, abs=0.05)
    cl = AGENTS["ipamorelin"].ke_per_h * AGENTS["ipamorelin"].volume_l(1.0)
    assert cl == pytest.approx(0.078, rel=0.05)


def test_mk677_assumed_pk_keeps_24h_exposure() -> None:  # no primary half-life: assumption; GH raised over 24 h
    a = AGENTS["mk-677"]
    assert a.half_life.assumption
    trough_over_peak = math.exp(-a.ke_per_h * (24.0 - _tmax("mk-677", "oral")))
    assert trough_over_peak > 0.4


def test_pk_helpers() -> None:
    ke = math.log(2) / 0.5
    ka = ka_for_tmax(0.3, ke)
    assert tmax_h(ka, ke) == pytest.approx(0.3, rel=1e-6)
    iv = plasma_peak_ng_ml(ka_per_h=None, ke_per_h=ke, f=1.0, volume_l=10.0, dose_ug=100.0)
    sc = plasma_peak_ng_ml(ka_per_h=ka, ke_per_h=ke, f=1.0, volume_l=10.0, dose_ug=100.0)
    assert iv == pytest.approx(10.0) and 0 < sc < iv


def test_tesamorelin_peak_concentration_near_label_cmax() -> None:  # label Cmax 2874.6 pg/mL after 2 mg SC
    from igfaxis.physiology.agents import tesamorelin

    a = AGENTS["tesamorelin"]
    ka = a.routes["sc"].ka
    assert ka is not None
    peak = plasma_peak_ng_ml(ka_per_h=ka.value, ke_per_h=a.ke_per_h, f=a.routes["sc"].bioavailability.value,
                             volume_l=a.volume_l(75.0), dose_ug=2000.0)
    assert peak == pytest.approx(tesamorelin.CMAX_LABEL.value, rel=0.3)


def test_ipamorelin_iv_peak_concentration() -> None:  # 140.45 nmol/kg = 100 ug/kg into 0.22 L/kg: ~455 ng/mL
    a = AGENTS["ipamorelin"]
    c0 = plasma_peak_ng_ml(ka_per_h=None, ke_per_h=a.ke_per_h, f=1.0, volume_l=a.volume_l(70.0), dose_ug=7000.0)
    assert c0 == pytest.approx(100.0 / 0.22, rel=0.01)
