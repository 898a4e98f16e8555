#!/usr/bin/env bash
# Installs what is missing, builds the ci preset (-Werror) and runs every test
# with the Khronos validation layer on (lavapipe is the device without a GPU),
# then runs the real binary once as a smoke test. .ci/run calls this.
# Extra arguments go to ctest (e.g. scripts/test.sh -L gpu, -R Stats).
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
echo "test: all passed"
