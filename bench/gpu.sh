#!/usr/bin/env bash
# GPU benchmark for a session that has a GPU machine (the device tool's `run`). From the repo root:
#   here (no GPU):   .venv/bin/pip download pint flexcache flexparser -d bench/out/wheels --only-binary :all: \
#                        --python-version 3.12 --platform manylinux2014_x86_64   # pure-Python wheels igfaxis needs
#   device run:      command "bash bench/gpu.sh", carry ["bench/out/wheels"], timeout_s 540
# The GPU image has python3 with jax[cuda], diffrax, numpy, scipy; it lacks pint (igfaxis.units), which is
# installed from the carried wheels. Results: bench/out/gpu.json, also copied to $OUT when set.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-python3}
if ! $PY -c "import pint" 2>/dev/null; then
  $PY -m pip install -q --no-index --find-links bench/out/wheels pint || echo "pint not installed: axis rows will fail"
fi
nvidia-smi --query-gpu=name,memory.total,clocks.max.sm --format=csv || true
export PYTHONPATH="$PWD/src:$PWD${PYTHONPATH:+:$PYTHONPATH}"
export XLA_PYTHON_CLIENT_PREALLOCATE=false
timeout 500 $PY -m bench gpu --sizes "${SIZES:-10000,100000,1000000}" --days "${DAYS:-182}" \
  --diffrax-n "${DIFFRAX_N:-10000}" 2>&1 | tail -n 60
if [ -n "${OUT:-}" ]; then cp bench/out/gpu.json "$OUT/" || true; fi
