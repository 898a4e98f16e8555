#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz preset: clang, ASan + UBSan) and runs each for
# SECONDS (default 20) on its seed corpus in tests/fuzz/corpus/<name>/. A crash, leak,
# sanitizer report or timeout fails the script; the input that did it is left in
# build/fuzz/artifacts/. New inputs go to build/fuzz/corpus/, never into the repository.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-20}"

cmake --preset fuzz
cmake --build --preset fuzz -j "$(nproc)"

mkdir -p build/fuzz/artifacts
status=0
for exe in build/fuzz/tests/fuzz/fuzz_*; do
  [[ -x "$exe" && -f "$exe" ]] || continue
  name=$(basename "$exe"); name=${name#fuzz_}
  mkdir -p "build/fuzz/corpus/$name"
  echo "fuzz: $name for ${seconds} s"
  # -timeout: one input taking over 10 s counts as a hang; -rss_limit_mb: a runaway allocation fails.
  if ! "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="build/fuzz/artifacts/$name-" \
       "build/fuzz/corpus/$name" "tests/fuzz/corpus/$name" > "build/fuzz/$name.log" 2>&1; then
    echo "fuzz: $name FAILED (build/fuzz/$name.log, input in build/fuzz/artifacts/):" >&2
    tail -n 40 "build/fuzz/$name.log" >&2
    status=1
  fi
done
((status == 0)) && echo "fuzz: all passed"
exit "$status"
