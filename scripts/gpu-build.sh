#!/usr/bin/env bash
# Builds the portable preset (libstdc++ and libgcc static, fmt header-only, the
# Vulkan loader opened at run time) and copies the binary to gpu-bin/fieldbench,
# for a GPU machine that has only the C library (and the loader from .gl/).
# Fails if the binary needs any shared library beyond libc's own parts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
cmake --preset portable
cmake --build --preset portable -j "$(nproc)"

mkdir -p gpu-bin
cp build/portable/app/fieldbench gpu-bin/fieldbench

# ldd lines: "libc.so.6 => /lib/... (0x...)", "/lib64/ld-linux-x86-64.so.2 (0x...)".
deps=$(ldd gpu-bin/fieldbench | awk '{print $1}')
echo "gpu-bin/fieldbench needs:"
bad=0
while read -r dep; do
  [[ -z "$dep" ]] && continue
  name=${dep##*/}
  case "$name" in
    linux-vdso.so.* | ld-linux*.so.* | libc.so.* | libm.so.* | libdl.so.* | libpthread.so.* | librt.so.*)
      echo "  $name" ;;
    *)
      echo "  $name   <- not part of libc" >&2
      bad=1 ;;
  esac
done <<<"$deps"
if ((bad)); then
  echo "gpu-build: gpu-bin/fieldbench links libraries the GPU machine may not have" >&2
  exit 1
fi
gpu-bin/fieldbench --version
echo "gpu-build: gpu-bin/fieldbench ready ($(du -h gpu-bin/fieldbench | cut -f1)); on the GPU machine run scripts/gpu-run.sh"
