#!/usr/bin/env bash
# GPU benchmark, for a session that is lent a GPU machine (the device tool's `run`). From the repo root:
#   1. here (no GPU):  bash bench/gpu.sh prepare     # wheels the GPU image lacks -> bench/out/wheels (~10 MB)
#   2. device run:     command "bash bench/gpu.sh", carry ["bench/out/wheels"], timeout_s 540
#      (smaller first try: command "SIZES=10000,100000 DIFFRAX_N=1000 bash bench/gpu.sh")
# The GPU image's python3 has jax (CUDA), diffrax, numpy, scipy, psutil, cloudpickle; it lacks python-libsbml (SBML
# export for the diffrax rows) and platformdirs (igfaxis engine cache path), installed here from the carried wheels.
# Results: bench/out/gpu.json, copied to $OUT when set. Targets: >= 3e7 patient-days/s at 1e6 patients, and
# >= 10x adaptive diffrax on the same GPU (ratio_engine_vs_diffrax_axis in the JSON).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-python3}
if [ "${1:-}" = "prepare" ]; then
  .venv/bin/pip download -q python-libsbml platformdirs -d bench/out/wheels --only-binary :all: \
    --python-version 3.12 --platform manylinux2014_x86_64 --platform manylinux_2_28_x86_64 --no-deps
  ls -la bench/out/wheels
  exit 0
fi
for mod in libsbml platformdirs; do
  if ! $PY -c "import $mod" 2>/dev/null; then
    $PY -m pip install -q --no-index --no-deps --find-links bench/out/wheels "$([ $mod = libsbml ] && echo python-libsbml || echo $mod)" \
      || echo "could not install $mod from bench/out/wheels (run 'bash bench/gpu.sh prepare' here first)"
  fi
done
nvidia-smi --query-gpu=name,memory.total,clocks.max.sm --format=csv || true
export PYTHONPATH="$PWD/src:$PWD${PYTHONPATH:+:$PYTHONPATH}"
export XLA_PYTHON_CLIENT_PREALLOCATE=false
timeout 520 $PY -m bench gpu --sizes "${SIZES:-10000,100000,1000000}" --days "${DAYS:-182}" \
  --diffrax-n "${DIFFRAX_N:-10000}" 2>&1 | grep -v '^\[WARNING\]' | tail -n 60
if [ -n "${OUT:-}" ]; then cp bench/out/gpu.json "$OUT/" || true; fi
