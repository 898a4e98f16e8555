#!/usr/bin/env bash
# One --shader over the values of one -D macro: a run per value (verified, as every run), the
# median kernel time of each, and the fastest value printed last.
#
#   scripts/shader-sweep.sh SHADER NAME VALUES [-- FIELDBENCH-ARGS...]
#   scripts/shader-sweep.sh my_mul.comp UNROLL 1,2,4,8 -- --op mul --field bn254-fr -n 1M
#
# VALUES is comma-separated. Each run's CSV goes to $SWEEP_OUT/<NAME>=<value>.csv (default: a
# temporary folder, removed). FIELDBENCH (default: build/release/app/fieldbench, else
# build/dev/app/fieldbench) names the executable. The figure compared is the sum over sizes of
# each size's median kernel time (ns), so every value is timed on the same sizes. A run that
# fails (compile error, interface, verification, timeout) is reported with its exit code and
# skipped; the script exits 1 if every run failed, 2 on a usage error.
set -uo pipefail

usage() { echo "usage: scripts/shader-sweep.sh SHADER NAME VALUES [-- FIELDBENCH-ARGS...]" >&2; exit 2; }
(($# >= 3)) || usage
shader=$1 name=$2 values=$3
shift 3
if (($# > 0)); then
  [[ "$1" == "--" ]] || usage
  shift
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exe=${FIELDBENCH:-}
if [[ -z "$exe" ]]; then
  for candidate in "$root/build/release/app/fieldbench" "$root/build/dev/app/fieldbench"; do
    [[ -x "$candidate" ]] && { exe=$candidate; break; }
  done
fi
[[ -n "$exe" && -x "$exe" ]] || { echo "shader-sweep: no fieldbench executable (set FIELDBENCH)" >&2; exit 2; }
[[ -f "$shader" ]] || { echo "shader-sweep: '$shader' is not a file" >&2; exit 2; }
if [[ -n "${SWEEP_OUT:-}" ]]; then
  out=$SWEEP_OUT
  mkdir -p "$out"
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi

best_value="" best_ns=""
IFS=, read -r -a list <<<"$values"
((${#list[@]} > 0)) || usage
for value in "${list[@]}"; do
  csv="$out/$name=$value.csv"
  "$exe" --shader "$shader" -D "$name=$value" "$@" --format csv -o "$csv" >/dev/null 2>"$out/$name=$value.err"
  rc=$?
  if ((rc != 0)); then
    echo "$name=$value: exit $rc: $(head -n 3 "$out/$name=$value.err" | tr '\n' ' ')"
    continue
  fi
  # Columns: op,memory,elements,measure,...,median_ns (7th); the shader's kernel rows only.
  ns=$(awk -F, -v v="file:" 'NR > 1 && $4 == "kernel" && index($27, v) == 1 { s += $7 } END { if (s > 0) printf "%.0f", s }' "$csv")
  if [[ -z "$ns" ]]; then
    echo "$name=$value: no kernel time in the report"
    continue
  fi
  echo "$name=$value: kernel $ns ns (sum of medians over sizes)"
  if [[ -z "$best_ns" ]] || ((ns < best_ns)); then best_ns=$ns best_value=$value; fi
done
[[ -n "$best_value" ]] || { echo "shader-sweep: every run failed" >&2; exit 1; }
echo "best: $name=$best_value ($best_ns ns)"
