#!/usr/bin/env bash
# Round-trip latency at 1024 elements in several processes on the GPU machine:
# where do the ~30 us steps of some processes go (docs/performance.md,
# "Round-trip noise")? Prints, per process, the median and p95 of the round trip
# and of its submit and completion latencies (calibrated timestamps).
#   device.run: OUT=$OUT scripts/gpu-latency.sh   (carry .gl and gpu-bin)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# shellcheck source=scripts/gpu-env.sh
. scripts/gpu-env.sh
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
echo "process,elements,measure,median_ns,p95_ns"
for i in 1 2 3 4 5 6 7 8; do
  timeout 60 "$bin" -n 1K --iterations 300 --format csv -o "$out/process$i.csv"
  grep -E ',(roundtrip|submit_latency|completion_latency|kernel|upload|download),' "$out/process$i.csv" |
    cut -d, -f3,4,7,11 | sed "s/^/$i,/"
done
