#!/usr/bin/env bash
# Installs what is missing, builds the release preset and runs fieldbench.
#   scripts/run.sh                      # fieldbench --elements 262144
#   scripts/run.sh --elements 1K..4M --format json -o out.json
# The exit code is fieldbench's (see README.md, "Exit codes").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
cmake --preset release
# Only the program: the tests and benchmarks are scripts/test.sh's business.
cmake --build --preset release --target fieldbench -j "$(nproc)"

if (($# == 0)); then
  set -- --elements 262144
fi
exec build/release/app/fieldbench "$@"
