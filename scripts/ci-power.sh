#!/usr/bin/env bash
# What a CI gate built on `fieldbench compare` can promise, measured: the false-alarm rate (an
# unchanged binary called slower or faster) and the detection rate (a binary made X% slower by
# FIELDBENCH_SLOWDOWN called slower).
#
#   scripts/ci-power.sh [-m PAIRS] [-s PAIRS] [-d PAIRS] [-x PERCENT] [-t THRESHOLD] [-a ALPHA] [-p PROCESSES] [--runs N]
#                       [--iterations N] [-- ARGS...]
#
# Each pair is a baseline and a candidate, the same binary and arguments, PROCESSES processes a
# side run interleaved (base, cand, cand, base, ...) and pooled by compare, as
# scripts/ci-regression.sh does. M pairs with an unchanged candidate count false alarms (any benchmark slower or
# faster); M pairs with FIELDBENCH_SLOWDOWN=X on the candidate count detections (at least one
# benchmark slower, none faster); -s and -d set the two halves' counts apart. Defaults (docs/ci.md's lavapipe settings): -m 20, -x 25,
# -t 10, -a 0.01, -p 5, --runs 2, --iterations 3, ARGS --elements 4K,64K. The binary is $FIELDBENCH or build/release/app/fieldbench; the
# reports stay in $CI_POWER_OUT (default ./ci-power). Prints one summary line per half and
# exits 0 (1 if any run or comparison could not be made).
set -euo pipefail

same_pairs=20 slow_pairs=20 slowdown=25 threshold=10 alpha=0.01 processes=5 runs=2 iterations=3
args=(--elements 4K,64K)
while (($# > 0)); do
  case "$1" in
    -m) same_pairs=$2 slow_pairs=$2; shift 2 ;;
    -s) same_pairs=$2; shift 2 ;;
    -d) slow_pairs=$2; shift 2 ;;
    -x) slowdown=$2; shift 2 ;;
    -t) threshold=$2; shift 2 ;;
    -a) alpha=$2; shift 2 ;;
    -p) processes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    --) shift; args=("$@"); break ;;
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "ci-power: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
bin=${FIELDBENCH:-build/release/app/fieldbench}
if [[ ! -x "$bin" ]]; then
  echo "ci-power: $bin not found; build it or set FIELDBENCH" >&2
  exit 2
fi
out=${CI_POWER_OUT:-ci-power}
mkdir -p "$out"
run_args=("${args[@]}" --runs "$runs" --iterations "$iterations" --format json)

# side NAME SLOWDOWN: one process of a side (SLOWDOWN 0: none).
side() {
  if [[ "$2" == 0 ]]; then
    "$bin" "${run_args[@]}" -o "$out/$1.json"
  else
    FIELDBENCH_SLOWDOWN=$2 "$bin" "${run_args[@]}" -o "$out/$1.json"
  fi
}

# pair NAME SLOWDOWN: the two sides' processes interleaved, then compare; prints the verdict counts.
pair() {
  local i bases="" cands=""
  for ((i = 0; i < processes; i++)); do
    if ((i % 2 == 0)); then
      side "$1-base$i" 0 || return 2
      side "$1-cand$i" "$2" || return 2
    else
      side "$1-cand$i" "$2" || return 2
      side "$1-base$i" 0 || return 2
    fi
    bases+="${bases:+,}$out/$1-base$i.json"
    cands+="${cands:+,}$out/$1-cand$i.json"
  done
  local rc=0
  "$bin" compare "$bases" "$cands" --threshold "$threshold" --alpha "$alpha" >"$out/$1.txt" || rc=$?
  ((rc != 2)) || return 2
  echo "$(grep -cE ' slower$' "$out/$1.txt" || true) $(grep -cE ' faster$' "$out/$1.txt" || true)"
}

false_alarms=0 detected=0 failed=0 same_done=0 slow_done=0
for ((i = 0; i < same_pairs; i++)); do
  if counts=$(pair "same$i" 0); then
    read -r slower faster <<<"$counts"
    same_done=$((same_done + 1))
    ((slower + faster == 0)) || { false_alarms=$((false_alarms + 1)); echo "ci-power: same$i: $slower slower, $faster faster" >&2; }
  else
    failed=1
  fi
done
for ((i = 0; i < slow_pairs; i++)); do
  if counts=$(pair "slow$i" "$slowdown"); then
    read -r slower faster <<<"$counts"
    slow_done=$((slow_done + 1))
    if ((slower > 0 && faster == 0)); then detected=$((detected + 1)); else echo "ci-power: slow$i: $slower slower, $faster faster" >&2; fi
  else
    failed=1
  fi
done
settings="$processes processes a side, --runs $runs --iterations $iterations ${args[*]}, threshold $threshold%, alpha $alpha"
echo "ci-power: false alarms: $false_alarms of $same_done same-binary pairs ($settings)"
echo "ci-power: detected: $detected of $slow_done pairs with a $slowdown% slowdown ($settings)"
((same_done == same_pairs && slow_done == slow_pairs)) || echo "ci-power: some pairs failed to run (see above); they are not counted" >&2
exit "$failed"
