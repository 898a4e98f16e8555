# Sourced by the scripts that run on the GPU machine (gpu-measure.sh, gpu-latency.sh):
# from the repository root, unpacks the Vulkan loader carried in .gl/, and sets
# out (results: $OUT, or a temporary folder) and bin (the carried binary).
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
# The NVIDIA ICD where the machine keeps it outside the loader's default path.
[ -e /usr/share/vulkan/icd.d/nvidia_icd.json ] ||
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
out=${OUT:-/tmp/fieldbench-out}
mkdir -p "$out"
bin=gpu-bin/fieldbench
