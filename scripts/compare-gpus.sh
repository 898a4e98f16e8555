#!/usr/bin/env bash
# Compare GPUs: one combined throughput table and one chart.
#
#   scripts/compare-gpus.sh [-o DIR] [-- FIELDBENCH-ARGS...]   # run the sweep on every device here
#   scripts/compare-gpus.sh [-o DIR] RESULT.json ...            # combine results from other machines
#
# Without result files it runs `fieldbench --device all --format json` (plus FIELDBENCH-ARGS,
# e.g. --elements 1K..16M) into DIR/all.json. Either way it writes DIR/table.txt (throughput per
# file and device side by side, each relative to the first) and DIR/chart.svg (fieldbench plot).
# DIR defaults to ./gpu-comparison; the binary is $FIELDBENCH or build/release/app/fieldbench.
# Exit code: fieldbench's (0 ok, 1 a verification mismatch, 2 usage, 3 no device, 4 Vulkan error).
set -euo pipefail

bin=${FIELDBENCH:-build/release/app/fieldbench}
dir=gpu-comparison
files=()
args=()
while (($# > 0)); do
  case "$1" in
    -o) dir=$2; shift 2 ;;
    --) shift; args=("$@"); break ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) files+=("$1"); shift ;;
  esac
done
if [[ ! -x "$bin" ]]; then
  echo "compare-gpus: $bin not found; build it (cmake --preset release && cmake --build --preset release) or set FIELDBENCH" >&2
  exit 2
fi
mkdir -p "$dir"

if ((${#files[@]} == 0)); then
  "$bin" --device all --format json -o "$dir/all.json" "${args[@]}"
  files=("$dir/all.json")
elif ((${#args[@]} > 0)); then
  echo "compare-gpus: fieldbench arguments only apply when no result files are given" >&2
  exit 2
fi
"$bin" plot "${files[@]}" -o "$dir/chart.svg" --table | tee "$dir/table.txt"
echo "compare-gpus: wrote $dir/table.txt and $dir/chart.svg"
