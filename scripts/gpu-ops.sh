#!/usr/bin/env bash
# Field ops beyond add on the GPU machine (issue 6), for docs/performance.md:
#   device.run: OUT=$OUT scripts/gpu-ops.sh   (carry .gl and gpu-bin)
# Optional: gpu-bin/fieldbench-microbench with gpu-bin/libbenchmark.so.1debian beside it
# (cp build/release/bench/fieldbench-microbench /usr/lib/x86_64-linux-gnu/libbenchmark.so.1debian gpu-bin/).
# 1. Montgomery mul in BLS12-381 Fp, 16 chained ops per element, at 1M, 4M and 16M
#    elements, with the integer-rate probe (int_probe) run alongside: JSON + table.
# 2. Every op x every field at 1M elements, one op per element and 16 chained.
# 3. fieldbench-microbench's GPU cases, when the binary was carried.
# Every run has a time limit, so one hang cannot eat the lease.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# shellcheck source=scripts/gpu-env.sh
. scripts/gpu-env.sh
t() { timeout -k 2 180 "$bin" "$@"; }

nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem --format=csv | tee "$out/gpu.txt"
date -u '+%Y-%m-%d %H:%M UTC' | tee -a "$out/gpu.txt"

t --op mul --field bls12-381-fp --ops-per-element 16 -n 1M,4M,16M --iterations 20 --format json -o "$out/mul16.json"
t --op mul --field bls12-381-fp --ops-per-element 16 -n 1M,4M,16M --iterations 20 | tee "$out/mul16.txt"
t --op mul --field bls12-381-fp --ops-per-element 64 -n 4M --iterations 20 | tee -a "$out/mul16.txt"

for field in bls12-381-fp bls12-381-fr bn254-fp bn254-fr; do
  for k in 1 16; do
    t --op all --field "$field" --ops-per-element "$k" -n 1M --iterations 20 --format json \
      -o "$out/ops-$field-k$k.json"
    t --op all --field "$field" --ops-per-element "$k" -n 1M --iterations 20 | tee -a "$out/ops.txt"
  done
done

if [ -x gpu-bin/fieldbench-microbench ]; then
  LD_LIBRARY_PATH=gpu-bin${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} FIELDBENCH_MICROBENCH_ELEMENTS=1M,16M \
    timeout -k 2 300 gpu-bin/fieldbench-microbench --benchmark_filter='^gpu/' --benchmark_format=json \
    --benchmark_out="$out/microbench.json" --benchmark_out_format=json | tee "$out/microbench.txt"
fi
