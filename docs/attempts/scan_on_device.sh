#!/usr/bin/env bash
# Run scan_axis_refit.py on the lent GPU machine's CPU cores (16 there, 2 here), optionally beside the GPU benchmark
# (bench/gpu.sh uses the GPU and one core). Reference only. From the repo root, on the device tool's `run`, carrying
# bench/out/wheels (made here by `bash bench/gpu.sh prepare`: the pure-Python packages the GPU image lacks):
#   POINTS='[{}, {"hep_ec50": 2.5}]' WORKERS=15 SCAN_TIMEOUT=540 BENCH=1 bash docs/attempts/scan_on_device.sh
# Every finished point is a line of $OUT/scan.jsonl (points still running at SCAN_TIMEOUT are lost); the scan's log is
# $OUT/scan.log; with BENCH=1 the benchmark's JSON and log land in $OUT as bench/gpu.sh writes them.
# Measured 2026-11-28 (H200 machine, 16 vCPUs, bench beside it): 15 points with SCAN_AGENTS=tesamorelin,cjc-1295,
# mk-677 did not finish one point in 530 s (here, 2 CPUs: 345 s a point on 2 workers), so under the device's 600-s
# command limit give it fewer workers than cores, fewer agents, or no benchmark beside it. The benchmark's rows from
# that call are run 6 in bench/RESULTS.md.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/scan-out}
mkdir -p "$OUT"
PY=${PY:-python3}
. bench/wheels.sh
nproc
lscpu | grep -E "Model name|^CPU\(s\)" || true
bench_pid=""
if [ "${BENCH:-0}" = 1 ]; then
  OUT="$OUT" PROFILE=0 bash bench/gpu.sh > "$OUT/bench-stdout.log" 2>&1 &
  bench_pid=$!
fi
PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}" timeout "${SCAN_TIMEOUT:-540}" $PY docs/attempts/scan_axis_refit.py \
  "$OUT/scan.jsonl" --workers "${WORKERS:-15}" --no-phase2 --points "$POINTS" 2>&1 | grep -v WARNING | tee "$OUT/scan.log"
if [ -n "$bench_pid" ]; then wait "$bench_pid"; tail -n 30 "$OUT/bench-stdout.log"; fi
