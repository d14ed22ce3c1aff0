"""Peptide and secretagogue agents: one declaration module each, and the registry.

``AGENTS`` maps agent id (as written in protocol files) to its :class:`~igfaxis.physiology.agents.base.Agent`;
:func:`get_agent` also accepts aliases and underscores (``cjc_1295``, ``ibutamoren``).
"""

from __future__ import annotations

from types import MappingProxyType

from igfaxis.physiology.agents import cjc_1295, cjc_1295_nodac, ipamorelin, mk_677, sermorelin, tesamorelin
from igfaxis.physiology.agents.base import ROUTES, Agent, DoseRange, Route, RouteSpec, SourcedText

AGENTS = MappingProxyType(
    {
        a.id: a
        for a in (
            tesamorelin.AGENT,
            sermorelin.AGENT,
            cjc_1295.AGENT,
            cjc_1295_nodac.AGENT,
            ipamorelin.AGENT,
            mk_677.AGENT,
        )
    }
)

_ALIASES = {alias: a.id for a in AGENTS.values() for alias in a.aliases} | {
    "mod-grf-1-29": "cjc-1295-nodac",
    "modified-grf-1-29": "cjc-1295-nodac",
    "cjc-1295-dac": "cjc-1295",
}


def normalise_agent_id(name: str) -> str:
    """Lower-case, underscores and spaces to hyphens, aliases resolved; the result may not be a known agent."""
    key = "-".join(name.strip().lower().replace("_", "-").split())
    return _ALIASES.get(key, key)


def get_agent(name: str) -> Agent:
    """The agent called ``name`` (id or alias); ``KeyError`` listing the known ids otherwise."""
    key = normalise_agent_id(name)
    try:
        return AGENTS[key]
    except KeyError:
        raise KeyError(f"unknown agent {name!r}; known: {', '.join(AGENTS)}") from None


__all__ = ["AGENTS", "ROUTES", "Agent", "DoseRange", "Route", "RouteSpec", "SourcedText", "get_agent",
           "normalise_agent_id"]
