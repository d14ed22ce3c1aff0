"""The parameter tables in docs/ are the ones ``scripts/docs_tables.py`` renders from the code's Sourced values."""

from __future__ import annotations

from types import ModuleType

import pytest

from conftest import load_script


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script("docs_tables")


def test_generated_tables_match_the_code(script: ModuleType) -> None:
    assert script.stale_tables() == {}, "run: .venv/bin/python scripts/docs_tables.py"


def test_every_agent_and_axis_table_is_generated(script: ModuleType) -> None:
    from igfaxis.physiology.agents import AGENTS

    keys = [m["key"] for doc in script.DOCS for m in script.BLOCK.finditer((script.ROOT / doc).read_text())]
    assert sorted(keys) == sorted(["axis-parameters", "axis-iiv", *(f"agent-parameters {a}" for a in AGENTS)])


def test_a_changed_value_is_reported_stale(script: ModuleType) -> None:
    text = (script.ROOT / "docs/model.md").read_text()
    edited = text.replace("| `k_ghrh` | 40 |", "| `k_ghrh` | 41 |", 1)
    assert edited != text
    fixed, stale = script.regenerate(edited)
    assert stale == ["axis-parameters"] and fixed == text


def test_unknown_table_key_is_an_error(script: ModuleType) -> None:
    with pytest.raises(SystemExit, match="unknown generated table 'agent-parameters nope'"):
        script.regenerate("<!-- BEGIN GENERATED: agent-parameters nope -->\n<!-- END GENERATED -->")


def test_each_agent_section_lists_the_flags_its_outputs_carry(script: ModuleType) -> None:
    """docs/agents.md's "Assumptions flagged in every output" bullet of each agent is what ``Agent.flags()`` gives
    (hand-written prose around it, so a new model-limit flag must be added to the docs too)."""
    from igfaxis.physiology.agents import AGENTS

    text = (script.ROOT / "docs/agents.md").read_text()
    for agent in AGENTS.values():
        start = text.index(f"(`{agent.id}`)\n")
        section = text[start:text.index("<!-- BEGIN GENERATED", start)]
        flags = agent.flags()
        bullet = "- **Assumptions flagged in every output:** " + "; ".join(flags) + "."
        assert (bullet in section) if flags else ("Assumptions flagged" not in section), agent.id
