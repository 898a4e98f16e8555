#!/usr/bin/env bash
# Issue 12 on the GPU machine: the link probe and both floors over the round-trip sizes, and
# the same figure in every process (12 processes per memory kind, the spread of their medians).
#   device.run: OUT=$OUT scripts/gpu-roundtrip.sh   (carry .gl and gpu-bin)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# shellcheck source=scripts/gpu-env.sh
. scripts/gpu-env.sh
date -u '+%Y-%m-%d %H:%M UTC'
"$bin" --version
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader

echo "== round trip and floors, imported (the default)"
timeout 180 "$bin" -n 1K,16K,256K,1M,4M,16M,64M --iterations 10 | tee "$out/sizes.txt"

echo "== 12 processes per kind: -n 1K,16K,256K --iterations 30, round-trip median (us) of each"
for kind in imported host-visible device-local rebar; do
  for i in $(seq 1 12); do
    timeout 60 "$bin" -n 1K,16K,256K --iterations 30 --memory "$kind" --format csv -o "$out/p-$kind-$i.csv" \
      >/dev/null 2>&1 || echo "$kind process $i failed"
  done
  for n in 1024 16384 262144; do
    awk -F, -v n=$n '$3==n && $4=="roundtrip" {printf "%.1f\n", $7/1000}' "$out"/p-"$kind"-*.csv |
      sort -n | awk -v k="$kind" -v n=$n '{v[NR]=$1} END {if (NR) printf "%s %s: %d processes, %.1f-%.1f us, spread %.1f%%\n", k, n, NR, v[1], v[NR], (v[NR]/v[1]-1)*100}'
  done
done
