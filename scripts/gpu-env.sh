# Sourced by the scripts that run on the GPU machine (gpu-measure.sh, gpu-latency.sh):
# from the repository root, unpacks the Vulkan loader carried in .gl/, and sets
# out (results: $OUT, or a temporary folder) and bin (the carried binary).
# The NVIDIA ICD (libGLX_nvidia) needs glvnd's libraries beside the loader: without them every
# instance fails with ErrorIncompatibleDriver.
for pkg in libvulkan1 libglvnd0 libglx0; do
  ls .gl/"${pkg}"_*.deb >/dev/null 2>&1 ||
    echo "gpu-env: .gl/ has no ${pkg} .deb (README, On a GPU machine: apt-get download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)" >&2
done
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
# The NVIDIA ICD where the machine keeps it outside the loader's default path.
[ -e /usr/share/vulkan/icd.d/nvidia_icd.json ] ||
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
out=${OUT:-/tmp/fieldbench-out}
mkdir -p "$out"
bin=gpu-bin/fieldbench
