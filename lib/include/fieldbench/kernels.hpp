#pragma once
// The table of compute kernels the binary carries (SPIR-V compiled by glslc at build time).
#include <cstdint>
#include <span>
#include <string_view>

namespace fieldbench {

struct Kernel {
  std::string_view name;         // "field_add"
  std::string_view description;
  std::span<const std::uint32_t> spirv;
  std::uint64_t bytesPerElement;  // device-memory traffic: two 48-byte reads + one 48-byte write = 144
};

// c[i] = a[i] + b[i] mod p.
const Kernel& fieldAddKernel();
// c[i] = a[i] xor b[i]: field_add's traffic with no arithmetic (bandwidth roofline).
const Kernel& copyKernel();

}  // namespace fieldbench
