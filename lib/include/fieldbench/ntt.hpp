#pragma once
// The number-theoretic transform (issue 13) over the scalar fields: its convention, its
// limits, the twiddles the GPU kernel reads, and the CPU reference. Elements in and out are
// canonical integers in standard form (not Montgomery form), natural order in and out.
//   forward: X[k] = sum_j x[j] w^(jk),  w = g^((r-1)/n), g the field's generator
//   inverse: x[j] = n^-1 sum_k X[k] w^(-jk)
#include <cstdint>
#include <span>
#include <vector>

#include "fieldbench/field.hpp"
#include "fieldbench/fields.hpp"

namespace fieldbench {

// The 2-adicity of r - 1 (32 for BLS12-381 Fr, 28 for BN254 Fr); 0 for fields without an NTT.
unsigned nttTwoAdicity(const Field& f);
// The multiplicative generator g (7 for BLS12-381 Fr, 5 for BN254 Fr); 0 without an NTT.
std::uint64_t nttGenerator(const Field& f);
// Throws Error(kUsage) naming the value and the limit: a field without an NTT, n not a
// power of two, n < 2, or n beyond 2^nttTwoAdicity(f).
void checkNttSize(const Field& f, std::uint64_t n);

// Standard-form helpers: x^e mod p for a multi-limb exponent e; Montgomery conversions.
Element fieldPow(const Field& f, const Element& x, const Element& e);
Element toMontgomery(const Field& f, const Element& x);
Element fromMontgomery(const Field& f, const Element& x);
// The primitive n-th root of unity w = g^((r-1)/n) (inverse: w^-1), standard form.
Element rootOfUnity(const Field& f, std::uint64_t n, bool inverse);
// n^-1 mod r, standard form.
Element inverseOfSize(const Field& f, std::uint64_t n);

// What the GPU kernel reads from its second buffer (n elements, packed), in Montgomery form:
// at index 0 the output scale (1 forward, n^-1 inverse; the kernel applies only the
// inverse's), then stage by stage the twiddles of the stage of half-size m (m = 1, 2, .. n/2):
// w^(j n / 2m) at m + j for j < m (w^-1 for the inverse), so that a stage's neighbouring
// butterflies read neighbouring addresses. The elements stay in standard form: mont(v, wR) =
// v w. Computed once per size, outside the timer.
std::vector<std::uint64_t> nttTwiddleBuffer(const Field& f, std::uint64_t n, bool inverse);

// The O(n log n) reference on packed standard-form elements (f.limbs words each), radix-2
// after a bit-reversal permutation, each stage over all hardware threads.
std::vector<std::uint64_t> referenceNtt(const Field& f, std::span<const std::uint64_t> x, bool inverse);
// The O(n^2) definition, for tests at small n.
std::vector<std::uint64_t> naiveDft(const Field& f, std::span<const std::uint64_t> x, bool inverse);

}  // namespace fieldbench
