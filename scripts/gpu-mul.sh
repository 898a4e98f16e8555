#!/usr/bin/env bash
# Montgomery mul and sqr kernel variants on the GPU machine (issue 11), for docs/performance.md:
#   device.run: OUT=$OUT scripts/gpu-mul.sh   (carry .gl and gpu-bin; .vvl for the validation pass)
# 1. Every variant of mul and sqr side by side (--variant all), x16 chained, 4M and 16M
#    elements, each field: JSON + table.
# 2. --variant best as a user gets it: mul,sqr x16 at 4M; mul x1 and add at 16M (memory-bound).
# 3. add, sub, double, neg at 16M (no regression), --list-ops --verbose (pipeline statistics).
# 4. With .vvl/ (Debian's vulkan-validationlayers .deb, unpacked apart from /): the same ops
#    at 64K with the Khronos validation layer on; any message is exit 4.
# Every run has a time limit, so one hang cannot eat the lease.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# shellcheck source=scripts/gpu-env.sh
. scripts/gpu-env.sh
[ -e /usr/share/vulkan/icd.d/nvidia_icd.json ] || export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
t() { timeout -k 2 180 "$bin" "$@"; }
rc=0
run() { local name=$1; shift; t "$@" >"$out/$name.txt" 2>&1; local r=$?; echo "$name: exit $r" | tee -a "$out/summary.txt"; ((r != 0 && rc == 0)) && rc=$r; }

nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,clocks.mem --format=csv | tee "$out/gpu.txt"
date -u '+%Y-%m-%d %H:%M UTC' | tee -a "$out/gpu.txt"

for field in bls12-381-fp bls12-381-fr bn254-fp bn254-fr; do
  run "variants-$field" --op mul,sqr --field "$field" --variant all --ops-per-element 16 -n 4M,16M \
    --iterations 10 --format json -o "$out/variants-$field.json"
done
run best-x16 --op mul,sqr --field bls12-381-fp --ops-per-element 16 -n 4M --iterations 10
run best-x16-fr --op mul,sqr --field bls12-381-fr --ops-per-element 16 -n 4M --iterations 10
run x1-fp --op add,mul,sqr --field bls12-381-fp -n 16M --iterations 10 --format json -o "$out/x1-fp.json"
run x1-fr --op add,mul,sqr --field bls12-381-fr -n 16M --iterations 10 --format json -o "$out/x1-fr.json"
run ops-fp --op add,sub,double,neg -n 16M --iterations 10
run field-add -n 1K,256K,16M --iterations 10
run list-ops-verbose --list-ops --verbose

if ls .vvl/*.deb >/dev/null 2>&1; then
  mkdir -p /tmp/vvl && dpkg -x .vvl/*.deb /tmp/vvl
  export VK_LAYER_PATH=/tmp/vvl/usr/share/vulkan/explicit_layer.d
  export LD_LIBRARY_PATH=/tmp/vvl/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  for field in bls12-381-fp bls12-381-fr; do
    FIELDBENCH_VALIDATION=1 run "validation-$field" --op all --field "$field" --variant all --ops-per-element 3 \
      -n 64K --iterations 2 --memory all
  done
  FIELDBENCH_VALIDATION=1 run validation-list-ops --list-ops --verbose
fi
cat "$out/summary.txt"
exit $rc
