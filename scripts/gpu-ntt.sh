#!/usr/bin/env bash
# Issues 13 and 14 on the GPU machine: the NTT of both scalar fields (kernel and round trip,
# with mul in the same run for the compute floor), and the example user shaders beside the
# built-in variants.
#   device.run: OUT=$OUT scripts/gpu-ntt.sh   (carry .gl and gpu-bin)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# shellcheck source=scripts/gpu-env.sh
. scripts/gpu-env.sh
date -u '+%Y-%m-%d %H:%M UTC'
"$bin" --version
for field in bls12-381-fr bn254-fr; do
  echo "== $field ntt, intt (and mul for the compute floor)"
  timeout 240 "$bin" --field "$field" --op mul,ntt,intt -n 1K,64K,1M,4M,16M --iterations 10 \
    --format json -o "$out/ntt-$field.json" >/dev/null || echo "ntt $field: exit $?"
  # --batch 10: the kernels back to back too, so the clock stays up between them (kernel_batch).
  timeout 240 "$bin" --field "$field" --op ntt -n 1K,64K,1M,4M,16M --iterations 10 --batch 10 |
    grep -E "^ +[0-9]|ntt|clocks|batch"
done
echo "== user shaders beside the built-ins"
timeout 120 "$bin" --shader docs/examples/shaders/add.comp --op add --variant all -n 262144,16M --iterations 10 |
  grep -E "^ +[0-9]|\[|variant"
timeout 120 "$bin" --shader docs/examples/shaders/mul.comp --op mul --ops-per-element 16 --variant all -n 4M \
  --iterations 10 | grep -E "^ +[0-9]|\[|variant"
