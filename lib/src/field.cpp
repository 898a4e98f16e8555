#include "fieldbench/field.hpp"

namespace fieldbench {

bool isCanonical(const Element& x) {
  for (std::size_t i = x.size(); i-- > 0;) {
    if (x[i] != kModulus[i]) return x[i] < kModulus[i];
  }
  return false;  // x == p
}

Element fpAdd(const Element& a, const Element& b) {
  Element sum{};
  unsigned carry = 0;
  for (std::size_t i = 0; i < sum.size(); ++i) {
    const std::uint64_t t = a[i] + b[i];
    const unsigned c1 = t < a[i];
    sum[i] = t + carry;
    carry = c1 | static_cast<unsigned>(sum[i] < t);
  }
  Element diff{};
  unsigned borrow = 0;
  for (std::size_t i = 0; i < diff.size(); ++i) {
    const std::uint64_t t = sum[i] - kModulus[i];
    const unsigned b1 = sum[i] < kModulus[i];
    diff[i] = t - borrow;
    borrow = b1 | static_cast<unsigned>(t < borrow);
  }
  // p < 2^381: a + b < 2^382 never carries out; keep sum when sum - p borrowed.
  return (borrow != 0 && carry == 0) ? sum : diff;
}

}  // namespace fieldbench
