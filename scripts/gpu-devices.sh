#!/usr/bin/env bash
# --device all on a machine with several GPUs, for docs/performance.md ("Two GPUs side by side"):
#   device.run (kind nvidia-h100-x2): OUT=$OUT scripts/gpu-devices.sh   (carry .gl and gpu-bin)
# Writes to $OUT: gpu.txt, devices.txt/.json, all.txt (the side-by-side table), all.json,
# all.svg and all-table.txt (the chart and its table), d0.json, d1.json and d0-vs-d1.md
# (each device alone, compared with --force). Every run has a time limit.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# shellcheck source=scripts/gpu-env.sh
. scripts/gpu-env.sh
t() { timeout -k 2 300 "$bin" "$@"; }

nvidia-smi --query-gpu=index,name,pci.bus_id,driver_version,clocks.sm,clocks.mem --format=csv | tee "$out/gpu.txt"
date -u '+%Y-%m-%d %H:%M UTC' | tee -a "$out/gpu.txt"
"$bin" --version | tee -a "$out/gpu.txt"
t --list-devices | tee "$out/devices.txt"
t --list-devices --format json | tee "$out/devices.json"
/usr/bin/time -f "--device all default sweep: %e s wall" "$bin" --device all 2>&1 | tee "$out/all.txt"
t --device all --format json -o "$out/all.json"
t plot "$out/all.json" -o "$out/all.svg" --table | tee "$out/all-table.txt"
t --device 0 --format json -o "$out/d0.json"
t --device 1 --format json -o "$out/d1.json"
t compare "$out/d0.json" "$out/d1.json" --force --format markdown | tee "$out/d0-vs-d1.md"
echo "compare d0 d1 exit code: ${PIPESTATUS[0]} (1 = device 1 slower somewhere, expected for different cards)"
