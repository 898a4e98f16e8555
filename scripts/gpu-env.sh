# Sourced by the scripts that run on the GPU machine (gpu-measure.sh, gpu-latency.sh):
# from the repository root, unpacks the Vulkan loader carried in .gl/, and sets
# out (results: $OUT, or a temporary folder) and bin (the carried binary).
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
out=${OUT:-/tmp/fieldbench-out}
mkdir -p "$out"
bin=gpu-bin/fieldbench
