#!/usr/bin/env bash
# Installs what is missing, builds the ci preset (-Werror) and runs every test
# with the Khronos validation layer on (lavapipe is the device without a GPU),
# then runs the real binary once as a smoke test. Then the hardening passes
# (docs/reliability.md): the gpu tests again with synchronization validation,
# the whole suite under ASan + UBSan + LeakSanitizer (sanitize preset), and
# each fuzzer for FIELDBENCH_FUZZ_SECONDS (default 20). .ci/run calls this.
# Extra arguments go to ctest (e.g. scripts/test.sh -L gpu, -R Stats).
# FIELDBENCH_QUICK=1 skips the hardening passes (a quick local check).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
cmake --preset ci
cmake --build --preset ci -j "$(nproc)"

# The tests' CMake sets FIELDBENCH_VALIDATION=1 for every test; nothing here
# may turn the layer off.
ctest --preset ci -j "$(nproc)" "$@"

echo "smoke test: fieldbench --elements 1K..4K --iterations 2 (validation on)"
FIELDBENCH_VALIDATION=1 build/ci/app/fieldbench --elements 1K..4K --iterations 2

if [[ "${FIELDBENCH_QUICK:-0}" == 1 ]]; then
  echo "test: all passed (FIELDBENCH_QUICK=1: hardening passes skipped)"
  exit 0
fi

echo "test: gpu tests with synchronization validation"
FIELDBENCH_SYNC_VALIDATION=1 ctest --preset ci -j "$(nproc)" -L gpu "$@"

echo "test: the suite under ASan + UBSan + LeakSanitizer (sanitize preset)"
cmake --preset sanitize
cmake --build --preset sanitize -j "$(nproc)"
# The sanitize test preset sets ASAN_OPTIONS, UBSAN_OPTIONS and LSAN_OPTIONS (CMakePresets.json).
ctest --preset sanitize -j "$(nproc)" "$@"

echo "test: fuzzers"
scripts/fuzz.sh "${FIELDBENCH_FUZZ_SECONDS:-20}"
echo "test: all passed"
