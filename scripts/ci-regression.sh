#!/usr/bin/env bash
# CI regression check: builds BASE_REF and the working tree (release preset), runs both on the
# same device, and compares them with `fieldbench compare`. Its exit code is compare's:
# 0 no regression, 1 a regression (or a benchmark missing, or a run that failed verification),
# 2 a usage error or a run that could not be compared.
#
#   scripts/ci-regression.sh BASE_REF [-- FIELDBENCH-ARGS...]
#
# Environment: CI_REGRESSION_OUT (folder for base.json, current.json and comparison.{txt,md};
# default ./ci-regression), FIELDBENCH_DEVICE (a --device selector, index, name or UUID; default
# the best device, the same for both runs), THRESHOLD (percent, default 5), ALPHA (default 0.05).
# Default FIELDBENCH-ARGS: --elements 1K..1M --iterations 20 (enough repetitions for the U test).
# docs/ci.md explains how to wire this into a CI system and how to read a failure.
set -euo pipefail

if (($# < 1)) || [[ "$1" == -* ]]; then
  echo "usage: scripts/ci-regression.sh BASE_REF [-- FIELDBENCH-ARGS...]" >&2
  exit 2
fi
base_ref=$1
shift
args=(--elements 1K..1M --iterations 20)
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
  git -C "$root" worktree remove --force "$tmp/base" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
git worktree add --detach --quiet "$tmp/base" "$base_commit"

# build SOURCE_DIR BUILD_DIR: the release preset, without tests, into a fresh folder (the
# working tree's own build/ folders are left alone).
build() {
  (cd "$1" && cmake --preset release -B "$2" -DFIELDBENCH_BUILD_TESTS=OFF -DFIELDBENCH_BUILD_BENCH=OFF >/dev/null &&
    cmake --build "$2" -j "$(nproc)" >/dev/null) || {
    echo "ci-regression: the build of $1 failed" >&2
    exit 2
  }
}
echo "ci-regression: building $base_ref ($base_commit) and the working tree" >&2
build "$tmp/base" "$tmp/base-build"
build "$root" "$tmp/current-build"
base_bin=$tmp/base-build/app/fieldbench
cur_bin=$tmp/current-build/app/fieldbench

# run BIN OUTPUT: a failed verification is a failure of that side, not something to compare.
run() {
  local rc=0
  "$1" "${device[@]}" "${args[@]}" --format json -o "$2" || rc=$?
  if ((rc != 0)); then
    echo "ci-regression: $1 exited $rc (see above)" >&2
    if [[ "$2" == "$out/current.json" && $rc -eq 1 ]]; then exit 1; fi
    exit 2
  fi
}
run "$base_bin" "$out/base.json"
run "$cur_bin" "$out/current.json"

rc=0
compare=("$cur_bin" compare "$out/base.json" "$out/current.json" --threshold "${THRESHOLD:-5}" --alpha "${ALPHA:-0.05}")
"${compare[@]}" --format markdown >"$out/comparison.md" || true
"${compare[@]}" | tee "$out/comparison.txt" || rc=${PIPESTATUS[0]}
exit "$rc"
