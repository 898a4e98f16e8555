#!/usr/bin/env bash
# Runs on the GPU machine (Ubuntu 24.04, NVIDIA driver, no Vulkan loader, no
# network), from the repository root with gpu-bin/fieldbench (scripts/gpu-build.sh)
# and the loader's .deb files in .gl/.
#
#   scripts/gpu-run.sh                       # the default experiment (below)
#   scripts/gpu-run.sh -- ARGS...            # one run: gpu-bin/fieldbench ARGS...
#   scripts/gpu-run.sh -- ARGS... -- ARGS... # several runs, one per group
#
# Each run's output is shown and, when $OUT is set, also written to $OUT/NAME.txt;
# $OUT/summary.txt lists every run with its exit code and wall time. One failing
# run does not stop the others; the script exits with the first nonzero code.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

bin=${FIELDBENCH:-gpu-bin/fieldbench}
out=${OUT:-}

# The Vulkan loader (and libglvnd, which NVIDIA's ICD needs), unpacked in place.
shopt -s nullglob
debs=(.gl/*.deb)
shopt -u nullglob
if ((${#debs[@]} == 0)); then
  echo "gpu-run: no .gl/*.deb; assuming the Vulkan loader is installed" >&2
fi
for f in "${debs[@]}"; do dpkg -x "$f" / || echo "gpu-run: dpkg -x $f failed" >&2; done
ldconfig || echo "gpu-run: ldconfig failed" >&2

if [[ -d /usr/local/nvidia/lib64 && ":${LD_LIBRARY_PATH:-}:" != *":/usr/local/nvidia/lib64:"* ]]; then
  export LD_LIBRARY_PATH=${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}/usr/local/nvidia/lib64
fi

# An ICD manifest in the loader's standard places? If not, point it at NVIDIA's.
nvidia_icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
icds=()
for dir in /etc/vulkan/icd.d /usr/local/share/vulkan/icd.d /usr/share/vulkan/icd.d; do
  for f in "$dir"/*.json; do [[ -e "$f" ]] && icds+=("$f"); done
done
if [[ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ]] && ((${#icds[@]} == 0)); then
  if [[ -f "$nvidia_icd" ]]; then
    export VK_DRIVER_FILES=$nvidia_icd
    export VK_ICD_FILENAMES=$nvidia_icd  # loaders older than 1.3.207
    echo "gpu-run: no ICD in the standard places; VK_DRIVER_FILES=$nvidia_icd"
  else
    echo "gpu-run: no Vulkan ICD manifest found anywhere" >&2
  fi
else
  echo "gpu-run: ICD manifests: ${icds[*]:-} ${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:+ (VK_ICD_FILENAMES=$VK_ICD_FILENAMES)}"
fi
if command -v vulkaninfo >/dev/null 2>&1; then
  vulkaninfo --summary 2>&1 | sed -n '/^Devices:/,$p' | head -n 40
fi

if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem --format=csv
else
  echo "gpu-run: nvidia-smi not found" >&2
fi
date '+%Y-%m-%d %H:%M:%S %z'
if [[ ! -x "$bin" ]]; then
  echo "gpu-run: $bin missing; run scripts/gpu-build.sh first (on the build machine)" >&2
  exit 3
fi
"$bin" --version

if [[ -n "$out" ]]; then
  mkdir -p "$out"
  : >"$out/summary.txt"
fi

first_failure=0
# experiment NAME ARGS...: runs the binary, tees into $OUT/NAME.txt, records rc and time.
experiment() {
  local name=$1
  shift
  echo
  echo "=== $name: $bin $*"
  local start end rc
  start=$(date +%s%N)
  if [[ -n "$out" ]]; then
    "$bin" "$@" 2>&1 | tee "$out/$name.txt"
    rc=${PIPESTATUS[0]}
  else
    "$bin" "$@" 2>&1
    rc=$?
  fi
  end=$(date +%s%N)
  local line
  line=$(printf '%-14s rc=%d  %6.2f s  %s' "$name" "$rc" \
    "$(awk -v ns=$((end - start)) 'BEGIN { print ns / 1e9 }')" "$*")
  echo "=== $line"
  summary+=("$line")
  [[ -n "$out" ]] && echo "$line" >>"$out/summary.txt"
  if ((rc != 0 && first_failure == 0)); then first_failure=$rc; fi
  return 0
}
summary=()

experiment devices --list-devices

if (($# > 0)); then
  if [[ "$1" != "--" ]]; then
    echo "usage: scripts/gpu-run.sh [-- fieldbench-args... [-- fieldbench-args...]]" >&2
    exit 2
  fi
  shift
  group=()
  n=0
  for arg in "$@" --; do
    if [[ "$arg" == "--" ]]; then
      n=$((n + 1))
      experiment "run$n" "${group[@]}"
      group=()
    else
      group+=("$arg")
    fi
  done
else
  json=${out:-${TMPDIR:-/tmp}}/sweep.json
  experiment sweep
  experiment sweep-json --format json -o "$json"
  echo "(JSON in $json)"
  experiment n262144 --elements 262144
  experiment host-visible --memory host-visible
  experiment large --elements 1K..64M --iterations 5
fi

echo
echo "=== summary"
printf '%s\n' "${summary[@]}"
exit "$first_failure"
