#!/usr/bin/env bash
# The measurements behind docs/performance.md, in one call on the GPU machine:
#   device.run: OUT=$OUT scripts/gpu-measure.sh   (carry .gl and gpu-bin)
# Every run has a time limit, so one hang cannot eat the lease.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# shellcheck source=scripts/gpu-env.sh
. scripts/gpu-env.sh
t() { timeout -k 2 120 "$bin" "$@"; }

nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem --format=csv | tee "$out/gpu.txt"
date -u '+%Y-%m-%d %H:%M UTC' | tee -a "$out/gpu.txt"
for i in 1 2 3; do /usr/bin/time -f "whole default sweep: %e s wall" "$bin" >/dev/null; done 2>&1 | tee -a "$out/gpu.txt"
t --format json -o "$out/sweep.json"
t | tee "$out/sweep.txt"
t -n 262144 --iterations 100 | tee -a "$out/sweep.txt"
t --memory imported | tee "$out/imported.txt"
t --memory host-visible | tee "$out/host-visible.txt"
t --cold | tee "$out/cold.txt"
t -n 1K --iterations 200 --format csv | grep -E ',roundtrip,|,kernel,' | tee "$out/small.csv"
t -n 1M..64M --iterations 10 | tee "$out/large.txt"
for wg in 64 256 1024; do
  t -n 256K,16M --iterations 20 --workgroup-size "$wg" --format csv | grep -E ',kernel,|,roofline,' | sed "s/^/wg=$wg,/"
done | tee "$out/workgroup.csv"
# The add kernel's variants (one today, u32); mul and sqr variants: scripts/gpu-mul.sh.
for wg in 256 1024; do
  t -n 1K,256K,1M,16M --iterations 20 --variant all --workgroup-size "$wg" --format csv |
    grep -E ',kernel,' | sed "s/^/wg=$wg,/"
done | tee "$out/kernels.csv"

