#!/usr/bin/env bash
# Round-trip latency at 1024 elements, repeated, on the GPU machine: is the
# 35 us / 70 us split (docs/performance.md, "Round-trip noise") in time, per
# process, or per CPU? Writes per-repetition JSON to $OUT.
#   device.run: OUT=$OUT scripts/gpu-latency.sh   (carry .gl and gpu-bin)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# shellcheck source=scripts/gpu-env.sh
. scripts/gpu-env.sh
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
for i in 1 2 3; do
  timeout 60 "$bin" -n 1K --iterations 500 --format json -o "$out/free$i.json"
done
for cpu in 0 7; do
  timeout 60 taskset -c "$cpu" "$bin" -n 1K --iterations 500 --format json -o "$out/cpu$cpu.json"
done
for f in "$out"/*.json; do
  printf '%s ' "$(basename "$f")"
  grep -o '"name": "field_add/device-local/1024/roundtrip", [^}]*"run_type": "iteration"[^}]*"real_time": [0-9.]*' "$f" |
    sed 's/.*"real_time": //' | awk '{v[NR]=$1; if ($1 < 50000) fast++} END {
      n = NR; printf "n=%d fast(<50us)=%d", n, fast;
      printf " first50:"; for (i = 1; i <= 50 && i <= n; i++) printf " %d", v[i] / 1000; print "" }'
done
