#pragma once
// Seeded canonical inputs, the CPU reference for a whole buffer, and comparison.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "fieldbench/field.hpp"

namespace fieldbench {

// `count` uniformly random canonical elements (< p) from a fixed generator and `seed`.
std::vector<Element> randomElements(std::uint64_t count, std::uint64_t seed);
// The same elements written in place (out.size() of them).
void fillRandom(std::span<Element> out, std::uint64_t seed);
// expected[i] = a[i] + b[i] mod p.
std::vector<Element> referenceAdd(std::span<const Element> a, std::span<const Element> b);

struct VerifyResult {
  std::uint64_t checked = 0;
  std::uint64_t mismatches = 0;
  std::uint64_t firstMismatch = 0;  // index, meaningful when mismatches > 0
  std::string detail;               // "3 of 1024 elements differ; first at 17: got 0x.., expected 0x.."
  [[nodiscard]] bool ok() const { return mismatches == 0; }
};
VerifyResult compareResults(std::span<const Element> got, std::span<const Element> expected);
// The copy roofline's check: got[i] == a[i] xor b[i] for every element.
VerifyResult compareXor(std::span<const Element> got, std::span<const Element> a, std::span<const Element> b);

// Big-endian hex of an element, "0x1a01...aaab".
std::string toHex(const Element& x);

}  // namespace fieldbench
