"""Regenerate the parameter tables in ``docs/`` from the ``Sourced`` values in code.

    .venv/bin/python scripts/docs_tables.py           # rewrite the stale tables
    .venv/bin/python scripts/docs_tables.py --check   # exit 1 naming each stale table, write nothing

Each generated table sits between ``<!-- BEGIN GENERATED: KEY -->`` and ``<!-- END GENERATED -->``. KEY names what is
rendered: ``axis-parameters`` and ``axis-iiv`` (``igfaxis.physiology.parameters.AXIS`` / ``IIV``, docs/model.md) and
``agent-parameters ID`` (every sourced number of one agent, docs/agents.md). ``tests/test_docs_tables.py`` runs the
check, so a value changed in code (a refit, a new source) cannot leave the documentation behind. The case tables of
docs/agents.md are written by hand from ``igfaxis validate``; :func:`case_table_problems` is what the calibration
tests use to check each simulated value and result shown there.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from igfaxis.provenance import Sourced

ROOT = Path(__file__).resolve().parents[1]
DOCS = ("docs/model.md", "docs/agents.md")
BLOCK = re.compile(r"(<!-- BEGIN GENERATED: (?P<key>[^>]+?) -->\n)(?P<body>.*?)(<!-- END GENERATED -->)", re.S)


def _axis_table(items: Iterable[Sourced]) -> str:
    head = "|name|value|unit|source|note|assumption|\n|---|---|---|---|---|---|\n"
    return head + "".join(f"| `{s.name}` | {s.value:g} | {s.unit} | {s.source} | {s.note} | "
                          f"{'yes' if s.assumption else ''} |\n" for s in items)


def _agent_table(agent_id: str) -> str:
    from igfaxis.physiology.agents import AGENTS

    head = "| parameter | value | unit | source | note |\n|---|---|---|---|---|\n"
    rows = (f"| {s.name}{' *(assumption)*' if s.assumption else ''} | {s.value:.4g} | {s.unit} | {s.source} | "
            f"{s.note} |\n" for s in AGENTS[agent_id].parameters())
    return head + "".join(rows)


def renderer(key: str) -> Callable[[], str]:
    """The function rendering the table named ``key``; unknown keys are an error naming the known ones."""
    from igfaxis.physiology.agents import AGENTS
    from igfaxis.physiology.parameters import AXIS, IIV

    kind, _, arg = key.partition(" ")
    if kind == "axis-parameters" and not arg:
        return lambda: _axis_table(AXIS[k] for k in AXIS)
    if kind == "axis-iiv" and not arg:
        return lambda: _axis_table(IIV[k] for k in IIV)
    if kind == "agent-parameters" and arg in AGENTS:
        return lambda: _agent_table(arg)
    known = ["axis-parameters", "axis-iiv", *(f"agent-parameters {a}" for a in AGENTS)]
    raise SystemExit(f"unknown generated table {key!r}; known: {', '.join(known)}")


def regenerate(text: str) -> tuple[str, list[str]]:
    """``text`` with every generated block re-rendered, and the keys of the blocks that changed."""
    stale: list[str] = []

    def sub(m: re.Match[str]) -> str:
        body = renderer(m["key"])()
        if body != m["body"]:
            stale.append(m["key"])
        return m.group(1) + body + m.group(4)

    return BLOCK.sub(sub, text), stale


def stale_tables(root: Path = ROOT) -> dict[str, list[str]]:
    """``{doc: [stale table keys]}`` for the docs whose generated tables differ from the code."""
    out = {}
    for doc in DOCS:
        _, stale = regenerate((root / doc).read_text())
        if stale:
            out[doc] = stale
    return out


CASE_ROW = re.compile(r"^\| (?P<id>[a-z0-9]+(?:-[a-z0-9]+)+) \([^|]*\) \| [^|]* \| [^|]* \| "
                      r"(?P<simulated>[^|]*) \| [^|]* \| (?P<result>[^|]*) \|$", re.M)


def documented_cases(doc: str = "docs/agents.md") -> dict[str, tuple[float, bool]]:
    """``{case id: (simulated value, passed)}`` as the case tables of ``doc`` show them (value: the cell's first
    number; passed: the result cell reads "pass...", not "**fail**")."""
    out = {}
    for m in CASE_ROW.finditer((ROOT / doc).read_text()):
        number = m["simulated"].split()[0].replace("\u2212", "-").lstrip("+")
        out[m["id"]] = (float(number), m["result"].startswith("pass"))
    return out


def case_table_problems(results: Iterable[Any]) -> list[str]:
    """Where docs/agents.md's case tables disagree with ``results`` (``calibration_cases.Result``: the simulated
    value to the 3 significant digits shown, and pass/fail)."""
    shown = documented_cases()
    problems = []
    for r in results:
        if r.case.id not in shown:
            problems.append(f"{r.case.id}: not in docs/agents.md")
            continue
        value, passed = shown[r.case.id]
        if value != float(f"{r.simulated:.3g}") or passed != bool(r.passed):
            problems.append(f"{r.case.id}: docs show {value:g} ({'pass' if passed else 'fail'}), validate gives "
                            f"{r.simulated:.3g} ({'pass' if r.passed else 'fail'})")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="report stale tables and exit 1; write nothing")
    args = ap.parse_args(argv)
    stale = stale_tables()
    for doc, keys in stale.items():
        print(f"{doc}: {'stale' if args.check else 'rewrote'} {', '.join(keys)}")
        if not args.check:
            path = ROOT / doc
            path.write_text(regenerate(path.read_text())[0])
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
