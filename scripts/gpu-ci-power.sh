#!/usr/bin/env bash
# Issue 15 on the GPU machine: scripts/ci-power.sh's false-alarm and detection rates at the GPU
# settings of docs/ci.md (interleaved processes, kernel slowdown of 5% at 1M and above).
#   device.run: OUT=$OUT scripts/gpu-ci-power.sh [ci-power.sh options...]   (carry .gl and gpu-bin)
# Default options: -m 12 -x 5 -t 5 -a 0.05 -p 2 --runs 2 --iterations 10 -- --elements 1M,4M.
# The reports stay in /tmp; $OUT gets the summary and each pair's comparison (few files).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# shellcheck source=scripts/gpu-env.sh
. scripts/gpu-env.sh
opts=("$@")
((${#opts[@]} > 0)) || opts=(-m 12 -x 5 -t 5 -a 0.05 -p 2 --runs 2 --iterations 10 -- --elements 1M,4M)
{
  date -u '+%Y-%m-%d %H:%M UTC'
  "$bin" --version
  nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
  echo "scripts/ci-power.sh ${opts[*]}"
} | tee "$out/power.txt"
rm -rf /tmp/ci-power
FIELDBENCH=$bin CI_POWER_OUT=/tmp/ci-power timeout 560 scripts/ci-power.sh "${opts[@]}" 2>&1 | tee -a "$out/power.txt"
date -u '+%Y-%m-%d %H:%M UTC' | tee -a "$out/power.txt"
# Every pair's comparison in one file.
for f in /tmp/ci-power/*.txt; do echo "== ${f##*/}"; grep -E "^(field|ok|FAILED)" "$f"; done >"$out/pairs.txt" 2>/dev/null
