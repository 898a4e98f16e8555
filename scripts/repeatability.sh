#!/usr/bin/env bash
# Repeatability: the same binary, the same arguments, N processes one after the other; each
# report compared with the first by `fieldbench compare` (default threshold, or $THRESHOLD).
#
#   scripts/repeatability.sh N [FIELDBENCH-ARGS...]
#
# Exits 1 if any comparison says `slower` or `faster` (an unchanged binary that "changed" is
# a false alarm), 2 for bad arguments or a run that failed; 0 when every comparison is `same`.
# The binary is $FIELDBENCH or build/release/app/fieldbench; reports and comparisons stay in
# $REPEATABILITY_OUT (default: a temporary folder, removed afterwards). Environment:
# THRESHOLD, ALPHA, NOISE_FLOOR: compare's --threshold, --alpha, --noise-floor.
set -euo pipefail

if (($# < 1)) || ! [[ "$1" =~ ^[0-9]+$ ]] || (($1 < 2)); then
  echo "usage: scripts/repeatability.sh N [FIELDBENCH-ARGS...]  (N: processes, 2 or more)" >&2
  exit 2
fi
n=$1
shift
bin=${FIELDBENCH:-build/release/app/fieldbench}
if [[ ! -x "$bin" ]]; then
  echo "repeatability: $bin not found; build it or set FIELDBENCH" >&2
  exit 2
fi
if [[ -n "${REPEATABILITY_OUT:-}" ]]; then
  out=$REPEATABILITY_OUT
  mkdir -p "$out"
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
compare_args=()
[[ -n "${THRESHOLD:-}" ]] && compare_args+=(--threshold "$THRESHOLD")
[[ -n "${ALPHA:-}" ]] && compare_args+=(--alpha "$ALPHA")
[[ -n "${NOISE_FLOOR:-}" ]] && compare_args+=(--noise-floor "$NOISE_FLOOR")

for ((i = 0; i < n; i++)); do
  if ! "$bin" "$@" --format json -o "$out/run$i.json"; then
    echo "repeatability: run $i failed (see above)" >&2
    exit 2
  fi
done

alarms=0
for ((i = 1; i < n; i++)); do
  rc=0
  "$bin" compare "$out/run0.json" "$out/run$i.json" "${compare_args[@]}" >"$out/compare$i.txt" || rc=$?
  changed=$(grep -cE ' (slower|faster)$' "$out/compare$i.txt" || true)
  if ((rc == 2)); then
    cat "$out/compare$i.txt" >&2
    exit 2
  fi
  if ((changed > 0)); then
    alarms=$((alarms + 1))
    echo "repeatability: run $i against run 0: $changed benchmark(s) slower or faster" >&2
    grep -E ' (slower|faster)$' "$out/compare$i.txt" >&2
  fi
done
echo "repeatability: $((n - 1)) comparison(s), $alarms with a benchmark slower or faster"
((alarms == 0))
