#!/usr/bin/env bash
# CI regression check: builds BASE_REF and the working tree (release preset) in one build folder
# (the base first, then the working tree's changed files over it, so the second build compiles
# only what differs), runs both on the same device, and compares them with `fieldbench compare`. Its exit code is compare's:
# 0 no regression, 1 a regression (or a benchmark missing, or a run that failed verification),
# 2 a usage error or a run that could not be compared.
#
#   scripts/ci-regression.sh BASE_REF [-- FIELDBENCH-ARGS...]
#
# The two binaries run interleaved, PROCESSES processes each (base, current, current, base, ...),
# and compare pools each side's reports, so a change of the machine's load while they run falls
# on both sides (docs/ci.md).
# Environment: CI_REGRESSION_OUT (folder for base-N.json, current-N.json and comparison.{txt,md};
# default ./ci-regression), FIELDBENCH_DEVICE (a --device selector, index, name or UUID; default
# the best device, the same for both runs), THRESHOLD (percent, default 5), ALPHA (default 0.05),
# PROCESSES (processes a side, default 2).
# BASE_BIN and CURRENT_BIN: already built binaries to use instead of building (both or neither).
# Default FIELDBENCH-ARGS: --elements 1M,4M,16M --runs 2 --iterations 10 (docs/ci.md's GPU
# settings: with 2 processes, 4 run medians a side let the U test over them reach alpha 0.05).
# docs/ci.md explains how to wire this into a CI system and how to read a failure.
set -euo pipefail

if (($# < 1)) || [[ "$1" == -* ]]; then
  echo "usage: scripts/ci-regression.sh BASE_REF [-- FIELDBENCH-ARGS...]" >&2
  exit 2
fi
base_ref=$1
shift
args=(--elements 1M,4M,16M --runs 2 --iterations 10)
processes=${PROCESSES:-2}
[[ "$processes" =~ ^[1-9][0-9]*$ ]] || { echo "ci-regression: PROCESSES '$processes': expected a count, 1 or more" >&2; exit 2; }
if (($# > 0)); then
  [[ "$1" == "--" ]] || { echo "ci-regression: expected -- before fieldbench arguments, got '$1'" >&2; exit 2; }
  shift
  args=("$@")
fi

root=$(git rev-parse --show-toplevel)
cd "$root"
out=${CI_REGRESSION_OUT:-$root/ci-regression}
mkdir -p "$out"
out=$(cd "$out" && pwd)
device=()
[[ -n "${FIELDBENCH_DEVICE:-}" ]] && device=(--device "$FIELDBENCH_DEVICE")

if ! base_commit=$(git rev-parse --verify --quiet "$base_ref^{commit}"); then
  echo "ci-regression: '$base_ref' is not a commit in this repository" >&2
  exit 2
fi
tmp=$(mktemp -d)
cleanup() {
  git -C "$root" worktree remove --force "$tmp/src" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# build: the release preset, without tests, in $tmp/build from the sources in $tmp/src (the
# working tree's own build/ folders are left alone).
# The compilers' output goes to $out/build.log (its tail is shown when a build fails).
build() {
  (cd "$tmp/src" && cmake --preset release -B "$tmp/build" -DFIELDBENCH_BUILD_TESTS=OFF -DFIELDBENCH_BUILD_BENCH=OFF \
    && cmake --build "$tmp/build" -j "$(nproc)") >>"$out/build.log" 2>&1 || {
    tail -n 30 "$out/build.log" >&2
    echo "ci-regression: the build of $1 failed (the whole log: $out/build.log)" >&2
    exit 2
  }
}

# sync_working_tree: makes $tmp/src the working tree's files (tracked and untracked, not
# ignored). Only files whose content differs are written, and with a new time, so the next
# build recompiles just those.
sync_working_tree() {
  local f
  while IFS= read -r -d '' f; do
    [[ -f "$root/$f" ]] || continue
    if ! cmp -s "$root/$f" "$tmp/src/$f"; then
      mkdir -p "$(dirname "$tmp/src/$f")"
      cp "$root/$f" "$tmp/src/$f"
      touch "$tmp/src/$f"
    fi
  done < <(git -C "$root" ls-files -z --cached --others --exclude-standard)
  # Files of the base that the working tree does not have.
  while IFS= read -r -d '' f; do
    [[ -e "$root/$f" ]] || rm -f "$tmp/src/$f"
  done < <(git -C "$tmp/src" ls-files -z)
}

if [[ -n "${BASE_BIN:-}" || -n "${CURRENT_BIN:-}" ]]; then
  [[ -x "${BASE_BIN:-}" && -x "${CURRENT_BIN:-}" ]] || {
    echo "ci-regression: BASE_BIN and CURRENT_BIN must both be executables" >&2
    exit 2
  }
  base_bin=$BASE_BIN
  cur_bin=$CURRENT_BIN
else
  : >"$out/build.log"
  git worktree add --detach --quiet "$tmp/src" "$base_commit"
  echo "ci-regression: building $base_ref ($base_commit)" >&2
  build "$base_ref"
  cp "$tmp/build/app/fieldbench" "$tmp/fieldbench-base"
  echo "ci-regression: building the working tree over it" >&2
  sync_working_tree
  build "the working tree"
  base_bin=$tmp/fieldbench-base
  cur_bin=$tmp/build/app/fieldbench
fi

# run BIN OUTPUT: a failed verification is a failure of that side, not something to compare.
run() {
  local rc=0
  "$1" "${device[@]}" "${args[@]}" --format json -o "$2" || rc=$?
  if ((rc != 0)); then
    echo "ci-regression: $1 exited $rc (see above)" >&2
    if [[ "$2" == "$out"/current-* && $rc -eq 1 ]]; then exit 1; fi
    exit 2
  fi
}
rm -f "$out"/base-*.json "$out"/current-*.json
bases="" currents=""
for ((i = 0; i < processes; i++)); do
  # ABBA order: base first in even rounds, current first in odd ones.
  if ((i % 2 == 0)); then
    run "$base_bin" "$out/base-$i.json"
    run "$cur_bin" "$out/current-$i.json"
  else
    run "$cur_bin" "$out/current-$i.json"
    run "$base_bin" "$out/base-$i.json"
  fi
  bases+="${bases:+,}$out/base-$i.json"
  currents+="${currents:+,}$out/current-$i.json"
done

rc=0
compare=("$cur_bin" compare "$bases" "$currents" --threshold "${THRESHOLD:-5}" --alpha "${ALPHA:-0.05}")
"${compare[@]}" --format markdown >"$out/comparison.md" || true
"${compare[@]}" | tee "$out/comparison.txt" || rc=${PIPESTATUS[0]}
exit "$rc"
