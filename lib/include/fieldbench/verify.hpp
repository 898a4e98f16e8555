#pragma once
// Seeded canonical inputs, the CPU reference for a whole buffer, and comparison.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "fieldbench/field.hpp"
#include "fieldbench/fields.hpp"

namespace fieldbench {

// `count` uniformly random canonical elements (< p) from a fixed generator and `seed`.
std::vector<Element> randomElements(std::uint64_t count, std::uint64_t seed);
// The same elements written in place (out.size() of them).
void fillRandom(std::span<Element> out, std::uint64_t seed);

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

// Packed elements of any field (`f.limbs` u64 words each, the layout of buffers and files).
// Uniformly random canonical elements: f.bits random bits per draw, values >= p redrawn;
// for BLS12-381 Fp the same values as fillRandom(span<Element>).
void fillRandom(const Field& f, std::span<std::uint64_t> words, std::uint64_t seed);
// The roofline's check on packed elements: got == a xor b word by word.
VerifyResult compareXor(std::span<const std::uint64_t> got, std::span<const std::uint64_t> a,
                        std::span<const std::uint64_t> b, std::size_t limbs);
// Big-endian hex of one packed element's words.
std::string toHex(std::span<const std::uint64_t> limbs);
std::vector<std::uint64_t> randomWords(const Field& f, std::uint64_t count, std::uint64_t seed);
// expected[i] = chainOp(f, op, a[i], b[i], k): the reference of a kernel with k ops per element.
std::vector<std::uint64_t> referenceOp(const Field& f, FieldOp op, std::uint32_t k, std::span<const std::uint64_t> a,
                                       std::span<const std::uint64_t> b);
// Element-wise comparison of packed results with `limbs` words per element.
VerifyResult compareWords(std::span<const std::uint64_t> got, std::span<const std::uint64_t> expected,
                          std::size_t limbs);
// The integer-rate probe's reference (kernels/int_probe.comp): on each 32-bit word x of a
// with y the word of b at the same place, x = x * y + (y ^ kIntProbeSalt), kIntProbeRounds times.
// wide (int_probe -DWIDE): acc = (y ^ salt) << 32 | x, then acc += lo(acc) * y, and the word is
// lo(acc) ^ hi(acc).
inline constexpr std::uint32_t kIntProbeRounds = 256;
inline constexpr std::uint32_t kIntProbeSalt = 0x9e3779b9u;
std::vector<std::uint64_t> referenceIntProbe(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b,
                                             bool wide = false);
// The FP64 probe's reference (kernels/fp64_probe.comp): on each 32-bit word of a with w the word
// of b at the same place, x = low 20 bits, kIntProbeRounds times x = x y + c with y = +-1 (w's
// bit 0) and c = bits 1..8 of w; the word is x as a 32-bit integer. Exact in integers.
std::vector<std::uint64_t> referenceFp64Probe(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b);

}  // namespace fieldbench
