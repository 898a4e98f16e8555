#include "fieldbench/fields.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "fieldbench/error.hpp"
#include "fieldbench/split_list.hpp"
#include "fieldbench/fields/bls12_381_fp.h"
#include "fieldbench/fields/bls12_381_fr.h"
#include "fieldbench/fields/bn254_fp.h"
#include "fieldbench/fields/bn254_fr.h"

namespace fieldbench {
namespace {

__extension__ typedef unsigned __int128 u128;

// 32-bit little-endian words (the headers' form) to u64 limbs, zero above.
template <std::size_t N>
constexpr Element fromWords(const std::array<std::uint32_t, N>& w) {
  static_assert(N % 2 == 0 && N / 2 <= std::tuple_size_v<Element>);
  Element e{};
  for (std::size_t i = 0; i < N / 2; ++i) e[i] = std::uint64_t{w[2 * i]} | (std::uint64_t{w[2 * i + 1]} << 32);
  return e;
}

// A Field from the FB_<P>_* macros of fields/<name>.h.
#define FB_FIELD(P, NAME, DESC)                                                                     \
  Field {                                                                                           \
    .name = NAME, .description = DESC, .macroPrefix = #P, .bits = FB_##P##_BITS,                    \
    .limbs = FB_##P##_LIMBS32 / 2,                                                                  \
    .modulus = fromWords(std::array<std::uint32_t, FB_##P##_LIMBS32>{FB_##P##_MODULUS}),            \
    .r = fromWords(std::array<std::uint32_t, FB_##P##_LIMBS32>{FB_##P##_R}),                        \
    .r2 = fromWords(std::array<std::uint32_t, FB_##P##_LIMBS32>{FB_##P##_R2}),                      \
    .inv32 = FB_##P##_INV32,                                                                        \
    .inv64 = std::uint64_t{FB_##P##_INV64_LO} | (std::uint64_t{FB_##P##_INV64_HI} << 32)            \
  }

// Sum of the first n limbs with carry out.
unsigned addLimbs(const Element& a, const Element& b, std::size_t n, Element& out) {
  unsigned carry = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const u128 s = u128{a[i]} + b[i] + carry;
    out[i] = static_cast<std::uint64_t>(s);
    carry = static_cast<unsigned>(s >> 64);
  }
  return carry;
}

// Difference of the first n limbs with borrow out.
unsigned subLimbs(const Element& a, const Element& b, std::size_t n, Element& out) {
  unsigned borrow = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const u128 d = u128{a[i]} - b[i] - borrow;
    out[i] = static_cast<std::uint64_t>(d);
    borrow = static_cast<unsigned>(d >> 64) & 1u;
  }
  return borrow;
}

// x (with an extra top bit `carry`) reduced once: x - p unless that borrows.
Element reduceOnce(const Field& f, const Element& x, unsigned carry) {
  Element d{};
  const unsigned borrow = subLimbs(x, f.modulus, f.limbs, d);
  return (borrow != 0 && carry == 0) ? x : d;
}

}  // namespace

const Field& bls12381Fp() {
  static const Field f = FB_FIELD(BLS12_381_FP, "bls12-381-fp", "BLS12-381 base field (381 bits)");
  return f;
}
const Field& bls12381Fr() {
  static const Field f = FB_FIELD(BLS12_381_FR, "bls12-381-fr", "BLS12-381 scalar field (255 bits)");
  return f;
}
const Field& bn254Fp() {
  static const Field f = FB_FIELD(BN254_FP, "bn254-fp", "BN254 base field (254 bits)");
  return f;
}
const Field& bn254Fr() {
  static const Field f = FB_FIELD(BN254_FR, "bn254-fr", "BN254 scalar field (254 bits)");
  return f;
}
#undef FB_FIELD

std::span<const Field* const> allFields() {
  static const std::array<const Field*, 4> fields{&bls12381Fp(), &bls12381Fr(), &bn254Fp(), &bn254Fr()};
  return fields;
}

const Field& findField(std::string_view name) {
  std::string names;
  for (const Field* f : allFields()) {
    if (f->name == name) return *f;
    names += (names.empty() ? "" : ", ") + std::string(f->name);
  }
  throwUsage(fmt::format("invalid field '{}': expected one of {}", name, names));
}

std::span<const FieldOp> allOps() {
  static constexpr std::array<FieldOp, 6> ops{FieldOp::kAdd, FieldOp::kSub, FieldOp::kDouble, FieldOp::kNeg,
                                              FieldOp::kMul, FieldOp::kSqr};
  return ops;
}

std::string_view toString(FieldOp op) {
  switch (op) {
    case FieldOp::kAdd: return "add";
    case FieldOp::kSub: return "sub";
    case FieldOp::kDouble: return "double";
    case FieldOp::kNeg: return "neg";
    case FieldOp::kMul: return "mul";
    case FieldOp::kSqr: return "sqr";
    case FieldOp::kNtt: return "ntt";
    case FieldOp::kIntt: return "intt";
  }
  return "add";
}

FieldOp parseOp(std::string_view text) {
  for (FieldOp op : allOps()) {
    if (toString(op) == text) return op;
  }
  for (FieldOp op : transformOps()) {
    if (toString(op) == text) return op;
  }
  throwUsage(fmt::format("invalid op '{}': expected add, sub, double, neg, mul, sqr, ntt, intt or all", text));
}

std::vector<FieldOp> parseOpList(std::string_view text) {
  if (text == "all") return {allOps().begin(), allOps().end()};
  std::vector<FieldOp> ops;
  for (const std::string_view item : splitList(text)) {
    const FieldOp op = parseOp(item);
    if (std::find(ops.begin(), ops.end(), op) == ops.end()) ops.push_back(op);
  }
  return ops;
}

std::span<const FieldOp> transformOps() {
  static constexpr std::array<FieldOp, 2> ops{FieldOp::kNtt, FieldOp::kIntt};
  return ops;
}

bool isTransform(FieldOp op) { return op == FieldOp::kNtt || op == FieldOp::kIntt; }

bool isUnary(FieldOp op) {
  return op == FieldOp::kDouble || op == FieldOp::kNeg || op == FieldOp::kSqr || isTransform(op);
}

bool isCanonical(const Field& f, const Element& x) {
  for (std::size_t i = f.limbs; i < x.size(); ++i) {
    if (x[i] != 0) return false;
  }
  for (std::size_t i = f.limbs; i-- > 0;) {
    if (x[i] != f.modulus[i]) return x[i] < f.modulus[i];
  }
  return false;  // x == p
}

Element fieldAdd(const Field& f, const Element& a, const Element& b) {
  Element s{};
  const unsigned carry = addLimbs(a, b, f.limbs, s);
  return reduceOnce(f, s, carry);
}

Element fieldSub(const Field& f, const Element& a, const Element& b) {
  Element d{};
  if (subLimbs(a, b, f.limbs, d) != 0) {
    Element s{};
    (void)addLimbs(d, f.modulus, f.limbs, s);  // wraps back into [0, p)
    return s;
  }
  return d;
}

Element fieldDouble(const Field& f, const Element& a) { return fieldAdd(f, a, a); }

Element fieldNeg(const Field& f, const Element& a) {
  if (a == Element{}) return a;
  Element d{};
  (void)subLimbs(f.modulus, a, f.limbs, d);
  return d;
}

Element montMul(const Field& f, const Element& a, const Element& b) {
  const std::size_t n = f.limbs;
  std::array<std::uint64_t, std::tuple_size_v<Element> + 2> t{};
  for (std::size_t i = 0; i < n; ++i) {
    // t += a * b[i]
    std::uint64_t carry = 0;
    for (std::size_t j = 0; j < n; ++j) {
      const u128 s = u128{a[j]} * b[i] + t[j] + carry;
      t[j] = static_cast<std::uint64_t>(s);
      carry = static_cast<std::uint64_t>(s >> 64);
    }
    u128 s = u128{t[n]} + carry;
    t[n] = static_cast<std::uint64_t>(s);
    t[n + 1] = static_cast<std::uint64_t>(s >> 64);
    // t = (t + m * p) / 2^64, with m chosen so the low limb vanishes.
    const std::uint64_t m = t[0] * f.inv64;
    s = u128{m} * f.modulus[0] + t[0];
    carry = static_cast<std::uint64_t>(s >> 64);
    for (std::size_t j = 1; j < n; ++j) {
      s = u128{m} * f.modulus[j] + t[j] + carry;
      t[j - 1] = static_cast<std::uint64_t>(s);
      carry = static_cast<std::uint64_t>(s >> 64);
    }
    s = u128{t[n]} + carry;
    t[n - 1] = static_cast<std::uint64_t>(s);
    t[n] = t[n + 1] + static_cast<std::uint64_t>(s >> 64);
  }
  Element out{};
  std::copy_n(t.begin(), n, out.begin());
  return reduceOnce(f, out, static_cast<unsigned>(t[n]));
}

Element montSqr(const Field& f, const Element& a) {
  const std::size_t n = f.limbs;
  std::array<std::uint64_t, 2 * std::tuple_size_v<Element> + 1> t{};
  // Cross products a[i] * a[j], i < j, once each.
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t carry = 0;
    for (std::size_t j = i + 1; j < n; ++j) {
      const u128 s = u128{a[i]} * a[j] + t[i + j] + carry;
      t[i + j] = static_cast<std::uint64_t>(s);
      carry = static_cast<std::uint64_t>(s >> 64);
    }
    t[i + n] = carry;
  }
  // Doubled (their sum is below a^2 / 2 < 2^(128 n - 1): no bit leaves 2n limbs), plus a[i]^2 at limb 2i.
  for (std::size_t k = 2 * n; k-- > 1;) t[k] = (t[k] << 1) | (t[k - 1] >> 63);
  t[0] <<= 1;
  std::uint64_t carry = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const u128 s = u128{a[i]} * a[i] + t[2 * i] + carry;
    t[2 * i] = static_cast<std::uint64_t>(s);
    const u128 s2 = u128{t[2 * i + 1]} + static_cast<std::uint64_t>(s >> 64);
    t[2 * i + 1] = static_cast<std::uint64_t>(s2);
    carry = static_cast<std::uint64_t>(s2 >> 64);
  }
  // Montgomery reduction one limb at a time: t += m p 2^(64 i) clears limb i; (t) / R < 2p.
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t m = t[i] * f.inv64;
    std::uint64_t c = 0;
    for (std::size_t j = 0; j < n; ++j) {
      const u128 s = u128{m} * f.modulus[j] + t[i + j] + c;
      t[i + j] = static_cast<std::uint64_t>(s);
      c = static_cast<std::uint64_t>(s >> 64);
    }
    for (std::size_t k = i + n; c != 0 && k <= 2 * n; ++k) {
      const u128 s = u128{t[k]} + c;
      t[k] = static_cast<std::uint64_t>(s);
      c = static_cast<std::uint64_t>(s >> 64);
    }
  }
  Element out{};
  std::copy_n(t.begin() + static_cast<std::ptrdiff_t>(n), n, out.begin());
  return reduceOnce(f, out, static_cast<unsigned>(t[2 * n]));
}

