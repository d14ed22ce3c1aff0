#!/usr/bin/env bash
# GPU benchmark, for a session that is lent a GPU machine (the device tool's `run`). From the repo root:
#   1. here (no GPU):  bash bench/gpu.sh prepare     # wheels the GPU image lacks -> bench/out/wheels (~10 MB)
#   2. device run:     command "bash bench/gpu.sh", carry ["bench/out/wheels"], timeout_s 560
#      (smaller first try: command "SIZES=10000,100000 DIFFRAX_N=1000 DEADLINE=200 bash bench/gpu.sh")
# The GPU image's python3 has jax (CUDA), diffrax, numpy, scipy, psutil, cloudpickle; it lacks python-libsbml (SBML
# export for the diffrax rows), platformdirs (engine cache path) and pint with flexcache/flexparser (protocol doses),
# installed there from the carried wheels.
# Results: bench/out/gpu.json, copied to $OUT when set. Targets: >= 3e7 patient-days/s at 1e6 patients, and
# >= 10x adaptive diffrax on the same GPU (ratio_engine_vs_diffrax_axis in the JSON).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-python3}
if [ "${1:-}" = "prepare" ]; then
  # the versions this checkout's .venv runs (the tested ones), as Python 3.12 x86-64 wheels
  pins=$(for p in python-libsbml platformdirs pint flexcache flexparser filelock; do
    echo "$p==$(.venv/bin/pip show "$p" | awk '/^Version:/{print $2}')"; done)
  # shellcheck disable=SC2086
  .venv/bin/pip download -q $pins -d bench/out/wheels --only-binary :all: --python-version 3.12 \
    --platform manylinux2014_x86_64 --platform manylinux_2_28_x86_64 --platform any --no-deps
  ls -la bench/out/wheels
  exit 0
fi
# every carried wheel into one target folder (the image has no registry)
. bench/wheels.sh
nvidia-smi --query-gpu=name,memory.total,clocks.max.sm --format=csv || true
export PYTHONPATH="$PWD/src:$PWD${PYTHONPATH:+:$PYTHONPATH}"
export XLA_PYTHON_CLIENT_PREALLOCATE=false
export PYTHONUNBUFFERED=1
# what limits the kernel: Nsight Compute on one launch of the fused day (the first 6 launches are burn-in days)
NCU=$(command -v ncu || ls /opt/nvidia/nsight-compute/*/ncu 2>/dev/null | head -n 1 || true)
if [ -n "$NCU" ] && [ "${PROFILE:-1}" = 1 ]; then
  timeout "${PROFILE_TIMEOUT:-90}" "$NCU" -k regex:fused --launch-skip 6 --launch-count 1 --section SpeedOfLight \
    --section ComputeWorkloadAnalysis --section InstructionStats --section Occupancy --section LaunchStats \
    $PY -m bench gpu-probe --n "${PROBE_N:-100000}" 2>&1 | grep -v WARNING | tee "${OUT:-/tmp}/ncu.txt" | tail -n 90 || true
fi
# rows are saved (bench/out/gpu.json, and $OUT) as they finish; rows that would not fit DEADLINE are skipped
timeout "${TIMEOUT:-520}" $PY -m bench gpu --sizes "${SIZES:-10000,100000,1000000}" --days "${DAYS:-182}" \
  --xla-days "${XLA_DAYS:-14}" --diffrax-n "${DIFFRAX_N:-10000}" --deadline-s "${DEADLINE:-430}" --dt-mins "${DT_MINS:-1,2,3}" ${GPU_ARGS:-} 2>&1 \
  | grep -v 'WARNING' | tee "${OUT:-/tmp}/gpu.log" | tail -n 80 || true
