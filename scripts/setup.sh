#!/usr/bin/env bash
# Installs, with apt-get, the Debian 12 packages fieldbench needs to build, test
# and run (lavapipe is the Vulkan device where there is no GPU). Idempotent: it
# does nothing, and does not touch the network, when everything is installed.
# Runs as root, or through sudo when it is available.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake git pkg-config
  # Vulkan headers and loader, shader compiler
  libvulkan-dev glslc libshaderc-dev glslang-dev glslang-tools libspirv-cross-c-shared-dev
  # libraries
  libcli11-dev libfmt-dev libbenchmark-dev libgtest-dev googletest libgmp-dev nlohmann-json3-dev
  # a Vulkan device without a GPU (lavapipe), the validation layer, vulkaninfo
  mesa-vulkan-drivers vulkan-validationlayers vulkan-tools
  # the fuzzers (fuzz preset): clang and its libFuzzer runtime
  clang-14 libclang-rt-14-dev
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages are installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: apt-get not found; install these packages by hand: ${missing[*]}" >&2
  exit 1
fi

sudo=()
if ((EUID != 0)); then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "setup: not root and no sudo; as root, run: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}"