Element applyOp(const Field& f, FieldOp op, const Element& x, const Element& b) {
  switch (op) {
    case FieldOp::kAdd: return fieldAdd(f, x, b);
    case FieldOp::kSub: return fieldSub(f, x, b);
    case FieldOp::kDouble: return fieldDouble(f, x);
    case FieldOp::kNeg: return fieldNeg(f, x);
    case FieldOp::kMul: return montMul(f, x, b);
    case FieldOp::kSqr: return montSqr(f, x);
    case FieldOp::kNtt:
    case FieldOp::kIntt: break;  // not element-wise: referenceNtt
  }
  return x;
}

Element chainOp(const Field& f, FieldOp op, const Element& a, const Element& b, std::uint32_t k) {
  Element x = a;
  for (std::uint32_t i = 0; i < k; ++i) x = applyOp(f, op, x, b);
  return x;
}

Element loadElement(std::span<const std::uint64_t> words, std::size_t index, std::size_t limbs) {
  Element x{};
  std::copy_n(words.begin() + static_cast<std::ptrdiff_t>(index * limbs), limbs, x.begin());
  return x;
}

void storeElement(std::span<std::uint64_t> words, std::size_t index, std::size_t limbs, const Element& x) {
  std::copy_n(x.begin(), limbs, words.begin() + static_cast<std::ptrdiff_t>(index * limbs));
}

}  // namespace fieldbench
