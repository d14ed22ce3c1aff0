#!/usr/bin/env bash
# Set up igfaxis in .venv and run the main job: interpret the bundled example patient's IGF-1 history.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
.venv/bin/igfaxis interpret examples/patient-igf1.csv --sex male --birth-date 1971-05-02 "$@"
