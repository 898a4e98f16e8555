#pragma once
// The fields and operations fieldbench measures, and their CPU reference arithmetic
// on any limb count. Constants come from fieldbench/fields/*.h, which the shaders
// include too. mul is Montgomery multiplication: operands and result are in
// Montgomery form (x stands for x * R^-1 mod p, R = 2^(32 * limbs32)), so
// mul(a, b) = a * b * R^-1 mod p and sqr(a) = a * a * R^-1 mod p; any canonical value is a valid operand.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fieldbench/field.hpp"

namespace fieldbench {

// The element-wise ops, then the transforms (issue 13; ntt.hpp), which are not element-wise.
enum class FieldOp { kAdd, kSub, kDouble, kNeg, kMul, kSqr, kNtt, kIntt };

// One prime field. Element values hold limbs() u64 limbs; the limbs above are zero.
struct Field {
  std::string_view name;         // "bls12-381-fp", as --field takes it
  std::string_view description;  // "BLS12-381 base field (381 bits)"
  std::string_view macroPrefix;  // "BLS12_381_FP": FB_<prefix>_* in fields/<name>.h
  unsigned bits;                 // of the modulus
  std::size_t limbs;             // u64 limbs per element: 6 or 4
  Element modulus;               // p
  Element r;                     // R mod p: 1 in Montgomery form
  Element r2;                    // R^2 mod p
  std::uint32_t inv32;           // -p^-1 mod 2^32
  std::uint64_t inv64;           // -p^-1 mod 2^64

  // Bytes of one element in buffers and files: 48 or 32.
  [[nodiscard]] std::uint64_t elementBytes() const { return limbs * 8; }
};

const Field& bls12381Fp();
const Field& bls12381Fr();
const Field& bn254Fp();
const Field& bn254Fr();
// Every field, default first.
std::span<const Field* const> allFields();
// The one named `name`; throws Error(kUsage) listing the names otherwise.
const Field& findField(std::string_view name);

// Every element-wise operation, in --op all's order (the transforms are not in it).
std::span<const FieldOp> allOps();
// ntt and intt: the transforms of a whole vector (ntt.hpp).
std::span<const FieldOp> transformOps();
bool isTransform(FieldOp op);
std::string_view toString(FieldOp op);
// "mul" -> kMul, "ntt" -> kNtt; throws Error(kUsage) listing the names otherwise.
FieldOp parseOp(std::string_view text);
// "add,mul" or "all": distinct ops in the given order; throws Error(kUsage).
std::vector<FieldOp> parseOpList(std::string_view text);
// neg, double, sqr and the transforms read one operand; the others two.
bool isUnary(FieldOp op);

// True when x < p (and x has no bits above the field's limbs).
bool isCanonical(const Field& f, const Element& x);
// Each for canonical inputs, result canonical.
Element fieldAdd(const Field& f, const Element& a, const Element& b);
Element fieldSub(const Field& f, const Element& a, const Element& b);
Element fieldDouble(const Field& f, const Element& a);
Element fieldNeg(const Field& f, const Element& a);
// a * b * R^-1 mod p (CIOS on 64-bit limbs).
Element montMul(const Field& f, const Element& a, const Element& b);
// a * a * R^-1 mod p: the full square (cross products once, doubled, plus the diagonal),
// then Montgomery reduction; written apart from montMul so each checks the other.
Element montSqr(const Field& f, const Element& a);
// op(x, b) (b ignored by unary ops).
Element applyOp(const Field& f, FieldOp op, const Element& x, const Element& b);
// --ops-per-element: x = a, then x = op(x, b) k times; returns x.
Element chainOp(const Field& f, FieldOp op, const Element& a, const Element& b, std::uint32_t k);

// Packed elements, as buffers and files hold them: `limbs` u64 words per element.
Element loadElement(std::span<const std::uint64_t> words, std::size_t index, std::size_t limbs);
void storeElement(std::span<std::uint64_t> words, std::size_t index, std::size_t limbs, const Element& x);

}  // namespace fieldbench
