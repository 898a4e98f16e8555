#!/usr/bin/env bash
# Issue 5's measurements, in one call on the GPU machine (about 2-4 minutes, under 5; every
# command has a time limit):
#   device.run: OUT=$OUT timeout 290 scripts/gpu-memory.sh   (carry .gl and gpu-bin)
# The devices and the queues each round-trip role uses; every memory kind at 1K, 16K, 256K
# and 4M (table + JSON); the 12 MiB readback against the link; a chunk-size sweep with overlap
# on and off at 256K and 4M for imported and device-local.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# shellcheck source=scripts/gpu-env.sh
. scripts/gpu-env.sh
t() { timeout -k 2 40 "$bin" "$@"; }
tl() { timeout -k 2 90 "$bin" "$@"; }  # the --memory all runs: 16 cases

nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem,pcie.link.gen.current,pcie.link.width.current \
  --format=csv | tee "$out/gpu.txt"
date -u '+%Y-%m-%d %H:%M UTC' | tee -a "$out/gpu.txt"
timeout 10 "$bin" --version | tee -a "$out/gpu.txt"
# Devices, with the queue family and queue of compute, upload and download ("queues:").
timeout 20 "$bin" --list-devices | tee "$out/devices.txt"
timeout 20 "$bin" --list-devices --format json > "$out/devices.json"
# The default (--memory auto) at the target size: the kind it picked is named in the table.
t -n 256K --min-time 0.5 | tee "$out/default-256K.txt"

# 1. Every kind at the four sizes (skipped kinds say why in the table and in context.skipped_memory).
# JSON holds every repetition: a fixed count keeps the file small (about 5 MB).
tl --memory all -n 1K,16K,256K,4M --iterations 50 --format json -o "$out/memory-all.json"
tl --memory all -n 1K,16K,256K,4M --min-time 0.5 | tee "$out/memory-all.txt"
# The same unpipelined, to see what chunking buys per kind.
tl --memory all -n 256K,4M --min-time 0.5 --no-overlap | tee "$out/memory-all-no-overlap.txt"

# 2. Readback of 12 MiB (256K elements: the download of one 12 MiB result) next to the
#    link measured at 16M elements (768 MiB per result); staged kinds, unchunked so
#    download is one copy of the whole buffer.
for kind in device-local imported; do
  t --memory "$kind" -n 256K,4M,16M --iterations 50 --no-overlap --format csv |
    grep -E ',(upload|download|roundtrip),' | sed "s/^/$kind,/"
done | tee "$out/readback-12MiB.csv"

# 3. Chunk size sweep, overlap on (and the unchunked baseline), at 256K and 4M.
for kind in imported device-local; do
  t --memory "$kind" -n 256K,4M --min-time 0.5 --no-overlap --format csv | grep -E ',roundtrip,' |
    sed "s/^/$kind,no-overlap,/"
  for chunk in 256K 1M 2M 4M 8M; do
    t --memory "$kind" -n 256K,4M --min-time 0.5 --chunk "$chunk" --format csv | grep -E ',roundtrip,' |
      sed "s/^/$kind,$chunk,/"
  done
done | tee "$out/chunk-sweep.csv"
echo "gpu-memory: results in $out"
